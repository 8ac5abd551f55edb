import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { UsersModule } from './users.module';

/** `PATCH /users/me`, `PUT /users/me/avatar` and their `user:updated` fan-out (see ProfileService). */
@Module({
  imports: [UsersModule, ConversationsModule, AttachmentsModule, AccountsModule],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class ProfileModule {}
