import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session, uniqueUsername } from './support/users';
import { freshDatabase } from './support/workspace';

/** Deactivation and settings act on the whole workspace: two API instances over one Redis. */
describe('the workspace across two API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  const clients: TestClient[] = [];
  const password = 'correct horse battery';

  beforeAll(async () => {
    const url = await freshDatabase('workspace_instances');
    a = await startTestApp({ DATABASE_URL: url });
    b = await startTestApp({ DATABASE_URL: url });
    admin = await register(a.url);
    expect(admin.user).toMatchObject({ serverRole: 'admin' });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const connect = async (app: TestApp, token: string) => {
    const c = await connectClient(app.url, token);
    clients.push(c);
    return c;
  };
  const login = (app: TestApp, username: string) =>
    request(app.url).post('/api/v1/auth/login').send({ username, password });

  it('deactivating someone on A disconnects every socket of theirs on A and B within a second, and their sessions end', async () => {
    const dave = await register(b.url, { password });
    const second = (await login(a, dave.user.username).expect(200)).body as Session;
    const sockets = [
      await connect(a, dave.accessToken),
      await connect(b, dave.accessToken),
      await connect(a, second.accessToken),
      await connect(b, second.accessToken),
    ];
    // Someone who talks with them stays connected on each instance, and sees the change live.
    const bystander = await register(a.url);
    await asUser(a.url, bystander).direct(dave);
    const others = [
      await connect(a, bystander.accessToken),
      await connect(b, bystander.accessToken),
    ];

    // Both instances have their profile cached: the HTTP check below must see the change.
    await asUser(a.url, dave).get('/api/v1/users/me').expect(200);
    await asUser(b.url, second).get('/api/v1/users/me').expect(200);

    const closed = sockets.map(
      (c) =>
        new Promise<{ reason: string; at: number }>((resolve) =>
          c.socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
        ),
    );
    const started = Date.now();
    await asUser(a.url, admin)
      .patch(`/api/v1/admin/users/${dave.user.id}`, { deactivated: true })
      .expect(200);
    const ends = await Promise.all(closed);
    const slowest = Math.max(...ends.map((e) => e.at)) - started;
    expect(ends.map((e) => e.reason)).toEqual(Array(4).fill('io server disconnect'));
    expect(slowest).toBeLessThan(1000);

    // Neither session comes back: the access tokens stop at once, on both instances, refresh
    // says why, and the tokens no longer connect.
    for (const [app, session] of [
      [b, dave],
      [a, second],
      [a, dave],
      [b, second],
    ] as const) {
      const refused = await asUser(app.url, session).get('/api/v1/users/me').expect(401);
      expect(refused.body.message).toBe('account deactivated');
      const refresh = await request(app.url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);
      expect(refresh.body.message).toBe('account deactivated');
      expect(await handshake(app.url, session.accessToken)).toBe('unauthorized');
    }
    expect((await login(b, dave.user.username).expect(403)).body.message).toBe(
      'account deactivated',
    );
    for (const c of others) {
      expect(await c.waitFor('user:updated', (u) => u.id === dave.user.id)).toMatchObject({
        deactivated: true,
      });
      expect(c.socket.connected).toBe(true);
    }

    // Reactivated through B: they sign in again, anywhere.
    await asUser(b.url, admin)
      .patch(`/api/v1/admin/users/${dave.user.id}`, { deactivated: false })
      .expect(200);
    const back = (await login(a, dave.user.username).expect(200)).body as Session;
    await connect(b, back.accessToken);
  });

  it('a settings change on A is seen by B at once (its cache is invalidated over Redis)', async () => {
    // B has read the settings (cached) and lets people register.
    const before = await asUser(b.url, admin).get('/api/v1/admin/settings').expect(200);
    expect(before.body.registrationMode).toBe('open');
    await request(b.url)
      .post('/api/v1/auth/register')
      .send({ username: uniqueUsername('open'), password })
      .expect(201);

    const changed = Date.now();
    await asUser(a.url, admin)
      .patch('/api/v1/admin/settings', { registrationMode: 'closed', workspaceName: 'Two' })
      .expect(200);
    // Far below the cache's one-minute lifetime: only the invalidation explains it.
    await waitFor(
      async () => {
        const res = await request(b.url)
          .post('/api/v1/auth/register')
          .send({ username: uniqueUsername('closed'), password });
        return res.status === 403 && res.body.message === 'registration is closed';
      },
      2_000,
      'B to refuse registrations',
    );
    expect(Date.now() - changed).toBeLessThan(2_000);
    expect((await asUser(b.url, admin).get('/api/v1/admin/settings')).body).toMatchObject({
      registrationMode: 'closed',
      workspaceName: 'Two',
    });
  });
});
