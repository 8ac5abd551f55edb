import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { twoFactorSecretAad } from '../../common/encryption/two-factor-secret';
import type { JobOf } from '../../common/jobs/job-definitions';
import {
  JobProcessor,
  type QueueProcessor,
  isShutdownAbort,
} from '../../common/jobs/job-processor';
import { JobQueue } from '../../common/jobs/job-queue';
import {
  JobName,
  type KeyRotationKind,
  QueueName,
  type RotateKeysJob,
} from '../../common/jobs/job.types';
import { WORKER_ACTOR } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { FileRotation } from './file-rotation';
import { KeyRotationRepository, type StoredValue, type ValueKind } from './key-rotation.repository';

/** What a pass re-encrypts, in order. */
export const KEY_ROTATION_KINDS: readonly KeyRotationKind[] = [
  'messages',
  'scheduled',
  'twoFactor',
  'files',
];

/** Values per transaction: short row locks, and the saved place is at most this far behind. */
export const KEY_ROTATION_BATCH = 500;
/** Files per saved place: each is read and written whole, so fewer than values. */
export const FILE_ROTATION_BATCH = 50;

/** What binds each kind of value to its row (the same as its writers use). */
const AAD: Record<ValueKind, (scope: string) => string> = {
  messages: (conversationId) => `conversation:${conversationId}`,
  scheduled: (conversationId) => `conversation:${conversationId}`,
  twoFactor: twoFactorSecretAad,
};

/** What one batch did; `after` is where the next one starts (null: nothing was left). */
interface Step {
  after: string | null;
  last: boolean;
  rotated: number;
  failed: number;
}

export interface RotationProgress {
  kind: KeyRotationKind | 'done';
  counts: Record<KeyRotationKind, number>;
  unreadable: number;
}

const noCounts = (): Record<KeyRotationKind, number> => ({
  messages: 0,
  scheduled: 0,
  twoFactor: 0,
  files: 0,
});

/**
 * Re-encrypts every stored value that is not under the current key (plaintext included: that is
 * how turning encryption on encrypts what exists), in primary-key order, in bounded batches,
 * each a compare-and-set so a concurrent edit is never overwritten. After each batch the place
 * is saved in the job's own data: a worker killed mid-pass hands the job back (stalled) and the
 * next attempt resumes there. A worker that starts with encryption on asks for the pass of the
 * current key once (the job id is the key's).
 */
@Injectable()
@JobProcessor(QueueName.KeyRotation)
export class KeyRotationProcessor
  implements QueueProcessor<QueueName.KeyRotation>, OnApplicationBootstrap
{
  private readonly logger = new Logger(KeyRotationProcessor.name);
  // A killed worker's pass is handed back within ~20 s (lock expiry plus a stall check) and
  // resumes from its saved place; a stall is no failure, so many are allowed.
  readonly settings = {
    concurrency: 1,
    lockDuration: 15_000,
    stalledInterval: 5_000,
    maxStalledCount: 10,
  };

  constructor(
    private readonly encryption: AtRestEncryption,
    private readonly stored: KeyRotationRepository,
    private readonly files: FileRotation,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return this.encryption.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    const keyId = this.encryption.ring.currentKeyId;
    if (!keyId) return;
    await this.jobs
      .add(JobName.RotateKeys, { keyId, trigger: 'start' })
      .catch((error: unknown) => this.logger.warn(`key rotation not queued: ${String(error)}`));
  }

  async handle(
    job: JobOf<JobName.RotateKeys>,
    _token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RotationProgress> {
    const ring = this.encryption.ring;
    const data: RotateKeysJob = job.data;
    if (data.keyId !== ring.currentKeyId) {
      // Asked for a key that no longer encrypts (the ring changed since): that pass is moot.
      this.logger.warn(`key rotation to "${data.keyId}" skipped: the current key is another`);
      return { kind: 'done', counts: noCounts(), unreadable: 0 };
    }
    if (!data.cursor && data.trigger === 'start') {
      await this.audit.record(WORKER_ACTOR, 'keys.rotation.started', null, { keyId: data.keyId });
    }
    const counts = { ...noCounts(), ...data.counts };
    let unreadable = data.unreadable ?? 0;
    const from = data.cursor ? KEY_ROTATION_KINDS.indexOf(data.cursor.kind) : 0;
    for (const kind of KEY_ROTATION_KINDS.slice(from)) {
      let after = data.cursor?.kind === kind ? data.cursor.after : null;
      for (;;) {
        if (signal?.aborted) {
          throw new Error(isShutdownAbort(signal) ? 'stopped: shutdown' : 'stopped');
        }
        const step =
          kind === 'files'
            ? await this.rotateFiles(data.keyId, after)
            : await this.rotateValues(kind, data.keyId, after);
        if (step.after === null) break;
        counts[kind] += step.rotated;
        unreadable += step.failed;
        after = step.after;
        await job.updateData({ ...data, cursor: { kind, after }, counts, unreadable });
        await job.updateProgress({ kind, counts, unreadable } satisfies RotationProgress);
        if (step.last) break;
      }
    }
    const result: RotationProgress = { kind: 'done', counts, unreadable };
    await job.updateProgress(result);
    await this.audit.record(WORKER_ACTOR, 'keys.rotation.finished', null, {
      keyId: data.keyId,
      counts,
      unreadable,
    });
    this.logger.log(
      `key rotation to "${data.keyId}" done: ${JSON.stringify(counts)}, ${unreadable} unreadable`,
    );
    return result;
  }

  /** One batch of values: `after` null when there was none left. */
  private async rotateValues(kind: ValueKind, keyId: string, after: string | null): Promise<Step> {
    const batch = await this.stored.batch(kind, keyId, after, KEY_ROTATION_BATCH);
    if (batch.length === 0) return { after: null, last: true, rotated: 0, failed: 0 };
    const { values, failed } = this.reencrypt(kind, batch);
    return {
      after: batch[batch.length - 1].id,
      last: batch.length < KEY_ROTATION_BATCH,
      rotated: await this.stored.swap(kind, values),
      failed,
    };
  }

  /** One batch of stored files, by storage key. */
  private async rotateFiles(keyId: string, after: string | null): Promise<Step> {
    const keys = await this.stored.fileKeys(after, FILE_ROTATION_BATCH);
    if (keys.length === 0) return { after: null, last: true, rotated: 0, failed: 0 };
    let rotated = 0;
    let failed = 0;
    for (const key of keys) {
      const outcome = await this.files.rotate(key, keyId);
      if (outcome === 'rotated') rotated += 1;
      if (outcome === 'unreadable') {
        failed += 1;
        this.logger.error(`file ${key} does not decrypt, left as it is`);
      }
    }
    return {
      after: keys[keys.length - 1],
      last: keys.length < FILE_ROTATION_BATCH,
      rotated,
      failed,
    };
  }

  /** The batch under the current key; a value that does not decrypt is counted and left. */
  private reencrypt(
    kind: ValueKind,
    batch: StoredValue[],
  ): { values: { id: string; old: string; new: string }[]; failed: number } {
    const ring = this.encryption.ring;
    const aad = AAD[kind];
    const values: { id: string; old: string; new: string }[] = [];
    let failed = 0;
    for (const row of batch) {
      try {
        const text = ring.decrypt(row.value, aad(row.scope));
        values.push({ id: row.id, old: row.value, new: ring.encrypt(text, aad(row.scope)) });
      } catch (error) {
        failed += 1;
        this.logger.error(
          `${kind} ${row.id} does not decrypt, left as it is: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return { values, failed };
  }
}
