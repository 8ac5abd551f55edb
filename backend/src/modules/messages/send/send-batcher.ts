import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsService } from '../../metrics/metrics.service';
import { MessagesRepository } from '../messages.repository';
import type { SendItem, SendOutcome } from './send-batch';

/** A batch larger than this waits for the next round: one statement stays short. */
const MAX_BATCH = 200;

interface Pending {
  item: SendItem;
  resolve: (outcome: SendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Sends that arrive while a batch is being written wait and go together in the
 * next one: one statement, one transaction, one WAL flush for all of them. An idle server writes
 * a lone send at once (the wait is one turn of the event loop). One batch is in flight at a
 * time, so batches commit in the order their sends were queued: a client's burst keeps its order
 * without waiting for each acknowledgement.
 */
@Injectable()
export class SendBatcher {
  private queue: Pending[] = [];
  private writing = false;
  private scheduled = false;

  private readonly batchSize: Histogram;

  constructor(
    private readonly messages: MessagesRepository,
    metrics: MetricsService,
  ) {
    this.batchSize = new Histogram({
      name: 'message_send_batch_size',
      help: 'Sends written per group commit (one statement, one transaction)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 200],
      registers: [metrics.registry],
    });
  }

  /** Queues a send now (its place in line is fixed on return) and answers once it committed. */
  submit(item: SendItem): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // Gathers whatever else this turn of the event loop queues.
    setImmediate(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.batchSize.observe(batch.length);
    try {
      const outcomes = await this.messages.sendBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await this.writeOneByOne(batch);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }

  /** After a failed batch: each send on its own, so one cannot fail the others. */
  private async writeOneByOne(batch: Pending[]): Promise<void> {
    for (const pending of batch) {
      try {
        const [outcome] = await this.messages.sendBatch([pending.item]);
        pending.resolve(outcome);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
