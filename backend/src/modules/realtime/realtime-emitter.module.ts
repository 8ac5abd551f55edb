import { Global, Module } from '@nestjs/common';
import { RealtimePublisher } from './contract/realtime.publisher';
import { RedisEmitterPublisher } from './redis-emitter.publisher';

/** `RealtimePublisher` for processes without a Socket.IO server (the worker). */
@Global()
@Module({
  providers: [{ provide: RealtimePublisher, useClass: RedisEmitterPublisher }],
  exports: [RealtimePublisher],
})
export class RealtimeEmitterModule {}
