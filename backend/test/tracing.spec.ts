import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ApiProcess, startApi } from './support/api-process';
import { asUser } from './support/chat';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { backendDir, buildBackend, type NodeProcess, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** OTLP's SpanKind for a span serving a request. */
const SERVER_KIND = 2;
const isPg = (s: ReceivedSpan) =>
  s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql';
const isRedis = (s: ReceivedSpan) =>
  s.attributes['db.system'] === 'redis' || s.attributes['db.system.name'] === 'redis';
const sql = (s: ReceivedSpan) =>
  String(s.attributes['db.query.text'] ?? s.attributes['db.statement']);

/**
 * Tracing end to end (issue 21): the API (WORKER_MODE=none) and a worker process run with
 * OTEL_EXPORTER_OTLP_ENDPOINT pointing at a real OTLP/HTTP receiver started here. A send and the
 * bot reply it causes must arrive as ONE trace: the send's span, its SQL, the relay's enqueue and
 * the worker's job, across both processes; and the API's log line of the send carries its
 * traceId.
 */
describe('tracing (OpenTelemetry)', () => {
  let receiver: OtlpReceiver;
  let api: ApiProcess;
  let worker: NodeProcess;
  let me: Session;
  let conversationId: string;
  let socket: TestClient;

  beforeAll(async () => {
    buildBackend();
    receiver = await OtlpReceiver.start();
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Export at once rather than every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      BOTS: 'assistant',
    };
    api = await startApi({ ...otel, WORKER_MODE: 'none', LOG_LEVEL: 'info' });
    const workerPort = await freePort();
    worker = runDist('worker.js', {
      ...otel,
      NODE_ENV: 'test',
      WORKER_PORT: String(workerPort),
      DB_MIGRATE: 'false',
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${workerPort}/health/ready`)).ok,
      30_000,
      'the worker to be ready',
    );
    me = await register(api.url);
    const bots = await asUser(api.url, me).get('/api/v1/bots').expect(200);
    const assistant = (bots.body as Session['user'][]).find((b) => b.username === 'assistant')!;
    conversationId = await asUser(api.url, me).direct({ user: assistant } as Session);
    socket = await connectClient(api.url, me.accessToken);
    // Two processes and a build on a machine that may be busy: more than the 60 s default.
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    worker?.child.kill('SIGTERM');
    await worker?.exit;
    await api?.stop();
    await receiver?.close();
  });

  /** The bot's finished reply to the message `triggerId`. */
  const botReplyTo = async (triggerId: string) => {
    const started = await socket.waitFor(
      'message:new',
      (m) => m.kind === 'bot' && m.replyToId === triggerId,
      15_000,
    );
    await socket.waitFor(
      'message:updated',
      (m) => m.id === started.id && m.status === 'complete',
      15_000,
    );
  };

  /** Waits until the trace holds everything `complete` asks for (spans arrive in batches). */
  const traceOf = async (
    traceId: () => string | undefined,
    complete: (t: ReceivedSpan[]) => boolean,
  ) => {
    let trace: ReceivedSpan[] = [];
    await waitFor(
      () => {
        const id = traceId();
        trace = id ? receiver.trace(id) : [];
        return Promise.resolve(complete(trace));
      },
      15_000,
      'the whole trace to arrive',
    ).catch(() => undefined);
    return trace;
  };

  const summary = (trace: ReceivedSpan[]) => trace.map((s) => `${s.service}: ${s.name}`).sort();

  it('a socket send and the bot reply it causes are one trace across the API and the worker', async () => {
    const ack = await socket.emit('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      body: 'what can you do?',
    });
    expect(ack.ok).toBe(true);
    const sent = (ack as { data: { id: string } }).data;
    await botReplyTo(sent.id);

    // The send's own span: named after the event, in the API.
    const sendSpan = () =>
      receiver.spans.find((s) => s.name === 'message:send' && s.service === 'chat-api');
    const trace = await traceOf(
      () => sendSpan()?.traceId,
      (t) =>
        t.some((s) => s.service === 'chat-worker' && s.name.startsWith('process bot-replies')) &&
        t.some((s) => s.service === 'chat-worker' && isPg(s)),
    );
    const names = summary(trace);
    expect(sendSpan()).toBeDefined();
    // The send's SQL (the group commit's statement) in the API...
    expect(trace.filter((s) => s.service === 'chat-api' && isPg(s)).map(sql)).toEqual(
      expect.arrayContaining([expect.stringContaining('send_messages')]),
    );
    // ...the relay's enqueue and the job's run in the worker, and the reply's own SQL and Redis.
    expect(names).toEqual(
      expect.arrayContaining([
        'chat-worker: add bot-replies.reply',
        expect.stringMatching(/^chat-worker: process bot-replies/),
      ]),
    );
    expect(trace.some((s) => s.service === 'chat-worker' && isPg(s))).toBe(true);
    expect(trace.some((s) => s.service === 'chat-worker' && isRedis(s))).toBe(true);
    // One trace: every span's parent is in it, but for its root.
    const ids = new Set(trace.map((s) => s.spanId));
    expect(trace.filter((s) => !ids.has(s.parentSpanId)).length).toBe(1);
  });

  it('an HTTP send is one trace with its reply, and the API logs it with the traceId', async () => {
    const sent = await asUser(api.url, me).send(conversationId, 'and over REST?');
    await botReplyTo(sent.id);

    const httpSpan = () =>
      receiver.spans.find(
        (s) =>
          s.service === 'chat-api' &&
          s.kind === SERVER_KIND &&
          typeof s.attributes['http.route'] === 'string' &&
          s.attributes['http.route'].includes('/messages') &&
          s.attributes['http.request.method'] === 'POST',
      );
    const trace = await traceOf(
      () => httpSpan()?.traceId,
      (t) => t.some((s) => s.service === 'chat-worker' && s.name.startsWith('process bot-replies')),
    );
    expect(summary(trace)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^chat-api: POST /),
        expect.stringMatching(/^chat-worker: process bot-replies/),
      ]),
    );
    const traceId = httpSpan()!.traceId;
    const logged = api
      .output()
      .stdout.split('\n')
      .filter((line) => line.includes(`"traceId":"${traceId}"`));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.parse(logged[0])).toMatchObject({ traceId, spanId: expect.any(String) });
  });

  it('off (no endpoint, no DSN) loads neither SDK nor any instrumentation', () => {
    // What main.ts and worker.ts do first, then every module loaded is listed.
    const script = `
      const { startTelemetry } = require(${JSON.stringify(join(backendDir, 'dist/common/telemetry/telemetry.js'))});
      startTelemetry({}, 'api').then(() => {
        const loaded = Object.keys(require.cache).filter((m) => /@opentelemetry\\/(sdk|instrumentation|exporter)|bullmq-otel|@sentry/.test(m));
        process.stdout.write(JSON.stringify(loaded));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
