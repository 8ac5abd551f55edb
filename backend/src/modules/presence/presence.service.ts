import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { ConversationsService } from '../conversations/conversations.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { UsersService } from '../users/users.service';
import type { PresenceDto, PresenceEventDto } from './dto/presence.dto';
import { PresenceStore } from './presence-store';
import type { RedisClient } from '../../common/redis/redis.module';

/** How often expired presences are looked for (every instance; each ends once). */
const SWEEP_MS = 1_000;
/** The stored last-seen time is written at most this often per user. */
const PERSIST_EVERY_S = 60;

/**
 * Who is online: a user is online while any of their sockets, on any instance, is connected.
 * Changes are told to the people who share a conversation with them, once per socket.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  /** This instance's sockets, for heartbeats: socket id -> user id. */
  private readonly local = new Map<string, string>();
  private heartbeatTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private warned = false;

  constructor(
    private readonly store: PresenceStore,
    private readonly conversations: ConversationsService,
    private readonly users: UsersService,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
    @Inject(Redis) private readonly redis: RedisClient,
  ) {}

  onApplicationBootstrap(): void {
    const ttlMs = this.config.PRESENCE_TTL_SECONDS * 1000;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), ttlMs / 3);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
  }

  async connected(userId: string, socketId: string): Promise<void> {
    this.local.set(socketId, userId);
    const now = Date.now();
    await this.safely(async () => {
      const cameOnline = await this.store.connect(userId, socketId, this.expiry(now), now);
      if (cameOnline) await this.announce({ userId, status: 'online', lastSeenAt: iso(now) });
    });
  }

  /**
   * Takes one of the user's MAX_SOCKETS_PER_USER slots (across instances) for a handshake in
   * progress; false when all are held. Counting and taking are one atomic step in Redis.
   */
  async reserveSocket(userId: string, socketId: string): Promise<boolean> {
    const now = Date.now();
    return this.store.reserve(
      userId,
      socketId,
      this.expiry(now),
      now,
      this.config.MAX_SOCKETS_PER_USER,
    );
  }

  /** Gives back the slot of a handshake that failed after `reserveSocket`. */
  async releaseSocket(userId: string, socketId: string): Promise<void> {
    await this.safely(() => this.store.release(userId, socketId));
  }

  /** The user goes offline after the grace, unless a socket comes back (see `sweep`). */
  async disconnected(userId: string, socketId: string): Promise<void> {
    this.local.delete(socketId);
    const now = Date.now();
    await this.safely(() =>
      this.store.disconnect(userId, socketId, now, now + this.config.PRESENCE_GRACE_MS),
    );
  }

  /**
   * Presence of the given users the caller shares a conversation with (and their own); others
   * are left out, so the answer reveals nothing about strangers. Bots are always online.
   */
  async presenceOf(callerId: string, userIds: string[]): Promise<Record<string, PresenceDto>> {
    const shared = new Set(await this.conversations.sharingWith(callerId, userIds));
    if (userIds.includes(callerId)) shared.add(callerId);
    const known = await this.users.getWithLastSeen([...shared]);
    const now = Date.now();
    const live = await this.store.read(
      known.map((k) => k.user.id),
      now,
    );
    const answer: Record<string, PresenceDto> = {};
    for (const { user, lastSeenAt } of known) {
      const state = live.get(user.id);
      const seen = state?.lastSeen ?? lastSeenAt?.getTime() ?? null;
      answer[user.id] =
        user.isBot || state?.online
          ? { status: 'online', lastSeenAt: iso(user.isBot ? now : (seen ?? now)) }
          : { status: 'offline', lastSeenAt: seen === null ? null : iso(seen) };
    }
    return answer;
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    const entries = [...this.local].map(([socketId, userId]) => ({ socketId, userId }));
    await this.safely(() => this.store.heartbeat(entries, this.expiry(now), now));
  }

  /** Ends presences that ran out (grace over, or an instance died) and tells who cares. */
  private async sweep(): Promise<void> {
    await this.safely(async () => {
      const ended = await this.store.expire(Date.now());
      if (ended.length === 0) return;
      const seen = await this.store.read(ended, Date.now());
      for (const userId of ended) {
        const lastSeen = seen.get(userId)?.lastSeen ?? Date.now();
        await this.announce({ userId, status: 'offline', lastSeenAt: iso(lastSeen) });
        await this.persistLastSeen(userId, lastSeen);
      }
    });
  }

  private async announce(event: PresenceEventDto): Promise<void> {
    const conversationIds = await this.conversations.conversationIdsOf(event.userId);
    this.realtime.toConversations(conversationIds, SocketEvent.Presence, event);
  }

  private async persistLastSeen(userId: string, at: number): Promise<void> {
    const first = await this.redis.set(
      `presence:persisted:${userId}`,
      '1',
      'EX',
      PERSIST_EVERY_S,
      'NX',
    );
    if (first) await this.users.recordLastSeen(userId, new Date(at));
  }

  private expiry(now: number): number {
    return now + this.config.PRESENCE_TTL_SECONDS * 1000;
  }

  /** Presence is best effort: Redis or Postgres away must never fail a connection or crash. */
  private async safely(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.warned = false;
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      this.logger.warn(`presence unavailable (${String(error)})`);
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
