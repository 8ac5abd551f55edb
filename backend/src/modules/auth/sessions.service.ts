import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocations } from './session-revocations';
import { type SessionClient, SessionsRepository } from './sessions.repository';
import type { SessionEntity } from './session.entity';

/**
 * The signed-in devices of a person: started at sign-in, kept alive by refreshes within the
 * idle and absolute lifetimes, and ended from outside the sign-in flow (the person's session
 * list, a password change or reset, an admin deactivating someone).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Distinct people with a session used within the last hour, day and week. */
  activeUsers(): Promise<{ '1h': number; '1d': number; '7d': number }> {
    return this.sessions.activeUsers();
  }

  start(sessionId: string, userId: string, client: SessionClient): Promise<void> {
    return this.sessions.insert(sessionId, userId, client);
  }

  /** Records a refresh; false when the session has outlived its idle or absolute lifetime. */
  touch(manager: EntityManager, sessionId: string, ip: string | null): Promise<boolean> {
    return this.sessions.touch(manager, sessionId, ip, this.lifetimes);
  }

  /** The user's open sessions, most recently used first. */
  list(userId: string): Promise<SessionEntity[]> {
    return this.sessions.listOpen(userId, this.lifetimes);
  }

  /** Ends one of the user's sessions (404 if it is not theirs) and its sockets everywhere. */
  async end(userId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.belongsTo(sessionId, userId))) {
      throw new NotFoundException('session not found');
    }
    await this.tokens.revokeFamily(sessionId);
    await this.ended([sessionId]);
  }

  /**
   * Revokes every session of the user, but `keep` when given, and disconnects their sockets on
   * every instance: each socket sits in its session's room, and a revoked session's token no
   * longer connects. The ids of the sessions ended.
   */
  async endAllSessions(userId: string, keep?: string): Promise<string[]> {
    const ended = await this.tokens.revokeAllOfUser(userId, keep);
    await this.ended(ended);
    return ended;
  }

  /**
   * After sessions were revoked in the database: their access tokens are refused on every
   * instance (REST and handshakes) and their sockets disconnected.
   */
  async ended(sessionIds: string[]): Promise<void> {
    await this.revocations.recordRevoked(sessionIds);
    for (const sessionId of sessionIds) this.realtime.endSession(sessionId);
  }

  /** Whether the session an access token was issued for has ended (cheap: see SessionRevocations). */
  isEnded(sessionId: string): Promise<boolean> {
    return this.revocations.isRevoked(sessionId);
  }

  private get lifetimes() {
    return { idleDays: this.config.SESSION_IDLE_DAYS, maxDays: this.config.SESSION_MAX_DAYS };
  }
}
