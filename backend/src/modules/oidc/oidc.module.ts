import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { RefreshCookie } from '../auth/refresh-cookie';
import { UsersModule } from '../users/users.module';
import { OidcAttempts } from './oidc-attempts';
import { OidcLinkEntity } from './oidc-link.entity';
import { OidcLinksRepository } from './oidc-links.repository';
import { OidcProviderClient } from './oidc-provider-client';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

/** Single sign-on with an OpenID Connect provider, and the links from accounts to it. */
@Module({
  imports: [TypeOrmModule.forFeature([OidcLinkEntity]), AuthModule, UsersModule, AuditModule],
  controllers: [OidcController],
  providers: [OidcLinksRepository, OidcAttempts, OidcProviderClient, OidcService, RefreshCookie],
})
export class OidcModule {}
