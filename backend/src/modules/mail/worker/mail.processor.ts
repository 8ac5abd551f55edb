import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import {
  JobProcessor,
  type QueueProcessor,
  type WorkerSettings,
} from '../../../common/jobs/job-processor';
import { type MailJob, QueueName } from '../../../common/jobs/job.types';
import { AppConfig } from '../../../config/app-config';
import { renderMail } from '../mail-templates';

/**
 * Sends account mail over SMTP (SMTP_URL). A refused or unreachable server fails the attempt,
 * and BullMQ retries it with backoff (see the `mail` definition in JOBS).
 */
@Injectable()
@JobProcessor(QueueName.Mail)
export class MailProcessor implements QueueProcessor<QueueName.Mail>, OnApplicationShutdown {
  readonly settings: WorkerSettings = { concurrency: 4 };
  readonly enabled: boolean;
  private readonly transport: Transporter | null;

  constructor(private readonly config: AppConfig) {
    this.enabled = config.mailEnabled;
    this.transport = config.SMTP_URL
      ? createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, socketTimeout: 30_000 })
      : null;
  }

  async handle(job: Job<MailJob>): Promise<void> {
    if (!this.transport) return;
    const { to, template, params } = job.data;
    const mail = renderMail(template, params);
    await this.transport.sendMail({ from: this.config.MAIL_FROM, to, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
