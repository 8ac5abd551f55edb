import { ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

/** 429 that says when to retry: in the message, in the body and (over HTTP) in Retry-After. */
export class RateLimitedException extends HttpException {
  constructor(
    what: string,
    readonly retryAfterMs: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `${what}: retry in ${seconds} seconds`,
        retryAfterSeconds: seconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

@Catch(RateLimitedException)
export class RateLimitedFilter extends BaseExceptionFilter {
  override catch(exception: RateLimitedException, host: ArgumentsHost): void {
    if (host.getType() === 'http') {
      host
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterMs / 1000))));
    }
    super.catch(exception, host);
  }
}
