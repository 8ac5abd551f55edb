import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** A socket is authorized only while its access token is: proven across two instances. */
describe('sockets follow their token', () => {
  let a: TestApp;
  let b: TestApp;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    // Short-lived access tokens, so expiry is seen within the test.
    [a, b] = await Promise.all([
      startTestApp({ JWT_ACCESS_TTL_SECONDS: '5' }),
      startTestApp({ JWT_ACCESS_TTL_SECONDS: '5' }),
    ]);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const connect = async (app: TestApp, s: Session | string) => {
    const c = await connectClient(app.url, typeof s === 'string' ? s : s.accessToken);
    clients.push(c);
    return c;
  };
  const disconnected = (c: TestClient) =>
    new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
  it('signing out on one instance disconnects the session’s sockets on the other', async () => {
    const [alice, bob] = [await register(a.url), await register(a.url)];
    const id = await asUser(a.url, alice).direct(bob);
    const aliceOnB = await connect(b, alice);
    const reason = disconnected(aliceOnB);

    await request(a.url)
      .post('/api/v1/auth/logout')
      .send({ refreshToken: alice.refreshToken })
      .expect(204);
    expect(await reason).toBe('io server disconnect');
    // The ended session's token no longer opens a socket, and nothing more reaches the old one.
    expect(await handshake(b.url, alice.accessToken)).toBe('unauthorized');
    await asUser(a.url, bob).send(id, 'after sign-out');
    expect(aliceOnB.received('message:new')).toEqual([]);
  });

  it('a replayed refresh token revokes the family and disconnects its sockets', async () => {
    const alice = await register(a.url);
    const rotated = await request(a.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: alice.refreshToken })
      .expect(200);
    // The new access token belongs to the same session and works.
    const socket = await connect(b, rotated.body.accessToken as string);
    const reason = disconnected(socket);
    await request(a.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: alice.refreshToken })
      .expect(401);
    expect(await reason).toBe('io server disconnect');
    expect(await handshake(a.url, rotated.body.accessToken as string)).toBe('unauthorized');
  });

  it('at expiry the server disconnects the socket; another session stays', async () => {
    const alice = await register(b.url);
    const other = await request(a.url)
      .post('/api/v1/auth/login')
      .send({ username: alice.user.username, password: 'correct horse battery' })
      .expect(200);
    const socket = await connect(a, alice);
    const started = Date.now();
    expect(await disconnected(socket)).toBe('io server disconnect');
    // Issued with a 5 s lifetime (exp has whole-second precision).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await handshake(a.url, alice.accessToken)).toBe('unauthorized');
    const renewed = await request(a.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: other.body.refreshToken as string })
      .expect(200);
    expect(await handshake(a.url, renewed.body.accessToken as string)).toBe('connected');
  });
});
