import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { type Dependency, recentFailureOf } from '../../common/dependency-failure';

/**
 * Readiness as requests see it: a dependency is down while requests were refused for it within
 * the window, even when a ping answers (a statement timeout, a database closed to new sessions
 * while the probe's pooled connection lives on). The window is the Retry-After clients are
 * given, so the probe stays red for as long as they are told to wait.
 */
@Injectable()
export class RecentFailuresIndicator {
  constructor(private readonly health: HealthIndicatorService) {}

  /** Down naming the last failure, if requests saw one within the window; else the ping. */
  orPing<Key extends Dependency>(
    key: Key,
    ping: () => PromiseLike<HealthIndicatorResult<Key>>,
  ): PromiseLike<HealthIndicatorResult<Key>> {
    const recent = recentFailureOf(key);
    if (!recent) return ping();
    const { phase, reason } = recent.failure;
    const ago = Math.round(recent.agoMs / 1000);
    return Promise.resolve(
      this.health
        .check(key)
        .down({ message: `requests failed ${ago} s ago (${phase}): ${reason}` }),
    );
  }
}
