import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { io } from 'socket.io-client';
import { asUser } from './support/chat';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import {
  createDatabase,
  DisposablePostgres,
  DisposableRedis,
  freePort,
  waitFor,
} from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/**
 * Dependencies going away under a real API process (dist/main.js): requests fail fast with
 * 503 / UNAVAILABLE, the process never exits, and everything recovers by itself.
 */
describe('faults: Redis and Postgres going away', () => {
  let redis: DisposableRedis;
  let postgres: DisposablePostgres;
  let api: NodeProcess;
  let url: string;
  let alice: Session;
  let bob: Session;
  let conversationId: string;
  const clients: TestClient[] = [];

  const ready = (status: number) =>
    waitFor(
      async () => (await fetch(`${url}/health/ready`)).status === status,
      30_000,
      `/health/ready to answer ${status}`,
    );
  /** Fails at once, naming the exit code, if the API process ends while waiting. */
  const alive = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      api.exit.then((code) => {
        throw new Error(
          `the API process exited (code ${code}): ${api.output().stderr.slice(-500)}`,
        );
      }),
    ]);
  const send = (socket: TestClient, body: string) =>
    alive(socket.emit('message:send', { conversationId, clientMessageId: randomUUID(), body }));

  beforeAll(async () => {
    buildBackend();
    [redis, postgres] = await Promise.all([DisposableRedis.start(), DisposablePostgres.start()]);
    const databaseUrl = await createDatabase(postgres.url, 'chat_faults');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = runDist('main.js', {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    });
    await ready(200);
    [alice, bob] = [await register(url), await register(url)];
    conversationId = await asUser(url, alice).direct(bob);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    api.child.kill('SIGTERM');
    const timer = setTimeout(() => api.child.kill('SIGKILL'), 15_000);
    await api.exit;
    clearTimeout(timer);
    await redis.down();
    await postgres.dispose();
  });

  const connect = async (s: Session) => {
    const c = await connectClient(url, s.accessToken);
    clients.push(c);
    return c;
  };

  it('Redis killed while broadcasting: 503 / UNAVAILABLE, no exit, then it recovers', async () => {
    const [aliceSocket, bobSocket] = [await connect(alice), await connect(bob)];
    await redis.down();

    // A broadcast whose publish fails (it used to end the process) is still acknowledged.
    expect(await alive(aliceSocket.emit('typing', { conversationId, isTyping: false }))).toEqual({
      ok: true,
      data: null,
    });
    expect(await send(aliceSocket, 'while Redis is down')).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', retryAfterMs: expect.any(Number) },
    });
    const refused = await asUser(url, alice)
      .post(`/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: randomUUID(),
        body: 'over REST',
      })
      .expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    const health = await request(url).get('/health/ready').expect(503);
    expect(health.body.error.redis.status).toBe('down');
    expect(api.child.exitCode).toBeNull();

    await redis.up();
    await ready(200);
    const ack = await waitFor(async () => {
      const result = await send(aliceSocket, 'Redis is back');
      return result.ok ? result : undefined;
    }, 15_000);
    expect(ack.ok).toBe(true);
    await bobSocket.waitFor('message:new', (m) => m.body === 'Redis is back', 15_000);
    expect(api.child.exitCode).toBeNull();
  });

  it('Postgres stopped: 503, a handshake answers "unavailable", then it recovers', async () => {
    const aliceSocket = await connect(alice);
    await postgres.down();

    const refused = await asUser(url, alice).get('/api/v1/conversations').expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(await send(aliceSocket, 'while Postgres is down')).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    // A valid token must not be told to sign in again because the database is away.
    const handshake = io(url, {
      auth: { token: bob.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) => handshake.once('connect_error', resolve));
    handshake.close();
    expect(error.message).toBe('unavailable');
    expect(api.child.exitCode).toBeNull();

    await postgres.up();
    await ready(200);
    await waitFor(
      async () => (await asUser(url, alice).get('/api/v1/conversations')).status === 200,
      15_000,
      'REST to work again',
    );
    expect((await send(aliceSocket, 'Postgres is back')).ok).toBe(true);
    expect(api.child.exitCode).toBeNull();
  });
});
