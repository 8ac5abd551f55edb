import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { currentTraceparent } from '../../../common/telemetry/spans';
import { MetricsService } from '../../metrics/metrics.service';
import { MessagesRepository } from '../messages.repository';
import type { SendItem, SendOutcome } from './send-batch';

/** A batch larger than this waits for the next round: one statement stays short. */
const MAX_BATCH = 200;
/**
 * Batches written at once. More than one keeps PostgreSQL busy while the API handles a batch's
 * answer, and one slow commit does not hold up every conversation; a few suffice on one
 * database server, and each holds a pooled connection.
 */
const MAX_WRITING = 3;

interface Pending {
  item: SendItem;
  resolve: (outcome: SendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Sends that arrive while batches are being written wait and go together in a
 * next one: one statement, one transaction, one WAL flush for all of them. An idle server
 * writes a lone send at once (the wait is one turn of the event loop). A conversation is in at
 * most one batch being written, and its sends are taken in the order they were queued: they are
 * numbered in that order, so a client's burst keeps its order without waiting for each
 * acknowledgement.
 */
@Injectable()
export class SendBatcher {
  private queue: Pending[] = [];
  /** Conversations with a batch being written. */
  private readonly writing = new Set<string>();
  private writers = 0;
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
    // The send's own trace: the batch is written in the first send's context.
    const traceparent = currentTraceparent();
    if (traceparent) item = { ...item, traceparent };
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writers >= MAX_WRITING || this.queue.length === 0) return;
    this.scheduled = true;
    // Gathers whatever else this turn of the event loop queues.
    setImmediate(() => {
      this.scheduled = false;
      this.startWriting();
    });
  }

  private startWriting(): void {
    while (this.writers < MAX_WRITING) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      void this.write(batch);
    }
  }

  /**
   * The queued sends of conversations not being written, in queue order, up to MAX_BATCH. Once
   * one send of a conversation stays behind, so do its later ones.
   */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const left: Pending[] = [];
    const held = new Set(this.writing);
    for (const pending of this.queue) {
      const conversationId = pending.item.conversationId;
      if (batch.length < MAX_BATCH && !held.has(conversationId)) batch.push(pending);
      else {
        left.push(pending);
        held.add(conversationId);
      }
    }
    this.queue = left;
    for (const pending of batch) this.writing.add(pending.item.conversationId);
    return batch;
  }

  private async write(batch: Pending[]): Promise<void> {
    this.writers += 1;
    this.batchSize.observe(batch.length);
    try {
      const outcomes = await this.messages.sendBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await this.writeOneByOne(batch);
    } finally {
      for (const pending of batch) this.writing.delete(pending.item.conversationId);
      this.writers -= 1;
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
