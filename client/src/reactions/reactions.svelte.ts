import {
  REACTION_KINDS,
  REACTION_PERSON_PATTERN,
  REACTION_SYMBOL,
  encodeReactionFrame,
  type ReactionCounts,
  type ReactionEvent,
  type ReactionKind,
  type ReactionRequest,
} from '../../../shared/reactions.ts';
import { defineContext } from '../lib/context.ts';
import { KeyedState, type Slot } from '../lib/keyed-state.svelte.ts';
import type { MatrixSession } from '../matrix/session.svelte.ts';

/** This browser's reaction key: who "one person" is to the server. Random, never shown to anyone. */
export const REACTION_KEY = 'stance-grid:reaction-key';

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function browserReactionKey(): string {
  try {
    let key = localStorage.getItem(REACTION_KEY);
    if (!key || !REACTION_PERSON_PATTERN.test(key)) localStorage.setItem(REACTION_KEY, (key = randomKey()));
    return key;
  } catch {
    return randomKey();
  }
}

const NO_COUNTS: ReactionCounts = Object.freeze({});
const NO_KINDS: readonly ReactionKind[] = Object.freeze([]);

/** "2 agree, 1 question", or '' for none. */
export function describeCounts(counts: ReactionCounts): string {
  return REACTION_KINDS.filter((k) => counts[k])
    .map((k) => `${counts[k]} ${REACTION_SYMBOL[k].label.toLowerCase()}`)
    .join(', ');
}

/** The grid chip's text: "✓2 ?1", or '' for none. */
export function chipText(counts: ReactionCounts): string {
  return REACTION_KINDS.filter((k) => counts[k])
    .map((k) => `${REACTION_SYMBOL[k].mark}${counts[k]}`)
    .join(' ');
}

/**
 * Reactions to cells (shared/reactions.ts) as this page sees them: the server's counts per cell
 * and this browser's own choices. Each grid cell reads only its own slot. Kept by the server for
 * the session only; nothing here touches the Y.Doc.
 */
export class Reactions {
  /** The last refusal from the server, to show. */
  message = $state<string | null>(null);
  /** Cells that have any reaction (for "Clear all"). */
  cellsWithReactions = $state(0);

  readonly #person = browserReactionKey();
  #counts = new KeyedState<ReactionCounts>(NO_COUNTS);
  #mine = new KeyedState<readonly ReactionKind[]>(NO_KINDS);
  #nonEmpty = new Set<string>();
  #cleanup: (() => void)[] = [];

  constructor(private session: Pick<MatrixSession, 'on' | 'send'>) {
    this.#cleanup.push(
      session.on('connected', () => this.#send({ t: 'hello', person: this.#person })),
      session.on('reaction', (event) => this.#receive(event)),
    );
    // Already open (the page was made after the socket connected).
    this.#send({ t: 'hello', person: this.#person });
  }

  countsOf(cell: string): Readonly<Slot<ReactionCounts>> {
    return this.#counts.at(cell);
  }

  mineOf(cell: string): Readonly<Slot<readonly ReactionKind[]>> {
    return this.#mine.at(cell);
  }

  toggle(cell: string, kind: ReactionKind): void {
    this.#send({ t: 'toggle', cell, kind });
  }

  /** Facilitators: one cell's reactions, or every cell's. */
  clear(cell?: string): void {
    this.#send(cell === undefined ? { t: 'clear' } : { t: 'clear', cell });
  }

  #send(request: ReactionRequest): void {
    if (!this.session.send(encodeReactionFrame(request)) && request.t !== 'hello') {
      this.message = 'Offline: reactions need a connection to the server.';
    }
  }

  #receive(event: ReactionEvent): void {
    if (event.t === 'refused') {
      this.message = event.message;
      return;
    }
    this.message = null;
    if (event.t === 'cell') return this.#set(event.cell, event.counts, event.mine);
    for (const cell of [...this.#nonEmpty]) if (!(cell in event.counts)) this.#set(cell, NO_COUNTS, NO_KINDS);
    for (const [cell, counts] of Object.entries(event.counts)) this.#set(cell, counts, event.mine[cell] ?? NO_KINDS);
  }

  #set(cell: string, counts: ReactionCounts, mine: readonly ReactionKind[]): void {
    const any = REACTION_KINDS.some((k) => counts[k]);
    this.#counts.set(cell, any ? counts : NO_COUNTS);
    this.#mine.set(cell, mine.length > 0 ? mine : NO_KINDS);
    if (any) this.#nonEmpty.add(cell);
    else this.#nonEmpty.delete(cell);
    this.cellsWithReactions = this.#nonEmpty.size;
  }

  destroy(): void {
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
  }
}

export const reactionsContext = defineContext<Reactions>('reactions');
