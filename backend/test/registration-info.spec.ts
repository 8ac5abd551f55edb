import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { register } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * The public answer the sign-up page reads before anyone types, on a database of this suite's
 * own (its first person is the admin who changes the mode). A tiny auth rate limit shows the
 * page's reads never use up the sign-up attempts.
 */
describe('GET /auth/registration', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Rate-limit counters of its own (a Redis database index no other suite uses): sign-ups by
    // suites running beside it come from the same address.
    const redis = new URL(process.env.REDIS_URL!);
    redis.pathname = '/10';
    t = await startTestApp({
      DATABASE_URL: await freshDatabase('registration'),
      REDIS_URL: redis.href,
      RATE_LIMIT_AUTH_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const info = async () =>
    (await request(t.url).get('/api/v1/auth/registration').expect(200)).body as unknown;

  it('answers anyone with the mode and the workspace name, following every change, never rate limited', async () => {
    expect(await info()).toEqual({ mode: 'open', workspaceName: 'Chat' });

    const admin = await register(t.url);
    const patch = (body: Record<string, unknown>) =>
      asUser(t.url, admin).patch('/api/v1/admin/settings', body).expect(200);

    await patch({ registrationMode: 'invite', workspaceName: 'Acme' });
    expect(await info()).toEqual({ mode: 'invite', workspaceName: 'Acme' });

    await patch({ registrationMode: 'closed' });
    for (let i = 0; i < 5; i += 1) {
      expect(await info()).toEqual({ mode: 'closed', workspaceName: 'Acme' });
    }
  });
});
