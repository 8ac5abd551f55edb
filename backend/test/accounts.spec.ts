import { Redis } from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { waitFor } from './support/services';
import { linkToken, TestSmtpServer } from './support/smtp';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const PUBLIC_URL = 'http://chat.test';
const PASSWORD = 'correct horse battery';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * Accounts and sign-in (issue 18) against a real SMTP server that reads the mails the worker
 * sends, on a database of this suite's own (its first user is the admin), with a second API
 * instance that has no mail configured.
 */
describe('accounts', () => {
  let smtp: TestSmtpServer;
  let a: TestApp;
  let b: TestApp;
  let db: Client;
  let admin: Session;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    const url = await freshDatabase('accounts');
    a = await startTestApp({
      DATABASE_URL: url,
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      MAIL_FROM: 'Chat <chat@chat.test>',
    });
    b = await startTestApp({ DATABASE_URL: url });
    db = new Client({ connectionString: url });
    await db.connect();
    admin = await register(a.url);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await db?.end();
    await b?.close();
    await a?.close();
    await smtp?.close();
  });

  const api = (app: TestApp = a) => request(app.url);
  const auth = (s: Session | string) => ({
    authorization: `Bearer ${typeof s === 'string' ? s : s.accessToken}`,
  });
  const login = async (username: string, password = PASSWORD, app = a, userAgent = FIREFOX) =>
    (
      await api(app)
        .post('/api/v1/auth/login')
        .set('user-agent', userAgent)
        .send({ username, password })
        .expect(200)
    ).body as Session;
  const refreshStatus = async (refreshToken: string) =>
    (await api().post('/api/v1/auth/refresh').send({ refreshToken })).status;
  const audited = async (action: string, targetId: string) => {
    const res = await api()
      .get('/api/v1/admin/audit')
      .query({ action, limit: 100 })
      .set(auth(admin))
      .expect(200);
    return (res.body.items as { targetId: string; actorId: string | null }[]).filter(
      (e) => e.targetId === targetId,
    );
  };
  const connect = async (app: TestApp, token: string) => {
    const c = await connectClient(app.url, token);
    clients.push(c);
    return c;
  };
  const disconnected = (c: TestClient) =>
    new Promise<string>((resolve) => c.socket.once('disconnect', resolve));

  /** A user with a verified address, through the real mail. */
  const withVerifiedEmail = async (): Promise<{ user: Session; email: string }> => {
    const user = await register(a.url);
    const email = `${user.user.username}@example.com`;
    await api().patch('/api/v1/users/me').set(auth(user)).send({ email }).expect(200);
    const token = linkToken(await smtp.waitFor(email), PUBLIC_URL, '/verify-email/');
    await api().post('/api/v1/auth/email/verify').send({ token }).expect(204);
    return { user, email };
  };

  it('says whether mail is on, for the sign-in page', async () => {
    expect((await api(a).get('/api/v1/auth/providers').expect(200)).body).toEqual({
      mail: true,
      oidc: null,
    });
    expect((await api(b).get('/api/v1/auth/providers').expect(200)).body).toEqual({
      mail: false,
      oidc: null,
    });
  });

  it('verifies an email address through the mailed link, once', async () => {
    const user = await register(a.url);
    const email = `${user.user.username}@Example.com`;
    const patched = await api().patch('/api/v1/users/me').set(auth(user)).send({ email });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ email: email.toLowerCase(), emailVerified: false });

    const mail = await smtp.waitFor(email.toLowerCase());
    expect(mail.from).toBe('chat@chat.test');
    // Both a plain-text and an HTML part, the link in each.
    expect(mail.raw).toMatch(/multipart\/alternative/);
    expect(mail.decoded).toMatch(/Content-Type: text\/plain/);
    expect(mail.decoded).toMatch(/Content-Type: text\/html/);
    const token = linkToken(mail, PUBLIC_URL, '/verify-email/');
    expect(mail.decoded.split(`${PUBLIC_URL}/verify-email/${token}`).length).toBeGreaterThan(2);
    // Stored hashed: the token itself is nowhere in the database.
    const stored = await db.query('SELECT 1 FROM account_tokens WHERE token_hash = $1', [token]);
    expect(stored.rowCount).toBe(0);

    await api().post('/api/v1/auth/email/verify').send({ token }).expect(204);
    const me = await api().get('/api/v1/users/me').set(auth(user)).expect(200);
    expect(me.body).toMatchObject({ email: email.toLowerCase(), emailVerified: true });
    await api().post('/api/v1/auth/email/verify').send({ token }).expect(403);
    // Others never see the address.
    const seen = await api().get(`/api/v1/users/${user.user.id}`).set(auth(admin)).expect(200);
    expect(seen.body).not.toHaveProperty('email');
    expect(await audited('account.email_changed', user.user.id)).toHaveLength(1);
    expect(await audited('account.email_verified', user.user.id)).toHaveLength(1);
  });

  it('a verification link for an address since replaced verifies nothing', async () => {
    const user = await register(a.url);
    const first = `${user.user.username}.1@example.com`;
    await api().patch('/api/v1/users/me').set(auth(user)).send({ email: first }).expect(200);
    const token = linkToken(await smtp.waitFor(first), PUBLIC_URL, '/verify-email/');
    await api()
      .patch('/api/v1/users/me')
      .set(auth(user))
      .send({ email: `${user.user.username}.2@example.com` })
      .expect(200);
    await api().post('/api/v1/auth/email/verify').send({ token }).expect(403);
    const me = await api().get('/api/v1/users/me').set(auth(user)).expect(200);
    expect(me.body.emailVerified).toBe(false);
  });

  it('resets a forgotten password by mail: old sessions and sockets end, the link works once', async () => {
    const { user, email } = await withVerifiedEmail();
    const other = await login(user.user.username);
    const socketOnB = await connect(b, other.accessToken);
    const ended = disconnected(socketOnB);

    await api().post('/api/v1/auth/password/forgot').send({ login: email }).expect(202);
    const token = linkToken(await smtp.waitFor(email, 2), PUBLIC_URL, '/reset-password/');
    await api()
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'a brand new secret' })
      .expect(204);

    expect(await ended).toBe('io server disconnect');
    expect(await handshake(b.url, other.accessToken)).toBe('unauthorized');
    expect(await refreshStatus(user.refreshToken)).toBe(401);
    expect(await refreshStatus(other.refreshToken)).toBe(401);
    await api()
      .post('/api/v1/auth/login')
      .send({ username: user.user.username, password: PASSWORD })
      .expect(401);
    await login(user.user.username, 'a brand new secret');
    // Single use.
    await api()
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'another new secret' })
      .expect(403);
    expect(await audited('account.password_reset_requested', user.user.id)).toHaveLength(1);
    expect(await audited('account.password_reset', user.user.id)).toHaveLength(1);
  });

  it('asks by username too, and refuses an expired link', async () => {
    const { user, email } = await withVerifiedEmail();
    await api()
      .post('/api/v1/auth/password/forgot')
      .send({ login: user.user.username.toUpperCase() })
      .expect(202);
    const token = linkToken(await smtp.waitFor(email, 2), PUBLIC_URL, '/reset-password/');
    await db.query(
      `UPDATE account_tokens SET expires_at = now() - interval '1 second'
        WHERE user_id = $1 AND purpose = 'reset-password'`,
      [user.user.id],
    );
    await api()
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'a brand new secret' })
      .expect(403);
    await login(user.user.username);
  });

  it('answers "forgot" for an unknown account exactly as for a known one, and mails nothing', async () => {
    const { email } = await withVerifiedEmail();
    const mailsBefore = smtp.mails.length;
    const ask = async (login: string) => {
      const started = performance.now();
      const res = await api().post('/api/v1/auth/password/forgot').send({ login });
      return { status: res.status, body: res.text, ms: performance.now() - started };
    };
    // Interleaved, so a warm-up or a busy moment hits both alike.
    const known: Awaited<ReturnType<typeof ask>>[] = [];
    const unknown: Awaited<ReturnType<typeof ask>>[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await ask(email));
      unknown.push(await ask(`nobody-${i}@example.com`));
    }
    for (const res of [...known, ...unknown]) {
      expect(res).toMatchObject({ status: 202, body: known[0].body });
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [k, u] = [median(known.map((r) => r.ms)), median(unknown.map((r) => r.ms))];
    // Both answered before any lookup: the same class of time (no database or hash work). On a
    // loaded machine both slow down alike, so the bound grows with them.
    expect(Math.abs(k - u)).toBeLessThan(Math.max(25, Math.max(k, u) / 2));
    // The verification mail, then one reset mail per known request.
    await smtp.waitFor(email, 1 + known.length);
    expect(smtp.mails.length - mailsBefore).toBe(known.length);
  });

  it('mails one account at most 5 reset links an hour, whoever asks', async () => {
    const { user, email } = await withVerifiedEmail();
    for (let i = 0; i < 7; i++) {
      await api().post('/api/v1/auth/password/forgot').send({ login: email }).expect(202);
    }
    // Every request has been counted once the window holds 7; only the first 5 queue a mail.
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await waitFor(
        async () => (await redis.get(`{rl}:reset-mail:${user.user.id}`)) === '7',
        10_000,
        'the 7 requests to be counted',
      );
    } finally {
      redis.disconnect();
    }
    await smtp.waitFor(email, 6);
    await waitFor(
      async () => (await audited('account.password_reset_requested', user.user.id)).length === 5,
      10_000,
      'the 5 audited requests',
    );
    expect(smtp.to(email)).toHaveLength(6);
  });

  it('changes the password, ending the other sessions only when asked', async () => {
    const user = await register(a.url);
    const second = await login(user.user.username);
    await api()
      .post('/api/v1/auth/password')
      .set(auth(user))
      .send({ currentPassword: 'wrong password', newPassword: 'new password 1' })
      .expect(403);
    await api()
      .post('/api/v1/auth/password')
      .set(auth(user))
      .send({ currentPassword: PASSWORD, newPassword: 'new password 1' })
      .expect(204);
    const afterPlainChange = (
      await api().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken })
    ).body as Session;
    expect(afterPlainChange.refreshToken).toBeDefined();

    const socket = await connect(b, afterPlainChange.accessToken);
    const ended = disconnected(socket);
    await api()
      .post('/api/v1/auth/password')
      .set(auth(user))
      .send({
        currentPassword: 'new password 1',
        newPassword: 'new password 2',
        signOutOtherSessions: true,
      })
      .expect(204);
    expect(await ended).toBe('io server disconnect');
    expect(await refreshStatus(afterPlainChange.refreshToken)).toBe(401);
    // The session that made the change stays.
    expect(await refreshStatus(user.refreshToken)).toBe(200);
    await login(user.user.username, 'new password 2');
    expect(await audited('account.password_changed', user.user.id)).toHaveLength(2);
  });

  it('lists the sessions with their device, and ends one (its socket on another instance at once)', async () => {
    const user = await register(a.url);
    const phone = await login(
      user.user.username,
      PASSWORD,
      b,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    );
    const list = await api().get('/api/v1/auth/sessions').set(auth(user)).expect(200);
    expect(list.body).toHaveLength(2);
    const [phoneRow, mine] = [
      list.body.find((s: { current: boolean }) => !s.current),
      list.body.find((s: { current: boolean }) => s.current),
    ];
    expect(phoneRow).toMatchObject({ userAgent: 'Mobile Safari 18 on iOS 18.1', ip: '127.0.0.1' });
    expect(mine).toBeDefined();
    expect(Object.keys(phoneRow).sort()).toEqual(
      ['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent'].sort(),
    );

    const socket = await connect(b, phone.accessToken);
    const ended = disconnected(socket);
    await api().delete(`/api/v1/auth/sessions/${phoneRow.id}`).set(auth(user)).expect(204);
    expect(await ended).toBe('io server disconnect');
    expect(await refreshStatus(phone.refreshToken)).toBe(401);
    const after = await api().get('/api/v1/auth/sessions').set(auth(user)).expect(200);
    expect(after.body.map((s: { id: string }) => s.id)).toEqual([mine.id]);

    // Someone else's session is not found, and not ended.
    const stranger = await register(a.url);
    await api().delete(`/api/v1/auth/sessions/${mine.id}`).set(auth(stranger)).expect(404);
    expect(await refreshStatus(user.refreshToken)).toBe(200);
    expect(await audited('session.ended', user.user.id)).toHaveLength(1);
  });

  it('ends all other sessions at once', async () => {
    const user = await register(a.url);
    const others = [await login(user.user.username), await login(user.user.username, PASSWORD, b)];
    const sockets = await Promise.all(others.map((s, i) => connect(i ? b : a, s.accessToken)));
    const ended = sockets.map(disconnected);
    await api().delete('/api/v1/auth/sessions').set(auth(user)).expect(204);
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const s of others) expect(await refreshStatus(s.refreshToken)).toBe(401);
    const left = await api().get('/api/v1/auth/sessions').set(auth(user)).expect(200);
    expect(left.body).toEqual([expect.objectContaining({ current: true })]);
    expect(await audited('session.ended_others', user.user.id)).toHaveLength(1);
  });

  it('ends a session unused for SESSION_IDLE_DAYS, and any after SESSION_MAX_DAYS', async () => {
    const user = await register(a.url);
    const idle = await login(user.user.username);
    const old = await login(user.user.username);
    const sid = (s: Session) =>
      (
        JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url').toString()) as {
          sid: string;
        }
      ).sid;
    await db.query(`UPDATE sessions SET last_used_at = now() - interval '31 days' WHERE id = $1`, [
      sid(idle),
    ]);
    // Used yesterday, but signed in 91 days ago.
    await db.query(
      `UPDATE sessions SET created_at = now() - interval '91 days',
                           last_used_at = now() - interval '1 day' WHERE id = $1`,
      [sid(old)],
    );
    const listed = await api().get('/api/v1/auth/sessions').set(auth(user)).expect(200);
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([sid(user)]);
    expect(await refreshStatus(idle.refreshToken)).toBe(401);
    expect(await refreshStatus(old.refreshToken)).toBe(401);
    expect(await refreshStatus(user.refreshToken)).toBe(200);
  });

  it('lets an admin make a reset link (audited), which works without mail', async () => {
    const user = await register(b.url);
    await api(b).post(`/api/v1/admin/users/${user.user.id}/reset-link`).set(auth(user)).expect(403);
    const res = await api(b)
      .post(`/api/v1/admin/users/${user.user.id}/reset-link`)
      .set(auth(admin))
      .set('origin', 'http://admin.example')
      .expect(200);
    // Instance b has no PUBLIC_URL: the link starts at the admin's own address.
    expect(res.body.url).toMatch(/^http:\/\/admin\.example\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = (res.body.url as string).split('/').at(-1)!;
    await api(b)
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'set by link' })
      .expect(204);
    await login(user.user.username, 'set by link', b);
    const entries = await audited('account.reset_link_created', user.user.id);
    expect(entries).toEqual([expect.objectContaining({ actorId: admin.user.id })]);
  });

  it('retries a mail the SMTP server refuses for a while', async () => {
    const user = await register(a.url);
    smtp.refuse(1);
    const email = `${user.user.username}@example.com`;
    await api().patch('/api/v1/users/me').set(auth(user)).send({ email }).expect(200);
    await smtp.waitFor(email, 1, 30_000);
    expect(smtp.refused).toBe(1);
  }, 40_000);
});
