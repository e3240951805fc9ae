import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, readCell, setStance } from '../../shared/matrix.ts';
import { Access } from '../../client/src/access/access.svelte.ts';
import { MatrixActions } from '../../client/src/matrix/matrix-actions.ts';
import { MatrixView } from '../../client/src/matrix/matrix-view.svelte.ts';
import { GridSelection } from '../../client/src/matrix/selection.svelte.ts';
import { UndoController } from '../../client/src/undo/undo.svelte.ts';
import { ReadOnlyError } from '../../client/src/lib/errors.ts';
import { replicas } from '../utils/docs.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

/** Our doc with its view, actions, selection and undo; a colleague's doc relayed both ways. */
function setup() {
  const [colleague, doc] = replicas(2) as [Y.Doc, Y.Doc];
  colleague.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(doc, update, 'relay'));
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(colleague, update, 'relay'));
  const parties = ['p1', 'p2'].map((name) => addAxisItem(colleague, 'parties', { name }, 'seed')) as [string, string];
  const issues = ['i1', 'i2'].map((name) => addAxisItem(colleague, 'issues', { name }, 'seed')) as [string, string];
  const access = new Access('token', { role: 'editor' });
  const view = new MatrixView(doc);
  const actions = new MatrixActions(doc, access);
  const selection = new GridSelection(view);
  const undo = new UndoController(view, actions, selection);
  cleanups.push(() => undo.destroy());
  // Steps closer together than CAPTURE_MS merge; tests want one step per edit.
  const step = () => undo.manager.stopCapturing();
  return { colleague, doc, access, actions, selection, undo, parties, issues, step };
}

describe('UndoController: per-user undo', () => {
  it("undoes our own stance and leaves a colleague's later change alone", () => {
    const { colleague, doc, actions, undo, parties, issues, step } = setup();
    actions.setStance(parties[0], issues[0], 'supports');
    step();
    setStance(colleague, parties[1], issues[1], 'opposes', 'remote');
    undo.undo();
    expect(readCell(doc, parties[0], issues[0]).stance).toBeNull();
    expect(readCell(doc, parties[1], issues[1]).stance).toBe('opposes');
    expect(readCell(colleague, parties[0], issues[0]).stance).toBeNull();
    undo.redo();
    expect(readCell(doc, parties[0], issues[0]).stance).toBe('supports');
  });

  it('returns the selection (and an open editor) to the cell each step touched', () => {
    const { actions, selection, undo, parties, issues, step } = setup();
    actions.setStance(parties[0], issues[1], 'open');
    step();
    actions.setNote(parties[1], issues[0], 'Checked twice');
    step();
    selection.select(parties[0], issues[0]);
    undo.undo();
    expect([selection.partyId, selection.issueId]).toEqual([parties[1], issues[0]]);
    selection.openEditor(parties[0], issues[0]);
    undo.undo();
    expect([selection.partyId, selection.issueId, selection.editorOpen]).toEqual([parties[0], issues[1], true]);
  });

  it('offers undo and redo only when there is a step and the page may edit', () => {
    const { actions, undo, parties, issues } = setup();
    let allowed = true;
    undo.isAllowed = () => allowed;
    const seen: [boolean, boolean][] = [];
    cleanups.push(
      $effect.root(() => {
        $effect(() => void seen.push([undo.canUndo, undo.canRedo]));
      }),
    );
    flushSync();
    actions.setStance(parties[0], issues[0], 'supports');
    flushSync();
    undo.undo();
    flushSync();
    expect(seen).toEqual([
      [false, false],
      [true, false],
      [false, true],
    ]);
    allowed = false;
    undo.redo();
    expect(undo.manager.redoStack).toHaveLength(1);
  });

  it('Ctrl+Z undoes on the grid but not inside a text field, where the field keeps its own undo', () => {
    const { doc, actions, undo, parties, issues } = setup();
    actions.setStance(parties[0], issues[0], 'supports');
    const press = (inField: boolean) => {
      const event = {
        ctrlKey: true,
        metaKey: false,
        altKey: false,
        shiftKey: false,
        key: 'z',
        defaultPrevented: false,
        target: { closest: () => (inField ? {} : null) },
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      undo.onkeydown(event as unknown as KeyboardEvent);
      return event.defaultPrevented;
    };
    expect(press(true)).toBe(false);
    expect(readCell(doc, parties[0], issues[0]).stance).toBe('supports');
    expect(press(false)).toBe(true);
    expect(readCell(doc, parties[0], issues[0]).stance).toBeNull();
  });

  it('refuses an edit with words for the user once the matrix is locked', () => {
    const { doc, access, actions, parties, issues } = setup();
    access.apply({ role: 'editor', locked: true });
    expect(() => actions.setStance(parties[0], issues[0], 'supports')).toThrow(ReadOnlyError);
    expect(() => actions.setStance(parties[0], issues[0], 'supports')).toThrow(/locked/);
    expect(readCell(doc, parties[0], issues[0]).stance).toBeNull();
  });
});
