import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { InviteEntity } from './invite.entity';
import { InvitesController } from './invites.controller';
import { InvitesRepository } from './invites.repository';
import { InvitesService } from './invites.service';

/** Invitations to register; the auth module spends them, this one manages them. */
@Module({
  imports: [TypeOrmModule.forFeature([InviteEntity]), UsersModule, WorkspaceModule, AuditModule],
  controllers: [InvitesController],
  providers: [InvitesRepository, InvitesService],
  exports: [InvitesService],
})
export class InvitesModule {}
