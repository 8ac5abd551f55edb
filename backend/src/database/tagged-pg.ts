import * as pg from 'pg';
import { DependencyUnavailableError } from '../common/dependency-failure';

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: boolean | Error) => void,
) => void;

const tag = (error: Error) => new DependencyUnavailableError('postgres', 'connect', error);

/**
 * A pool whose connect path tags its failures: whatever stops us getting a connection (refused,
 * a database closed to new sessions, no slots left, a full pool's wait running out) is a
 * dependency failure, whatever its SQLSTATE or wording.
 */
class TaggingPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return super.connect().catch((error: Error) => Promise.reject(tag(error)));
    }
    super.connect((error, client, done) => callback(error ? tag(error) : undefined, client, done));
  }
}

/** The `pg` module as TypeORM's `driver` option, with the tagging pool in place of its own. */
export const taggedPg: typeof pg = Object.create(pg, {
  Pool: { value: TaggingPool, enumerable: true },
}) as typeof pg;
