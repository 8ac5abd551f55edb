import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { type ApiProcess, startApi } from './support/api-process';
import { asUser } from './support/chat';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import { SentryIngest } from './support/sentry-ingest';
import { freePort, freshDatabase, waitFor } from './support/services';
import { register, type Session } from './support/users';

/** Strings that must never reach the error tracker: each is sent where a careless report picks it up. */
const MARKERS = {
  body: 'BODY-MARKER-b7f1',
  password: 'PASSWORD-MARKER-9c2e',
  cookie: 'COOKIE-MARKER-4d8a',
  query: 'QUERY-MARKER-e5a0',
};

/** A port nothing listens on: the assistant's model is unreachable, so its reply job fails. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Error reports (issue 21): the API and a worker process with SENTRY_DSN pointing at a local
 * stand-in for Sentry's ingest. A real 500 (the `messages` table of this suite's own database
 * renamed away) and a job that finally fails each arrive as an event with release and
 * environment, and no envelope holds a message body, a bearer token, a cookie, a password or a
 * query-string token. A 4xx is not reported.
 */
describe('error reports (Sentry)', () => {
  let ingest: SentryIngest;
  let database: { url: string; drop: () => Promise<void> };
  let api: ApiProcess;
  let worker: NodeProcess;
  let me: Session;
  let general: string;
  let assistantChat: string;

  beforeAll(async () => {
    buildBackend();
    ingest = await SentryIngest.start();
    database = await freshDatabase(process.env.DATABASE_URL!, 'chat_errors');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL!,
      SENTRY_DSN: ingest.dsn('42'),
      SENTRY_ENVIRONMENT: 'staging-test',
      BOTS: 'assistant',
      LLM_BASE_URL: `http://127.0.0.1:${await deadPort()}/v1`,
      LLM_TIMEOUT_MS: '1000',
      BOT_REPLY_ATTEMPTS: '1',
    };
    api = await startApi({ ...env, WORKER_MODE: 'none' });
    const workerPort = await freePort();
    worker = runDist('worker.js', {
      ...env,
      NODE_ENV: 'test',
      WORKER_PORT: String(workerPort),
      DB_MIGRATE: 'false',
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${workerPort}/health/ready`)).ok,
      30_000,
      'the worker to be ready',
    );
    me = await register(api.url, { password: MARKERS.password });
    const list = await asUser(api.url, me).get('/api/v1/conversations').expect(200);
    general = (list.body.items as { id: string; title: string }[]).find(
      (c) => c.title === 'general',
    )!.id;
    const bots = await asUser(api.url, me).get('/api/v1/bots').expect(200);
    const assistant = (bots.body as Session['user'][]).find((b) => b.username === 'assistant')!;
    assistantChat = await asUser(api.url, me).direct({ user: assistant } as Session);
    // Two processes and a build on a machine that may be busy: more than the 60 s default.
  }, 180_000);

  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exit;
    await api?.stop();
    await ingest?.close();
    await database?.drop();
  });

  /** Sends a message the way a careless report would leak everything: token, cookie, query. */
  const sendWithSecrets = (conversationId: string) =>
    request(api.url)
      .post(`/api/v1/conversations/${conversationId}/messages?token=${MARKERS.query}`)
      .set('authorization', `Bearer ${me.accessToken}`)
      .set('cookie', `refresh_token=${MARKERS.cookie}`)
      .send({ clientMessageId: randomUUID(), body: `${MARKERS.body} hello` });

  const expectClean = (raw: string) => {
    for (const marker of [...Object.values(MARKERS), me.accessToken, me.refreshToken]) {
      expect(raw).not.toContain(marker);
    }
  };

  const eventTagged = (tag: string, value: string) => () =>
    ingest.events().find((e) => (e.event.tags as Record<string, string>)?.[tag] === value);

  it('a refusal (4xx) is not reported', async () => {
    await request(api.url)
      .post(`/api/v1/conversations/${general}/messages`)
      .set('authorization', `Bearer ${me.accessToken}`)
      .send({ clientMessageId: randomUUID(), body: '' })
      .expect(400);
    await asUser(api.url, me).get(`/api/v1/conversations/${randomUUID()}`).expect(404);
    // The failing-job test below waits for a later event; none may be from the API by then.
  });

  it('a bot reply job that finally fails is reported by the worker, scrubbed', async () => {
    await sendWithSecrets(assistantChat).expect(201);
    const found = await waitFor(
      () => Promise.resolve(eventTagged('process', 'worker')()),
      20_000,
      "the worker's error event",
    );
    expect(found.event).toMatchObject({
      release: 'chat@0.1.0',
      environment: 'staging-test',
      tags: { process: 'worker', queue: 'bot-replies' },
    });
    expectClean(found.raw);
    expect(
      ingest.events().filter((e) => (e.event.tags as Record<string, string>).process === 'api'),
    ).toEqual([]);
  });

  it('a 500 is reported with release and environment, and no body, token, cookie or password', async () => {
    const db = new Client({ connectionString: database.url });
    await db.connect();
    // A real fault of this suite's own database: every send now fails inside PostgreSQL.
    await db.query('ALTER TABLE messages RENAME TO messages_moved_away');
    await db.end();
    await sendWithSecrets(general).expect(500);

    const found = await waitFor(
      () => Promise.resolve(eventTagged('process', 'api')()),
      20_000,
      "the API's error event",
    );
    expect(found.event).toMatchObject({
      release: 'chat@0.1.0',
      environment: 'staging-test',
      tags: { process: 'api', transport: 'http', method: 'POST' },
    });
    expect(JSON.stringify(found.event.exception)).toContain('messages');
    expectClean(found.raw);
    // Nothing sent so far carried a secret either (client reports, sessions...).
    for (const envelope of ingest.envelopes) expectClean(envelope.raw);
  });
});
