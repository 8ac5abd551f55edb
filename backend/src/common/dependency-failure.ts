/** What a request depends on that can go away under it. */
export type Dependency = 'postgres' | 'redis';

/**
 * Where the failure happened: getting a connection (the pool connecting, a server refusing new
 * sessions), a connection lost under a statement, the server cancelling a statement (a timeout,
 * a lock wait, a shutdown), or a Redis command on a client that is not connected.
 */
export type FailurePhase = 'connect' | 'lost' | 'cancel' | 'command';

export interface DependencyFailure {
  dependency: Dependency;
  phase: FailurePhase;
  /** The driver's words (and SQLSTATE), for logs and the readiness answer. */
  reason: string;
}

/** Seconds a client should wait before retrying while a dependency is away. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * How long a failure seen by a request keeps readiness red: as long as clients are told to
 * wait (Retry-After), so a probe sees an outage that its own ping does not (a statement
 * timeout, a database closed to new sessions while the probe's pooled connection lives on).
 */
export const FAILURE_WINDOW_MS = UNAVAILABLE_RETRY_SECONDS * 1000;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * A dependency failure tagged where it happened (the PostgreSQL pool's connect path), so it is
 * classified by its origin rather than guessed from its text.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    readonly dependency: Dependency,
    readonly phase: FailurePhase,
    cause: unknown,
  ) {
    super(`${dependency} unavailable (${phase}): ${messageOf(cause)}`, { cause });
  }
}

/**
 * PostgreSQL SQLSTATEs that mean the server, not the statement, is the problem. Not in the list
 * and left as they are (4xx or 500): constraint violations, syntax errors, serialization
 * failures and deadlocks (40001, 40P01: the application's to retry), and 55000 outside the
 * connect path (where it means something else).
 */
function postgresPhase(code: string): FailurePhase | null {
  if (code.startsWith('08')) return 'lost'; // connection exception
  if (code === '57P03') return 'connect'; // cannot connect now: starting up or shutting down
  if (code.startsWith('57P')) return 'lost'; // admin/crash shutdown, database dropped, idle timeout
  if (code === '57014') return 'cancel'; // statement timeout (we never cancel our own queries)
  if (code === '55P03') return 'cancel'; // lock timeout: a lock held by maintenance, say
  if (code === '53300') return 'connect'; // too many connections
  if (code.startsWith('53') || code.startsWith('58')) return 'cancel'; // disk, memory, I/O
  return null;
}

/** pg and pg-pool raise these without a SQLSTATE when the socket goes or a connect times out. */
const PG_LOST =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable)/;
const PG_CONNECT = /^timeout exceeded when trying to connect/;
/** Node's socket errors, as pg raises them under a statement. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** ioredis's words for a command on a client that is not connected. */
const REDIS_CLOSED =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request|None of startup nodes is available)/;
/** Redis replies that mean the server (or cluster) cannot serve now, not that the command is bad. */
const REDIS_UNAVAILABLE_REPLY = /^(CLUSTERDOWN|LOADING|MASTERDOWN|TRYAGAIN|READONLY|NOREPLICAS)\b/;

interface ErrorFields {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  severity?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

function classifyOne(error: ErrorFields, inQuery: boolean): DependencyFailure | null {
  const message = typeof error.message === 'string' ? error.message : '';
  const code = typeof error.code === 'string' ? error.code : '';
  const tagged = (dependency: Dependency, phase: FailurePhase, reason = message) => ({
    dependency,
    phase,
    reason,
  });
  if (error instanceof DependencyUnavailableError) {
    return tagged(error.dependency, error.phase, messageOf(error.cause));
  }
  // A PostgreSQL error message carries a severity beside its SQLSTATE.
  if (typeof error.severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    const phase = postgresPhase(code);
    return phase ? tagged('postgres', phase, `${message} (${code})`) : null;
  }
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'ClusterAllFailedError') {
    return tagged('redis', 'command');
  }
  if (error.name === 'ReplyError') {
    return REDIS_UNAVAILABLE_REPLY.test(message) ? tagged('redis', 'command') : null;
  }
  if (REDIS_CLOSED.test(message)) return tagged('redis', 'command');
  if (PG_CONNECT.test(message)) return tagged('postgres', 'connect');
  if (PG_LOST.test(message)) return tagged('postgres', 'lost');
  // Only under a statement: a bare socket error may be an outbound fetch's (a link preview's
  // host being down is not ours), and pg's connect path is tagged at the source.
  if (SOCKET_CODES.has(code) && inQuery) return tagged('postgres', 'lost');
  return null;
}

/**
 * Whether an error means PostgreSQL or Redis cannot serve right now (as opposed to a bug or a
 * bad request), and where it happened. Follows TypeORM's `driverError` and `cause` chains.
 */
export function dependencyFailureOf(error: unknown): DependencyFailure | null {
  let inQuery = false;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const fields = e as ErrorFields;
    const failure = classifyOne(fields, inQuery);
    if (failure) return failure;
    if (fields.name === 'QueryFailedError') inQuery = true;
    e = fields.driverError ?? fields.cause;
  }
  return null;
}

const lastFailures = new Map<Dependency, { at: number; failure: DependencyFailure }>();
const listeners = new Set<(failure: DependencyFailure) => void>();

/** Calls `listener` with each failure a request sees (metrics); answers the unsubscribe. */
export function onDependencyFailure(listener: (failure: DependencyFailure) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The newest failure of `dependency` requests saw within the window, if any. */
export function recentFailureOf(
  dependency: Dependency,
  now = Date.now(),
): { agoMs: number; failure: DependencyFailure } | undefined {
  const last = lastFailures.get(dependency);
  if (!last || now - last.at > FAILURE_WINDOW_MS) return undefined;
  return { agoMs: now - last.at, failure: last.failure };
}

/**
 * True when an error means a dependency is down; the failure is remembered for readiness.
 * Called where a request's error becomes its answer (REST filter, socket ack, handshake, SSE,
 * CLI), so what readiness reports is what clients get.
 */
export function isDependencyDown(error: unknown): boolean {
  const failure = dependencyFailureOf(error);
  if (!failure) return false;
  lastFailures.set(failure.dependency, { at: Date.now(), failure });
  listeners.forEach((listener) => listener(failure));
  return true;
}
