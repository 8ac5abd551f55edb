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
import { isDependencyDown, UNAVAILABLE_RETRY_SECONDS } from './dependency-failure';
import { reportServerError } from './telemetry/server-errors';

export { isDependencyDown, UNAVAILABLE_RETRY_SECONDS } from './dependency-failure';

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
