/**
 * Bench-only child process: a Hocuspocus server (the strongest peer) on PORT, memory only, or with
 * its SQLite extension when HOCUSPOCUS_SQLITE names a database file. Every other setting is
 * Hocuspocus's default (store debounce 2 s, max debounce 10 s), as a user would run it; the file
 * is given only because the extension's default database is `:memory:`, which stores nothing.
 * Plain JavaScript, run by bare node like the reference server (no tsx loader in its RSS).
 */
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const file = process.env.HOCUSPOCUS_SQLITE;
const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: file ? [new SQLite({ database: file })] : [],
});
await server.listen();
console.log(`hocuspocus running at ${server.address.port}`);
