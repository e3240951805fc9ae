/**
 * A room's reactions (shared/reactions.ts): in memory for as long as the room is loaded, never in
 * the Y.Doc or storage. Anyone connected may react, viewers included; only facilitators clear.
 * Every request is checked (a known cell, a known kind, within the socket's rate and the room's
 * bounds); counts go to every peer, each with its own person's kinds.
 */
import * as decoding from 'lib0/decoding';
import { CloseCode } from '../../shared/protocol.ts';
import {
  ReactionTable,
  encodeReactionFrame,
  parseReactionRequest,
  type ReactionEvent,
  type ReactionKind,
  type ReactionRefusal,
} from '../../shared/reactions.ts';
import type { Peer } from './peer.ts';
import { DEFAULT_SYNC_LIMITS, UpdateRate } from './limits.ts';
import { ProtocolError } from './messages.ts';

/** README "Security model — sync", *Reactions*. */
export interface ReactionLimits {
  /** Requests per socket per second, sustained, and the burst above it. */
  perSecond: number;
  burst: number;
  /** Requests refused for rate within 10 s before the socket is closed with 4429. */
  maxRateRejections: number;
  /** People (reaction keys) holding reactions in one matrix. */
  maxPeople: number;
  /** Reactions one person may hold in one matrix. */
  maxPerPerson: number;
}

export const DEFAULT_REACTION_LIMITS: ReactionLimits = { perSecond: 5, burst: 20, maxRateRejections: 100, maxPeople: 1000, maxPerPerson: 300 };

/** Longest request read (a toggle is under 200 characters). */
const MAX_REQUEST_LENGTH = 512;

const REFUSED: Record<ReactionRefusal, string> = {
  cell: 'That cell is no longer in the matrix.',
  rate: 'Too many reactions too fast: wait a moment and try again.',
  bounds: 'No more reactions fit in this session (see the limits in the README).',
  role: 'Only the facilitator can clear reactions.',
  hello: 'This tab has not joined the reactions yet: reload the page.',
};

interface Reactor {
  person: string | null;
  rate: UpdateRate;
}

export class RoomReactions {
  readonly table = new ReactionTable();
  private reactors = new WeakMap<Peer, Reactor>();
  private limits: ReactionLimits;

  constructor(
    private peers: () => Iterable<Peer>,
    private send: (peer: Peer, message: Uint8Array) => void,
    private close: (peer: Peer, code: CloseCode) => void,
    /** Is this cell in the matrix now? */
    private cellExists: (cell: string) => boolean,
    limits: Partial<ReactionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_REACTION_LIMITS, ...limits };
  }

  /** Handles one reaction frame (its decoder positioned after the type). */
  receive(peer: Peer, decoder: decoding.Decoder): void {
    let json: string;
    try {
      json = decoding.readVarString(decoder);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'malformed reaction message');
    }
    const reactor = this.reactor(peer);
    const rate = reactor.rate.check(0);
    if (rate.verdict === 'close') return this.close(peer, CloseCode.tooManyRequests);
    if (rate.verdict === 'drop') return rate.tell ? this.refuse(peer, 'rate') : undefined;
    const request = json.length <= MAX_REQUEST_LENGTH ? parseReactionRequest(json) : null;
    if (!request) throw new ProtocolError(CloseCode.malformedMessage, 'not a reaction request');
    switch (request.t) {
      case 'hello':
        if (reactor.person !== null && reactor.person !== request.person) return this.refuse(peer, 'hello');
        reactor.person = request.person;
        // Reactions to cells deleted since (a party or issue removed) are dropped, not sent.
        for (const cell of this.table.cells()) if (!this.cellExists(cell)) this.table.clear(cell);
        return this.emit(peer, { t: 'state', ...this.table.snapshot(reactor.person) });
      case 'toggle':
        return this.toggle(peer, reactor.person, request.cell, request.kind);
      case 'clear': {
        if (peer.role !== 'facilitator') return this.refuse(peer, 'role');
        for (const cell of this.table.clear(request.cell)) this.broadcast(cell);
        return;
      }
    }
  }

  private toggle(peer: Peer, person: string | null, cell: string, kind: ReactionKind): void {
    if (person === null) return this.refuse(peer, 'hello');
    if (!this.cellExists(cell)) return this.refuse(peer, 'cell');
    const adding = !this.table.mine(person, cell).includes(kind);
    const { maxPeople, maxPerPerson } = this.limits;
    if (adding && ((!this.table.has(person) && this.table.people >= maxPeople) || this.table.held(person) >= maxPerPerson)) {
      return this.refuse(peer, 'bounds');
    }
    this.table.toggle(person, cell, kind);
    this.broadcast(cell);
  }

  /** A cell's counts to every peer that said hello (a stock client never does), each with its own person's kinds. */
  private broadcast(cell: string): void {
    const counts = this.table.counts(cell);
    for (const peer of this.peers()) {
      const person = this.reactors.get(peer)?.person;
      if (person) this.emit(peer, { t: 'cell', cell, counts, mine: this.table.mine(person, cell) });
    }
  }

  private reactor(peer: Peer): Reactor {
    let reactor = this.reactors.get(peer);
    if (!reactor) {
      const { perSecond, burst, maxRateRejections } = this.limits;
      const limits = { ...DEFAULT_SYNC_LIMITS, updatesPerSecond: perSecond, updateBurst: burst, maxRateRejections };
      this.reactors.set(peer, (reactor = { person: null, rate: new UpdateRate(limits) }));
    }
    return reactor;
  }

  private refuse(peer: Peer, reason: ReactionRefusal): void {
    this.emit(peer, { t: 'refused', reason, message: REFUSED[reason] });
  }

  private emit(peer: Peer, event: ReactionEvent): void {
    this.send(peer, encodeReactionFrame(event));
  }
}
