import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../common/redis/redis.module';

/**
 * Presence in Redis, shared by every API instance:
 * - `{presence}:sockets:<user>`: sorted set of the user's socket ids, scored by their expiry
 *   (heartbeats push it forward; a crashed instance's sockets simply expire);
 * - `{presence}:online`: sorted set of users, scored by when they stop being online: the last
 *   socket's expiry, or the end of a short grace after the last socket left (a quick reconnect
 *   then announces nothing);
 * - `{presence}:last-seen`: hash of user -> last moment seen online (ms).
 * The scripts touch a user's sockets and the shared set and hash at once, which Redis Cluster
 * allows only within one hash slot: the `{presence}` hash tag puts all of them in one.
 */
const ONLINE = '{presence}:online';
const LAST_SEEN = '{presence}:last-seen';
const sockets = (userId: string) => `{presence}:sockets:${userId}`;
/** Sockets a heartbeat pipeline carries: a slice is built and written in a few milliseconds. */
export const HEARTBEAT_SLICE = 200;

/** Adds a socket; answers 1 when the user was not online before (announce "online"). */
const CONNECT = `
local was = redis.call('ZSCORE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
if was and tonumber(was) > tonumber(ARGV[5]) then return 0 end
return 1
`;

/**
 * Removes a socket. With live sockets left nothing changes; with none, the user stays online
 * only until the grace ends.
 */
const DISCONNECT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[2])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
`;

/**
 * Ends the presence of a user whose time is up, unless a socket came back: answers 1 to the
 * one caller that ended it (which announces "offline"), 0 to everyone else.
 */
const EXPIRE = `
local until_ = redis.call('ZSCORE', KEYS[2], ARGV[2])
if not until_ or tonumber(until_) > tonumber(ARGV[1]) then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local live = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if live[2] then
  redis.call('ZADD', KEYS[2], live[2], ARGV[2])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

/**
 * Takes one of the user's socket slots, or answers 0 when all `cap` are live: the count and the
 * add are one step, so concurrent handshakes on any instances can never pass the cap together.
 * The slot is the socket's own entry (scored by its expiry), so it is released on disconnect
 * and expires by itself when the instance holding it dies.
 */
const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

@Injectable()
export class PresenceStore {
  constructor(@Inject(Redis) private readonly redis: RedisClient) {}

  async connect(userId: string, socketId: string, expiresAt: number, now: number) {
    const ttl = Math.max(1, expiresAt - now);
    const result = await this.redis.eval(
      CONNECT,
      3,
      sockets(userId),
      ONLINE,
      LAST_SEEN,
      socketId,
      expiresAt,
      userId,
      ttl,
      now,
    );
    return result === 1;
  }

  /** True when this was the user's last live socket (the grace has started). */
  async disconnect(userId: string, socketId: string, now: number, graceUntil: number) {
    const result = await this.redis.eval(
      DISCONNECT,
      3,
      sockets(userId),
      ONLINE,
      LAST_SEEN,
      socketId,
      now,
      graceUntil,
      userId,
    );
    return result === 1;
  }

  /**
   * Pushes the expiry of live sockets: one pipeline per HEARTBEAT_SLICE sockets, each awaited,
   * so the event loop serves sends between them (one pipeline for 10,000 sockets held it for
   * about 230 ms). A user's shared entries are written once per slice, not once per socket.
   */
  async heartbeat(entries: { userId: string; socketId: string }[], expiresAt: number, now: number) {
    for (let start = 0; start < entries.length; start += HEARTBEAT_SLICE) {
      const pipeline = this.redis.pipeline();
      const users = new Set<string>();
      for (const { userId, socketId } of entries.slice(start, start + HEARTBEAT_SLICE)) {
        pipeline.zadd(sockets(userId), expiresAt, socketId);
        pipeline.pexpire(sockets(userId), expiresAt - now);
        if (users.has(userId)) continue;
        users.add(userId);
        pipeline.zadd(ONLINE, 'GT', expiresAt, userId);
        pipeline.hset(LAST_SEEN, userId, now);
      }
      await pipeline.exec();
    }
  }

  /** Users whose presence ran out: each is returned to exactly one caller across instances. */
  async expire(now: number, limit = 500): Promise<string[]> {
    const due = await this.redis.zrangebyscore(ONLINE, '-inf', now, 'LIMIT', 0, limit);
    const ended: string[] = [];
    for (const userId of due) {
      const result = await this.redis.eval(EXPIRE, 2, sockets(userId), ONLINE, now, userId);
      if (result === 1) ended.push(userId);
    }
    return ended;
  }

  /** Takes a socket slot for `socketId` if fewer than `cap` are live; false when full. */
  async reserve(userId: string, socketId: string, expiresAt: number, now: number, cap: number) {
    const ttl = Math.max(1, expiresAt - now);
    const result = await this.redis.eval(
      RESERVE,
      1,
      sockets(userId),
      socketId,
      expiresAt,
      now,
      cap,
      ttl,
    );
    return result === 1;
  }

  /** The user's sockets that are live now, on every instance. */
  liveSockets(userId: string, now: number): Promise<number> {
    return this.redis.zcount(sockets(userId), now, '+inf');
  }

  /** Gives back a slot taken for a handshake that then failed. */
  async release(userId: string, socketId: string): Promise<void> {
    await this.redis.zrem(sockets(userId), socketId);
  }

  /** Whether each user is online now, and when each was last seen (ms, if known). */
  async read(userIds: string[], now: number) {
    if (userIds.length === 0)
      return new Map<string, { online: boolean; lastSeen: number | null }>();
    const [scores, seen] = await Promise.all([
      this.redis.zmscore(ONLINE, ...userIds),
      this.redis.hmget(LAST_SEEN, ...userIds),
    ]);
    return new Map(
      userIds.map((id, i) => [
        id,
        {
          online: scores[i] !== null && Number(scores[i]) > now,
          lastSeen: seen[i] ? Number(seen[i]) : null,
        },
      ]),
    );
  }
}
