import { setTimeout as sleep } from 'node:timers/promises';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName, type KeyRotationKind } from '../../common/jobs/job.types';
import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { AuditService } from '../../modules/audit/audit.service';
import { KeyRotationService } from '../../modules/key-rotation/key-rotation.service';
import type { RotationProgress } from '../../modules/key-rotation/key-rotation.processor';
import { type CliCommand, UsageError } from '../cli-command';

const KINDS: readonly KeyRotationKind[] = ['messages', 'scheduled', 'twoFactor', 'files'];
const POLL_MS = 500;

const describe = (p: RotationProgress) =>
  `${KINDS.map((k) => `${k} ${p.counts[k]}`).join(', ')}; unreadable ${p.unreadable}`;

const isProgress = (value: unknown): value is RotationProgress =>
  typeof value === 'object' && value !== null && 'counts' in value;

/**
 * `keys:rotate [--wait]`: queues the re-encryption of every value not under the current key
 * (the first of ENCRYPTION_KEYS) on the `key-rotation` queue, which a worker runs. It prints the
 * job id and exits; `--wait` follows it with a progress line per batch and, at the end, the
 * values per key, so the operator can see that an old key holds nothing any more.
 */
export const keysRotate: CliCommand = {
  name: 'keys:rotate',
  usage: '[--wait]',
  summary: 're-encrypt stored data under the first key of ENCRYPTION_KEYS (in a worker)',
  flags: ['wait'],
  check(args) {
    if (args.positionals.length > 0) throw new UsageError('keys:rotate takes no arguments');
  },
  async run(app, args, progress) {
    const keyId = app.get(AtRestEncryption).ring.currentKeyId;
    if (!keyId) throw new Error('ENCRYPTION_KEYS is not set: there is no key to rotate to');
    const jobs = app.get(JobQueue);
    const payload = { keyId, trigger: 'cli' as const };
    const existing = await jobs.find(JobName.RotateKeys, payload);
    const state = existing ? await existing.getState() : null;
    if (state === 'completed' || state === 'failed') {
      // A finished pass: run another (values written since under an older key are caught too).
      await jobs.remove(JobName.RotateKeys, payload);
    }
    const running = state !== null && state !== 'completed' && state !== 'failed';
    if (!running) {
      await jobs.add(JobName.RotateKeys, payload);
      await app.get(AuditService).record(CLI_ACTOR, 'keys.rotation.started', null, { keyId });
    }
    const job = await jobs.find(JobName.RotateKeys, payload);
    const lines = [
      `key rotation to "${keyId}" ${running ? 'already running' : 'queued'}: job ${job?.id}`,
    ];
    if (args.values.wait !== 'true' || !job) return lines;
    for (const line of lines) progress.line(line);
    let last = '';
    for (;;) {
      const current = await jobs.find(JobName.RotateKeys, payload);
      const now = current ? await current.getState() : 'unknown';
      if (current && isProgress(current.progress)) {
        const line = describe(current.progress);
        if (line !== last) progress.line(line);
        last = line;
      }
      if (now === 'failed') throw new Error(`key rotation failed: ${current?.failedReason}`);
      if (now === 'completed' || now === 'unknown') break;
      await sleep(POLL_MS);
    }
    const census = app.get(KeyRotationService);
    const perKind = await Promise.all(
      KINDS.map(async (k) => `${k}: ${JSON.stringify(await census.census(k))}`),
    );
    return [`key rotation to "${keyId}" done`, ...perKind];
  },
};
