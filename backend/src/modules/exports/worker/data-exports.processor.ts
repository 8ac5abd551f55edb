import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { JobOf, QueueJob } from '../../../common/jobs/job-definitions';
import { JobProcessor, type QueueProcessor } from '../../../common/jobs/job-processor';
import { JobQueue } from '../../../common/jobs/job-queue';
import { JobName, QueueName } from '../../../common/jobs/job.types';
import { AppConfig } from '../../../config/app-config';
import { AttachmentStorage } from '../../attachments/storage/attachment-storage';
import { MailService } from '../../mail/mail.service';
import { UsersService } from '../../users/users.service';
import { WorkspaceSettingsService } from '../../workspace/workspace-settings.service';
import type { DataExportEntity } from '../data-export.entity';
import {
  DataExportsRepository,
  type ExportedFile,
  type MessageCursor,
} from '../data-exports.repository';
import { EXPORT_TTL_MS, exportPath, exportToken, sha256 } from '../export-link';
import { ExportArchive, jsonArray } from './export-archive';

const HOUR_MS = 3_600_000;
/** Rows read per query: bounded memory whatever the person wrote. */
const PAGE = 500;
/** Expired exports handled per sweep round. */
const SWEEP_BATCH = 100;

/** Writes the progress percentage to the row when it moves, at most every half second. */
class ProgressMeter {
  private done = 0;
  private written = 0;
  private writtenAt = 0;

  constructor(
    private readonly total: number,
    private readonly write: (percent: number) => Promise<void>,
  ) {}

  async step(count = 1): Promise<void> {
    this.done += count;
    // 99 at most: 100 means the archive is stored and its link made.
    const percent = Math.min(99, Math.floor((this.done / Math.max(1, this.total)) * 99));
    if (percent === this.written || Date.now() - this.writtenAt < 500) return;
    this.written = percent;
    this.writtenAt = Date.now();
    await this.write(percent);
  }
}

/**
 * Builds a person's data export: a ZIP streamed into the attachment storage (`exports/<id>.zip`)
 * with profile.json, conversations.json, messages.json (theirs, paged) and files/ (what they
 * uploaded), then mails the link when they have a verified address. An hourly sweep on the same
 * queue deletes archives past their 24 hours.
 */
@Injectable()
@JobProcessor(QueueName.DataExports)
export class DataExportsProcessor
  implements QueueProcessor<QueueName.DataExports>, OnApplicationBootstrap
{
  private readonly logger = new Logger(DataExportsProcessor.name);
  readonly settings = { concurrency: 1 };

  constructor(
    private readonly exports: DataExportsRepository,
    private readonly storage: AttachmentStorage,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly settingsService: WorkspaceSettingsService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .repeat(JobName.ExpireExports, { trigger: 'hourly' }, HOUR_MS)
      .catch((error: unknown) => this.logger.warn(`export sweep not scheduled: ${String(error)}`));
  }

  handle(job: QueueJob<QueueName.DataExports>): Promise<unknown> {
    return job.name === JobName.BuildExport ? this.build(job) : this.sweep();
  }

  /** After the last attempt the export is marked failed, so the page offers a new one. */
  async onFailed(job: QueueJob<QueueName.DataExports>, error: Error): Promise<void> {
    if (job.name !== JobName.BuildExport) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { exportId } = job.data;
    this.logger.error(`data export ${exportId} failed: ${error.message}`);
    await this.exports.markFailed(exportId).catch(() => undefined);
  }

  private async build(job: JobOf<JobName.BuildExport>): Promise<string> {
    const row = await this.exports.findById(job.data.exportId);
    if (!row || row.status !== 'running') return 'gone';
    await this.exports.setProgress(row.id, 0);
    const key = `exports/${row.id}.zip`;
    const archive = new ExportArchive();
    const stored = this.storage.put(key, archive.output, { contentType: 'application/zip' });
    let size: number;
    try {
      // Both at once: a storage that fails stops the writing instead of leaving it waiting.
      [size] = await Promise.all([this.write(row, archive), stored]);
    } catch (error) {
      archive.abort(error instanceof Error ? error : new Error(String(error)));
      await stored.catch(() => undefined);
      throw error;
    }
    const token = exportToken(this.config.jwtSecret, row.id);
    const expiresAt = new Date(Date.now() + EXPORT_TTL_MS);
    await this.exports.markReady(row.id, {
      storageKey: key,
      size,
      tokenHash: sha256(token),
      expiresAt,
    });
    // One archive per person: the new one replaces any earlier one (its link answers 410).
    for (const earlier of await this.exports.readyOthers(row.userId, row.id)) {
      await this.expire(earlier);
    }
    await this.mailLink(row, token);
    return 'ready';
  }

  private async write(row: DataExportEntity, archive: ExportArchive): Promise<number> {
    const userId = row.userId;
    const [messages, files] = await Promise.all([
      this.exports.countMessages(userId),
      this.exports.countFiles(userId),
    ]);
    const progress = new ProgressMeter(2 + messages + files, (p) =>
      this.exports.setProgress(row.id, p),
    );

    const profile = await this.users.getMe(userId);
    await archive.add('profile.json', json({ exportedAt: new Date(), profile }));
    await progress.step();

    const conversations = await this.exports.conversationsOf(userId);
    await archive.add('conversations.json', json(conversations));
    await progress.step();

    await archive.add('messages.json', jsonArray(this.messagePages(userId, progress)));

    const index: (ExportedFile & { path: string })[] = [];
    for await (const page of this.filePages(userId)) {
      for (const file of page) {
        const path = `files/${file.id}/${safeName(file.name)}`;
        const body = await this.storage.get(file.storageKey).catch(() => null);
        // A file whose bytes are gone (deleted by retention meanwhile) is listed, not fatal.
        if (body) await archive.add(path, body, file.createdAt);
        index.push({ ...file, path: body ? path : '' });
        await progress.step();
      }
    }
    await archive.add('files.json', json(index.map(({ storageKey: _key, ...file }) => file)));
    await archive.add('README.txt', README);
    return archive.finish();
  }

  private async *messagePages(userId: string, progress: ProgressMeter) {
    let cursor: MessageCursor | null = null;
    do {
      const page = await this.exports.messagesOf(userId, cursor, PAGE);
      yield page.items;
      await progress.step(page.items.length);
      cursor = page.next;
    } while (cursor);
  }

  private async *filePages(userId: string) {
    let after: string | null = null;
    for (;;) {
      const page = await this.exports.filesOf(userId, after, PAGE);
      if (page.length > 0) yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].id;
    }
  }

  private async mailLink(row: DataExportEntity, token: string): Promise<void> {
    if (!this.mail.enabled) return;
    const account = await this.users.getAccount(row.userId);
    if (!account.email || !account.emailVerified) return;
    const { workspaceName } = await this.settingsService.get();
    const base = (this.config.PUBLIC_URL ?? '').replace(/\/+$/, '');
    await this.mail.send({
      to: account.email,
      template: 'export-ready',
      params: {
        displayName: account.user.displayName,
        workspaceName,
        url: `${base}${exportPath(row.id, token)}`,
      },
    });
  }

  /** The file first, so a row never says `expired` while its archive is still stored. */
  private async expire(row: DataExportEntity): Promise<void> {
    if (row.storageKey) await this.storage.delete(row.storageKey);
    await this.exports.markExpired(row.id);
  }

  /** Deletes the archives past their expiry: the file first, then the row says `expired`. */
  private async sweep(): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.exports.due(SWEEP_BATCH);
      for (const row of due) await this.expire(row);
      expired += due.length;
      if (due.length < SWEEP_BATCH) break;
    }
    if (expired > 0) this.logger.log(`deleted ${expired} expired data exports`);
    return expired;
  }
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** A stored name as a ZIP path segment: no directories, no control characters. */
const safeName = (name: string): string => {
  const cleaned = [...name]
    .map((c) =>
      c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || c === '/' || c === '\\' ? '_' : c,
    )
    .join('')
    .replace(/^\.+/, '_');
  return cleaned || 'file';
};

const README = [
  'Your data export',
  '',
  'profile.json        your profile as the server stores it',
  'conversations.json  the conversations you are in, with your role in each',
  'messages.json       every message you sent (deleted ones with body null), oldest first',
  'files.json          the files you uploaded; their bytes are under files/<id>/<name>',
  '',
].join('\n');
