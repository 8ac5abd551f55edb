import { randomUUID } from 'node:crypto';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { asUser } from './support/chat';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import {
  createDatabase,
  DisposablePostgres,
  DisposableRedis,
  freePort,
  waitFor,
} from './support/services';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

const DATABASE = 'chat_dep_faults';
/** Small, so exhausting the server's connection slots takes a few dozen connections. */
const MAX_CONNECTIONS = 24;

/**
 * Each way a dependency fails, made for real against a real API process (dist/main.js) with its
 * own PostgreSQL and Redis: REST answers 503 with Retry-After, a socket event's acknowledgement
 * is UNAVAILABLE, readiness is red while it lasts and green after, and the process recovers
 * with no restart. One stack for the whole suite; the faults run one after another.
 */
describe('dependency faults, classified by where they happen', () => {
  let redis: DisposableRedis;
  let postgres: DisposablePostgres;
  let api: NodeProcess;
  let url: string;
  let metricsUrl: string;
  let databaseUrl: string;
  let admin: Client;
  let alice: Session;
  let bob: Session;
  let conversationId: string;
  let aliceSocket: TestClient;
  let bobSocket: TestClient;

  const readiness = () => fetch(`${url}/health/ready`);
  /** `chat_dependency_failures_total` for one dependency and phase (0 until the first). */
  const failures = async (dependency: string, phase: string) => {
    const text = await (await fetch(metricsUrl)).text();
    const line = new RegExp(
      `^chat_dependency_failures_total\\{dependency="${dependency}",phase="${phase}"\\} (\\d+)$`,
      'm',
    ).exec(text);
    return Number(line?.[1] ?? 0);
  };
  const ready = (status: number) =>
    waitFor(
      async () => (await readiness()).status === status,
      30_000,
      `/health/ready to answer ${status}`,
    );
  const send = (body: string) =>
    aliceSocket.emit('message:send', { conversationId, clientMessageId: randomUUID(), body });
  const listOverRest = () => asUser(url, alice).get('/api/v1/conversations');

  /** The API's own sessions on the database (the test's connections set another name). */
  const apiBackends = async (client: Client): Promise<number[]> =>
    (
      await client.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid() and application_name <> 'fault-maker'`,
        [DATABASE],
      )
    ).rows.map((r) => r.pid);
  const terminateApiBackends = async (client: Client) => {
    for (const pid of await apiBackends(client)) {
      await client.query('select pg_terminate_backend($1)', [pid]);
    }
  };
  const faultMaker = async (database = DATABASE) => {
    const client = new Client({
      connectionString: postgres.url.replace(/\/postgres$/, `/${database}`),
      application_name: 'fault-maker',
    });
    // A connection this test closes or the server ends is expected to error.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  /** Every client path refuses with the dependency-failure answer, and readiness is red. */
  async function expectUnavailable(dependency: 'postgres' | 'redis'): Promise<void> {
    const rest =
      dependency === 'postgres'
        ? await listOverRest()
        : await asUser(url, alice).post(`/api/v1/conversations/${conversationId}/messages`, {
            clientMessageId: randomUUID(),
            body: 'over REST while Redis is away',
          });
    expect(rest.status).toBe(503);
    expect(rest.headers['retry-after']).toBe('5');
    expect(rest.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(await send(`while ${dependency} is away`)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', retryAfterMs: 5_000 },
    });
    const health = await readiness();
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: Record<string, unknown> }).error).toHaveProperty(
      dependency,
    );
    expect(api.child.exitCode).toBeNull();
  }

  /** Readiness green again, REST and sends work, and the other member hears the send. */
  async function expectRecovered(body: string): Promise<void> {
    await ready(200);
    await waitFor(async () => (await listOverRest()).status === 200, 15_000, 'REST to work');
    const ack = await waitFor(async () => {
      const result = await send(body);
      return result.ok ? result : undefined;
    }, 15_000);
    expect(ack.ok).toBe(true);
    await bobSocket.waitFor('message:new', (m) => m.body === body, 10_000);
    expect(api.child.exitCode).toBeNull();
  }

  beforeAll(async () => {
    buildBackend();
    [redis, postgres] = await Promise.all([
      DisposableRedis.start(),
      DisposablePostgres.start([
        '-c',
        `max_connections=${MAX_CONNECTIONS}`,
        // The API connects as a superuser here: no slots kept aside that it could still use.
        '-c',
        'superuser_reserved_connections=0',
        '-c',
        'reserved_connections=0',
      ]),
    ]);
    databaseUrl = await createDatabase(postgres.url, DATABASE);
    const [port, metricsPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    api = runDist('main.js', {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      METRICS_PORT: String(metricsPort),
      REDIS_URL: redis.url,
      // No background work on the database: the connections counted here are the API's.
      WORKER_MODE: 'none',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    });
    await ready(200);
    [alice, bob] = [await register(url), await register(url)];
    conversationId = await asUser(url, alice).direct(bob);
    admin = await faultMaker('postgres');
    [aliceSocket, bobSocket] = [
      await connectClient(url, alice.accessToken),
      await connectClient(url, bob.accessToken),
    ];
    // The build (when sources changed), two servers and the API on a loaded 2-core machine.
  }, 180_000);
  afterAll(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await admin?.end().catch(() => undefined);
    if (api) {
      api.child.kill('SIGTERM');
      const timer = setTimeout(() => api.child.kill('SIGKILL'), 15_000);
      await api.exit;
      clearTimeout(timer);
    }
    await redis?.down();
    await postgres?.dispose();
  });

  /** Opens the conversation's SSE stream; `next()` answers the text read so far, plus more. */
  async function openEventStream() {
    const response = await fetch(`${url}/api/v1/conversations/${conversationId}/events`, {
      headers: { authorization: `Bearer ${bob.accessToken}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    return {
      /** Reads until the stream has said `pattern` (or ended). */
      async until(pattern: RegExp): Promise<string> {
        while (!pattern.test(text)) {
          const chunk = await reader.read();
          if (chunk.done) break;
          text += Buffer.from(chunk.value).toString('utf8');
        }
        return text;
      },
      close: () => reader.cancel(),
    };
  }

  it('PostgreSQL stopped (an SSE stream that must read ends with "unavailable")', async () => {
    const stream = await openEventStream();
    await stream.until(/retry: 3000/);
    await admin.end();
    await postgres.down();
    await expectUnavailable('postgres');
    expect(await handshake(url, bob.accessToken)).toBe('unavailable');
    // A message beyond the next seq makes the stream read the gap from the database.
    const publisher = new Redis(redis.url);
    new Emitter(publisher)
      .to(`conversation:${conversationId}`)
      .emit('message:new', { conversationId, seq: 1_000_000, id: randomUUID() });
    const said = await stream.until(/event: error\ndata: .*\n\n/);
    publisher.disconnect();
    expect(said).toMatch(/event: error\ndata: \{"reason":"unavailable","retryAfterMs":5000\}\n\n$/);
    await postgres.up();
    admin = await faultMaker('postgres');
    await expectRecovered('after the server came back');
  });

  it('the database closed to new connections (55000 at connect), and the CLI says so', async () => {
    await admin.query(`alter database ${DATABASE} with allow_connections false`);
    await terminateApiBackends(admin);
    try {
      const before = await failures('postgres', 'connect');
      await expectUnavailable('postgres');
      expect(await failures('postgres', 'connect')).toBeGreaterThan(before);
      expect(await handshake(url, bob.accessToken)).toBe('unavailable');
      const cli = runDist('cli.js', { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }, [
        'admin:grant',
        alice.user.username,
      ]);
      expect(await cli.exit).toBe(3);
      expect(cli.output().stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^error: postgres is unavailable \(.*not currently accepting/),
      ]);
    } finally {
      await admin.query(`alter database ${DATABASE} with allow_connections true`);
    }
    await expectRecovered('after the database opened again');
  });

  it('every connection slot taken (53300)', async () => {
    const holders: Client[] = [];
    /** Opens connections until the server refuses one. */
    const fill = async () => {
      for (;;) {
        const client = await faultMaker().catch((error: { code?: string }) => {
          if (error.code === '53300') return undefined;
          throw error;
        });
        if (!client) return;
        holders.push(client);
      }
    };
    try {
      await fill();
      // The API's pooled sessions go; the slots they free are taken before it reconnects.
      for (let round = 0; round < 5; round += 1) {
        await terminateApiBackends(holders[0]);
        await fill();
        if ((await apiBackends(holders[0])).length === 0) break;
      }
      expect(await apiBackends(holders[0])).toEqual([]);
      await expectUnavailable('postgres');
    } finally {
      await Promise.all(holders.map((c) => c.end().catch(() => undefined)));
    }
    await expectRecovered('after the slots were given back');
  });

  it('a statement timeout while maintenance holds a lock (57014): readiness red though pings pass', async () => {
    await admin.query(`alter database ${DATABASE} set statement_timeout = '300ms'`);
    // Sessions read the database's settings when they start.
    await terminateApiBackends(admin);
    const maintenance = await faultMaker();
    try {
      await maintenance.query('set statement_timeout = 0');
      await maintenance.query('begin');
      await maintenance.query('lock table messages in access exclusive mode');
      await expectUnavailable('postgres');
      expect(await failures('postgres', 'cancel')).toBeGreaterThan(0);
      const health = (await (await readiness()).json()) as {
        error: { postgres: { message: string } };
      };
      expect(health.error.postgres.message).toMatch(/\(cancel\).*statement timeout/);
    } finally {
      await maintenance.query('rollback').catch(() => undefined);
      await maintenance.end();
      await admin.query(`alter database ${DATABASE} reset statement_timeout`);
      await terminateApiBackends(admin);
    }
    await expectRecovered('after the lock was released');
  });

  it('connections lost under their statements (57P01): 503 and UNAVAILABLE, not 500', async () => {
    const maintenance = await faultMaker();
    try {
      await maintenance.query('begin');
      await maintenance.query('lock table messages in access exclusive mode');
      // Both wait on the lock, each on its own pooled connection, which is then terminated.
      // supertest sends on then(): started now, answered once its connection is terminated.
      const rest = listOverRest().then((r) => r);
      const ack = send('while my connection is terminated');
      const waiting = () =>
        admin
          .query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`,
            [DATABASE],
          )
          .then((r) => r.rows.map((row) => row.pid));
      const pids = await waitFor(async () => {
        const found = await waiting();
        return found.length >= 2 ? found : undefined;
      }, 10_000);
      for (const pid of pids) await admin.query('select pg_terminate_backend($1)', [pid]);
      const answered = await rest;
      expect(answered.status).toBe(503);
      expect(answered.headers['retry-after']).toBe('5');
      expect(await ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect((await readiness()).status).toBe(503);
    } finally {
      await maintenance.query('rollback').catch(() => undefined);
      await maintenance.end();
    }
    await expectRecovered('after the lost connections');
  });

  it('Redis stopped', async () => {
    await redis.down();
    await expectUnavailable('redis');
    await redis.up();
    await expectRecovered('after Redis came back');
  });

  it('Redis CLIENT KILL: never a 500, and everything works again by itself', async () => {
    const killer = new Redis(redis.url);
    try {
      const killed = Number(await killer.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
      const killedPubSub = Number(await killer.client('KILL', 'TYPE', 'pubsub'));
      expect(killed + killedPubSub).toBeGreaterThan(0);
    } finally {
      killer.disconnect();
    }
    // Right after the kill a request is served or refused as unavailable, never a 500.
    const rest = await asUser(url, alice).post(`/api/v1/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      body: 'right after the kill',
    });
    expect([201, 503]).toContain(rest.status);
    await expectRecovered('after the kill');
  });
});
