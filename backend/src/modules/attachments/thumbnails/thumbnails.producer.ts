import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../../common/jobs/job-queue';
import { JobName } from '../../../common/jobs/job.types';

/** Puts uploaded images on the `attachment-thumbnails` queue for the worker. */
@Injectable()
export class ThumbnailsProducer {
  constructor(private readonly jobs: JobQueue) {}

  /** The job id is the attachment's: enqueueing one image twice makes one job. */
  async enqueue(attachmentId: string): Promise<void> {
    await this.jobs.add(JobName.Thumbnail, { attachmentId });
  }
}
