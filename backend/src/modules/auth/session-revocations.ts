import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { RedisClient } from '../../common/redis/redis.module';

const stateKey = (sessionId: string) => `session:state:${sessionId}`;
/**
 * How long Redis vouches for a session the database found open. A revocation overwrites the
 * answer at once; this only bounds what a revocation written while Redis was away leaves open.
 */
const LIVE_TTL_SECONDS = 60;

/**
 * Whether a session (refresh token family) has ended, asked on every authenticated request and
 * handshake: one Redis GET, the database only when Redis has no answer (or is away). The
 * database stays the truth; Redis holds `live` for a minute or `revoked` for as long as an
 * access token of the session can still be valid.
 */
@Injectable()
export class SessionRevocations {
  private readonly logger = new Logger('Sessions');

  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly tokens: RefreshTokensRepository,
    private readonly config: AppConfig,
  ) {}

  async isRevoked(sessionId: string): Promise<boolean> {
    let state: string | null;
    try {
      state = await this.redis.get(stateKey(sessionId));
    } catch {
      return this.tokens.isFamilyRevoked(sessionId);
    }
    if (state) return state === 'revoked';
    const revoked = await this.tokens.isFamilyRevoked(sessionId);
    // NX: a revocation recorded while the database was read wins over this older answer.
    await this.redis
      .set(stateKey(sessionId), revoked ? 'revoked' : 'live', 'EX', this.ttl(revoked), 'NX')
      .catch(() => null);
    return revoked;
  }

  /** After the revocation is committed: every instance refuses the sessions' tokens at once. */
  async recordRevoked(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    // One command a key, not a pipeline: on a Redis Cluster the keys live in different shards.
    try {
      await Promise.all(
        sessionIds.map((id) => this.redis.set(stateKey(id), 'revoked', 'EX', this.ttl(true))),
      );
    } catch (error) {
      this.logger.warn(`session revocation not cached (${String(error)}): the database answers`);
    }
  }

  private ttl(revoked: boolean): number {
    return revoked ? this.config.JWT_ACCESS_TTL_SECONDS + 60 : LIVE_TTL_SECONDS;
  }
}
