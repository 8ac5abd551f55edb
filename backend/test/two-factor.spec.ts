import { generate } from 'otplib';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const PASSWORD = 'correct horse battery';

/** A real TOTP code for the time step `offset` steps from now (each code works once). */
const totp = (secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

/**
 * TOTP two-factor (RFC 6238) with real codes, through the real API, on a database of the
 * suite's own (its first user is the admin).
 */
describe('two-factor authentication', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: await freshDatabase('two_factor') });
    admin = await register(t.url);
  });
  afterAll(() => t?.close());

  const api = () => request(t.url);
  const auth = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });
  const login = (username: string, password = PASSWORD) =>
    api().post('/api/v1/auth/login').send({ username, password });
  const secondStep = (challengeToken: string, code: string) =>
    api().post('/api/v1/auth/login/2fa').send({ challengeToken, code });

  /** A user with two-factor on: their secret and recovery codes. */
  const enrolled = async () => {
    const user = await register(t.url);
    const setup = await api().post('/api/v1/auth/2fa/setup').set(auth(user)).expect(200);
    const { secret, otpauthUrl } = setup.body as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(
      new RegExp(`^otpauth://totp/[^?]*${user.user.username}\\?.*secret=${secret}`),
    );
    const enabled = await api()
      .post('/api/v1/auth/2fa/enable')
      .set(auth(user))
      .send({ code: await totp(secret) })
      .expect(200);
    return { user, secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
  };

  it('tells its owner whether it is on: off after a setup alone, on once enabled, off again after disable', async () => {
    const status = async (s: Session) =>
      ((await api().get('/api/v1/auth/2fa').set(auth(s)).expect(200)).body as { enabled: boolean })
        .enabled;
    const fresh = await register(t.url);
    await api().post('/api/v1/auth/2fa/setup').set(auth(fresh)).expect(200);
    expect(await status(fresh)).toBe(false);
    const { user, secret } = await enrolled();
    expect(await status(user)).toBe(true);
    await api()
      .post('/api/v1/auth/2fa/disable')
      .set(auth(user))
      .send({ password: PASSWORD, code: await totp(secret, 1) })
      .expect(204);
    expect(await status(user)).toBe(false);
  });

  it('turns on only with a correct code, and answers 10 distinct recovery codes', async () => {
    const user = await register(t.url);
    const { secret } = (await api().post('/api/v1/auth/2fa/setup').set(auth(user)).expect(200))
      .body as { secret: string };
    await api()
      .post('/api/v1/auth/2fa/enable')
      .set(auth(user))
      .send({ code: (Number(await totp(secret)) ^ 1).toString().padStart(6, '0') })
      .expect(403);
    // Still off: signing in needs no code.
    expect((await login(user.user.username).expect(200)).body.accessToken).toBeDefined();

    const { recoveryCodes } = (
      await api()
        .post('/api/v1/auth/2fa/enable')
        .set(auth(user))
        .send({ code: await totp(secret) })
        .expect(200)
    ).body as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    // The secret never leaves the server again: a second setup is refused while it is on.
    await api().post('/api/v1/auth/2fa/setup').set(auth(user)).expect(409);
  });

  it('asks for a code after the password, and signs in with a real one, once', async () => {
    const { user, secret } = await enrolled();
    const first = await login(user.user.username).expect(200);
    expect(first.body).toEqual({ twoFactorRequired: true, challengeToken: expect.any(String) });
    expect(first.body).not.toHaveProperty('accessToken');

    // The enabling code's time step is spent: the next step's code signs in.
    const code = await totp(secret, 1);
    const done = await secondStep(first.body.challengeToken as string, code).expect(200);
    expect(done.body).toMatchObject({
      user: { id: user.user.id },
      accessToken: expect.any(String),
    });
    await api()
      .get('/api/v1/users/me')
      .set({ authorization: `Bearer ${done.body.accessToken}` })
      .expect(200);

    // The challenge is spent, and the same code does not work twice (replay).
    await secondStep(first.body.challengeToken as string, code).expect(401);
    const again = await login(user.user.username).expect(200);
    await secondStep(again.body.challengeToken as string, code).expect(401);
  });

  it('takes a recovery code once: the second use is refused', async () => {
    const { user, recoveryCodes } = await enrolled();
    const a = await login(user.user.username).expect(200);
    // Typed in capitals without the dashes, it still works.
    const typed = recoveryCodes[3].replace(/-/g, '').toUpperCase();
    await secondStep(a.body.challengeToken as string, typed).expect(200);
    const b = await login(user.user.username).expect(200);
    await secondStep(b.body.challengeToken as string, recoveryCodes[3]).expect(401);
    await secondStep(b.body.challengeToken as string, recoveryCodes[4]).expect(200);
  });

  it('drops a challenge after 5 wrong codes, and a wrong password never gets one', async () => {
    const { user, secret } = await enrolled();
    await login(user.user.username, 'wrong password').expect(401);
    const first = await login(user.user.username).expect(200);
    const challenge = first.body.challengeToken as string;
    for (let i = 0; i < 5; i++) await secondStep(challenge, '000000').expect(401);
    await secondStep(challenge, await totp(secret, 1)).expect(401);
    await secondStep('not-a-challenge', await totp(secret, 1)).expect(401);
  });

  it('turns off with the password and a code, after which sign-in needs no code', async () => {
    const { user, secret } = await enrolled();
    await api()
      .post('/api/v1/auth/2fa/disable')
      .set(auth(user))
      .send({ password: 'wrong password', code: await totp(secret, 1) })
      .expect(403);
    await api()
      .post('/api/v1/auth/2fa/disable')
      .set(auth(user))
      .send({ password: PASSWORD, code: '123456' })
      .expect(403);
    await api()
      .post('/api/v1/auth/2fa/disable')
      .set(auth(user))
      .send({ password: PASSWORD, code: await totp(secret, 1) })
      .expect(204);
    expect((await login(user.user.username).expect(200)).body.accessToken).toBeDefined();
    await api()
      .post('/api/v1/auth/2fa/disable')
      .set(auth(user))
      .send({
        password: PASSWORD,
        code: await totp(secret, 2),
      })
      .expect(409);
  });

  it('with requireTwoFactorForAdmins, admins get the admin API only with two-factor on', async () => {
    const settings = (body: object) =>
      api().patch('/api/v1/admin/settings').set(auth(admin)).send(body);
    expect((await settings({ requireTwoFactorForAdmins: true }).expect(200)).body).toMatchObject({
      requireTwoFactorForAdmins: true,
    });
    const refused = await api().get('/api/v1/admin/users').set(auth(admin)).expect(403);
    expect(refused.body.message).toMatch(/two-factor/);
    // Setting it up is open to them, so nobody is locked out.
    const { secret } = (await api().post('/api/v1/auth/2fa/setup').set(auth(admin)).expect(200))
      .body as { secret: string };
    await api()
      .post('/api/v1/auth/2fa/enable')
      .set(auth(admin))
      .send({ code: await totp(secret) })
      .expect(200);
    await api().get('/api/v1/admin/users').set(auth(admin)).expect(200);
    // Members are not concerned, and still get the plain 403.
    const member = await register(t.url);
    await api().post('/api/v1/auth/2fa/setup').set(auth(member)).expect(200);
    expect(
      (await api().get('/api/v1/admin/users').set(auth(member)).expect(403)).body.message,
    ).toBe('only workspace admins may do this');
    await settings({ requireTwoFactorForAdmins: false }).expect(200);
  });
});
