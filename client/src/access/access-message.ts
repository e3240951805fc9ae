/** Reads the server's access message (MessageType.access): one varString of JSON, validated. */
import * as decoding from 'lib0/decoding';
import { isRejectReason, isRole, type AccessMessage, type RejectReason } from '../../../shared/access.ts';

export type { RejectReason };

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
    const { reason, message: text } = rejected as { reason?: unknown; message?: unknown };
    message.rejected = { reason: isRejectReason(reason) ? reason : 'read-only', ...(typeof text === 'string' ? { message: text } : {}) };
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
