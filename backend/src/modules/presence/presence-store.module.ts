import { Module } from '@nestjs/common';
import { PresenceStore } from './presence-store';

/** The narrow port to who has live sockets, for processes without the presence service (push). */
@Module({
  providers: [PresenceStore],
  exports: [PresenceStore],
})
export class PresenceStoreModule {}
