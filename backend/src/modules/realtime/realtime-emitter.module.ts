import { Global, Module } from '@nestjs/common';
import { ConversationEventFeed, NoConversationEventFeed } from './contract/conversation-event-feed';
import { RealtimePublisher } from './contract/realtime.publisher';
import { RedisEmitterPublisher } from './redis-emitter.publisher';

/** `RealtimePublisher` for processes without a Socket.IO server (the worker); they follow no events. */
@Global()
@Module({
  providers: [
    { provide: RealtimePublisher, useClass: RedisEmitterPublisher },
    { provide: ConversationEventFeed, useClass: NoConversationEventFeed },
  ],
  exports: [RealtimePublisher, ConversationEventFeed],
})
export class RealtimeEmitterModule {}
