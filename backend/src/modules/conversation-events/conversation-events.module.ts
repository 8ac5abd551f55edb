import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ConversationEventStream } from './conversation-event-stream';
import { ConversationEventsController } from './conversation-events.controller';

/** A conversation's events as Server-Sent Events (GET /conversations/:id/events). */
@Module({
  imports: [MessagesModule],
  controllers: [ConversationEventsController],
  providers: [ConversationEventStream],
})
export class ConversationEventsModule {}
