import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { type Session, uniqueUsername } from './support/users';

/** Every REST route draws on per-person and per-address budgets shared by all instances. */
describe('REST request limits', () => {
  let a: TestApp;
  let b: TestApp;
  const settings = {
    RATE_LIMIT_REQUESTS_PER_MINUTE: '20',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '30',
    TRUST_PROXY: 'loopback',
  };
  /** Each test speaks from its own addresses, so the per-address budget is its own. */
  let subnet = 0;
  const address = () => `10.91.${(subnet += 1)}.1`;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(settings), startTestApp(settings)]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  /**
   * Other suites running at the same time count against this machine's own address: every
   * request here names its own.
   */
  const register = async (ip = address()): Promise<Session> => {
    const res = await request(a.url)
      .post('/api/v1/auth/register')
      .set('x-forwarded-for', ip)
      .send({ username: uniqueUsername(), password: 'correct horse battery' })
      .expect(201);
    return res.body as Session;
  };
  const signedIn = async () => {
    const ip = address();
    const session = await register(ip);
    const get = (app: TestApp, path: string) =>
      asUser(app.url, session).get(path).set('x-forwarded-for', ip);
    return { session, get };
  };

  it('refuses a person past the budget on every instance with 429, Retry-After and the retry time', async () => {
    const { session, get } = await signedIn();
    for (let i = 0; i < 20; i += 1) await get(i % 2 ? a : b, '/api/v1/users/me').expect(200);
    const refused = await get(a, '/api/v1/users/me').expect(429);
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `too many requests for this account: retry in ${seconds} seconds`,
      retryAfterSeconds: seconds,
    });
    await get(b, `/api/v1/presence?userIds=${session.user.id}`).expect(429);
    // Someone else is not affected.
    const other = await signedIn();
    await other.get(b, '/api/v1/users/me').expect(200);
  });

  it('weighs heavy routes: a search or a new conversation uses ten requests of the budget', async () => {
    const { session, get } = await signedIn();
    const peer = await register();
    await get(a, '/api/v1/search/messages?q=hello').expect(200);
    const created = await asUser(b.url, session)
      .post('/api/v1/conversations', { type: 'group', title: 'g', memberIds: [peer.user.id] })
      .set('x-forwarded-for', '10.90.0.1');
    expect(created.status).toBe(201);
    // 20 of 20 used: the next light request is refused, and so is the next heavy one.
    await get(b, '/api/v1/search/messages?q=hello').expect(429);
    await get(a, '/api/v1/users/me').expect(429);
  });

  it('a refused request uses nothing: a heavy one refused leaves room for light ones', async () => {
    const { get } = await signedIn();
    for (let i = 0; i < 15; i += 1) await get(a, '/api/v1/users/me').expect(200);
    await get(b, '/api/v1/search/messages?q=hello').expect(429);
    for (let i = 0; i < 5; i += 1) await get(b, '/api/v1/users/me').expect(200);
    await get(a, '/api/v1/users/me').expect(429);
  });

  it('limits an address, signed in or not, across instances; probes are never limited', async () => {
    const ip = address();
    const anonymous = (app: TestApp) =>
      request(app.url).get('/api/v1/push/config').set('x-forwarded-for', ip);
    for (let i = 0; i < 30; i += 1) await anonymous(i % 2 ? a : b).expect(200);
    const refused = await anonymous(a).expect(429);
    expect(refused.body.message).toMatch(
      /^too many requests from this address: retry in \d+ seconds$/,
    );
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected; health probes pass whatever the count.
    await request(b.url).get('/api/v1/push/config').set('x-forwarded-for', address()).expect(200);
    for (let i = 0; i < 40; i += 1) {
      await request(a.url).get('/health').set('x-forwarded-for', ip).expect(200);
    }
  });
});
