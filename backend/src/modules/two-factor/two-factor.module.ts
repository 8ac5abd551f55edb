import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { AdminAccessPolicy } from '../users/admin-access-policy';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { AdminTwoFactorPolicy } from './admin-two-factor.policy';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorEntity } from './two-factor.entity';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

/**
 * TOTP two-factor authentication: its settings routes, the check sign-in asks it for, and the
 * admin API's `AdminAccessPolicy` (global, so the users module's admin guard finds it).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([TwoFactorEntity, RecoveryCodeEntity]),
    UsersModule,
    AuditModule,
    WorkspaceModule,
  ],
  controllers: [TwoFactorController],
  providers: [
    TwoFactorRepository,
    TwoFactorService,
    PasswordHasher,
    AdminTwoFactorPolicy,
    { provide: AdminAccessPolicy, useExisting: AdminTwoFactorPolicy },
  ],
  exports: [TwoFactorService, AdminAccessPolicy],
})
export class TwoFactorModule {}
