import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { UsersModule } from './users.module';

/** `PATCH /users/me` and its `user:updated` fan-out (see ProfileService). */
@Module({
  imports: [UsersModule, ConversationsModule],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class ProfileModule {}
