import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { running, startApi } from './support/api-process';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import { freePort, PgBouncer, RedisCluster, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Where the instances' Redis and PostgreSQL are: the environment every process gets. */
interface Topology {
  name: string;
  start(): Promise<{
    env: Record<string, string>;
    stop: () => Promise<void>;
    /** After the suite's traffic: proof that it went through these engines. */
    carried?: () => Promise<void>;
  }>;
}

/** The run's one Redis and its PostgreSQL, connected directly. */
const plain: Topology = {
  name: 'one Redis, PostgreSQL directly',
  start: () =>
    Promise.resolve({
      env: { DATABASE_URL: process.env.DATABASE_URL!, REDIS_URL: process.env.REDIS_URL! },
      stop: () => Promise.resolve(),
    }),
};

/**
 * P11: a Redis Cluster of three masters (sharded Pub/Sub adapter, hash-tagged keys, BullMQ on
 * `{bull}`) and the run's PostgreSQL behind PgBouncer in transaction pooling; the migrations and
 * the bot outbox's LISTEN take the direct URL.
 */
const scaledOut: Topology = {
  name: 'a 3-master Redis Cluster, PostgreSQL behind PgBouncer (transaction pooling)',
  start: async () => {
    const [cluster, bouncer] = await Promise.all([
      RedisCluster.start(3),
      PgBouncer.start(process.env.DATABASE_URL!),
    ]);
    return {
      env: {
        REDIS_URL: cluster.url,
        REDIS_CLUSTER: 'true',
        DATABASE_URL: bouncer.urlFor(process.env.DATABASE_URL!),
        DATABASE_DIRECT_URL: process.env.DATABASE_URL!,
      },
      stop: async () => {
        await Promise.all([cluster.stop(), bouncer.stop()]);
      },
      carried: async () => {
        // Both API instances and the worker subscribe the namespace's sharded channel.
        const subscribers = await cluster.each('PUBSUB', 'SHARDNUMSUB', 'socket.io#/#');
        const total = subscribers.reduce((n, out) => n + Number(/(\d+)\s*$/.exec(out)?.[1]), 0);
        expect(total).toBeGreaterThanOrEqual(3);
        // The bot reply's queue lives under the hash-tagged prefix, presence under its tag.
        const keys = (await cluster.each('--scan', '--pattern', '{*')).join('\n');
        expect(keys).toContain('{bull}:bot-replies:');
        expect(keys).toContain('{presence}:online');
        expect(keys).toContain('{rl}:msg:min:');
        const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
        expect(await bouncer.transactions(process.env.DATABASE_URL!, database)).toBeGreaterThan(
          100,
        );
      },
    };
  },
};

// CI installs PgBouncer (.ci/run); elsewhere the scaled-out topology says why it is skipped.
const topologies = PgBouncer.available() || process.env.CI ? [plain, scaledOut] : [plain];
if (topologies.length === 1) {
  console.warn(
    'multi-instance: PgBouncer is not installed (apt-get install pgbouncer): the Redis Cluster + PgBouncer topology is skipped',
  );
}

/** Two API instances (and a worker process) must behave as one server, on every topology. */
describe.each(topologies)('two API instances over $name', (topology) => {
  let env: Record<string, string>;
  let stopTopology: () => Promise<void>;
  let carried: (() => Promise<void>) | undefined;
  let a: TestApp;
  let b: TestApp;
  let worker: NodeProcess;
  let db: Client;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  const clients: TestClient[] = [];

  /** An in-process API instance on this topology; bots are answered by the worker process. */
  const startInstance = (extra: Record<string, string> = {}) =>
    startTestApp({ ...env, WORKER_MODE: 'none', ...extra });

  beforeAll(async () => {
    buildBackend();
    ({ env, stop: stopTopology, carried } = await topology.start());
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    const workerPort = await freePort();
    worker = runDist('worker.js', {
      ...env,
      NODE_ENV: 'test',
      WORKER_PORT: String(workerPort),
      DB_MIGRATE: 'false',
      BOT_OUTBOX_SWEEP_MS: '500',
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${workerPort}/health/ready`)).ok,
      30_000,
      'the worker to be ready',
    );
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    [alice, bob, carol] = [await register(a.url), await register(b.url), await register(a.url)];
  }, 90_000);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exit;
    await db?.end();
    await a?.close();
    await b?.close();
    await stopTopology?.();
  }, 30_000);

  const connect = async (app: { url: string }, s: Session) => {
    const c = await connectClient(app.url, s.accessToken);
    clients.push(c);
    return c;
  };

  it('fans messages, typing and read receipts out across instances', async () => {
    const id = await asUser(a.url, alice).direct(bob);
    const [aliceOnA, bobOnB] = [await connect(a, alice), await connect(b, bob)];

    const ack = await aliceOnA.emit('message:send', {
      conversationId: id,
      clientMessageId: 'x-1',
      body: 'hi from A',
    });
    expect(ack.ok).toBe(true);
    expect(await bobOnB.waitFor('message:new')).toMatchObject({ body: 'hi from A', seq: 1 });

    const viaRestOnB = await asUser(b.url, alice).send(id, 'sent through B');
    expect(await bobOnB.waitFor('message:new', (m) => m.id === viaRestOnB.id)).toMatchObject({
      seq: 2,
    });

    await aliceOnA.emit('typing', { conversationId: id, isTyping: true });
    expect(await bobOnB.waitFor('typing')).toMatchObject({ userId: alice.user.id, isTyping: true });

    await asUser(b.url, bob).post(`/api/v1/conversations/${id}/read`, { seq: 2 }).expect(204);
    expect(await aliceOnA.waitFor('conversation:read')).toEqual({
      conversationId: id,
      userId: bob.user.id,
      seq: 2,
    });
  });

  it('the same clientMessageId sent to both instances creates one message', async () => {
    const id = await asUser(a.url, alice).direct(bob);
    const body = { clientMessageId: 'both-instances', body: 'once' };
    const [onA, onB] = await Promise.all([
      asUser(a.url, alice).post(`/api/v1/conversations/${id}/messages`, body),
      asUser(b.url, alice).post(`/api/v1/conversations/${id}/messages`, body),
    ]);
    expect([onA.status, onB.status].sort()).toEqual([200, 201]);
    expect(onA.body.id).toBe(onB.body.id);
  });

  it('membership changes move rooms live on the other instance', async () => {
    const carolOnB = await connect(b, carol);
    const group = await asUser(a.url, alice)
      .post('/api/v1/conversations', { type: 'group', title: 'Launch', memberIds: [bob.user.id] })
      .expect(201);
    const id = group.body.id as string;

    // Carol, connected to B before she was a member, is added through A...
    await asUser(a.url, alice)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [carol.user.id] })
      .expect(200);
    const updated = await carolOnB.waitFor('conversation:updated', (c) => c.id === id);
    expect(updated.members.map((m: any) => m.user.id)).toContain(carol.user.id);
    // ...and from then on receives the group's messages without reconnecting.
    const welcome = await asUser(a.url, alice).send(id, 'welcome carol');
    expect(await carolOnB.waitFor('message:new', (m) => m.id === welcome.id)).toMatchObject({
      body: 'welcome carol',
    });

    // Removed through A: she is told, and nothing more reaches her.
    await asUser(a.url, alice)
      .delete(`/api/v1/conversations/${id}/members/${carol.user.id}`)
      .expect(204);
    expect(await carolOnB.waitFor('conversation:removed')).toEqual({ conversationId: id });
    const bobOnB = await connect(b, bob);
    const before = carolOnB.received('message:new').length;
    await asUser(a.url, alice).send(id, 'after carol left');
    // B relays A's broadcasts in order: once bob has it, carol's round trip proves she did not.
    await bobOnB.waitFor('message:new', (m) => m.body === 'after carol left');
    await carolOnB.barrier();
    expect(carolOnB.received('message:new')).toHaveLength(before);
  });

  it('presence: online on one instance reaches the other, and GET /presence agrees there', async () => {
    const [p, q] = [await register(a.url), await register(b.url)];
    await asUser(a.url, p).direct(q);
    const qOnB = await connect(b, q);
    await connect(a, p);
    expect(
      await qOnB.waitFor('presence', (e) => e.userId === p.user.id && e.status === 'online'),
    ).toMatchObject({ status: 'online' });
    const seen = await asUser(b.url, q).get(`/api/v1/presence?userIds=${p.user.id}`).expect(200);
    expect(seen.body[p.user.id].status).toBe('online');
  });

  it('sockets follow their tokens: signing out on one instance disconnects the other’s socket', async () => {
    const p = await register(a.url);
    const pOnB = await connect(b, p);
    const reason = new Promise<string>((resolve) => pOnB.socket.once('disconnect', resolve));
    await asUser(a.url, p)
      .post('/api/v1/auth/logout', { refreshToken: p.refreshToken })
      .expect(204);
    expect(await reason).toBe('io server disconnect');
  });

  it('a worker process answers as a bot: its events reach sockets on both instances', async () => {
    const me = await register(a.url);
    const list = await asUser(a.url, me).get('/api/v1/bots').expect(200);
    const sizebot = (list.body as Session['user'][]).find((u) => u.username === 'sizebot')!;
    const id = await asUser(a.url, me).direct({ user: sizebot } as Session);
    const [onA, onB] = [await connect(a, me), await connect(b, me)];
    const ack = await onA.emit('message:send', {
      conversationId: id,
      clientMessageId: randomUUID(),
      body: 'which size for a 180 cm, 75 kg man?',
    });
    expect(ack.ok).toBe(true);
    for (const socket of [onA, onB]) {
      const started = await socket.waitFor(
        'message:new',
        (m) => m.kind === 'bot' && m.conversationId === id,
        15_000,
      );
      const final = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status !== 'streaming',
        15_000,
      );
      expect(final).toMatchObject({ status: 'complete', sender: { id: sizebot.id } });
    }
  });

  it('P7 across both instances: every acknowledged message stored once and delivered once to every member', async () => {
    const SENDERS = 6;
    const EACH = 25;
    const people = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => register(i % 2 ? b.url : a.url)),
    );
    const group = await asUser(a.url, people[0])
      .post('/api/v1/conversations', {
        type: 'group',
        title: 'P7',
        memberIds: people.slice(1).map((p) => p.user.id),
      })
      .expect(201);
    const id = group.body.id as string;
    const sockets = await Promise.all(people.map((p, i) => connect(i % 2 ? b : a, p)));
    // Every sender bursts its messages without waiting for acknowledgements.
    const acks = await Promise.all(
      sockets.flatMap((socket, i) =>
        Array.from({ length: EACH }, (_, n) =>
          socket.emit<{ id: string; seq: number }>('message:send', {
            conversationId: id,
            clientMessageId: `p7-${i}-${n}`,
            body: `from ${i}: ${n}`,
          }),
        ),
      ),
    );
    expect(acks.filter((x) => !x.ok)).toEqual([]);
    const acked = acks.map((x) => (x.ok ? x.data : null)!);
    const texts = (socket: TestClient) =>
      socket.received('message:new').filter((m) => m.conversationId === id && m.kind === 'text');
    for (const socket of sockets) {
      await waitFor(
        () => Promise.resolve(texts(socket).length >= acked.length),
        10_000,
        'every member to receive every message',
      );
      await socket.barrier();
      const seqs = texts(socket).map((m) => m.seq as number);
      expect(seqs).toHaveLength(acked.length);
      expect(new Set(seqs).size).toBe(acked.length);
    }
    const { rows } = await db.query<{ id: string; seq: string }>(
      `SELECT id, seq FROM messages WHERE conversation_id = $1 AND kind = 'text'`,
      [id],
    );
    expect(rows.map((r) => r.id).sort()).toEqual(acked.map((m) => m.id).sort());
    expect(new Set(rows.map((r) => r.seq)).size).toBe(acked.length);
  });

  it('no silent tail: an instance dies right after a commit, members on the other still get it', async () => {
    const doomed = await startApi({ ...env, FAULT_INJECTION: 'exit-after-commit' });
    try {
      const [p, q] = [await register(a.url), await register(a.url)];
      const id = await asUser(a.url, p).direct(q);
      const qOnB = await connect(b, q);
      const pOnDoomed = await connect(doomed, p);
      pOnDoomed.socket.emit('message:send', {
        conversationId: id,
        clientMessageId: randomUUID(),
        body: 'the last words',
      });
      expect(await doomed.signal).toBe('SIGKILL');
      expect(
        await qOnB.waitFor('message:new', (m) => m.body === 'the last words', 5_000),
      ).toMatchObject({ conversationId: id, sender: { id: p.user.id } });
    } finally {
      if (running(doomed)) await doomed.stop();
    }
  });

  it('the traffic went through this topology’s engines', async () => {
    await carried?.();
  });

  // These two close instances of their own: Nest apps in one process share the TypeORM
  // connection manager, so they run last (closing one leaves the others without a database).
  it('limits typing stops and read/delivered markers per person, across instances', async () => {
    const [x, y] = await Promise.all([
      startInstance({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '4' }),
      startInstance({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '4' }),
    ]);
    try {
      const [p, q] = [await register(x.url), await register(y.url)];
      const id = await asUser(x.url, p).direct(q);
      await asUser(x.url, q).send(id, 'something to read');
      const [pOnX, pOnY, qOnY] = [await connect(x, p), await connect(y, p), await connect(y, q)];
      // 200 stop-typing events from two sockets on two instances, as fast as they go.
      const stops = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 ? pOnX : pOnY).emit('typing', { conversationId: id, isTyping: false }),
        ),
      );
      const passed = stops.filter((s) => s.ok).length;
      // One a second (RATE_LIMIT_TYPING_PER_SECOND): a burst may straddle two windows.
      expect(passed).toBeGreaterThanOrEqual(1);
      expect(passed).toBeLessThanOrEqual(2);
      expect(stops.every((s) => s.ok || s.error.code === 'RATE_LIMITED')).toBe(true);
      await qOnY.barrier();
      expect(qOnY.received('typing')).toHaveLength(passed);
      // A start is counted apart from the stops.
      expect((await pOnX.emit('typing', { conversationId: id, isTyping: true })).ok).toBe(true);

      const receipts = [];
      for (let i = 0; i < 6; i += 1) {
        const socket = i % 2 ? pOnX : pOnY;
        const event = i % 3 ? 'conversation:read' : 'conversation:delivered';
        receipts.push(await socket.emit(event, { conversationId: id, seq: 1 }));
      }
      expect(receipts.map((r) => r.ok)).toEqual([true, true, true, true, false, false]);
      const refused = receipts[4];
      expect(!refused.ok && refused.error.code).toBe('RATE_LIMITED');
      expect(!refused.ok && refused.error.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await x.close();
      await y.close();
    }
  });

  it('shares rate-limit counters', async () => {
    const [x, y] = await Promise.all([
      startInstance({ RATE_LIMIT_MESSAGES_PER_MINUTE: '2' }),
      startInstance({ RATE_LIMIT_MESSAGES_PER_MINUTE: '2' }),
    ]);
    try {
      const [p, q] = [await register(x.url), await register(y.url)];
      const id = await asUser(x.url, p).direct(q);
      await asUser(x.url, p).send(id, 'one');
      await asUser(y.url, p).send(id, 'two');
      await asUser(x.url, p)
        .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'three', body: '3' })
        .expect(429);
      await asUser(y.url, p)
        .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'four', body: '4' })
        .expect(429);
    } finally {
      await x.close();
      await y.close();
    }
  });
});
