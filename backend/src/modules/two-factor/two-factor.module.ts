import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorEntity } from './two-factor.entity';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

/** TOTP two-factor authentication: its settings routes, and the check sign-in asks it for. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TwoFactorEntity, RecoveryCodeEntity]),
    UsersModule,
    AuditModule,
    WorkspaceModule,
  ],
  controllers: [TwoFactorController],
  providers: [TwoFactorRepository, TwoFactorService, PasswordHasher],
  exports: [TwoFactorService],
})
export class TwoFactorModule {}
