import type { DataSource } from 'typeorm';
import type { RedisClient } from '../common/redis/redis.module';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from '../modules/metrics/metrics.service';
import { ReadRouting } from './read-routing';

describe('ReadRouting without DATABASE_READ_URL', () => {
  it('reads from the primary and never touches Redis, even for a marked writer', async () => {
    const query = jest.fn(() => Promise.resolve([{ id: 'm1' }]));
    const redis = new Proxy({} as RedisClient, {
      get: (_target, name) => {
        throw new Error(`Redis used: ${String(name)}`);
      },
    });
    const reads = new ReadRouting(
      { query } as unknown as DataSource,
      redis,
      { DATABASE_READ_STICKY_MS: 5000, DATABASE_READ_POOL_SIZE: 10 } as AppConfig,
      new MetricsService(),
    );
    expect(reads.enabled).toBe(false);
    const rows = await reads.within('u1', async () => {
      await reads.markWrote('u1');
      return reads.query('SELECT 1', []);
    });
    expect(rows).toEqual([{ id: 'm1' }]);
    expect(query).toHaveBeenCalledWith('SELECT 1', []);
    await reads.onApplicationShutdown();
  });
});
