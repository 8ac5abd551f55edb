import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { HEARTBEAT_SLICE, PresenceStore } from '../src/modules/presence/presence-store';

/**
 * The heartbeat of an instance's sockets, against a real Redis: every socket's expiry and its
 * user's presence pushed forward, in slices the event loop can serve sends between (one
 * pipeline for 10,000 sockets held the loop for about 230 ms every 20 s).
 */
describe('presence heartbeat', () => {
  let redis: Redis;
  let store: PresenceStore;
  let pipelines: jest.SpyInstance;
  const users = Array.from({ length: 600 }, () => randomUUID());
  // 1,050 sockets: the first 450 users have two each, in separate slices.
  const entries = [
    ...users.map((userId, i) => ({ userId, socketId: `hb-${i}-a` })),
    ...users.slice(0, 450).map((userId, i) => ({ userId, socketId: `hb-${i}-b` })),
  ];

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
    store = new PresenceStore(redis);
  });
  beforeEach(() => {
    pipelines = jest.spyOn(redis, 'pipeline');
  });
  afterEach(() => pipelines.mockRestore());
  afterAll(async () => {
    const cleanup = redis.pipeline();
    for (const userId of users) {
      cleanup.del(`{presence}:sockets:${userId}`);
      cleanup.zrem('{presence}:online', userId);
      cleanup.hdel('{presence}:last-seen', userId);
    }
    await cleanup.exec();
    redis.disconnect();
  });

  it('pushes every socket and user forward, one bounded pipeline per slice', async () => {
    const now = Date.now();
    const expiresAt = now + 5_000;

    await store.heartbeat(entries, expiresAt, now);

    expect(pipelines).toHaveBeenCalledTimes(Math.ceil(entries.length / HEARTBEAT_SLICE));
    const check = redis.pipeline();
    for (const { userId, socketId } of entries) {
      check.zscore(`{presence}:sockets:${userId}`, socketId);
    }
    for (const userId of users) {
      check.pttl(`{presence}:sockets:${userId}`);
      check.zscore('{presence}:online', userId);
      check.hget('{presence}:last-seen', userId);
    }
    const replies = (await check.exec())!.map(([error, value]) => {
      expect(error).toBeNull();
      return value;
    });
    const socketScores = replies.slice(0, entries.length);
    expect(new Set(socketScores)).toEqual(new Set([String(expiresAt)]));
    const perUser = replies.slice(entries.length);
    for (let i = 0; i < users.length; i += 1) {
      const [ttl, online, lastSeen] = perUser.slice(i * 3, i * 3 + 3);
      expect(ttl).toBeGreaterThan(3_000);
      expect(online).toBe(String(expiresAt));
      expect(lastSeen).toBe(String(now));
    }
  });

  it('writes nothing for an instance without sockets', async () => {
    await store.heartbeat([], Date.now() + 5_000, Date.now());
    expect(pipelines).not.toHaveBeenCalled();
  });
});
