import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsModule } from '../auth/sessions.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { AccountDeletionService } from './account-deletion.service';
import { LeavingController } from './leaving.controller';

/**
 * Leaving with your data (issue 18): deleting one's own account. The username is freed later
 * by `DeletedAccountsWorkerModule` in the processes that work the queues.
 */
@Module({
  imports: [UsersModule, SessionsModule, ConversationsModule, MessagesModule, AuditModule],
  controllers: [LeavingController],
  providers: [AccountDeletionService, PasswordHasher],
})
export class LeavingModule {}
