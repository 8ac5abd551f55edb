import { RealtimeError } from '../../../../core/realtime/realtime.service';

/** After a refused or unanswered send: what the outbox does with the message. */
export type SendOutcome =
  /** The server will never take it (invalid, or the user may not write there): Retry or Discard. */
  | { readonly kind: 'failed' }
  /** Try the same message again after `delayMs`: later messages of the conversation wait. */
  | { readonly kind: 'wait'; readonly delayMs: number };

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
/** When a rate limit does not say how long: about the length of its window. */
const DEFAULT_RATE_LIMIT_MS = 10_000;

/**
 * Only a permanent refusal fails a message. A rate limit waits as long as the server said; a
 * server or dependency trouble, a timeout or a lost connection retries with exponential backoff
 * (`attempt` counts the failures in a row, from 1).
 */
export function sendOutcome(error: unknown, attempt: number): SendOutcome {
  const code = error instanceof RealtimeError ? error.code : null;
  switch (code) {
    case 'VALIDATION':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return { kind: 'failed' };
    case 'RATE_LIMITED': {
      const retryAfterMs = (error as RealtimeError).retryAfterMs;
      return { kind: 'wait', delayMs: Math.max(0, retryAfterMs ?? DEFAULT_RATE_LIMIT_MS) };
    }
    default:
      return { kind: 'wait', delayMs: backoff(attempt) };
  }
}

export function backoff(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}
