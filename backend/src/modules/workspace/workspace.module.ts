import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { SettingsController } from './settings.controller';
import { WorkspaceSettingsEntity } from './workspace-settings.entity';
import { WorkspaceSettingsRepository } from './workspace-settings.repository';
import { WorkspaceSettingsService } from './workspace-settings.service';

/** The workspace's runtime settings (registration policy, name, ...), cached per process. */
@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceSettingsEntity]), AuditModule, UsersModule],
  controllers: [SettingsController],
  providers: [WorkspaceSettingsRepository, WorkspaceSettingsService],
  exports: [WorkspaceSettingsService],
})
export class WorkspaceModule {}
