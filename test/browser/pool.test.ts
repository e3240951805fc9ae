/**
 * The page pool of test/utils/browser.ts: a later test may get a context an earlier test used, and
 * the system may hand out the earlier test's port again. Nothing that test stored may meet it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { openPage } from '../utils/browser.ts';

let port = 0;
const servers: http.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function serve(): Promise<string> {
  const s = http.createServer((_, res) => res.end('<!doctype html><title>pool</title>'));
  await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
  servers.push(s);
  port = (s.address() as AddressInfo).port;
  return `http://127.0.0.1:${port}/`;
}

it('a page stores a name in localStorage and a database in IndexedDB', async () => {
  const { page } = await openPage(await serve(), { name: null });
  await page.evaluate(async () => {
    localStorage.setItem('stance-grid:name', 'Ana');
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('left-behind');
      open.onupgradeneeded = () => open.result.createObjectStore('updates');
      open.onsuccess = () => resolve(open.result.close());
      open.onerror = () => reject(open.error);
    });
  });
  expect(await page.evaluate(() => indexedDB.databases().then((dbs) => dbs.length))).toBe(1);
  servers.pop()!.close();
});

it('the next test, on the same origin in the pooled context, finds neither', async () => {
  const url = await serve();
  const { page } = await openPage(url, { name: null });
  expect(new URL(page.url()).port).toBe(String(port));
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(await page.evaluate(() => indexedDB.databases().then((dbs) => dbs.map((d) => d.name)))).toEqual([]);
});
