import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Sentry from '@sentry/node';
import type { AppConfig } from '../../config/app-config';
import { scrub, withoutQuery } from './scrub';
import { type ProcessRole, telemetry } from './telemetry';

/** Request headers that are safe to keep: everything else may carry a credential. */
const SAFE_HEADERS = new Set(['user-agent', 'content-type', 'content-length', 'accept']);

/** `chat@<backend/package.json version>`: the same file from src/ and from dist/. */
function packageRelease(): string {
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    );
    const version = (pkg as { version?: unknown }).version;
    return `chat@${typeof version === 'string' ? version : 'unknown'}`;
  } catch {
    return 'chat@unknown';
  }
}

function scrubEvent<E extends Sentry.Event>(event: E): E {
  const request = event.request;
  const clean: E = scrub({ ...event, request: undefined, breadcrumbs: undefined });
  if (request) {
    // What the request was (method, path, safe headers), never what it carried.
    clean.request = {
      method: request.method,
      url: request.url ? withoutQuery(request.url) : undefined,
      headers: Object.fromEntries(
        Object.entries(request.headers ?? {}).filter(([name]) =>
          SAFE_HEADERS.has(name.toLowerCase()),
        ),
      ),
    };
  }
  if (event.breadcrumbs) clean.breadcrumbs = event.breadcrumbs.map((b) => scrubBreadcrumb(b));
  return clean;
}

/** A breadcrumb without its data, except an outgoing request's method, status and bare URL. */
function scrubBreadcrumb(breadcrumb: Sentry.Breadcrumb): Sentry.Breadcrumb {
  const { data, ...rest } = breadcrumb;
  const clean: Sentry.Breadcrumb = scrub(rest);
  const url: unknown = data?.url;
  if (typeof url === 'string') {
    const method: unknown = data?.method;
    const status: unknown = data?.status_code;
    clean.data = {
      url: withoutQuery(url),
      ...(typeof method === 'string' ? { method } : {}),
      ...(typeof status === 'number' ? { status_code: status } : {}),
    };
  }
  return clean;
}

/**
 * Sentry for unhandled errors, 5xx answers and failed jobs: no tracing of its own (spans are
 * OpenTelemetry's, see tracing.ts) and no automatic request or console capture, so what reaches
 * it is only what we send, scrubbed once more by `beforeSend`/`beforeBreadcrumb`.
 */
export function startErrorReports(
  config: AppConfig,
  role: ProcessRole,
  dsn: string,
): () => Promise<void> {
  Sentry.initWithoutDefaultIntegrations({
    dsn,
    release: config.SENTRY_RELEASE ?? packageRelease(),
    environment: config.SENTRY_ENVIRONMENT ?? config.NODE_ENV,
    integrations: [
      Sentry.eventFiltersIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
    ],
    initialScope: { tags: { process: role } },
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb) => scrubBreadcrumb(breadcrumb),
  });
  telemetry.report = (error, tags) => {
    Sentry.captureException(error, tags ? { tags } : undefined);
  };
  return async () => {
    await Sentry.close(2_000);
  };
}
