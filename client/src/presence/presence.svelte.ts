import type { Awareness } from 'y-protocols/awareness';
import { parseCellKey } from '../../../shared/schema.ts';
import type { Stage } from '../../../shared/stage.ts';
import { defineContext } from '../lib/context.ts';
import { KeyedState } from '../lib/keyed-state.svelte.ts';
import type { MatrixSession } from '../matrix/session.svelte.ts';
import { PRESENCE_COLORS, browserUserId, colorFor } from './user.ts';

/** What each client publishes over awareness (validated on read: any client can send anything). */
export interface PresenceState {
  user: { name: string; color: string; id: string };
  cell: string | null;
  editing: boolean;
  /** A facilitator's presentation (shared/stage.ts); the server strips it from everyone else. */
  stage?: Stage;
  /** Where this person is typing: a cell's note (with the caret offset) or a source being edited. */
  activity?: Activity;
}

export interface Activity {
  note?: { cell: string; caret: number };
  source?: string;
}

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  id: string;
  cell: string | null;
  editing: boolean;
  /** The note they are typing in and their caret, if any. */
  note: { cell: string; caret: number } | null;
  /** The source they are editing, if any. */
  source: string | null;
}

export const NO_PEERS: readonly Peer[] = Object.freeze([]);

const COLOR = /^#[0-9a-fA-F]{6}$/;

function toPeer(clientId: number, state: unknown): Peer | null {
  const s = state as Partial<PresenceState> | null;
  const user = s?.user;
  if (!user || typeof user.name !== 'string' || typeof user.id !== 'string') return null;
  const cell = typeof s.cell === 'string' && parseCellKey(s.cell) ? s.cell : null;
  const color = typeof user.color === 'string' && COLOR.test(user.color) ? user.color : colorFor(user.id);
  const a = s.activity;
  const note =
    a?.note && typeof a.note.cell === 'string' && parseCellKey(a.note.cell) && Number.isInteger(a.note.caret) && a.note.caret >= 0
      ? { cell: a.note.cell, caret: a.note.caret }
      : null;
  const source = typeof a?.source === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(a.source) ? a.source : null;
  return {
    clientId,
    name: user.name.slice(0, 80) || 'Anonymous',
    color,
    id: user.id.slice(0, 64),
    cell,
    editing: cell !== null && s.editing === true,
    note,
    source,
  };
}

/**
 * Everyone else on this matrix, from Yjs awareness. The strip reads `peers`; each grid cell
 * reads only `inCell(its key).value`, which changes only when someone enters or leaves that cell,
 * so a colleague moving around repaints two cells, not the grid.
 */
export class Presence {
  readonly userId = browserUserId();
  /** This browser's hashed colour, unless someone who joined the room first already shows it. */
  readonly preferredColor = colorFor(this.userId);
  color = $state.raw(this.preferredColor);
  /** Remote participants (one entry per connected client), by name. */
  peers = $state.raw<readonly Peer[]>(NO_PEERS);
  /** Distinct people here, this browser included. */
  viewing = $derived(new Set([this.userId, ...this.peers.map((p) => p.id)]).size);
  /** partyId / issueId → colours of people in that row / column, for the header dots. */
  rows = $state.raw<ReadonlyMap<string, string[]>>(new Map());
  cols = $state.raw<ReadonlyMap<string, string[]>>(new Map());

  #byCell = new Map<string, Peer[]>();
  #cells = new KeyedState<readonly Peer[]>(NO_PEERS);
  #local: PresenceState;
  private readonly awareness: Awareness;
  #cleanup: (() => void)[] = [];

  /** The awareness of the matrix's session, and its `synced` event (a reconnect completed). */
  constructor(session: Pick<MatrixSession, 'awareness' | 'on'>) {
    const awareness = (this.awareness = session.awareness);
    this.#local = { user: { name: 'Anonymous', color: this.preferredColor, id: this.userId }, cell: null, editing: false };
    awareness.setLocalState(this.#local);
    const onChange = ({ removed }: { removed: number[] }) => {
      // y-websocket drops every colleague's state when the socket closes but keeps their clocks;
      // on reconnect the server re-sends those states with the same clocks, which y-protocols
      // ignores as old, so a colleague who did not change meanwhile stayed invisible (and their
      // colour free to take) until their next change. Forgetting the clock lets the copy in.
      // After the 'update' listeners (y-websocket encodes the removal from those clocks).
      const gone = removed.filter((id) => id !== awareness.clientID);
      if (gone.length > 0) queueMicrotask(() => gone.forEach((id) => awareness.states.has(id) || awareness.meta.delete(id)));
      this.#refresh();
    };
    awareness.on('change', onChange);
    // Leave at once when the tab closes; the awareness timeout covers crashes and lost networks.
    const onHide = () => awareness.setLocalState(null);
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) awareness.setLocalState(this.#local);
    };
    // After a reconnect the server may still hold the old socket (its close frame was stuck while
    // offline) and drop our entry as another connection's; when it then closes the old socket it
    // removes our state. Publishing again once synced, and a moment later, puts us back at once.
    let again: ReturnType<typeof setTimeout> | undefined;
    const republish = () => {
      if (awareness.getLocalState() !== null) awareness.setLocalState({ ...this.#local });
    };
    const onSync = () => {
      republish();
      clearTimeout(again);
      again = setTimeout(republish, 1000);
    };
    this.#cleanup.push(session.on('synced', onSync));
    // No window outside a browser (unit tests): nothing to leave.
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', onHide);
      window.addEventListener('pageshow', onShow);
      this.#cleanup.push(
        () => window.removeEventListener('pagehide', onHide),
        () => window.removeEventListener('pageshow', onShow),
      );
    }
    this.#cleanup.push(
      () => clearTimeout(again),
      () => awareness.off('change', onChange),
    );
    this.#refresh();
  }

  /** The colleagues whose selection is on this cell: a holder per cell (see KeyedState). */
  inCell(key: string): { readonly value: readonly Peer[] } {
    return this.#cells.at(key);
  }

  /** Publishes who we are and where; sent only when something changed. */
  update(name: string, cell: string | null, editing: boolean): void {
    const l = this.#local;
    if (l.user.name === name && l.cell === cell && l.editing === editing) return;
    this.#local = { ...l, user: { ...l.user, name }, cell, editing: cell !== null && editing };
    this.awareness.setLocalState(this.#local);
  }

  /** Publishes (or, with null, withdraws) this facilitator's stage alongside the presence fields. */
  setStage(stage: Stage | null): void {
    const { stage: _old, ...rest } = this.#local;
    this.#local = stage ? { ...rest, stage } : rest;
    if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(this.#local);
  }

  /** Publishes (or, with null, withdraws) where this person is typing: a note's caret, a source being edited. */
  setActivity(activity: Activity | null): void {
    const { activity: _old, ...rest } = this.#local;
    this.#local = activity ? { ...rest, activity } : rest;
    if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(this.#local);
  }

  #refresh(): void {
    const peers: Peer[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const peer = toPeer(clientId, state);
      if (peer) peers.push(peer);
    }
    peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
    this.peers = peers;

    const byCell = new Map<string, Peer[]>();
    const rows = new Map<string, string[]>();
    const cols = new Map<string, string[]>();
    for (const peer of peers) {
      if (peer.cell === null) continue;
      const list = byCell.get(peer.cell);
      if (list) list.push(peer);
      else byCell.set(peer.cell, [peer]);
      const { partyId, issueId } = parseCellKey(peer.cell)!;
      rows.set(partyId, [...(rows.get(partyId) ?? []), peer.color]);
      cols.set(issueId, [...(cols.get(issueId) ?? []), peer.color]);
    }
    // Touch only the cells whose occupants changed.
    for (const key of new Set([...this.#byCell.keys(), ...byCell.keys()])) {
      const before = this.#byCell.get(key);
      const after = byCell.get(key);
      if (before && after && sameOccupants(before, after)) continue;
      this.#cells.set(key, after ?? NO_PEERS);
    }
    this.#byCell = byCell;
    this.#avoidColorClash(peers);
    if (!sameMap(this.rows, rows)) this.rows = rows;
    if (!sameMap(this.cols, cols)) this.cols = cols;
  }

  /**
   * Two people in one colour cannot be told apart. Clients with a lower awareness id keep
   * theirs; a higher one takes the next free palette colour (deterministic, so it settles).
   */
  #avoidColorClash(peers: readonly Peer[]): void {
    const me = this.awareness.clientID;
    const taken = new Set(peers.filter((p) => p.clientId < me && p.id !== this.userId).map((p) => p.color));
    const start = PRESENCE_COLORS.indexOf(this.preferredColor as (typeof PRESENCE_COLORS)[number]);
    let color = this.preferredColor;
    for (let i = 0; i < PRESENCE_COLORS.length && taken.has(color); i++) color = PRESENCE_COLORS[(start + i + 1) % PRESENCE_COLORS.length]!;
    if (color === this.#local.user.color) return;
    this.color = color;
    this.#local = { ...this.#local, user: { ...this.#local.user, color } };
    this.awareness.setLocalState(this.#local);
  }

  destroy(): void {
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
    this.awareness.setLocalState(null);
  }
}

function sameOccupants(a: Peer[], b: Peer[]): boolean {
  return (
    a.length === b.length && a.every((p, i) => p.clientId === b[i]!.clientId && p.name === b[i]!.name && p.color === b[i]!.color && p.editing === b[i]!.editing)
  );
}

function sameMap(a: ReadonlyMap<string, string[]>, b: ReadonlyMap<string, string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || v.some((c, i) => c !== w[i])) return false;
  }
  return true;
}

export const presenceContext = defineContext<Presence>('presence');
