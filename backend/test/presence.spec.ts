import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { buildBackend, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Presence across two API instances (and a third, real process that gets SIGKILLed). */
describe('presence', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  const clients: TestClient[] = [];
  const settings = {
    PRESENCE_GRACE_MS: '1500',
    PRESENCE_TTL_SECONDS: '3',
    MAX_SOCKETS_PER_USER: '3',
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(settings), startTestApp(settings)]);
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    redis.disconnect();
    await a.close();
    await b.close();
  });

  const connect = async (app: { url: string }, s: Session) => {
    const c = await connectClient(app.url, s.accessToken);
    clients.push(c);
    return c;
  };
  /** Two people who share a conversation. */
  const pair = async () => {
    const [carol, dave] = [await register(a.url), await register(a.url)];
    await asUser(a.url, carol).direct(dave);
    return { carol, dave };
  };
  const presenceEvents = (c: TestClient, userId: string) =>
    c
      .received('presence')
      .filter((p) => p.userId === userId)
      .map((p) => p.status as string);
  const presenceOf = async (viewer: Session, ids: string[]) =>
    (
      await asUser(b.url, viewer)
        .get(`/api/v1/presence?userIds=${ids.join(',')}`)
        .expect(200)
    ).body;

  it('online and offline reach the other instance, and GET /presence agrees', async () => {
    const { carol, dave } = await pair();
    const daveOnB = await connect(b, dave);
    expect((await presenceOf(dave, [carol.user.id]))[carol.user.id]).toEqual({
      status: 'offline',
      lastSeenAt: null,
    });

    const carolOnA = await connect(a, carol);
    expect(
      await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id && p.status === 'online'),
    ).toEqual({ userId: carol.user.id, status: 'online', lastSeenAt: expect.any(String) });
    expect((await presenceOf(dave, [carol.user.id]))[carol.user.id].status).toBe('online');

    carolOnA.close();
    const offline = await daveOnB.waitFor(
      'presence',
      (p) => p.userId === carol.user.id && p.status === 'offline',
    );
    expect(Date.parse(offline.lastSeenAt)).toBeLessThanOrEqual(Date.now());
    expect(await presenceOf(dave, [carol.user.id])).toEqual({
      [carol.user.id]: { status: 'offline', lastSeenAt: offline.lastSeenAt },
    });
  });

  it('several devices: offline only when the last one goes', async () => {
    const { carol, dave } = await pair();
    const daveOnB = await connect(b, dave);
    const [phone, laptop] = [await connect(a, carol), await connect(b, carol)];
    await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id);

    phone.close();
    await waitFor(
      async () => (await redis.zcard(`{presence}:sockets:${carol.user.id}`)) === 1,
      5_000,
      'the phone to be gone',
    );
    // Still online through the laptop: presence lasts until its heartbeat expiry, no grace.
    const until = Number(await redis.zscore('{presence}:online', carol.user.id));
    expect(until).toBeGreaterThan(Date.now() + 1_600);
    expect((await presenceOf(dave, [carol.user.id]))[carol.user.id].status).toBe('online');

    laptop.close();
    await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id && p.status === 'offline');
    expect(presenceEvents(daveOnB, carol.user.id)).toEqual(['online', 'offline']);
  });

  it('a reconnect within the grace announces nothing', async () => {
    const { carol, dave } = await pair();
    const daveOnB = await connect(b, dave);
    const first = await connect(a, carol);
    await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id);
    first.close();
    const again = await connect(b, carol);
    again.close();
    await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id && p.status === 'offline');
    // Events are ordered: a stray offline/online pair from the reconnect would be listed here.
    expect(presenceEvents(daveOnB, carol.user.id)).toEqual(['online', 'offline']);
  });

  it('reaches only people who share a conversation', async () => {
    const { carol, dave } = await pair();
    const stranger = await register(a.url);
    await asUser(a.url, stranger).leaveGeneral();
    const [daveOnB, strangerOnA] = [await connect(b, dave), await connect(a, stranger)];
    await connect(a, carol);
    await daveOnB.waitFor('presence', (p) => p.userId === carol.user.id);
    await strangerOnA.barrier();
    expect(strangerOnA.received('presence')).toEqual([]);
    // Nor through GET /presence: strangers are left out, yourself and bots are answered.
    const bots = (await asUser(a.url, stranger).get('/api/v1/bots').expect(200)).body as {
      id: string;
    }[];
    await asUser(a.url, stranger).direct({ user: bots[0] } as Session);
    const answer = await presenceOf(stranger, [carol.user.id, stranger.user.id, bots[0].id]);
    expect(Object.keys(answer).sort()).toEqual([stranger.user.id, bots[0].id].sort());
    expect(answer[bots[0].id].status).toBe('online');
    expect(answer[stranger.user.id].status).toBe('online');
  });

  it('caps the sockets one user holds, across instances', async () => {
    const { carol } = await pair();
    const open = [await connect(a, carol), await connect(b, carol), await connect(a, carol)];
    const refused = await handshake(b.url, carol.accessToken);
    expect(refused).toBe('too many connections');
    open[0].close();
    await waitFor(
      async () => (await redis.zcard(`{presence}:sockets:${carol.user.id}`)) === 2,
      5_000,
      'a socket to close',
    );
    await connect(b, carol);
  });

  it('holds the cap under 1,000 simultaneous handshakes with one token on two instances', async () => {
    const { carol } = await pair();
    const sockets = Array.from({ length: 1_000 }, (_, i) =>
      io(i % 2 ? a.url : b.url, {
        auth: { token: carol.accessToken },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      }),
    );
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (error) => resolve(error.message));
          }),
      ),
    );
    const connected = outcomes.filter((o) => o === 'connected').length;
    expect(connected).toBe(Number(settings.MAX_SOCKETS_PER_USER));
    expect(
      outcomes.filter((o) => o !== 'connected').every((o) => o === 'too many connections'),
    ).toBe(true);
    expect(await redis.zcard(`{presence}:sockets:${carol.user.id}`)).toBe(connected);
    // Every slot comes back on disconnect: the refused handshakes left none behind.
    sockets.forEach((socket) => socket.close());
    await waitFor(
      async () => (await redis.zcard(`{presence}:sockets:${carol.user.id}`)) === 0,
      5_000,
      'the slots to be released',
    );
    await connect(b, carol);
  });

  it('validates userIds and requires a token', async () => {
    const { dave } = await pair();
    await request(b.url).get(`/api/v1/presence?userIds=${dave.user.id}`).expect(401);
    for (const bad of [
      '',
      'not-a-uuid',
      Array.from({ length: 101 }, () => dave.user.id + 'x').join(','),
    ]) {
      const res = await asUser(b.url, dave).get(`/api/v1/presence?userIds=${bad}`).expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(/userIds/);
    }
  });

  it('the users of an instance killed with SIGKILL go offline within the TTL, unless they reconnected elsewhere', async () => {
    buildBackend();
    const { carol, dave } = await pair();
    const daveOnA = await connect(a, dave);
    const port = await freePort();
    const doomed = runDist('main.js', {
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      DB_MIGRATE: 'false',
      WORKER_MODE: 'none',
      ...settings,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health/ready`)).ok, 30_000, 'API ready');
    // Erin, also on the doomed instance, reconnects elsewhere as soon as it dies.
    const erin = await register(a.url);
    await asUser(a.url, erin).direct(dave);
    const carolOnDoomed = await connect({ url }, carol);
    const erinOnDoomed = await connect({ url }, erin);
    // Carol holds all her socket slots there.
    const carolsOthers = [await connect({ url }, carol), await connect({ url }, carol)];
    await daveOnA.waitFor('presence', (p) => p.userId === carol.user.id && p.status === 'online');
    await daveOnA.waitFor('presence', (p) => p.userId === erin.user.id && p.status === 'online');

    doomed.child.kill('SIGKILL');
    await doomed.exit;
    carolOnDoomed.close();
    erinOnDoomed.close();
    carolsOthers.forEach((c) => c.close());
    const killedAt = Date.now();
    expect(await handshake(b.url, carol.accessToken)).toBe('too many connections');
    await connect(b, erin);
    await daveOnA.waitFor(
      'presence',
      (p) => p.userId === carol.user.id && p.status === 'offline',
      15_000,
    );
    // TTL 3 s (a real deployment: 60 s), found by the survivors' sweep.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // Erin's presence runs on her new socket's expiry, so no sweep can end it: she stays online.
    const erinUntil = Number(await redis.zscore('{presence}:online', erin.user.id));
    expect(erinUntil).toBeGreaterThan(Date.now() + 1_000);
    expect((await presenceOf(dave, [erin.user.id]))[erin.user.id].status).toBe('online');
    expect(presenceEvents(daveOnA, erin.user.id)).toEqual(['online']);
    // The dead instance's slots expired with its sockets: Carol gets all of hers back.
    for (let i = 0; i < Number(settings.MAX_SOCKETS_PER_USER); i += 1) await connect(b, carol);
  });
});
