import { GoneException, Injectable, NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';
import { AttachmentStorage } from '../attachments/storage/attachment-storage';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import type { DataExportEntity } from './data-export.entity';
import { DataExportsRepository } from './data-exports.repository';
import type { DataExportDto } from './dto/data-export.dto';
import { exportPath, exportToken, sha256, tokenMatches } from './export-link';

/** "Export my data": starting the archive's job, its state, and the download by link. */
@Injectable()
export class DataExportsService {
  constructor(
    private readonly exports: DataExportsRepository,
    private readonly users: UsersService,
    private readonly storage: AttachmentStorage,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Starts an export, or answers the one already running (one at a time per person). */
  async start(userId: string): Promise<DataExportDto> {
    const created = await this.exports.insertRunning(userId);
    if (!created) return this.status(userId);
    await this.jobs.add(JobName.BuildExport, { exportId: created.id });
    await this.audit.record(apiActor(userId), 'account.export_requested', userId, {
      exportId: created.id,
    });
    return this.toDto(created, await this.mailed(userId));
  }

  async status(userId: string): Promise<DataExportDto> {
    const latest = await this.exports.latest(userId);
    if (!latest) return { status: 'none', progress: 0, mailed: await this.mailed(userId) };
    return this.toDto(latest, await this.mailed(userId));
  }

  /** The archive behind a download link: 404 for a wrong id or token, 410 once expired. */
  async open(id: string, token: string): Promise<{ body: Readable; size: number; at: Date }> {
    const row = await this.exports.findById(id);
    if (!row || row.status === 'running' || row.status === 'failed') throw notFound();
    if (row.status === 'expired') {
      // Expired rows keep no hash: the token is checked against the one it would have been.
      if (!tokenMatches(token, sha256(this.token(id)))) throw notFound();
      throw new GoneException('this export has expired: start a new one');
    }
    if (!tokenMatches(token, row.tokenHash)) throw notFound();
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      throw new GoneException('this export has expired: start a new one');
    }
    const body = await this.storage.get(row.storageKey!);
    await this.audit.record(apiActor(row.userId), 'account.export_downloaded', row.userId, {
      exportId: id,
    });
    return { body, size: Number(row.size), at: row.createdAt };
  }

  private token(id: string): string {
    return exportToken(this.config.jwtSecret, id);
  }

  private async mailed(userId: string): Promise<boolean> {
    if (!this.config.mailEnabled) return false;
    const account = await this.users.getAccount(userId);
    return account.email !== null && account.emailVerified;
  }

  private toDto(row: DataExportEntity, mailed: boolean): DataExportDto {
    const dto: DataExportDto = { status: row.status, progress: row.progress, mailed };
    if (row.status === 'ready') {
      dto.url = `${this.config.PUBLIC_URL?.replace(/\/+$/, '') ?? ''}${exportPath(row.id, this.token(row.id))}`;
      dto.size = Number(row.size);
    }
    if (row.expiresAt) dto.expiresAt = row.expiresAt.toISOString();
    return dto;
  }
}

const notFound = () => new NotFoundException('no such export');
