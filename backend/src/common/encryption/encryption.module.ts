import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AtRestEncryption } from './at-rest-encryption';

/** Makes `AtRestEncryption` injectable everywhere (API, worker and CLI). */
@Global()
@Module({
  providers: [
    {
      provide: AtRestEncryption,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => AtRestEncryption.fromEnv(config),
    },
  ],
  exports: [AtRestEncryption],
})
export class EncryptionModule {}
