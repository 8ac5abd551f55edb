import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocations } from './session-revocations';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * The sessions (refresh token families) store, and the narrow port other modules use to end
 * someone's sessions without the sign-in machinery (JWT keys, passport, rate limits).
 */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity, SessionEntity])],
  providers: [RefreshTokensRepository, SessionsRepository, SessionsService, SessionRevocations],
  exports: [RefreshTokensRepository, SessionsService],
})
export class SessionsModule {}
