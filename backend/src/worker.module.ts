import { type DynamicModule, Module } from '@nestjs/common';
import { coreModules } from './common/core-modules';
import type { AppConfig } from './config/app-config';
import { ThumbnailsWorkerModule } from './modules/attachments/thumbnails/thumbnails-worker.module';
import { BotWorkerModule } from './modules/bot/worker/bot-worker.module';
import { DataExportsWorkerModule } from './modules/exports/worker/data-exports-worker.module';
import { DeletedAccountsWorkerModule } from './modules/leaving/worker/free-username.processor';
import { MailWorkerModule } from './modules/mail/worker/mail-worker.module';
import { LinkPreviewWorkerModule } from './modules/messages/link-preview/link-preview-worker.module';
import { PushWorkerModule } from './modules/push/worker/push-worker.module';
import { SchedulingWorkerModule } from './modules/scheduling/scheduling-worker.module';
import { RealtimeEmitterModule } from './modules/realtime/realtime-emitter.module';
import { GuestExpiryWorkerModule } from './modules/widgets/guest-expiry.processor';
import { RetentionWorkerModule } from './modules/retention/retention-worker.module';
import { SearchIndexerModule } from './modules/search/indexer/search-indexer.module';
import { KeyRotationWorkerModule } from './modules/key-rotation/key-rotation-worker.module';

/**
 * What works the queues: each module provides a queue's `@JobProcessor`, and `JobWorkers`
 * runs the processors of whatever is imported. The worker process imports these, and so does
 * the API with WORKER_MODE=inline; nothing else does. A new queue's module goes here.
 */
export const JOB_PROCESSOR_MODULES = [
  BotWorkerModule,
  LinkPreviewWorkerModule,
  ThumbnailsWorkerModule,
  PushWorkerModule,
  MailWorkerModule,
  GuestExpiryWorkerModule,
  DeletedAccountsWorkerModule,
  SchedulingWorkerModule,
  DataExportsWorkerModule,
  RetentionWorkerModule,
  SearchIndexerModule,
  KeyRotationWorkerModule,
];

/**
 * The worker process: the queues' processors, events through the Redis emitter, and only
 * /health, /health/ready and /metrics over HTTP, on its own port.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...coreModules(config), RealtimeEmitterModule, ...JOB_PROCESSOR_MODULES],
    };
  }
}
