import {
  type ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { reportServerError } from './telemetry/server-errors';

/** Seconds a client should wait before retrying while a dependency is away. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  // PostgreSQL: shutting down, starting up, too many connections, connection exceptions.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const CONNECTION_MESSAGES =
  /Connection is closed|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Stream isn't writeable|MaxRetriesPerRequest|Reached the max retries per request|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

/**
 * True when an error means Postgres or Redis cannot be reached right now (as opposed to a bug or
 * a bad request): the caller gets 503 / UNAVAILABLE and may retry.
 */
export function isDependencyDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e !== 'object') return false;
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) {
      return true;
    }
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    // TypeORM wraps the driver's error; Node wraps causes.
    e =
      (e as { driverError?: unknown; cause?: unknown }).driverError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}

export class DependencyUnavailableException extends ServiceUnavailableException {
  constructor() {
    super({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `a service the server depends on is unavailable: retry in ${UNAVAILABLE_RETRY_SECONDS} seconds`,
    });
  }
}

/**
 * Everything not already an HTTP answer: a dependency that is down becomes 503 with
 * Retry-After (the process carries on and recovers by itself); anything else stays a 500.
 */
@Catch()
export class DependencyErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Dependencies');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException) && isDependencyDown(exception)) {
      this.logger.warn(`request refused with 503: ${String(exception)}`);
      if (host.getType() === 'http') {
        host
          .switchToHttp()
          .getResponse<Response>()
          .setHeader('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
      }
      super.catch(new DependencyUnavailableException(), host);
      return;
    }
    reportServerError(exception, host);
    super.catch(exception, host);
  }
}
