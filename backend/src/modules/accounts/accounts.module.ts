import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsModule } from '../auth/sessions.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { AccountTokenEntity } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AdminResetLinkController } from './admin-reset-link.controller';
import { MySessionsService } from './my-sessions.service';
import { SessionsController } from './sessions.controller';

/**
 * A person's account security (issue 18): password change and reset, a verified email address,
 * their list of sessions, and the reset links admins make.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AccountTokenEntity]),
    UsersModule,
    SessionsModule,
    MailModule,
    AuditModule,
    WorkspaceModule,
  ],
  controllers: [AccountsController, SessionsController, AdminResetLinkController],
  providers: [AccountTokensRepository, AccountsService, MySessionsService, PasswordHasher],
  exports: [AccountsService],
})
export class AccountsModule {}
