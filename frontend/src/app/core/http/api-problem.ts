import { HttpErrorResponse } from '@angular/common/http';

/** What the UI needs from a failed API call, read from NestJS's `{statusCode, message}` body. */
export interface ApiProblem {
  /**
   * The HTTP status; 0 when no answer arrived at all (network down, server stopped), -1 when the
   * failure was not an HTTP one.
   */
  readonly status: number;
  /** The server's messages: one, or one per invalid field for a 400. */
  readonly messages: readonly string[];
  /** How long to wait before trying again, for a 429. */
  readonly retryAfterSeconds: number | null;
}

export function readApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: -1, messages: [], retryAfterSeconds: null };
  }
  const body: unknown = error.error;
  const field = (name: string): unknown =>
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const message = field('message');
  const messages = (Array.isArray(message) ? message : [message]).filter(
    (m): m is string => typeof m === 'string' && m.length > 0,
  );
  const retryAfter = Number(field('retryAfterSeconds') ?? error.headers.get('Retry-After'));
  return {
    status: error.status,
    messages,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null,
  };
}

/** A sentence for the problems every form treats alike: offline, rate limited, server failure. */
export function describeApiProblem(problem: ApiProblem): string {
  if (problem.status === 0) {
    return 'The server cannot be reached. Check your connection and try again.';
  }
  if (problem.status === 429) {
    return problem.retryAfterSeconds === null
      ? 'Too many attempts. Try again in a moment.'
      : `Too many attempts. Try again in ${formatWait(problem.retryAfterSeconds)}.`;
  }
  if (problem.status >= 500 || problem.status < 0 || problem.messages.length === 0) {
    return 'Something went wrong. Try again in a moment.';
  }
  return problem.messages.map(asSentence).join(' ');
}

function formatWait(seconds: number): string {
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** Server messages are lower-case phrases ("username is already taken"). */
export function asSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
