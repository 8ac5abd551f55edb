import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { KeyRotationModule } from './key-rotation.module';
import { KeyRotationProcessor } from './key-rotation.processor';

/** Re-encrypts stored values under the current key (`keys:rotate`, or a worker's start). */
@Module({
  imports: [KeyRotationModule, AuditModule],
  providers: [KeyRotationProcessor],
})
export class KeyRotationWorkerModule {}
