import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../common/redis/redis.module';
import type { AuthorizationChecks } from './oidc-provider-client';

/** How long a person has at the provider before the attempt is forgotten. */
export const OIDC_ATTEMPT_TTL_SECONDS = 600;

/** A sign-in (or, for a signed-in person, a link) waiting for the provider's answer. */
export interface OidcAttempt extends AuthorizationChecks {
  intent: 'sign-in' | 'link';
  /** The person linking (intent `link`). */
  userId?: string;
  /** An invite that admits a new person when registration needs one. */
  inviteToken?: string;
}

const key = (state: string) => `oidc:attempt:${createHash('sha256').update(state).digest('hex')}`;

/**
 * Pending attempts in Redis, keyed by (a hash of) their state, short lived and single use: any
 * instance can take the callback, and a state seen once is never accepted again.
 */
@Injectable()
export class OidcAttempts {
  constructor(@Inject(Redis) private readonly redis: RedisClient) {}

  async save(attempt: OidcAttempt): Promise<void> {
    await this.redis.set(
      key(attempt.state),
      JSON.stringify(attempt),
      'EX',
      OIDC_ATTEMPT_TTL_SECONDS,
    );
  }

  /** The attempt for this state, removed as it is read; null when unknown, used or expired. */
  async take(state: string): Promise<OidcAttempt | null> {
    const stored = await this.redis.getdel(key(state));
    return stored ? (JSON.parse(stored) as OidcAttempt) : null;
  }
}
