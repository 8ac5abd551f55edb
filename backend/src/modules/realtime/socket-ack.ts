import { HttpException, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { UNAVAILABLE_RETRY_SECONDS } from '../../common/dependency-errors';
import { findHostileValue } from '../../common/hostile-input';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { reportError } from '../../common/telemetry/telemetry';
import type { Ack } from './contract/event-maps';
import { errorCodeOf } from './contract/error-code';

const logger = new Logger('Realtime');

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : exception.message;
  return Array.isArray(message) ? message.join('; ') : String(message);
}

/** Maps what a service threw onto the contract's acknowledgement error. */
export function toAckError(error: unknown): Ack<never> {
  const code = errorCodeOf(error);
  if (code === 'UNAVAILABLE' && !(error instanceof HttpException)) {
    return {
      ok: false,
      error: {
        code,
        message: 'a service the server depends on is unavailable: retry later',
        retryAfterMs: UNAVAILABLE_RETRY_SECONDS * 1000,
      },
    };
  }
  if (code !== 'INTERNAL' && error instanceof HttpException) {
    const retryAfterMs = error instanceof RateLimitedException ? error.retryAfterMs : undefined;
    return {
      ok: false,
      error: { code, message: messageOf(error), ...(retryAfterMs ? { retryAfterMs } : {}) },
    };
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  reportError(error, { transport: 'socket' });
  return { ok: false, error: { code: 'INTERNAL', message: 'something went wrong; try again' } };
}

/**
 * Validates a client payload with the same DTO rules as REST (whitelist, unknown fields
 * rejected), then runs the handler; every outcome becomes an acknowledgement, never a
 * disconnect.
 */
export async function handleEvent<Dto extends object, T>(
  dto: new () => Dto,
  payload: unknown,
  handler: (input: Dto) => Promise<T>,
): Promise<Ack<T>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'payload must be an object' } };
  }
  const hostile = findHostileValue(payload);
  if (hostile) return { ok: false, error: { code: 'VALIDATION', message: hostile } };
  const input = plainToInstance(dto, payload);
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const message = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
    return { ok: false, error: { code: 'VALIDATION', message } };
  }
  return settleEvent(Promise.resolve(input).then(handler));
}

/** An acknowledgement for work a handler started and left running. */
export async function settleEvent<T>(work: Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work };
  } catch (error) {
    return toAckError(error);
  }
}
