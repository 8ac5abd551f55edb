import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentStorageModule } from '../attachments/storage/storage.module';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { DataExportEntity } from './data-export.entity';
import { DataExportsRepository } from './data-exports.repository';
import { DataExportsService } from './data-exports.service';
import { ExportsController } from './exports.controller';

/**
 * "Export my data" (issue 18): the routes that start an export, tell where it stands and
 * serve its download link. The archive is built by `DataExportsWorkerModule`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DataExportEntity]),
    AttachmentStorageModule,
    AuditModule,
    UsersModule,
  ],
  controllers: [ExportsController],
  providers: [DataExportsRepository, DataExportsService],
})
export class ExportsModule {}
