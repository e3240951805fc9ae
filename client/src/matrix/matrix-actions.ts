import * as Y from 'yjs';
import * as model from '../../../shared/matrix.ts';
import * as comments from '../../../shared/comments.ts';
import { LOCAL_ORIGIN } from '../../../shared/origins.ts';
import * as positions from '../../../shared/positions.ts';
import type { AxisKind, SourceFields, StoredEvent } from '../../../shared/schema.ts';
import type { SourceAnchor } from '../../../shared/evidence/source-evidence.ts';
import type { Access } from '../access/access.svelte.ts';
import { ReadOnlyError } from '../lib/errors.ts';

/**
 * This browser's edits to one matrix: each command checks the role and lock first (a
 * ReadOnlyError with words for the user) and writes through shared/ with LOCAL_ORIGIN, the
 * origin undo tracks and the connection counts as pending.
 */
export class MatrixActions {
  constructor(
    private readonly doc: Y.Doc,
    private readonly access: Access,
  ) {}

  /** Per-user undo over the matrix: only this browser's edits (LOCAL_ORIGIN), never a colleague's. */
  undoManager(captureTimeout: number): Y.UndoManager {
    return new Y.UndoManager(model.undoScope(this.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout });
  }

  #assertCanEdit(): void {
    const { access } = this;
    if (access.canEdit) return;
    if (!access.known && !access.assumed) throw new ReadOnlyError('Still connecting to the server: try again in a moment.');
    throw new ReadOnlyError(
      access.role === 'viewer' ? 'You can view this matrix but not change it.' : 'The facilitator locked the matrix: viewing only until it is unlocked.',
    );
  }

  setTitle(title: string): void {
    this.#assertCanEdit();
    model.setTitle(this.doc, title, LOCAL_ORIGIN);
  }

  setStance(partyId: string, issueId: string, stance: string | null): void {
    this.#assertCanEdit();
    model.setStance(this.doc, partyId, issueId, stance, LOCAL_ORIGIN);
  }

  confirmStance(partyId: string, issueId: string, stance: string | null): void {
    this.#assertCanEdit();
    model.confirmStance(this.doc, partyId, issueId, stance, LOCAL_ORIGIN);
  }

  setNote(partyId: string, issueId: string, note: string): void {
    this.#assertCanEdit();
    model.setNote(this.doc, partyId, issueId, note, LOCAL_ORIGIN);
  }

  addSource(partyId: string, issueId: string, fields: SourceFields, addedBy: string): string {
    this.#assertCanEdit();
    return model.addSource(this.doc, partyId, issueId, { ...fields, addedBy }, LOCAL_ORIGIN);
  }

  /** A source quoted from a library document: its fields and its anchor (document, selector, kind) in one step. */
  addAnchoredSource(partyId: string, issueId: string, fields: SourceFields, anchor: SourceAnchor, addedBy: string): string {
    this.#assertCanEdit();
    return model.addSource(this.doc, partyId, issueId, { ...fields, ...anchor, addedBy }, LOCAL_ORIGIN);
  }

  /** Anchors a source to a library document ("Find in library"), or unlinks it with null. */
  setSourceAnchor(sourceId: string, anchor: SourceAnchor | null): void {
    this.#assertCanEdit();
    model.setSourceAnchor(this.doc, sourceId, anchor, LOCAL_ORIGIN);
  }

  updateSource(sourceId: string, patch: Partial<SourceFields>): void {
    this.#assertCanEdit();
    model.updateSource(this.doc, sourceId, patch, LOCAL_ORIGIN);
  }

  removeSource(sourceId: string): void {
    this.#assertCanEdit();
    model.removeSource(this.doc, sourceId, LOCAL_ORIGIN);
  }

  moveSource(sourceId: string, toIndex: number): void {
    this.#assertCanEdit();
    model.moveSource(this.doc, sourceId, toIndex, LOCAL_ORIGIN);
  }

  addItem(kind: AxisKind, name: string): string {
    this.#assertCanEdit();
    return model.addAxisItem(this.doc, kind, { name }, LOCAL_ORIGIN);
  }

  renameItem(kind: AxisKind, id: string, name: string): void {
    this.#assertCanEdit();
    model.renameAxisItem(this.doc, kind, id, name, LOCAL_ORIGIN);
  }

  describeItem(kind: AxisKind, id: string, description: string): void {
    this.#assertCanEdit();
    model.setAxisDescription(this.doc, kind, id, description, LOCAL_ORIGIN);
  }

  /** A party's aliases or an issue's keywords (comma-separated; they find evidence for it). */
  setItemWords(kind: AxisKind, id: string, value: string): void {
    this.#assertCanEdit();
    model.setAxisField(this.doc, kind, id, model.AXIS_WORDS_FIELD[kind], value, LOCAL_ORIGIN);
  }

  /** Moves an item to `toIndex` of the list without it (as moveAxisItem counts). */
  moveItem(kind: AxisKind, id: string, toIndex: number): void {
    this.#assertCanEdit();
    model.moveAxisItem(this.doc, kind, id, toIndex, LOCAL_ORIGIN);
  }

  deleteItem(kind: AxisKind, id: string): void {
    this.#assertCanEdit();
    model.deleteAxisItem(this.doc, kind, id, LOCAL_ORIGIN);
  }

  addComment(partyId: string, issueId: string, text: string, parent: string | null = null): string {
    this.#assertCanEdit();
    return comments.addComment(this.doc, partyId, issueId, text, { parent }, LOCAL_ORIGIN);
  }

  editComment(id: string, text: string): void {
    this.#assertCanEdit();
    comments.editComment(this.doc, id, text, LOCAL_ORIGIN);
  }

  deleteComment(id: string): void {
    this.#assertCanEdit();
    comments.deleteComment(this.doc, id, LOCAL_ORIGIN);
  }

  setThreadResolved(rootId: string, resolved: boolean): void {
    this.#assertCanEdit();
    comments.setThreadResolved(this.doc, rootId, resolved, LOCAL_ORIGIN);
  }

  // ---------- timeline: dated positions, salience, events ----------

  addPosition(partyId: string, issueId: string, fields: positions.PositionFields): string {
    this.#assertCanEdit();
    return positions.addPosition(this.doc, partyId, issueId, fields, LOCAL_ORIGIN);
  }

  /** Edits a position; id "" is a cell's implied undated position, stored first so it can change. */
  editPosition(partyId: string, issueId: string, positionId: string, patch: Partial<positions.PositionFields>): void {
    this.#assertCanEdit();
    this.doc.transact(() => {
      const id = positionId || positions.storeImpliedPosition(this.doc, partyId, issueId, LOCAL_ORIGIN);
      positions.editPosition(this.doc, id, patch, LOCAL_ORIGIN);
    }, LOCAL_ORIGIN);
  }

  /** Removes a position; the implied one ("") is the cell's plain stance, so that is cleared. */
  removePosition(partyId: string, issueId: string, positionId: string): void {
    this.#assertCanEdit();
    if (positionId === '') model.setStance(this.doc, partyId, issueId, null, LOCAL_ORIGIN);
    else positions.removePosition(this.doc, positionId, LOCAL_ORIGIN);
  }

  setSalience(partyId: string, issueId: string, value: number | null): void {
    this.#assertCanEdit();
    positions.setSalience(this.doc, partyId, issueId, value, LOCAL_ORIGIN);
  }

  /** Named days on the timeline are the facilitator's to set. */
  #assertFacilitator(): void {
    this.#assertCanEdit();
    if (!this.access.isFacilitator) throw new ReadOnlyError('Only a facilitator can change the timeline events.');
  }

  addEvent(event: StoredEvent): string {
    this.#assertFacilitator();
    return positions.addEvent(this.doc, event, LOCAL_ORIGIN);
  }

  editEvent(id: string, patch: Partial<StoredEvent>): void {
    this.#assertFacilitator();
    positions.editEvent(this.doc, id, patch, LOCAL_ORIGIN);
  }

  removeEvent(id: string): void {
    this.#assertFacilitator();
    positions.removeEvent(this.doc, id, LOCAL_ORIGIN);
  }
}
