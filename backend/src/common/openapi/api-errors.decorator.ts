import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

const DEFAULT_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'A parameter or field is invalid; `message` names each one',
  401: 'Missing, invalid or expired access token',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Rate limited; Retry-After and `retryAfterSeconds` say when to retry',
  503: 'Postgres or Redis is unreachable right now; retry after Retry-After seconds',
};

/** A status with the default description, or statuses with a description of their own. */
export type ErrorSpec = ErrorStatus | Partial<Record<ErrorStatus, string>>;

/**
 * Documents error answers with the standard Nest error body, e.g.
 * `ApiErrors(400, { 404: 'No such conversation' })`. On a controller it applies to every route.
 */
export function ApiErrors(...specs: ErrorSpec[]): MethodDecorator & ClassDecorator {
  const entries = specs.flatMap((spec): [ErrorStatus, string][] =>
    typeof spec === 'number'
      ? [[spec, DEFAULT_DESCRIPTIONS[spec]]]
      : (Object.entries(spec) as unknown as [ErrorStatus, string][]).map(([s, d]) => [
          Number(s) as ErrorStatus,
          d,
        ]),
  );
  return applyDecorators(
    ...entries.map(([status, description]) =>
      ApiResponse({ status, description, type: ErrorResponseDto }),
    ),
  );
}

/**
 * A controller (or route) behind the global JWT guard: bearer auth, 401 without a valid token
 * and 503 when the token check or the work cannot reach Postgres or Redis.
 */
export function ApiSignedIn(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, 503));
}
