import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { MessageRetentionModule } from '../messages/retention/message-retention.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { RetentionProcessor } from './retention.processor';

/** The daily retention job, in the worker. */
@Module({
  imports: [WorkspaceModule, MessageRetentionModule, AttachmentsModule, AuditModule],
  providers: [RetentionProcessor],
})
export class RetentionWorkerModule {}
