import { Redis } from 'ioredis';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { waitFor } from './support/services';
import { register, uniqueUsername } from './support/users';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = () => request(t.url);

  describe('POST /auth/register', () => {
    it('creates the account, signs it in and never returns a password hash', async () => {
      const username = uniqueUsername('alice');
      const res = await api()
        .post('/api/v1/auth/register')
        .send({ username, password: 'correct horse battery', displayName: '  Alice  ' })
        .expect(201);
      expect(res.body.user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        username,
        displayName: 'Alice',
        avatarUrl: null,
        isBot: false,
        // Whoever registers first on the run's database is its admin.
        serverRole: expect.stringMatching(/^(admin|member)$/),
        deactivated: false,
        support: false,
        createdAt: expect.any(String),
      });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.refreshToken).toMatch(/^[\w-]{40,}$/);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
    });

    it('defaults the display name to the username', async () => {
      const { user } = await register(t.url);
      expect(user.displayName).toBe(user.username);
    });

    it('treats usernames case-insensitively: a duplicate in any case is 409', async () => {
      const username = uniqueUsername('bob');
      await register(t.url, { username });
      const res = await api()
        .post('/api/v1/auth/register')
        .send({ username: username.toUpperCase(), password: 'another password' })
        .expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'username is already taken',
      });
    });

    it.each([
      [{ username: 'ab', password: 'long enough' }, 'username'],
      [{ username: 'has space', password: 'long enough' }, 'username'],
      [{ username: 'x'.repeat(33), password: 'long enough' }, 'username'],
      [{ username: 'valid_name', password: 'short' }, 'password'],
      [{ username: 'valid_name', password: 'x'.repeat(129) }, 'password'],
      [{ username: 'valid_name', password: 'long enough', displayName: '   ' }, 'displayName'],
      [{ password: 'long enough' }, 'username'],
      [{ username: 'valid_name' }, 'password'],
    ])('rejects %j with 400 naming %s, creating nothing', async (body, field) => {
      const res = await api().post('/api/v1/auth/register').send(body).expect(400);
      expect(res.body.error).toBe('Bad Request');
      expect(Array.isArray(res.body.message)).toBe(true);
      expect((res.body.message as string[]).some((m) => m.startsWith(field))).toBe(true);
    });

    it('stores nothing for a rejected registration', async () => {
      const username = uniqueUsername('frank');
      await api().post('/api/v1/auth/register').send({ username, password: 'short' }).expect(400);
      await register(t.url, { username });
    });

    it('rejects unknown fields with 400', async () => {
      const res = await api()
        .post('/api/v1/auth/register')
        .send({ username: uniqueUsername(), password: 'long enough', isBot: true })
        .expect(400);
      expect(res.body.message).toContain('property isBot should not exist');
    });
  });

  describe('POST /auth/login', () => {
    it('signs in with the right password, in any letter case of the username', async () => {
      const username = uniqueUsername('carol');
      await register(t.url, { username, password: 'the password' });
      const res = await api()
        .post('/api/v1/auth/login')
        .send({ username: username.toUpperCase(), password: 'the password' })
        .expect(200);
      expect(res.body.user.username).toBe(username);
      expect(res.body.accessToken).toBeTruthy();
      expect(res.body.refreshToken).toBeTruthy();
    });

    it('answers the same 401 whether the user exists or not', async () => {
      const username = uniqueUsername('dave');
      await register(t.url, { username, password: 'the password' });
      const attempt = async (body: object) =>
        (await api().post('/api/v1/auth/login').send(body).expect(401)).body as unknown;
      // Equal cost for both paths is proven without a clock in password-hasher.spec.ts.
      const wrongPassword = { body: await attempt({ username, password: 'not the password' }) };
      const noSuchUser = {
        body: await attempt({ username: uniqueUsername('ghost'), password: 'whatever1' }),
      };

      expect(noSuchUser.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid username or password',
      });
    });
  });

  describe('refresh token rotation', () => {
    it('issues a new pair and spends the old refresh token', async () => {
      const session = await register(t.url);
      const first = await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      expect(first.body.user.id).toBe(session.user.id);

      const second = await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken })
        .expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('reusing a spent token revokes the whole family', async () => {
      const session = await register(t.url);
      const rotated = await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);

      // The stolen, already-spent token is replayed...
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);
      // ...so the legitimate newest token is dead too.
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: rotated.body.refreshToken })
        .expect(401);
    });

    it('two concurrent refreshes of one token: one wins, and the family is revoked', async () => {
      const session = await register(t.url);
      const results = await Promise.all(
        [1, 2].map(() =>
          api().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = results.find((r) => r.status === 200)!;
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: winner.body.refreshToken })
        .expect(401);
    });

    it('rejects an unknown refresh token with 401', async () => {
      await api().post('/api/v1/auth/refresh').send({ refreshToken: 'nope' }).expect(401);
    });

    it('logout revokes the session: its refresh token no longer works', async () => {
      const session = await register(t.url);
      await api()
        .post('/api/v1/auth/logout')
        .send({ refreshToken: session.refreshToken })
        .expect(204);
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);
    });

    it("logout leaves the user's other sessions alone", async () => {
      const username = uniqueUsername('erin');
      const first = await register(t.url, { username, password: 'the password' });
      const second = await api()
        .post('/api/v1/auth/login')
        .send({ username, password: 'the password' })
        .expect(200);
      await api()
        .post('/api/v1/auth/logout')
        .send({ refreshToken: first.refreshToken })
        .expect(204);
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.body.refreshToken })
        .expect(200);
    });
  });

  describe('refresh token in an HttpOnly cookie (the web client)', () => {
    const cookieOf = (res: request.Response) => {
      const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      return header.find((c) => c.startsWith('chat_refresh='));
    };
    const valueOf = (setCookie: string) => setCookie.split(';')[0];
    const registerWithCookie = () =>
      api()
        .post('/api/v1/auth/register')
        .send({
          username: uniqueUsername('cookie'),
          password: 'correct horse battery',
          refreshTokenTransport: 'cookie',
        })
        .expect(201);

    it('is set HttpOnly, SameSite=Strict, for the auth routes only, and kept out of the body', async () => {
      const res = await registerWithCookie();
      expect(res.body.refreshToken).toBeUndefined();
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      const cookie = cookieOf(res)!;
      expect(cookie).toMatch(/^chat_refresh=[\w-]{40,};/);
      expect(cookie).toMatch(/; Path=\/api\/v1\/auth/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Max-Age=2592000/);
      // Plain HTTP here: Secure would make the browser drop it.
      expect(cookie).not.toMatch(/; Secure/);
    });

    it('rotates through the cookie, refuses a spent one and revokes the family', async () => {
      const login = await registerWithCookie();
      const first = valueOf(cookieOf(login)!);
      const rotated = await api()
        .post('/api/v1/auth/refresh')
        .set('cookie', first)
        .send({})
        .expect(200);
      expect(rotated.body.refreshToken).toBeUndefined();
      const second = valueOf(cookieOf(rotated)!);
      expect(second).not.toBe(first);
      // The spent cookie again: theft suspected, the whole family is revoked.
      await api().post('/api/v1/auth/refresh').set('cookie', first).send({}).expect(401);
      await api().post('/api/v1/auth/refresh').set('cookie', second).send({}).expect(401);
    });

    it('moves a body-held session into the cookie when asked (upgrade of older clients)', async () => {
      const session = await register(t.url);
      const res = await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken, refreshTokenTransport: 'cookie' })
        .expect(200);
      expect(res.body.refreshToken).toBeUndefined();
      await api()
        .post('/api/v1/auth/refresh')
        .set('cookie', valueOf(cookieOf(res)!))
        .send({})
        .expect(200);
    });

    it('logout ends the cookie session and clears the cookie; no token at all is 401', async () => {
      const login = await registerWithCookie();
      const cookie = valueOf(cookieOf(login)!);
      const out = await api()
        .post('/api/v1/auth/logout')
        .set('cookie', cookie)
        .send({})
        .expect(204);
      expect(cookieOf(out)).toMatch(/^chat_refresh=;.*Expires=Thu, 01 Jan 1970/);
      await api().post('/api/v1/auth/refresh').set('cookie', cookie).send({}).expect(401);
      await api().post('/api/v1/auth/refresh').send({}).expect(401);
    });
  });

  describe('access tokens', () => {
    it('are required by private routes and checked for signature and expiry', async () => {
      const session = await register(t.url);
      await api().get('/api/v1/users/me').expect(401);
      await api().get('/api/v1/users/me').set('authorization', 'Bearer not-a-jwt').expect(401);
      const [h, p] = session.accessToken.split('.');
      await api()
        .get('/api/v1/users/me')
        .set('authorization', `Bearer ${h}.${p}.forged`)
        .expect(401);
      await api()
        .get('/api/v1/users/me')
        .set('authorization', `Bearer ${session.accessToken}`)
        .expect(200);
    });

    it('are refused once expired', async () => {
      const session = await register(t.url);
      const expired = t.app
        .get(JwtService)
        .sign({ sub: session.user.id, username: session.user.username }, { expiresIn: -10 });
      const res = await api()
        .get('/api/v1/users/me')
        .set('authorization', `Bearer ${expired}`)
        .expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: 'Unauthorized' });
    });

    it('live for JWT_ACCESS_TTL_SECONDS', async () => {
      const shortLived = await startTestApp({ JWT_ACCESS_TTL_SECONDS: '30' });
      try {
        const session = await register(shortLived.url);
        const payload = JSON.parse(
          Buffer.from(session.accessToken.split('.')[1], 'base64url').toString(),
        ) as { iat: number; exp: number };
        expect(payload.exp - payload.iat).toBe(30);
      } finally {
        await shortLived.close();
      }
    });
  });
});

describe('auth rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    // Every test here comes from this machine's address: start and end with its count at zero.
    const clearThrottles = async () => {
      const redis = new Redis(process.env.REDIS_URL!);
      await redis.eval(
        "for _, k in ipairs(redis.call('KEYS', '{rl}:throttle:*')) do redis.call('DEL', k) end",
        0,
      );
      redis.disconnect();
    };
    await clearThrottles();
    const direct = await startTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '2' });
    try {
      // Without TRUST_PROXY, a client cannot escape the limit by naming other addresses.
      const statuses: number[] = [];
      for (const ip of ['10.1.1.1', '10.1.1.2', '10.1.1.3']) {
        const res = await request(direct.url)
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', ip)
          .send({ username: 'nobody_here', password: 'whatever1' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await direct.close();
      await clearThrottles();
    }
  });

  it('slows failed sign-ins per username and address with growing delays, never locking the owner out', async () => {
    const limited = await startTestApp({
      LOGIN_FAILURES_BEFORE_DELAY: '2',
      TRUST_PROXY: 'loopback',
    });
    const other = await startTestApp({ LOGIN_FAILURES_BEFORE_DELAY: '2', TRUST_PROXY: 'loopback' });
    try {
      const username = uniqueUsername('target');
      await register(limited.url, { username, password: 'the right one' });
      const login = (app: TestApp, password: string, ip: string) =>
        request(app.url)
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', ip)
          .send({ username, password });
      const attacker = '10.77.0.1';
      await login(limited, 'a wrong guess', attacker).expect(401);
      await login(limited, 'a wrong guess', attacker).expect(401);
      // Past the free failures the pair waits 1 s, on every instance, and the refused attempt
      // is not even checked: the right password waits too.
      const first = await login(other, 'the right one', attacker).expect(429);
      expect(first.body.message).toMatch(
        /^too many failed sign-ins from this address: retry in 1 seconds$/,
      );
      expect(first.headers['retry-after']).toBe('1');
      // The owner, from another address, is never locked out.
      await login(other, 'the right one', '10.77.0.2').expect(200);
      // The delay doubles with each further failure: 1 s, then 2 s.
      await waitFor(
        async () => (await login(limited, 'a wrong guess', attacker)).status === 401,
        3_000,
        'the first delay to end',
      );
      const second = await login(limited, 'a wrong guess', attacker).expect(429);
      expect(Number(second.headers['retry-after'])).toBe(2);
      // Attempts sent together during a delay are all refused: none slips through.
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => login(other, 'a wrong guess', attacker)),
      );
      expect(burst.map((r) => r.status)).toEqual(Array(10).fill(429));
    } finally {
      await limited.close();
      await other.close();
    }
  });

  it('answers 429 with the retry time past the per-IP limit, counted in Redis', async () => {
    const ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const attempt = () =>
      request(t.url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ username: 'nobody_here', password: 'whatever1' });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);

    const limited = await attempt();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body.message).toBe(`too many attempts: retry in ${retryAfter} seconds`);

    // A second instance on the same Redis sees the same counter.
    const other = await startTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
    try {
      const res = await request(other.url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ username: 'nobody_here', password: 'whatever1' });
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }

    // Another address is not affected.
    const elsewhere = await request(t.url)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '10.9.9.9')
      .send({ username: 'nobody_here', password: 'whatever1' });
    expect(elsewhere.status).toBe(401);
  });
});
