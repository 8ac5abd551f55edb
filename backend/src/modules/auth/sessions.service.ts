import { Injectable } from '@nestjs/common';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** Ends sessions from outside the sign-in flow (an admin deactivating someone). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tokens: RefreshTokensRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Revokes every session of the user and disconnects their sockets on every instance: each
   * socket sits in its session's room, and a revoked session's token no longer connects.
   */
  async endAllSessions(userId: string): Promise<void> {
    for (const sessionId of await this.tokens.revokeAllOfUser(userId)) {
      this.realtime.endSession(sessionId);
    }
  }
}
