import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName, type MailJob } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';

/** Queues account mail for the worker; with mail off (no SMTP_URL) nothing is queued. */
@Injectable()
export class MailService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.mailEnabled;
  }

  /** Whether the mail was queued (false: mail is off). */
  async send(mail: Omit<MailJob, 'mailId'>): Promise<boolean> {
    if (!this.enabled) return false;
    await this.jobs.add(JobName.Mail, { mailId: randomUUID(), ...mail });
    return true;
  }
}
