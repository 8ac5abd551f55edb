import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createRedis, type RedisClient } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import type { UserDto } from './dto/user.dto';

/** Carries the id of a user whose profile changed, to every process. */
export const PROFILE_CHANGED_CHANNEL = 'users:profile-changed';
const MAX_PROFILES = 10_000;
/** Bounds what an invalidation lost while Redis was away can leave stale. */
const TTL_MS = 60_000;

/**
 * Profiles by id for the messaging paths, which would otherwise read the sender's row for every
 * message sent or shown. Bounded (LRU) and short-lived. A profile change drops the entry in this
 * process at once and, through Redis pub/sub, in every other one; since invalidations published
 * while the subscriber was disconnected are lost, the whole cache is dropped when it (re)connects.
 */
@Injectable()
export class UserProfileCache implements OnModuleInit, OnApplicationShutdown {
  private readonly profiles = new LRUCache<string, UserDto>({ max: MAX_PROFILES, ttl: TTL_MS });
  /** Bumped by every invalidation: a read that began before one must not fill the cache. */
  private generation = 0;
  private subscriber?: RedisClient;

  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config, 'user-profile-cache');
    this.subscriber.on('message', (_channel: string, userId: string) => this.drop(userId));
    this.subscriber.on('ready', () => this.dropAll());
    // ioredis subscribes again by itself after a reconnect.
    await this.subscriber.subscribe(PROFILE_CHANGED_CHANNEL).catch(() => undefined);
  }

  /** The cached profiles of `ids`, and `load` for the others (cached unless invalidated meanwhile). */
  async getMany(
    ids: string[],
    load: (missing: string[]) => Promise<UserDto[]>,
  ): Promise<UserDto[]> {
    const found: UserDto[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const profile = this.profiles.get(id);
      if (profile) found.push(profile);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await load(missing);
    if (generation === this.generation) for (const user of loaded) this.profiles.set(user.id, user);
    return [...found, ...loaded];
  }

  /** After a profile change is stored: forgotten here now, and by every other process. */
  async invalidate(userId: string): Promise<void> {
    this.drop(userId);
    await this.redis.publish(PROFILE_CHANGED_CHANNEL, userId).catch(() => 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private drop(userId: string): void {
    this.generation += 1;
    this.profiles.delete(userId);
  }

  private dropAll(): void {
    this.generation += 1;
    this.profiles.clear();
  }
}
