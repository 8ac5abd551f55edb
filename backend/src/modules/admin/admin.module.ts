import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../auth/sessions.module';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { UsersModule } from '../users/users.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminService } from './admin.service';

/** The admin console's people administration (`/admin/users`); also used by the CLI. */
@Module({
  imports: [UsersModule, SessionsModule, AuditModule, ConversationAccessModule],
  controllers: [AdminUsersController],
  providers: [AdminService],
  exports: [AdminService],
})
export class AdminModule {}
