import { describe, expect, it } from 'vitest';
import { withoutEvidence } from '../utils/evidence.ts';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import type { MatrixExport } from '../../shared/exports/json.ts';
import { exportFileName } from '../../shared/exports/filename.ts';
import { DEMO, SEEDED_DEMO_COUNTS } from '../unit/export-fixtures.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { readMatrix, setStance } from '../../shared/matrix.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import type { SnapshotInfo } from '../../shared/versions/snapshot.ts';
import { connectSynced } from '../utils/client.ts';
import { bearer, createMatrix, demoToken, startServer } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const STAMP = /_\d{4}-\d{2}-\d{2}_\d{4}/;
/** The demo title as a file name ("Ukraine-ceasefire-talks-March-2025"); the naming rules have their own unit test. */
const STEM = exportFileName(DEMO.title, 'x', 'csv').slice(0, -'_x.csv'.length);

describe('export API', () => {
  it('serves every format with its type and a file name of title and time', async () => {
    const server = await startServer();
    // Viewers may export.
    const url = (format: string) => `${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=${format}`;
    const expected = {
      json: 'application/json; charset=utf-8',
      csv: 'text/csv; charset=utf-8; header=present',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      md: 'text/markdown; charset=utf-8',
    };
    const live = withoutEvidence(await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(demoToken(server, 'viewer')) })).json());
    for (const [format, type] of Object.entries(expected)) {
      const res = await fetch(url(format), { headers: bearer(demoToken(server, 'viewer')) });
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(
        new RegExp(`^attachment; filename="${STEM}${STAMP.source}\\.${format}"; filename\\*=UTF-8''${STEM}${STAMP.source}\\.${format}$`),
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
      const text = new TextDecoder().decode(bytes);
      if (format === 'json') {
        const file = JSON.parse(text) as MatrixExport;
        expect(file).toMatchObject({ format: 'stance-grid', formatVersion: 1, origin: { matrixId: DEMO_MATRIX_ID } });
        const { id: _id, updatedAt: _u, ...matrix } = live as Record<string, unknown>;
        expect(file.matrix).toEqual(matrix);
      } else if (format === 'csv') {
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        // A row per source per position, one for a position without sources (README, Export formats).
        const rows = (live as MatrixData).cells.reduce((n, c) => n + (c.positions ?? []).reduce((k, p) => k + Math.max(1, p.sources.length), 0), 0);
        expect(parse(text, { bom: true, columns: true })).toHaveLength(rows);
        expect(rows).toBeGreaterThanOrEqual(SEEDED_DEMO_COUNTS.sources);
      } else if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes.buffer as ArrayBuffer);
        expect(wb.worksheets.map((w) => w.name)).toEqual(['Matrix', 'Sources', 'Analysis']);
      } else {
        expect(text.startsWith(`# ${DEMO.title}\n`)).toBe(true);
      }
    }
  });

  it('exports a snapshot as it was, named after the snapshot', async () => {
    const server = await startServer();
    const client = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    const auth = bearer(demoToken(server, 'viewer'));
    const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/snapshots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(demoToken(server, 'editor')) },
      body: JSON.stringify({ name: 'after Jeddah (11 March)', createdBy: 'Ana' }),
    });
    const snap = (await res.json()) as SnapshotInfo;
    const was = readMatrix(client.doc).cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance;
    expect(was).not.toBe('rejects');
    setStance(client.doc, 'russia', 'ceasefire-30-day', 'rejects');
    await waitFor(() => server.rooms.loaded(DEMO_MATRIX_ID)?.doc.getMap('stances').get('russia|ceasefire-30-day') === 'rejects');

    const old = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=json&snapshot=${snap.id}`, { headers: auth });
    expect(old.headers.get('content-disposition')).toContain(`filename="${STEM}_after-Jeddah-11-March.json"`);
    const file = (await old.json()) as MatrixExport;
    expect(file.origin?.snapshot).toEqual({ id: snap.id, name: snap.name, createdAt: snap.createdAt });
    expect(file.matrix.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance).toBe(was);

    const now = (await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=json`, { headers: auth })).json()) as MatrixExport;
    expect(now.matrix).toEqual(readTimelineData(client.doc));

    const md = await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=md&snapshot=${snap.id}`, { headers: auth })).text();
    expect(md).toContain('_Snapshot “after Jeddah (11 March)”');
  });

  it('gives non-ASCII titles an RFC 5987 file name with an ASCII fallback', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Genève talks');
    const res = await fetch(`${server.url}/api/matrices/${id}/export?format=csv`, { headers: bearer(tokens.viewer) });
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="Geneve-talks_[0-9_-]+\.csv"; filename\*=UTF-8''Gen%C3%A8ve-talks_[0-9_-]+\.csv$/);
    // (Response.text() would drop the BOM; decode it kept.)
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text).toBe(
      '\uFEFFParty,Issue,Stance,Stance value,Position date,Salience,Quote,Speaker,Document,Date,Link,Note,Document ID,Verification,Kind,Contested\r\n',
    );
  });

  it('answers JSON errors for a bad format, snapshot or matrix', async () => {
    const server = await startServer();
    const cases = [
      [`/api/matrices/${DEMO_MATRIX_ID}/export`, 400, 'invalid-format'],
      [`/api/matrices/${DEMO_MATRIX_ID}/export?format=pdf`, 400, 'invalid-format'],
      [`/api/matrices/${DEMO_MATRIX_ID}/export?format=toString`, 400, 'invalid-format'],
      [`/api/matrices/${DEMO_MATRIX_ID}/export?format=csv&snapshot=nope`, 404, 'snapshot-not-found'],
      ['/api/matrices/no-such-matrix/export?format=csv', 404, 'not-found'],
    ] as const;
    for (const [path, status, code] of cases) {
      const res = await fetch(server.url + path, { headers: bearer(demoToken(server, 'viewer')) });
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });
});
