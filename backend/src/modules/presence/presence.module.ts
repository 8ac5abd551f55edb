import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { PresenceController } from './presence.controller';
import { PresenceStore } from './presence-store';
import { PresenceService } from './presence.service';

@Module({
  imports: [ConversationsModule, UsersModule],
  controllers: [PresenceController],
  providers: [PresenceStore, PresenceService],
  exports: [PresenceService],
})
export class PresenceModule {}
