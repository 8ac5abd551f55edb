import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { createDatabase, DisposablePostgres, DisposableRedis, waitFor } from './support/services';

describe('health', () => {
  describe('with Postgres and Redis up', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('GET /health answers 200 (liveness) without touching dependencies', async () => {
      const res = await request(t.url).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok' });
      expect(res.headers['cache-control']).toContain('no-store');
    });

    it('GET /health/ready answers 200 with Postgres and Redis up', async () => {
      const res = await request(t.url).get('/health/ready').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.postgres.status).toBe('up');
      expect(res.body.details.redis.status).toBe('up');
    });
  });

  describe('when Redis goes away', () => {
    let redis: DisposableRedis;
    let t: TestApp;
    beforeAll(async () => {
      redis = await DisposableRedis.start();
      t = await startTestApp({ REDIS_URL: redis.url });
    });
    afterAll(async () => {
      await t.close();
      await redis.down();
    });

    it('answers 503 naming Redis, then recovers without a restart', async () => {
      await request(t.url).get('/health/ready').expect(200);

      await redis.down();
      const down = await waitFor(async () => {
        const res = await request(t.url).get('/health/ready');
        return res.status === 503 ? res : undefined;
      });
      expect(down.body.status).toBe('error');
      expect(down.body.error.redis.status).toBe('down');
      expect(down.body.details.postgres.status).toBe('up');
      expect(down.body.error.postgres).toBeUndefined();

      await redis.up();
      const up = await waitFor(async () => {
        const res = await request(t.url).get('/health/ready');
        return res.status === 200 ? res : undefined;
      });
      expect(up.body.details.redis.status).toBe('up');
    });
  });

  describe('when Postgres goes away', () => {
    let postgres: DisposablePostgres;
    let t: TestApp;
    beforeAll(async () => {
      postgres = await DisposablePostgres.start();
      const url = await createDatabase(postgres.url, 'chat_health');
      t = await startTestApp({ DATABASE_URL: url });
    });
    afterAll(async () => {
      await t.close();
      await postgres.dispose();
    });

    it('answers 503 naming Postgres, then recovers without a restart', async () => {
      await request(t.url).get('/health/ready').expect(200);

      await postgres.down();
      const down = await waitFor(async () => {
        const res = await request(t.url).get('/health/ready');
        return res.status === 503 ? res : undefined;
      });
      expect(down.body.error.postgres.status).toBe('down');
      expect(down.body.details.redis.status).toBe('up');

      await postgres.up();
      const up = await waitFor(async () => {
        const res = await request(t.url).get('/health/ready');
        return res.status === 200 ? res : undefined;
      }, 20_000);
      expect(up.body.details.postgres.status).toBe('up');
    });
  });
});
