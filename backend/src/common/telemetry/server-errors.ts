import { type ArgumentsHost, HttpException } from '@nestjs/common';
import type { Request } from 'express';
import { reportError, telemetry } from './telemetry';

/**
 * Reports an error that becomes a 5xx answer: a bug, not a refusal (4xx) and not a dependency
 * that is down (503, which the caller filtered out: an outage shows in /health/ready and the
 * metrics, and one report per refused request would flood the project). The route is named by
 * method and route pattern.
 */
export function reportServerError(exception: unknown, host: ArgumentsHost): void {
  if (!telemetry.report) return;
  if (exception instanceof HttpException && exception.getStatus() < 500) return;
  const tags: Record<string, string> = { transport: host.getType() };
  if (host.getType() === 'http') {
    const request = host.switchToHttp().getRequest<Request>();
    tags.method = request.method;
    // The route's pattern, not the URL: a path can hold a token (an invite link's).
    const route = (request.route as { path?: unknown } | undefined)?.path;
    if (typeof route === 'string') tags.route = route;
  }
  reportError(exception, tags);
}
