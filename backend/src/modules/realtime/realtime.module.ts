import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeGateway } from './realtime.gateway';
import { SlowConsumers } from './slow-consumers';

@Module({
  imports: [AuthModule, ConversationsModule, MessagesModule, PresenceModule],
  providers: [RealtimeGateway, SlowConsumers],
})
export class RealtimeModule {}
