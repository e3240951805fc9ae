/** Reads the server's access message (MessageType.access): one varString of JSON, validated. */
import * as decoding from 'lib0/decoding';
import { isRole, type AccessMessage } from '../../../shared/access.ts';

export type RejectReason = NonNullable<AccessMessage['rejected']>['reason'];

const isReason = (value: unknown): value is RejectReason => value === 'read-only' || value === 'locked';

/** The message, or null when it is not one we understand (a newer or broken server). */
export function parseAccessMessage(json: string): AccessMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { role, locked, rejected } = value as Record<string, unknown>;
  if (!isRole(role) || typeof locked !== 'boolean') return null;
  const message: AccessMessage = { role, locked };
  // A drop with a reason we do not know still means our copy is ahead of the server's.
  if (rejected !== undefined && rejected !== null) {
    const reason = (rejected as { reason?: unknown }).reason;
    message.rejected = { reason: isReason(reason) ? reason : 'read-only' };
  }
  return message;
}

export function readAccessMessage(decoder: decoding.Decoder): AccessMessage | null {
  try {
    return parseAccessMessage(decoding.readVarString(decoder));
  } catch {
    return null;
  }
}
