import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { RedisThrottlerStorage } from '../../common/rate-limit/redis-throttler.storage';
import { AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { InvitesModule } from '../invites/invites.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { ActiveUsersMetric } from './active-users.metric';
import { accessTokenKey } from './access-token-key';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { RefreshCookie } from './refresh-cookie';
import { SessionsModule } from './sessions.module';
import { SignInDelays } from './sign-in-delays';

@Module({
  imports: [
    SessionsModule,
    UsersModule,
    WorkspaceModule,
    InvitesModule,
    AuditModule,
    TwoFactorModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: accessTokenKey(config),
        signOptions: { expiresIn: config.JWT_ACCESS_TTL_SECONDS, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        throttlers: [{ ttl: 60_000, limit: config.RATE_LIMIT_AUTH_PER_MINUTE }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordHasher,
    RefreshCookie,
    JwtStrategy,
    SignInDelays,
    ActiveUsersMetric,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
