import { Injectable } from '@nestjs/common';
import { RedisRateLimiter } from '../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { AppConfig } from '../../config/app-config';

const MINUTE_MS = 60_000;

/** RATE_LIMIT_UPLOADS_PER_MINUTE per user, attachments and avatars together, on every instance. */
@Injectable()
export class UploadRateLimit {
  constructor(
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async hit(userId: string): Promise<void> {
    const result = await this.limiter.hit(
      `upload:min:${userId}`,
      this.config.RATE_LIMIT_UPLOADS_PER_MINUTE,
      MINUTE_MS,
    );
    if (!result.allowed) throw new RateLimitedException('too many uploads', result.resetInMs);
  }
}
