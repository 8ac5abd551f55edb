import { Injectable } from '@nestjs/common';
import type { KeyRotationKind } from '../../common/jobs/job.types';
import { KeyRotationRepository } from './key-rotation.repository';

/** What the operator may ask of the stored values: how many are under which key. */
@Injectable()
export class KeyRotationService {
  constructor(private readonly stored: KeyRotationRepository) {}

  /** Values per key id (`plaintext` for values not encrypted). */
  census(kind: KeyRotationKind): Promise<Record<string, number>> {
    return this.stored.census(kind);
  }
}
