import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { AppConfig } from '../src/config/app-config';
import { InFlightLimiter } from '../src/modules/bot/worker/in-flight-limiter';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { FakeLlm } from './support/fake-llm';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/**
 * Bots end to end: the API only enqueues (WORKER_MODE=none) and a separate worker process
 * (dist/worker.js) writes the replies over real Redis, BullMQ and Postgres, streaming them
 * through the Socket.IO Redis emitter. The assistant talks to a real local HTTP server that
 * speaks the OpenAI streaming protocol.
 */
describe('bots', () => {
  let t: TestApp;
  let llm: FakeLlm;
  let db: Client;
  let worker: NodeProcess | undefined;
  let workerPort: number;
  let bots: Record<string, Session['user']>;
  const clients: TestClient[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    workerPort = await freePort();
    worker = runDist('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      WORKER_PORT: String(workerPort),
      DB_MIGRATE: 'false',
      LLM_BASE_URL: llm.baseUrl,
      LLM_TIMEOUT_MS: '1000',
      BOT_REPLY_ATTEMPTS: '2',
      BOT_JOB_LOCK_MS: '2000',
      BOT_OUTBOX_SWEEP_MS: '500',
      ...env,
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${workerPort}/health/ready`)).ok,
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
    llm = await FakeLlm.start();
    t = await startTestApp({
      WORKER_MODE: 'none',
      // The API tells people whether the assistant has a model, from the same setting.
      LLM_BASE_URL: llm.baseUrl,
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await startWorker();
    const someone = await register(t.url);
    const list = await asUser(t.url, someone).get('/api/v1/bots').expect(200);
    bots = Object.fromEntries(list.body.map((b: any) => [b.username, b]));
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await stopWorker('SIGTERM');
    await db.end();
    await t.close();
    await llm.close();
  });

  /** A new person in a direct conversation with the bot, with a connected socket. */
  const chatWith = async (bot: string) => {
    const me = await register(t.url);
    const id = await asUser(t.url, me).direct({ user: bots[bot] } as Session);
    const socket = await connectClient(t.url, me.accessToken);
    clients.push(socket);
    return { me, id, socket };
  };
  const say = async (socket: TestClient, conversationId: string, body: string) => {
    const ack = await socket.emit('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      body,
    });
    expect(ack.ok).toBe(true);
    return (ack as { data: { id: string; seq: number } }).data;
  };
  /** The bot's finished reply to `trigger`, as streamed: its deltas and the final message. */
  const replyTo = async (socket: TestClient, trigger: { id: string }, timeoutMs = 15_000) => {
    const started = await socket.waitFor(
      'message:new',
      (m) => m.kind === 'bot' && m.replyToId === trigger.id,
      timeoutMs,
    );
    const final = await socket.waitFor(
      'message:updated',
      (m) => m.id === started.id && m.status !== 'streaming',
      timeoutMs,
    );
    const deltas = socket
      .received('message:delta')
      .filter((d) => d.messageId === started.id)
      .map((d) => d.delta as string);
    return { started, final, deltas };
  };
  const botMessagesAnswering = async (triggerId: string) =>
    (
      await db.query(`SELECT id, status, body FROM messages WHERE client_message_id = $1`, [
        `bot:${triggerId}`,
      ])
    ).rows;
  const owed = async (triggerId: string) =>
    (
      await db.query(`SELECT bot_id FROM bot_reply_outbox WHERE trigger_message_id = $1`, [
        triggerId,
      ])
    ).rows;

  /** The outbox row goes right after the final update is sent: wait for it, bounded. */
  const settled = (triggerId: string) =>
    waitFor(async () => (await owed(triggerId)).length === 0, 5_000, 'the reply to be settled');

  it('lists the bots this server offers, to signed-in people only', async () => {
    await request(t.url).get('/api/v1/bots').expect(401);
    expect(Object.keys(bots).sort()).toEqual(['assistant', 'sizebot']);
    expect(bots.sizebot).toMatchObject({
      isBot: true,
      displayName: 'SizeBot',
      description: expect.stringContaining('size'),
      avatarUrl: expect.stringMatching(/^data:image\/svg\+xml,/),
    });
    expect(bots.assistant).toMatchObject({
      available: true,
      unavailableReason: null,
      description: expect.stringContaining('answers questions'),
    });
    // Bots never sign in.
    await request(t.url)
      .post('/api/v1/auth/login')
      .send({ username: 'sizebot', password: 'anything at all' })
      .expect(401);
  });

  it('the worker serves only its health and metrics, on its own port', async () => {
    const worker = (path: string) => fetch(`http://127.0.0.1:${workerPort}${path}`);
    expect((await worker('/health')).status).toBe(200);
    expect(await (await worker('/health/ready')).json()).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
    expect(await (await worker('/metrics')).text()).toMatch(
      /^bot_queue_jobs\{state="waiting"\} \d+$/m,
    );
    for (const path of ['/api/v1/bots', '/api/v1/conversations', '/conversations', '/docs']) {
      expect((await worker(path)).status).toBe(404);
    }
  });

  it('sizebot answers a size question in several deltas, then one complete message', async () => {
    const { me, id, socket } = await chatWith('sizebot');
    const question = await say(socket, id, "I'm 180 cm and 75 kg, which T-shirt size?");
    const { started, final, deltas } = await replyTo(socket, question);

    expect(started).toMatchObject({ status: 'streaming', seq: question.seq + 1, body: '' });
    expect(deltas.length).toBeGreaterThan(1);
    expect(final.status).toBe('complete');
    expect(final.body).toMatch(/\*\*(M|L)\*\*/);
    expect(deltas.join('').trim()).toBe(final.body);

    // After a reload: exactly one reply, complete, right after the question.
    const page = await asUser(t.url, me).get(`/api/v1/conversations/${id}/messages`).expect(200);
    expect(page.body.items.map((m: any) => [m.seq, m.kind, m.status])).toEqual([
      [1, 'text', 'complete'],
      [2, 'bot', 'complete'],
    ]);
    await settled(question.id);
  });

  it('sizebot asks for what it is missing and uses the answer', async () => {
    const { id, socket } = await chatWith('sizebot');
    const question = await say(socket, id, 'Which shoe size should I buy?');
    const ask = (await replyTo(socket, question)).final;
    expect(ask.body).toMatch(/foot/i);

    const answer = await say(socket, id, 'My foot is 27 cm long');
    const advice = (await replyTo(socket, answer)).final;
    expect(advice.status).toBe('complete');
    expect(advice.body).toMatch(/EU\s*\d{2}/);
  });

  it('answers a repeated question from the reply cache', async () => {
    const metric = async () => {
      const text = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
      return Number(/^bot_reply_cache_total\{result="hit"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const first = await chatWith('sizebot');
    const q1 = await say(first.socket, first.id, 'What jeans size for waist 32 in?');
    const a1 = (await replyTo(first.socket, q1)).final;
    const hitsBefore = await metric();

    const second = await chatWith('sizebot');
    const q2 = await say(second.socket, second.id, 'What jeans size for waist 32 in?');
    const a2 = (await replyTo(second.socket, q2)).final;
    expect(a2.body).toBe(a1.body);
    expect(await metric()).toBe(hitsBefore + 1);
  });

  it('in a group, a bot answers an @mention only while it is a member', async () => {
    const [alice, bob] = [await register(t.url), await register(t.url)];
    const group = await asUser(t.url, alice)
      .post('/api/v1/conversations', { type: 'group', title: 'Shop', memberIds: [bob.user.id] })
      .expect(201);
    const id = group.body.id as string;
    const socket = await connectClient(t.url, alice.accessToken);
    clients.push(socket);

    // The decision is taken in the transaction that stores the message: nothing is owed.
    const early = await say(socket, id, '@sizebot which T-shirt for 180 cm and 75 kg?');
    expect(await owed(early.id)).toEqual([]);

    await asUser(t.url, alice)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [bots.sizebot.id] })
      .expect(200);
    const plain = await say(socket, id, 'no mention here, sizebot');
    expect(await owed(plain.id)).toEqual([]);
    const asked = await say(socket, id, 'Hey @sizebot, which T-shirt for 180 cm and 75 kg?');
    const { final } = await replyTo(socket, asked);
    expect(final).toMatchObject({ status: 'complete', replyToId: asked.id });
    expect(final.body).toMatch(/\*\*(M|L)\*\*/);
    expect(await botMessagesAnswering(early.id)).toEqual([]);
    expect(await botMessagesAnswering(plain.id)).toEqual([]);
  });

  describe('the assistant on an OpenAI-compatible server', () => {
    it('streams the model, retrying a 429 after its Retry-After, with the conversation as context', async () => {
      const { id, socket } = await chatWith('assistant');
      const before = llm.requests.length;
      llm.queue(
        { kind: 'rate-limited', retryAfterSeconds: 1 },
        { kind: 'stream', text: 'Hello! How can I help you today?' },
      );
      const question = await say(socket, id, 'Hi there');
      const { final, deltas } = await replyTo(socket, question);
      expect(final).toMatchObject({ status: 'complete', body: 'Hello! How can I help you today?' });
      expect(deltas.length).toBeGreaterThan(0);

      const [limited, served] = llm.requests.slice(before);
      expect(served.at - limited.at).toBeGreaterThanOrEqual(900);
      expect(served.body).toMatchObject({ stream: true, model: 'llama3.2' });
      expect(served.body.messages[0].role).toBe('system');
      expect(served.body.messages.at(-1)).toEqual({ role: 'user', content: 'Hi there' });
    });

    it('in a thread, the context is the root and its replies, not the main timeline', async () => {
      const [alice, bob] = [await register(t.url), await register(t.url)];
      const group = await asUser(t.url, alice)
        .post('/api/v1/conversations', {
          type: 'group',
          title: 'Launch',
          memberIds: [bob.user.id, bots.assistant.id],
        })
        .expect(201);
      const id = group.body.id as string;
      const socket = await connectClient(t.url, alice.accessToken);
      clients.push(socket);
      await say(socket, id, 'Unrelated: lunch at noon?');
      const root = await say(socket, id, 'The launch moves to Friday');
      await asUser(t.url, bob)
        .post(`/api/v1/conversations/${id}/messages`, {
          clientMessageId: randomUUID(),
          body: 'We still need the press kit',
          threadRootId: root.id,
        })
        .expect(201);
      await say(socket, id, 'Unrelated too: who has the office keys?');
      const before = llm.requests.length;
      llm.queue({ kind: 'stream', text: 'The press kit.' });
      const ack = await socket.emit('message:send', {
        conversationId: id,
        clientMessageId: randomUUID(),
        body: '@assistant what is left before the launch?',
        threadRootId: root.id,
      });
      expect(ack.ok).toBe(true);
      const asked = (ack as { data: { id: string } }).data;
      const { final } = await replyTo(socket, asked);
      expect(final).toMatchObject({ status: 'complete', threadRootId: root.id });

      const [served] = llm.requests.slice(before);
      const said = served.body.messages.map((m) => m.content).join('\n');
      expect(said).toContain('The launch moves to Friday');
      expect(said).toContain('We still need the press kit');
      expect(said).not.toContain('Unrelated');
      expect(served.body.messages.at(-1)?.content).toContain('what is left before the launch?');
    });

    it('starts over in the same message after a stream cut mid-way', async () => {
      const { me, id, socket } = await chatWith('assistant');
      llm.queue(
        { kind: 'cut', text: 'This answer will be cut off' },
        { kind: 'stream', text: 'A whole answer.' },
      );
      const question = await say(socket, id, 'Tell me something');
      const { started, final } = await replyTo(socket, question);
      expect(final).toMatchObject({ id: started.id, status: 'complete', body: 'A whole answer.' });
      // Clients were told to clear the partial text before the second attempt streamed.
      expect(
        socket.received('message:updated').some((m) => m.id === started.id && m.body === ''),
      ).toBe(true);
      expect(await botMessagesAnswering(question.id)).toEqual([
        { id: started.id, status: 'complete', body: 'A whole answer.' },
      ]);
      const page = await asUser(t.url, me).get(`/api/v1/conversations/${id}/messages`);
      expect(page.body.items).toHaveLength(2);
    });

    it('retries a malformed chunk', async () => {
      const { id, socket } = await chatWith('assistant');
      llm.queue({ kind: 'malformed' }, { kind: 'stream', text: 'Fine now.' });
      const question = await say(socket, id, 'Are you there?');
      expect((await replyTo(socket, question)).final).toMatchObject({
        status: 'complete',
        body: 'Fine now.',
      });
    });

    it('fails visibly with a reason when the model stays silent, and a retry rewrites it', async () => {
      const { me, id, socket } = await chatWith('assistant');
      llm.queue({ kind: 'stall' }, { kind: 'stall' });
      const question = await say(socket, id, 'Say something');
      const { started, final } = await replyTo(socket, question);
      expect(final).toMatchObject({
        id: started.id,
        status: 'failed',
        failureReason: 'The model did not answer within 1 s',
      });
      await settled(question.id);

      llm.queue({ kind: 'stream', text: 'Back again.' });
      await asUser(t.url, me).post(`/api/v1/messages/${started.id}/retry`).expect(202);
      const again = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status === 'complete',
      );
      expect(again).toMatchObject({ body: 'Back again.', failureReason: null });
      expect(await botMessagesAnswering(question.id)).toHaveLength(1);
      // Only a failed bot reply can be retried.
      await asUser(t.url, me).post(`/api/v1/messages/${started.id}/retry`).expect(409);
      await asUser(t.url, me).post(`/api/v1/messages/${question.id}/retry`).expect(409);
    });

    it('Stop keeps what was written so far as a stopped reply, and Regenerate rewrites the same message', async () => {
      const { me, id, socket } = await chatWith('assistant');
      const long = 'word '.repeat(60).trim();
      llm.queue({ kind: 'stream', text: long, delayMs: 50 });
      const question = await say(socket, id, 'Write a long answer');
      const started = await socket.waitFor('message:new', (m) => m.kind === 'bot');
      await socket.waitFor('message:delta', (d) => d.messageId === started.id);
      const outsider = await register(t.url);
      await asUser(t.url, outsider).post(`/api/v1/messages/${started.id}/stop`).expect(404);
      await asUser(t.url, me).post(`/api/v1/messages/${started.id}/stop`).expect(204);
      const final = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status !== 'streaming',
      );
      expect(final.status).toBe('stopped');
      expect(final.body.length).toBeGreaterThan(0);
      expect(final.body.length).toBeLessThan(long.length);
      expect(long.startsWith(final.body)).toBe(true);
      await settled(question.id);
      const history = await asUser(t.url, me)
        .get(`/api/v1/conversations/${id}/messages`)
        .expect(200);
      expect(history.body.items.at(-1)).toMatchObject({ id: started.id, status: 'stopped' });

      // Regenerate: the same message streams anew and ends complete; no second reply.
      llm.queue({ kind: 'stream', text: 'A fresh answer.' });
      await asUser(t.url, me).post(`/api/v1/messages/${started.id}/retry`).expect(202);
      const again = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status === 'complete',
      );
      expect(again.body).toBe('A fresh answer.');
      expect(await botMessagesAnswering(question.id)).toEqual([
        { id: started.id, status: 'complete', body: 'A fresh answer.' },
      ]);
    });
  });

  describe('failures of the worker and the hand-off', () => {
    it('a worker killed mid-reply leaves exactly one complete reply after a restart', async () => {
      const { id, socket } = await chatWith('assistant');
      llm.queue(
        { kind: 'stream', text: 'slow '.repeat(80).trim(), delayMs: 50 },
        { kind: 'stream', text: 'Answered after the restart.' },
      );
      const question = await say(socket, id, 'Take your time');
      const started = await socket.waitFor('message:new', (m) => m.kind === 'bot');
      await socket.waitFor('message:delta', (d) => d.messageId === started.id);
      expect(await stopWorker('SIGKILL')).toBeNull();

      await startWorker();
      const final = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status === 'complete',
        20_000,
      );
      expect(final.body).toBe('Answered after the restart.');
      expect(await botMessagesAnswering(question.id)).toEqual([
        { id: started.id, status: 'complete', body: 'Answered after the restart.' },
      ]);
      // Nor did the person see a second reply: every reply announced or finished is that one.
      const replies = [...socket.received('message:new'), ...socket.received('message:updated')]
        .filter((m) => m.replyToId === question.id)
        .map((m) => m.id as string);
      expect(new Set(replies)).toEqual(new Set([started.id]));
    });

    it('SIGTERM hands a reply that cannot finish in time back to the queue', async () => {
      await stopWorker('SIGTERM');
      await startWorker({ SHUTDOWN_TIMEOUT_MS: '3000' });
      const { id, socket } = await chatWith('assistant');
      llm.queue(
        { kind: 'stream', text: 'long '.repeat(200).trim(), delayMs: 50 },
        { kind: 'stream', text: 'Finished by the next worker.' },
      );
      const question = await say(socket, id, 'A long one, please');
      const started = await socket.waitFor('message:new', (m) => m.kind === 'bot');
      await socket.waitFor('message:delta', (d) => d.messageId === started.id);
      // The reply needs 12 s; the worker has 3 s to stop: it hands the job back and exits 0.
      expect(await stopWorker('SIGTERM')).toBe(0);

      await startWorker();
      const final = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status === 'complete',
        20_000,
      );
      expect(final.body).toBe('Finished by the next worker.');
      expect(await botMessagesAnswering(question.id)).toHaveLength(1);
    });

    it('a message committed while no worker could take it is still answered', async () => {
      expect(await stopWorker('SIGTERM')).toBe(0);
      const { id, socket } = await chatWith('sizebot');
      const question = await say(socket, id, "I'm 180 cm and 75 kg, which T-shirt size?");
      // Committed with the reply owed, and nobody has taken it yet.
      expect(await owed(question.id)).toEqual([{ bot_id: bots.sizebot.id }]);
      expect(await botMessagesAnswering(question.id)).toEqual([]);

      await startWorker();
      const { final } = await replyTo(socket, question);
      expect(final.status).toBe('complete');
      expect(await botMessagesAnswering(question.id)).toHaveLength(1);
      await settled(question.id);
    });

    it('a reply still owed whose job failed unrecorded is run again by the sweep', async () => {
      expect(await stopWorker('SIGTERM')).toBe(0);
      const { id, socket } = await chatWith('sizebot');
      const question = await say(socket, id, "I'm 170 cm and 65 kg, which T-shirt size?");
      // What a PostgreSQL outage leaves: the job used its attempts before the reply started,
      // and its failure could not be recorded, so the reply is still owed.
      const job = { triggerMessageId: question.id, botId: bots.sizebot.id };
      const jobId = `${question.id}_${bots.sizebot.id}`;
      const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
      const queue = new Queue('bot-replies', { connection });
      const failing = new Worker(
        'bot-replies',
        () => Promise.reject(new Error('connect ECONNREFUSED')),
        { connection },
      );
      try {
        await queue.add('reply', job, { jobId, attempts: 1 });
        await waitFor(async () => (await queue.getJob(jobId))?.isFailed(), 10_000, 'a failed job');
      } finally {
        await failing.close();
        await queue.close();
        connection.disconnect();
      }
      expect(await owed(question.id)).toEqual([{ bot_id: bots.sizebot.id }]);

      await startWorker();
      const { final } = await replyTo(socket, question);
      expect(final.status).toBe('complete');
      expect(await botMessagesAnswering(question.id)).toHaveLength(1);
      await settled(question.id);
    });
  });

  it('limits the replies in progress per person, across workers', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    const config = Object.assign(new AppConfig(), { BOT_MAX_IN_FLIGHT_PER_USER: 2 });
    const limiter = new InFlightLimiter(redis, config);
    const user = randomUUID();
    try {
      expect(await limiter.acquire(user, 'a')).toBe(true);
      expect(await limiter.acquire(user, 'b')).toBe(true);
      expect(await limiter.acquire(user, 'c')).toBe(false);
      // A job keeps its slot across retries; another person is not affected.
      expect(await limiter.acquire(user, 'a')).toBe(true);
      expect(await limiter.acquire(randomUUID(), 'c')).toBe(true);
      await limiter.release(user, 'a');
      expect(await limiter.acquire(user, 'c')).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
