import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { RedisClient } from '../common/redis/redis.module';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../modules/metrics/metrics.service';

/** The person a request reads for, and (once asked) whether they must read from the primary. */
interface Reader {
  id: string;
  /** Their write mark in Redis, set once per write request (see `markWrote`). */
  marked?: Promise<void>;
  /** Whether they wrote within the sticky window: asked of Redis once per request. */
  primary?: Promise<boolean>;
}

/** After a failure the replica is left alone this long, so an outage costs one timeout, not one per read. */
const REPLICA_RETRY_MS = 1_000;

/**
 * `{rr}:<user>` exists while `user` wrote within DATABASE_READ_STICKY_MS. One hash tag puts every
 * mark in one slot of a Redis Cluster, so the marks of a send batch go out in one pipeline.
 */
const writeMarkKey = (userId: string): string => `{rr}:${userId}`;

/**
 * Where history pages and search read: the replica at DATABASE_READ_URL, or the primary for a
 * person who wrote within the sticky window (read-your-writes), for reads outside a person's
 * request (workers, tools), and while the replica fails. Without DATABASE_READ_URL every read
 * goes to the primary and nothing here touches Redis.
 *
 * The reader comes from the request (ReadRoutingInterceptor), so a repository opts a read in
 * with one call, `query`, and never needs the reader threaded through its signature.
 */
@Injectable()
export class ReadRouting implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadRouting');
  private readonly readers = new AsyncLocalStorage<Reader>();
  private readonly replica: Pool | null;
  private readonly fallbacks: Counter<'reason'>;
  private replicaDownUntil = 0;
  private replicaDown = false;
  private pendingMarks = new Set<string>();
  private flush: Promise<void> | null = null;

  constructor(
    @Inject(DataSource) private readonly primary: DataSource,
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.replica = config.DATABASE_READ_URL
      ? new Pool({
          connectionString: config.DATABASE_READ_URL,
          max: config.DATABASE_READ_POOL_SIZE,
          // A replica that does not answer is worth less than the primary that does.
          connectionTimeoutMillis: 1_000,
        })
      : null;
    // An idle connection the replica drops is not a crash: the next read reconnects.
    this.replica?.on('error', (error: Error) => this.replicaFailed(error));
    this.fallbacks = new Counter({
      name: 'chat_read_replica_fallbacks_total',
      help: 'Reads meant for the replica that went to the primary: it failed (error) or had just failed (down)',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    for (const reason of ['error', 'down']) this.fallbacks.inc({ reason }, 0);
  }

  /** True when a replica is configured. */
  get enabled(): boolean {
    return this.replica !== null;
  }

  /** Runs `work` (synchronously started) as reads on behalf of `userId`. */
  within<T>(userId: string, work: () => T): T {
    return this.readers.run({ id: userId }, work);
  }

  /**
   * Marks `userId` as having just written: their reads go to the primary for the sticky window.
   * Marks made in the same turn of the event loop go to Redis in one pipeline; one write
   * request marks once. Never rejects: without Redis the mark is lost, and readers who cannot
   * ask Redis read from the primary anyway.
   */
  markWrote(userId: string): Promise<void> {
    if (!this.replica) return Promise.resolve();
    const reader = this.readers.getStore();
    if (reader?.id === userId && reader.marked) return reader.marked;
    this.pendingMarks.add(userId);
    this.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.flushMarks(),
    );
    if (reader?.id === userId) reader.marked = this.flush;
    return this.flush;
  }

  /** Rows of a read-only statement, from the replica when the current reader may use it. */
  async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const reader = this.readers.getStore();
    if (!this.replica || !reader || (await this.mustReadPrimary(reader))) {
      return this.primary.query<T[]>(sql, parameters);
    }
    if (Date.now() < this.replicaDownUntil) {
      this.fallbacks.inc({ reason: 'down' });
      return this.primary.query<T[]>(sql, parameters);
    }
    try {
      const { rows } = await this.replica.query(sql, parameters);
      if (this.replicaDown) {
        this.replicaDown = false;
        this.logger.log('read replica answers again');
      }
      return rows as T[];
    } catch (error) {
      this.replicaFailed(error as Error);
      this.fallbacks.inc({ reason: 'error' });
      return this.primary.query<T[]>(sql, parameters);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush;
    await this.replica?.end();
  }

  private mustReadPrimary(reader: Reader): Promise<boolean> {
    reader.primary ??= this.redis.exists(writeMarkKey(reader.id)).then(
      (count) => count > 0,
      // Without Redis no one can tell who wrote: the primary is always right.
      () => true,
    );
    return reader.primary;
  }

  private async flushMarks(): Promise<void> {
    const users = [...this.pendingMarks];
    this.pendingMarks = new Set();
    this.flush = null;
    const pipeline = this.redis.pipeline();
    for (const user of users) {
      pipeline.set(writeMarkKey(user), '1', 'PX', this.config.DATABASE_READ_STICKY_MS);
    }
    await pipeline.exec().catch((error: Error) => {
      this.logger.warn(`write marks not stored (${error.message}): those writers may read stale`);
    });
  }

  private replicaFailed(error: Error): void {
    this.replicaDownUntil = Date.now() + REPLICA_RETRY_MS;
    if (this.replicaDown) return;
    this.replicaDown = true;
    this.logger.warn(`read replica failed (${error.message}): reading from the primary`);
  }
}
