import { Injectable } from '@nestjs/common';
import type { KeyRotationKind } from '../../common/jobs/job.types';
import { FileRotation } from './file-rotation';
import { KeyRotationRepository } from './key-rotation.repository';

const FILE_PAGE = 500;

/** What the operator may ask of the stored values: how many are under which key. */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly stored: KeyRotationRepository,
    private readonly files: FileRotation,
  ) {}

  /**
   * Values per key id (`plaintext` for values not encrypted). Files are counted from their
   * headers, one small read each.
   */
  async census(kind: KeyRotationKind): Promise<Record<string, number>> {
    if (kind !== 'files') return this.stored.census(kind);
    const counts: Record<string, number> = {};
    for (let after: string | null = null; ;) {
      const keys = await this.stored.fileKeys(after, FILE_PAGE);
      for (const key of keys) {
        const sealedWith = await this.files.keyOf(key);
        const name = sealedWith === undefined ? 'missing' : (sealedWith ?? 'plaintext');
        counts[name] = (counts[name] ?? 0) + 1;
      }
      if (keys.length < FILE_PAGE) return counts;
      after = keys[keys.length - 1];
    }
  }
}
