/** A party's aliases and an issue's keywords (setAxisField): cleaned, validated, read back, accepted by the schema guard. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, readAxis, readMatrix, setAxisField, splitWords } from '../../shared/matrix.ts';
import { MatrixError } from '../../shared/errors.ts';
import { validateUpdate } from '../../shared/doc-guard.ts';
import { replicas } from '../utils/docs.ts';
import { exportJson } from '../../shared/exports/json.ts';
import { applyImport, parseImport } from '../../shared/imports/index.ts';

describe('setAxisField', () => {
  it('stores trimmed comma-separated words, reads them back on the item, and removes the field with ""', () => {
    const [doc] = replicas(1) as [Y.Doc];
    const russia = addAxisItem(doc, 'parties', { name: 'Russia' });
    const issue = addAxisItem(doc, 'issues', { name: 'Guarantees for Ukraine' });
    expect(readAxis(doc, 'parties')[0]).not.toHaveProperty('aliases');
    setAxisField(doc, 'parties', russia, 'aliases', ' Kremlin,Moscow ,,  Dmitry   Peskov ');
    setAxisField(doc, 'issues', issue, 'keywords', 'security guarantees, peacekeepers');
    expect(readAxis(doc, 'parties')[0]?.aliases).toBe('Kremlin, Moscow, Dmitry Peskov');
    expect(readMatrix(doc).issues[0]?.keywords).toBe('security guarantees, peacekeepers');
    expect(splitWords(readAxis(doc, 'parties')[0]?.aliases)).toEqual(['Kremlin', 'Moscow', 'Dmitry Peskov']);
    setAxisField(doc, 'parties', russia, 'aliases', ' , ');
    expect(readAxis(doc, 'parties')[0]).not.toHaveProperty('aliases');
  });

  it('refuses the wrong field for the axis, an unknown item and more than 1000 characters, changing nothing', () => {
    const [doc] = replicas(1) as [Y.Doc];
    const russia = addAxisItem(doc, 'parties', { name: 'Russia' });
    expect(() => setAxisField(doc, 'parties', russia, 'keywords', 'x')).toThrow(MatrixError);
    expect(() => setAxisField(doc, 'parties', 'nobody', 'aliases', 'x')).toThrow(/no longer exists/);
    expect(() => setAxisField(doc, 'parties', russia, 'aliases', 'a'.repeat(1001))).toThrow(/1000/);
    expect(readAxis(doc, 'parties')[0]).not.toHaveProperty('aliases');
  });

  it('writes an update the server’s schema guard accepts', () => {
    const [server, client] = replicas(2) as [Y.Doc, Y.Doc];
    const russia = addAxisItem(server, 'parties', { name: 'Russia' });
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(client);
    setAxisField(client, 'parties', russia, 'aliases', 'Kremlin, Moscow');
    const result = validateUpdate(server, Y.encodeStateAsUpdate(client, before));
    expect(result).toMatchObject({ ok: true });
  });

  it('survives a JSON export and import', () => {
    const [doc] = replicas(1) as [Y.Doc];
    const russia = addAxisItem(doc, 'parties', { name: 'Russia' });
    const issue = addAxisItem(doc, 'issues', { name: 'Guarantees for Ukraine' });
    setAxisField(doc, 'parties', russia, 'aliases', 'Kremlin, Moscow');
    setAxisField(doc, 'issues', issue, 'keywords', 'security guarantees');
    const parsed = parseImport(exportJson(readMatrix(doc)), 'json');
    if (!parsed.ok) throw new Error('import refused');
    const copy = new Y.Doc();
    applyImport(copy, parsed.matrix);
    expect(readAxis(copy, 'parties')[0]?.aliases).toBe('Kremlin, Moscow');
    expect(readAxis(copy, 'issues')[0]?.keywords).toBe('security guarantees');
  });
});
