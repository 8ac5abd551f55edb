import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { RateLimitedException } from '../../../common/rate-limit/rate-limited.exception';
import type { RateWindow, RedisRateLimiter } from '../../../common/rate-limit/redis-rate-limiter';
import type { AppConfig } from '../../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import type { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import type { MessageAnnouncer } from '../delivery/message-announcer';
import type { SendMessageDto } from '../dto/message-input.dto';
import type { MessageEntity } from '../message.entity';
import type { MessageViews } from '../message-views';
import type { MessagesRepository } from '../messages.repository';
import { MessageSender } from './message-sender';
import type { SendOutcome } from './send-batch';
import type { SendBatcher } from './send-batcher';
import { SendMetrics } from './send-metrics';
import type { ReadRouting } from '../../../database/read-routing';

const row = { id: 'm1', conversationId: 'c1', senderId: 'u1' } as MessageEntity;
const input = { clientMessageId: 'client-1', body: 'hi' };

/** A sender over mocks: the limiter refuses (or not), the batch answers `outcome`. */
function setup(outcome: SendOutcome, limits: { over?: boolean; original?: MessageEntity } = {}) {
  const metrics = new MetricsService();
  const unhitAll = jest.fn((_windows: RateWindow[]) => Promise.resolve());
  const limiter = {
    hitAll: (windows: RateWindow[]) =>
      Promise.resolve(limits.over ? { refused: windows[0], resetInMs: 30_000 } : null),
    unhitAll,
  } as unknown as RedisRateLimiter;
  const submit = jest.fn(() => Promise.resolve(outcome));
  const announce = jest.fn();
  const sender = new MessageSender(
    {
      findByClientId: () => Promise.resolve(limits.original ?? null),
    } as unknown as MessagesRepository,
    { submit } as unknown as SendBatcher,
    limiter,
    { RATE_LIMIT_MESSAGES_PER_MINUTE: 60, RATE_LIMIT_MESSAGES_PER_DAY: 1000 } as AppConfig,
    {
      fresh: (r: MessageEntity) => Promise.resolve({ id: r.id }),
      of: (rows: MessageEntity[]) => Promise.resolve(rows.map((r) => ({ id: r.id }))),
    } as unknown as MessageViews,
    { announce } as unknown as MessageAnnouncer,
    { toConversation: jest.fn() } as unknown as RealtimePublisher,
    new SendMetrics(metrics),
    { markWrote: () => Promise.resolve() } as unknown as ReadRouting,
  );
  const send = async (conversationId = 'c1', body: SendMessageDto = input) =>
    (await sender.queueSend(conversationId, 'u1', body)).result;
  /** A series' value in this sender's registry (`…_count` of a histogram too), 0 if absent. */
  const metric = async (name: string, labels: Record<string, string> = {}) => {
    const base = name.replace(/_count$/, '');
    const values = (await metrics.registry.getSingleMetric(base)?.get())?.values ?? [];
    const found = values.find(
      (v) =>
        ((v as { metricName?: string }).metricName ?? base) === name &&
        Object.entries(labels).every(([k, l]) => v.labels[k] === l),
    );
    return found?.value ?? 0;
  };
  return { send, submit, unhitAll, announce, metric };
}

describe('MessageSender', () => {
  it('announces a stored message and keeps its quota spent', async () => {
    const { send, unhitAll, announce } = setup({ outcome: 'created', message: row });
    await expect(send()).resolves.toEqual({ created: true, message: { id: 'm1' } });
    expect(announce).toHaveBeenCalledWith({ id: 'm1' });
    expect(unhitAll).not.toHaveBeenCalled();
  });

  it('refuses a message with neither body nor attachments before counting it', async () => {
    const { send, submit } = setup({ outcome: 'created', message: row });
    await expect(send('c1', { clientMessageId: 'x' })).rejects.toBeInstanceOf(BadRequestException);
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([
    [{ outcome: 'not_member' } as const, NotFoundException],
    [{ outcome: 'client_id_taken' } as const, ConflictException],
    [{ outcome: 'bad_reply' } as const, BadRequestException],
    [{ outcome: 'bad_attachments' } as const, BadRequestException],
  ])('gives the quota back when the send is refused (%o)', async (outcome, refusal) => {
    const { send, unhitAll, announce } = setup(outcome);
    await expect(send()).rejects.toBeInstanceOf(refusal);
    expect(unhitAll).toHaveBeenCalledTimes(1);
    expect(announce).not.toHaveBeenCalled();
  });

  it('answers a retry of a stored message as a duplicate, quota back, nothing announced', async () => {
    const { send, unhitAll, announce } = setup({ outcome: 'duplicate', message: row });
    await expect(send()).resolves.toEqual({ created: false, message: { id: 'm1' } });
    expect(unhitAll).toHaveBeenCalledTimes(1);
    expect(announce).not.toHaveBeenCalled();
  });

  it('counts refused sends by the code the client gets, and times the stored ones', async () => {
    const stored = setup({ outcome: 'created', message: row });
    await stored.send();
    expect(await stored.metric('chat_send_ack_seconds_count')).toBe(1);
    expect(await stored.metric('chat_send_errors_total', { code: 'NOT_FOUND' })).toBe(0);

    const refused = setup({ outcome: 'not_member' });
    await expect(refused.send()).rejects.toBeInstanceOf(NotFoundException);
    expect(await refused.metric('chat_send_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    const limited = setup({ outcome: 'created', message: row }, { over: true });
    await expect(limited.send()).rejects.toBeInstanceOf(RateLimitedException);
    expect(await limited.metric('chat_send_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
    expect(await limited.metric('chat_send_ack_seconds_count')).toBe(0);
  });

  it('over the limit: 429, unless it is a retry of a stored message', async () => {
    await expect(
      setup({ outcome: 'created', message: row }, { over: true }).send(),
    ).rejects.toBeInstanceOf(RateLimitedException);
    const retry = setup({ outcome: 'created', message: row }, { over: true, original: row });
    await expect(retry.send()).resolves.toEqual({ created: false, message: { id: 'm1' } });
    expect(retry.submit).not.toHaveBeenCalled();
    await expect(retry.send('another')).rejects.toBeInstanceOf(ConflictException);
  });
});
