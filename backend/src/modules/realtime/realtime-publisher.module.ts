import { Global, Module } from '@nestjs/common';
import { RealtimePublisher } from './contract/realtime.publisher';
import { SocketServerPublisher } from './socket-server.publisher';

/** Makes `RealtimePublisher` injectable everywhere without importing the gateway. */
@Global()
@Module({
  providers: [
    SocketServerPublisher,
    { provide: RealtimePublisher, useExisting: SocketServerPublisher },
  ],
  exports: [RealtimePublisher, SocketServerPublisher],
})
export class RealtimePublisherModule {}
