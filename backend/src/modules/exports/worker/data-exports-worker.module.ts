import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentStorageModule } from '../../attachments/storage/storage.module';
import { MailModule } from '../../mail/mail.module';
import { UsersModule } from '../../users/users.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { DataExportEntity } from '../data-export.entity';
import { DataExportsRepository } from '../data-exports.repository';
import { DataExportsProcessor } from './data-exports.processor';

@Module({
  imports: [
    TypeOrmModule.forFeature([DataExportEntity]),
    AttachmentStorageModule,
    MailModule,
    UsersModule,
    WorkspaceModule,
  ],
  providers: [DataExportsRepository, DataExportsProcessor],
})
export class DataExportsWorkerModule {}
