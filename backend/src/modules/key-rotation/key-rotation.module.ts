import { Module } from '@nestjs/common';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';

/** Where encrypted values are stored and under which keys: for the rotation and the CLI. */
@Module({
  providers: [KeyRotationRepository, KeyRotationService],
  exports: [KeyRotationRepository, KeyRotationService],
})
export class KeyRotationModule {}
