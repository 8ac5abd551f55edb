import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { EncryptionModule } from '../common/encryption/encryption.module';
import { JobQueue } from '../common/jobs/job-queue';
import { RedisModule } from '../common/redis/redis.module';
import { AuditModule } from '../modules/audit/audit.module';
import { AdminModule } from '../modules/admin/admin.module';
import { BackupModule } from '../modules/backup/backup.module';
import { InvitesModule } from '../modules/invites/invites.module';
import { KeyRotationModule } from '../modules/key-rotation/key-rotation.module';
import { MetricsModule } from '../modules/metrics/metrics.module';
import { RealtimeEmitterModule } from '../modules/realtime/realtime-emitter.module';

/**
 * What the operator's commands need: the database, and Redis so that their effects reach the
 * running API instances (sockets of a deactivated person end, caches are invalidated).
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        EncryptionModule,
        // The registry the database module's counters register in; nothing serves it here.
        MetricsModule,
        DatabaseModule,
        RedisModule,
        RealtimeEmitterModule,
        AdminModule,
        InvitesModule,
        BackupModule,
        AuditModule,
        KeyRotationModule,
      ],
      // Producer only (keys:rotate): no workers in a CLI process.
      providers: [JobQueue],
    };
  }
}
