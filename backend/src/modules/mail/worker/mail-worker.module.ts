import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';

/** Sends account mail: in the worker process, or inside the API with WORKER_MODE=inline. */
@Module({ providers: [MailProcessor] })
export class MailWorkerModule {}
