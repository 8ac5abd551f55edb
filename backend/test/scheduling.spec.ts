import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/**
 * Scheduled messages and reminders end to end: the API only enqueues (WORKER_MODE=none) and a
 * separate worker process (dist/worker.js) sends them from BullMQ delayed jobs, over real
 * Redis, Postgres and Socket.IO.
 */
describe('scheduled messages and reminders', () => {
  let t: TestApp;
  let db: Client;
  let worker: NodeProcess | undefined;
  const clients: TestClient[] = [];

  const startWorker = async () => {
    const port = await freePort();
    worker = runDist('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      WORKER_PORT: String(port),
      DB_MIGRATE: 'false',
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok,
      30_000,
      'the worker to be ready',
    );
  };
  const stopWorker = async (signal: NodeJS.Signals) => {
    const running = worker;
    worker = undefined;
    if (!running || running.child.exitCode !== null) return null;
    running.child.kill(signal);
    return running.exit;
  };

  beforeAll(async () => {
    buildBackend();
    t = await startTestApp({
      WORKER_MODE: 'none',
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await startWorker();
    // Compiling the backend for the worker takes long on a busy machine.
  }, 180_000);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await stopWorker('SIGTERM');
    await db.end();
    await t.close();
  });

  const connect = async (session: Session) => {
    const client = await connectClient(t.url, session.accessToken);
    clients.push(client);
    return client;
  };
  /** Two people in a group of their own, the author connected. */
  const pair = async () => {
    const [author, other] = await Promise.all([register(t.url), register(t.url)]);
    const res = await asUser(t.url, author)
      .post('/api/v1/conversations', {
        type: 'group',
        title: 'plans',
        memberIds: [other.user.id],
      })
      .expect(201);
    return { author, other, conversationId: res.body.id as string };
  };
  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
  const schedule = async (
    author: Session,
    conversationId: string,
    body: string,
    sendAt: string,
    clientMessageId = `s-${Math.random().toString(36).slice(2)}`,
  ) => {
    const res = await asUser(t.url, author)
      .post(`/api/v1/conversations/${conversationId}/messages`, { clientMessageId, body, sendAt })
      .expect(202);
    return res.body as { id: string; status: string; body: string; sendAt: string };
  };
  const sentCopies = async (scheduledId: string) =>
    (
      await db.query<{ body: string }>(`SELECT body FROM messages WHERE client_message_id = $1`, [
        `sched-${scheduledId}`,
      ])
    ).rows;

  it('a scheduled message survives a worker SIGKILL and is sent exactly once', async () => {
    const { author, other, conversationId } = await pair();
    const [mine, theirs] = await Promise.all([connect(author), connect(other)]);
    const clientMessageId = 'survives-kill';
    const scheduled = await schedule(
      author,
      conversationId,
      'See you at 3',
      inMs(3_000),
      clientMessageId,
    );
    expect(scheduled).toMatchObject({ status: 'scheduled', body: 'See you at 3', conversationId });
    // Retrying the POST schedules nothing more.
    const again = await schedule(
      author,
      conversationId,
      'See you at 3',
      inMs(3_000),
      clientMessageId,
    );
    expect(again.id).toBe(scheduled.id);
    const pending = await asUser(t.url, author)
      .get(`/api/v1/scheduled?conversationId=${conversationId}`)
      .expect(200);
    expect(pending.body.items.map((s: { id: string }) => s.id)).toEqual([scheduled.id]);

    // The worker dies before the time; the delayed job waits in Redis for the next one.
    expect(await stopWorker('SIGKILL')).toBeNull();
    await startWorker();

    const arrived = await theirs.waitFor(
      'message:new',
      (m) => m.clientMessageId === `sched-${scheduled.id}`,
      20_000,
    );
    expect(arrived).toMatchObject({ body: 'See you at 3', sender: { id: author.user.id } });
    const settled = await mine.waitFor(
      'scheduled:updated',
      (s) => s.id === scheduled.id && s.status === 'sent',
    );
    expect(settled.messageId).toBe(arrived.id);

    // A redelivered job (a worker killed between the send and the status) sends nothing more.
    await db.query(`UPDATE scheduled_messages SET status = 'sending' WHERE id = $1`, [
      scheduled.id,
    ]);
    const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue('scheduled-messages', { connection: redis });
    await queue.add(
      'send-scheduled',
      { scheduledId: scheduled.id },
      { jobId: `again-${scheduled.id}` },
    );
    await mine.waitFor(
      'scheduled:updated',
      (s) => s.id === scheduled.id && s.status === 'sent' && s !== settled,
    );
    await queue.close();
    await redis.quit();
    expect(await sentCopies(scheduled.id)).toEqual([{ body: 'See you at 3' }]);
    await theirs.barrier();
    expect(
      theirs.received('message:new').filter((m) => m.clientMessageId === `sched-${scheduled.id}`),
    ).toHaveLength(1);
    // Sent ones leave the pending list and cannot change.
    const after = await asUser(t.url, author).get('/api/v1/scheduled').expect(200);
    expect(after.body.items).toEqual([]);
    await asUser(t.url, author)
      .patch(`/api/v1/scheduled/${scheduled.id}`, { body: 'too late' })
      .expect(409);
  });

  it('edits text and time before the send, and a cancelled one is never sent', async () => {
    const { author, other, conversationId } = await pair();
    const theirs = await connect(other);
    const edited = await schedule(author, conversationId, 'first draft', inMs(3_600_000));
    const cancelled = await schedule(author, conversationId, 'never mind', inMs(1_500));
    const last = await schedule(author, conversationId, 'the last one', inMs(3_000));

    const patched = await asUser(t.url, author)
      .patch(`/api/v1/scheduled/${edited.id}`, { body: 'second draft', sendAt: inMs(2_000) })
      .expect(200);
    expect(patched.body).toMatchObject({ body: 'second draft', status: 'scheduled' });
    await asUser(t.url, author).delete(`/api/v1/scheduled/${cancelled.id}`).expect(204);
    // Idempotent, and only the author's: anyone else meets 404.
    await asUser(t.url, author).delete(`/api/v1/scheduled/${cancelled.id}`).expect(204);
    await asUser(t.url, other).delete(`/api/v1/scheduled/${edited.id}`).expect(404);
    await asUser(t.url, other)
      .patch(`/api/v1/scheduled/${edited.id}`, { body: 'mine now' })
      .expect(404);
    await asUser(t.url, author)
      .patch(`/api/v1/scheduled/${cancelled.id}`, { body: 'back on' })
      .expect(409);

    const first = await theirs.waitFor('message:new', (m) => m.body === 'second draft', 15_000);
    const lastArrived = await theirs.waitFor(
      'message:new',
      (m) => m.body === 'the last one',
      15_000,
    );
    expect(lastArrived.clientMessageId).toBe(`sched-${last.id}`);
    expect(first.clientMessageId).toBe(`sched-${edited.id}`);
    expect(theirs.received('message:new').map((m) => m.body)).toEqual([
      'second draft',
      'the last one',
    ]);
    expect(await sentCopies(cancelled.id)).toEqual([]);
    const row = await db.query(`SELECT status FROM scheduled_messages WHERE id = $1`, [
      cancelled.id,
    ]);
    expect(row.rows).toEqual([{ status: 'cancelled' }]);
  });

  it('refuses times outside the next year and anything but text', async () => {
    const { author, conversationId } = await pair();
    const send = (body: object) =>
      asUser(t.url, author).post(`/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: `r-${Math.random().toString(36).slice(2)}`,
        body: 'x',
        ...body,
      });
    await send({ sendAt: inMs(-60_000) }).expect(409);
    await send({ sendAt: inMs(400 * 86_400_000) }).expect(409);
    await send({ sendAt: 'tomorrow' }).expect(400);
    const root = await asUser(t.url, author).send(conversationId, 'root');
    await send({ sendAt: inMs(60_000), threadRootId: root.id }).expect(409);
    const stranger = await register(t.url);
    await asUser(t.url, stranger)
      .post(`/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: 'stranger',
        body: 'x',
        sendAt: inMs(60_000),
      })
      .expect(404);
  });

  it('an author removed meanwhile gets it marked failed with a reason, not sent', async () => {
    const { author, other, conversationId } = await pair();
    const mine = await connect(author);
    const scheduled = await schedule(author, conversationId, 'still here?', inMs(1_500));
    // `other` owns nothing here: the author created the group; the author leaves it.
    await asUser(t.url, author)
      .delete(`/api/v1/conversations/${conversationId}/members/${author.user.id}`)
      .expect(204);
    const failed = await mine.waitFor(
      'scheduled:updated',
      (s) => s.id === scheduled.id && s.status === 'failed',
      15_000,
    );
    expect(failed.failureReason).toBe('you are no longer a member of this conversation');
    expect(await sentCopies(scheduled.id)).toEqual([]);
    const seen = await asUser(t.url, other)
      .get(`/api/v1/conversations/${conversationId}/messages`)
      .expect(200);
    expect(seen.body.items.map((m: { body: string }) => m.body)).not.toContain('still here?');
  });

  it('a reminder arrives from the reminders bot, linking to the message', async () => {
    const { author, other, conversationId } = await pair();
    const theirs = await connect(other);
    const message = await asUser(t.url, author).send(conversationId, 'Review the budget by Friday');
    const reminder = await asUser(t.url, other)
      .post(`/api/v1/messages/${message.id}/remind`, { at: inMs(1_500) })
      .expect(201);
    expect(reminder.body).toMatchObject({
      messageId: message.id,
      conversationId,
      status: 'scheduled',
    });
    // Another one, cancelled: it never arrives.
    const cancelled = await asUser(t.url, other)
      .post(`/api/v1/messages/${message.id}/remind`, { at: inMs(1_000) })
      .expect(201);
    await asUser(t.url, other).delete(`/api/v1/reminders/${cancelled.body.id}`).expect(204);
    const listed = await asUser(t.url, other).get('/api/v1/reminders').expect(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([reminder.body.id]);
    // A stranger cannot be reminded of what they cannot read.
    const stranger = await register(t.url);
    await asUser(t.url, stranger)
      .post(`/api/v1/messages/${message.id}/remind`, { at: inMs(60_000) })
      .expect(404);

    const dm = await theirs.waitFor(
      'message:new',
      (m) => m.sender.username === 'reminders',
      15_000,
    );
    expect(dm.sender.isBot).toBe(true);
    expect(dm.conversationId).not.toBe(conversationId);
    expect(dm.clientMessageId).toBe(`remind-${reminder.body.id}`);
    expect(dm.body).toContain('Review the budget by Friday');
    expect(dm.body).toContain(`/c/${conversationId}?at=${message.seq}`);
    await theirs.waitFor(
      'reminder:updated',
      (r) => r.id === reminder.body.id && r.status === 'sent',
    );
    const copies = await db.query(
      `SELECT id FROM messages WHERE client_message_id LIKE 'remind-%' AND client_message_id IN ($1, $2)`,
      [`remind-${reminder.body.id}`, `remind-${cancelled.body.id}`],
    );
    expect(copies.rows).toHaveLength(1);
    // The conversation with the bot is an ordinary direct one in the person's list.
    const summary = await asUser(t.url, other)
      .get(`/api/v1/conversations/${dm.conversationId}`)
      .expect(200);
    expect(summary.body.type).toBe('direct');
  });
});
