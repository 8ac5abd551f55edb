import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { AuthUser } from '../current-user.decorator';
import { AppConfig } from '../../config/app-config';
import { REQUEST_COST } from './request-cost.decorator';
import { RateLimitedException } from './rate-limited.exception';
import { RedisRateLimiter, type RateWindow } from './redis-rate-limiter';

const MINUTE_MS = 60_000;

/**
 * Every REST route draws on two per-minute budgets in Redis (so across instances): the
 * caller's, once signed in, and the client address's. A route costs its `@RequestCost` (1 by
 * default). Over either: 429 with the retry time (body and Retry-After), and the refused
 * request counts nothing. An interceptor rather than a guard: it runs after the global JWT
 * guard has named the caller, and before validation.
 */
@Injectable()
export class RequestLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const cost =
      this.reflector.getAllAndOverride<number | undefined>(REQUEST_COST, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 1;
    if (cost === 0) return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const windows: RateWindow[] = [
      {
        key: `requests:ip:${request.ip ?? 'unknown'}`,
        limit: this.config.RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP,
        windowMs: MINUTE_MS,
        cost,
      },
    ];
    if (request.user) {
      windows.push({
        key: `requests:user:${request.user.id}`,
        limit: this.config.RATE_LIMIT_REQUESTS_PER_MINUTE,
        windowMs: MINUTE_MS,
        cost,
      });
    }
    const refused = await this.limiter.hitAll(windows);
    if (refused) {
      const who = refused.refused === windows[0] ? 'from this address' : 'for this account';
      throw new RateLimitedException(`too many requests ${who}`, refused.resetInMs);
    }
    return next.handle();
  }
}
