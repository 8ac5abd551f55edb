import { ReplyError } from 'ioredis';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { taggedPg } from '../database/tagged-pg';
import {
  type DependencyFailure,
  dependencyFailureOf,
  DependencyUnavailableError,
  FAILURE_WINDOW_MS,
  isDependencyDown,
  recentFailureOf,
} from './dependency-failure';

/** A PostgreSQL error as pg raises it: class, severity, SQLSTATE and words captured from PG 18. */
function pgError(severity: 'ERROR' | 'FATAL', code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.severity = severity;
  error.code = code;
  return error;
}
/** What TypeORM throws for a statement that failed: the driver's error inside. */
const query = (driverError: Error) => new QueryFailedError('select 1', [], driverError);
/** A Node socket error as pg raises it (errno, syscall and code). */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
}
function replyError(message: string, name: string, args: string[]): Error {
  return Object.assign(new ReplyError(message), { command: { name, args } });
}

/**
 * Errors captured from real servers (PostgreSQL 18 via pg 8.23 and TypeORM 1.1, Redis 7 via
 * ioredis 5.11) while each situation was made for real; `null`: not a dependency failure.
 */
const TABLE: [string, unknown, Pick<DependencyFailure, 'dependency' | 'phase'> | null][] = [
  // Stays what it is today: the statement or the data is wrong, not the server.
  [
    'unique violation (23505)',
    query(pgError('ERROR', '23505', 'duplicate key value violates unique constraint "t_pkey"')),
    null,
  ],
  [
    'check violation (23514)',
    query(
      pgError('ERROR', '23514', 'new row for relation "t" violates check constraint "t_n_check"'),
    ),
    null,
  ],
  [
    'syntax error (42601)',
    query(pgError('ERROR', '42601', 'syntax error at or near "selec"')),
    null,
  ],
  [
    'serialization failure (40001): the application retries',
    query(pgError('ERROR', '40001', 'could not serialize access due to concurrent update')),
    null,
  ],
  [
    '55000 under a statement means something else',
    query(pgError('ERROR', '55000', 'cannot alter type "x" because it is being used')),
    null,
  ],
  [
    'Redis WRONGTYPE',
    replyError('WRONGTYPE Operation against a key holding the wrong kind of value', 'hget', ['k']),
    null,
  ],
  [
    'Redis wrong arguments',
    replyError("ERR wrong number of arguments for 'set' command", 'set', ['a']),
    null,
  ],
  [
    'an outbound fetch refused (not ours)',
    socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.9:443'),
    null,
  ],
  ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')"), null],
  // The server cancels the statement.
  [
    'statement timeout (57014)',
    query(pgError('ERROR', '57014', 'canceling statement due to statement timeout')),
    { dependency: 'postgres', phase: 'cancel' },
  ],
  [
    'lock timeout (55P03)',
    query(pgError('ERROR', '55P03', 'canceling statement due to lock timeout')),
    { dependency: 'postgres', phase: 'cancel' },
  ],
  [
    'out of memory (53200)',
    query(pgError('ERROR', '53200', 'out of memory')),
    { dependency: 'postgres', phase: 'cancel' },
  ],
  // The connection goes under a statement.
  [
    'backend terminated (57P01)',
    query(pgError('FATAL', '57P01', 'terminating connection due to administrator command')),
    { dependency: 'postgres', phase: 'lost' },
  ],
  [
    'server crashed (57P02)',
    query(
      pgError(
        'FATAL',
        '57P02',
        'terminating connection because of crash of another server process',
      ),
    ),
    { dependency: 'postgres', phase: 'lost' },
  ],
  [
    'socket closed mid-query',
    query(new Error('Connection terminated unexpectedly')),
    { dependency: 'postgres', phase: 'lost' },
  ],
  [
    'a client that broke earlier',
    query(new Error('Client has encountered a connection error and is not queryable')),
    { dependency: 'postgres', phase: 'lost' },
  ],
  [
    'socket reset mid-query',
    query(socketError('ECONNRESET', 'read ECONNRESET')),
    { dependency: 'postgres', phase: 'lost' },
  ],
  // Getting a connection: tagged by the pool, whatever the code.
  [
    'database closed to connections (55000 at connect)',
    new DependencyUnavailableError(
      'postgres',
      'connect',
      pgError('FATAL', '55000', 'database "cap" is not currently accepting connections'),
    ),
    { dependency: 'postgres', phase: 'connect' },
  ],
  [
    'no slots (53300), even untagged',
    pgError('FATAL', '53300', 'sorry, too many clients already'),
    { dependency: 'postgres', phase: 'connect' },
  ],
  [
    'starting up (57P03), even untagged',
    pgError('FATAL', '57P03', 'the database system is starting up'),
    { dependency: 'postgres', phase: 'connect' },
  ],
  [
    'server stopped',
    new DependencyUnavailableError(
      'postgres',
      'connect',
      socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:35767'),
    ),
    { dependency: 'postgres', phase: 'connect' },
  ],
  [
    "a full pool's wait ran out, untagged",
    new Error('timeout exceeded when trying to connect'),
    { dependency: 'postgres', phase: 'connect' },
  ],
  // Redis.
  [
    'Redis stopped (MaxRetriesPerRequestError)',
    new MaxRetriesPerRequestError(1),
    { dependency: 'redis', phase: 'command' },
  ],
  [
    'a closed ioredis client',
    new Error('Connection is closed.'),
    { dependency: 'redis', phase: 'command' },
  ],
  [
    'not connected, offline queue off',
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    { dependency: 'redis', phase: 'command' },
  ],
  [
    'cluster down',
    replyError('CLUSTERDOWN The cluster is down', 'get', ['k']),
    { dependency: 'redis', phase: 'command' },
  ],
  [
    'loading its data after a restart',
    replyError('LOADING Redis is loading the dataset in memory', 'get', ['k']),
    { dependency: 'redis', phase: 'command' },
  ],
  [
    'a Node cause chain',
    new Error('send failed', { cause: new MaxRetriesPerRequestError(1) }),
    { dependency: 'redis', phase: 'command' },
  ],
];

describe('dependencyFailureOf', () => {
  it.each(TABLE)('%s', (_name, error, expected) => {
    const failure = dependencyFailureOf(error);
    if (expected === null) expect(failure).toBeNull();
    else expect(failure).toMatchObject(expected);
  });
});

describe('the pool connect path', () => {
  // Port 1 on the loopback refuses at once: a real ECONNREFUSED from pg.
  const url = 'postgres://nobody@127.0.0.1:1/none';

  it('tags a refused connection (promise form)', async () => {
    const pool = new taggedPg.Pool({ connectionString: url });
    const error: unknown = await pool.connect().catch((e: unknown) => e);
    await pool.end();
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ dependency: 'postgres', phase: 'connect' });
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('tags it in the callback form TypeORM uses', async () => {
    const pool = new taggedPg.Pool({ connectionString: url });
    const error = await new Promise<Error | undefined>((resolve) =>
      pool.connect((e) => resolve(e)),
    );
    await pool.end();
    expect(error).toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('the readiness window', () => {
  it('remembers a failure a request saw for the window, then forgets it', () => {
    const now = Date.now();
    expect(isDependencyDown(new MaxRetriesPerRequestError(1))).toBe(true);
    expect(recentFailureOf('redis', now)?.failure.phase).toBe('command');
    expect(recentFailureOf('redis', now + FAILURE_WINDOW_MS + 1_000)).toBeUndefined();
    expect(isDependencyDown(new TypeError('a bug'))).toBe(false);
  });
});
