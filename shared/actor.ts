/**
 * Who is editing through a given Y.Doc. Kept beside the doc, not in it: it is a property of this
 * replica's user, so it must not sync. Mutations read it to fill history `by` and comment authors.
 */
import type * as Y from 'yjs';
import { MatrixError } from './errors.ts';

export interface Actor {
  /** Display name, as shown in history and comments. */
  name: string;
  /** Optional stable id (e.g. a per-browser random id), so two "Ana"s can be told apart. */
  id?: string;
}

export const ANONYMOUS = 'Anonymous';
/** Same bound as party and issue names (MAX_NAME_LENGTH in matrix.ts). */
const MAX_ACTOR_NAME = 200;

const actors = new WeakMap<Y.Doc, Actor>();

/** Sets who edits through `doc` from now on. The name is trimmed and must not be empty. */
export function setActor(doc: Y.Doc, actor: Actor): void {
  const name = actor.name.replace(/\s+/g, ' ').trim();
  if (!name) throw new MatrixError('invalid-name', 'Your name cannot be empty.');
  if (name.length > MAX_ACTOR_NAME) throw new MatrixError('invalid-name', `Your name is longer than ${MAX_ACTOR_NAME} characters.`);
  actors.set(doc, actor.id ? { name, id: actor.id } : { name });
}

/** Who edits through `doc`; "Anonymous" when nobody was set. */
export function getActor(doc: Y.Doc): Actor {
  return actors.get(doc) ?? { name: ANONYMOUS };
}

/** The actor if one was set (callers with a better fallback than "Anonymous" use this). */
export function findActor(doc: Y.Doc): Actor | undefined {
  return actors.get(doc);
}
