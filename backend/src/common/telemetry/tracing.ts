import type { IncomingMessage } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { SocketIoInstrumentation } from '@opentelemetry/instrumentation-socket.io';
import { BullMQOtel } from 'bullmq-otel';
import { type ProcessRole, telemetry } from './telemetry';

/** Probes and scrapes: a span each would drown the traces that matter. */
const QUIET_PATHS = new Set(['/health', '/health/ready', '/metrics']);

/**
 * The OpenTelemetry Node SDK with the official instrumentations. Exporter, protocol, sampler and
 * resource come from the standard `OTEL_*` variables. Metrics and logs stay where they are
 * (Prometheus, stdout) unless `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER` ask otherwise.
 * Nothing that could hold a message body, a token or a password goes into a span: SQL without
 * its parameters, Redis commands without their arguments, no HTTP bodies or headers.
 */
export function startTracing(role: ProcessRole): () => Promise<void> {
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ? undefined : `chat-${role}`,
    metricReaders: process.env.OTEL_METRICS_EXPORTER ? undefined : [],
    logRecordProcessors: process.env.OTEL_LOGS_EXPORTER ? undefined : [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          QUIET_PATHS.has((req.url ?? '').split('?')[0]),
      }),
      // Routes and handlers; one span per middleware would double the spans of every request.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Background queries (sweeps, LISTEN) start no trace of their own.
      // A pool checkout per query would double the SQL spans.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({
        requireParentSpan: true,
        dbStatementSerializer: (command) => command,
      }),
      new SocketIoInstrumentation(),
      // `traceId` and `spanId` on every log line written inside a span.
      new PinoInstrumentation({
        disableLogSending: true,
        logKeys: { traceId: 'traceId', spanId: 'spanId', traceFlags: 'traceFlags' },
      }),
    ],
  });
  sdk.start();
  telemetry.tracing = true;
  telemetry.bullmq = new BullMQOtel({ tracerName: 'chat-jobs' });
  return () => sdk.shutdown();
}
