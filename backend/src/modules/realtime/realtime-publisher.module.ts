import { Global, Module } from '@nestjs/common';
import { ConversationEventFeed } from './contract/conversation-event-feed';
import { RealtimePublisher } from './contract/realtime.publisher';
import { SocketEventFeed } from './socket-event-feed';
import { SocketServerPublisher } from './socket-server.publisher';

/**
 * Makes `RealtimePublisher` (and the feed of what this process's sockets are told) injectable
 * everywhere without importing the gateway.
 */
@Global()
@Module({
  providers: [
    SocketServerPublisher,
    { provide: RealtimePublisher, useExisting: SocketServerPublisher },
    SocketEventFeed,
    { provide: ConversationEventFeed, useExisting: SocketEventFeed },
  ],
  exports: [RealtimePublisher, SocketServerPublisher, SocketEventFeed, ConversationEventFeed],
})
export class RealtimePublisherModule {}
