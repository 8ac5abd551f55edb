import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { telemetry } from './telemetry';

const tracer = trace.getTracer('chat');

/**
 * Runs `work` in a span named `name` that lasts until it settles (a socket event's handler, up
 * to its acknowledgement). Without tracing it only runs `work`.
 */
export function inSpan<T>(
  name: string,
  work: () => Promise<T>,
  outcome?: (result: T) => string | undefined,
): Promise<T> {
  if (!telemetry.tracing) return work();
  return tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, async (span) => {
    try {
      const result = await work();
      const error = outcome?.(result);
      if (error) span.setAttribute('chat.error_code', error);
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's W3C `traceparent`, to carry across a hop no instrumentation covers. */
export function currentTraceparent(): string | undefined {
  if (!telemetry.tracing) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `work` as a continuation of the trace `traceparent` names (when tracing, and one is given). */
export function withTraceparent<T>(traceparent: string | undefined, work: () => T): T {
  if (!telemetry.tracing || !traceparent) return work();
  return context.with(propagation.extract(ROOT_CONTEXT, { traceparent }), work);
}
