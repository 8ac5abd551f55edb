import type { Telemetry } from 'bullmq';
import type { AppConfig } from '../../config/app-config';

/** Which process reports: the default service name (`chat-api`, ...) and a tag on error reports. */
export type ProcessRole = 'api' | 'worker' | 'cli';

/**
 * What the optional SDKs lend the rest of the code. Empty while they are off: the SDKs are
 * loaded only by `startTelemetry`, so an unset `OTEL_EXPORTER_OTLP_ENDPOINT` / `SENTRY_DSN`
 * costs no module load and no wrapped call.
 */
export const telemetry: {
  tracing: boolean;
  /** BullMQ's own OpenTelemetry support: producer and consumer spans, context in each job. */
  bullmq?: Telemetry;
  /** Sends an error to Sentry (already scrubbed by its `beforeSend`). */
  report?: (error: unknown, tags?: Record<string, string>) => void;
} = { tracing: false };

const stops: (() => Promise<void>)[] = [];

/**
 * Starts tracing and error reports as configured. Called before anything that loads Nest,
 * pg, ioredis or Socket.IO, so the instrumentations see those modules load.
 */
export async function startTelemetry(config: AppConfig, role: ProcessRole): Promise<void> {
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { startTracing } = await import('./tracing.js');
    stops.push(startTracing(role));
  }
  if (config.SENTRY_DSN) {
    const { startErrorReports } = await import('./error-reports.js');
    stops.push(startErrorReports(config, role, config.SENTRY_DSN));
  }
}

/** Sends what is still buffered (spans, error events) before the process exits. */
export async function stopTelemetry(): Promise<void> {
  await Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined)));
}

/** Reports an error when error reports are on; nothing otherwise. */
export function reportError(error: unknown, tags?: Record<string, string>): void {
  telemetry.report?.(error, tags);
}
