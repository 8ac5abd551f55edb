import type { KeyRing } from './key-ring';

/**
 * The one convention for message text at rest (bodies, edits, scheduled messages): encrypted
 * with the ring's current key and bound to the conversation (aad), so a ciphertext moved into
 * another conversation does not decrypt. Every reader and writer of stored message text goes
 * through these two functions.
 */
export function sealMessageText(ring: KeyRing, text: string, conversationId: string): string {
  return ring.encrypt(text, `conversation:${conversationId}`);
}

export function openMessageText(ring: KeyRing, stored: string, conversationId: string): string {
  return ring.decrypt(stored, `conversation:${conversationId}`);
}

/**
 * `openMessageText` for readers that must go on past one bad value (lists, exports): null when
 * the value does not decrypt (tampered, or its key was removed from the ring).
 */
export function tryOpenMessageText(
  ring: KeyRing,
  stored: string,
  conversationId: string,
): string | null {
  try {
    return openMessageText(ring, stored, conversationId);
  } catch {
    return null;
  }
}
