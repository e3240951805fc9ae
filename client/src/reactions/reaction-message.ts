/** Reads the server's reaction events (MessageType.reaction): one varString of JSON, validated. */
import * as decoding from 'lib0/decoding';
import { parseReactionEvent, type ReactionEvent } from '../../../shared/reactions.ts';

export function readReactionEvent(decoder: decoding.Decoder): ReactionEvent | null {
  try {
    return parseReactionEvent(decoding.readVarString(decoder));
  } catch {
    return null;
  }
}
