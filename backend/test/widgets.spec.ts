import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName, QueueName } from '../src/common/jobs/job.types';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * The shop widget's server side: widgets managed by admins (audited), visitor sessions
 * (origin check, per-address limit, renewal), and what a guest token can and cannot reach
 * over REST and the socket. Addresses come from X-Forwarded-For (TRUST_PROXY=loopback), so
 * each test counts its own visitors.
 */
describe('widgets and guest sessions', () => {
  let t: TestApp;
  let admin: Session;
  let member: Session;
  const clients: TestClient[] = [];
  const SHOP = 'http://shop.widget.test:8080';
  const LIMIT = 3;
  let address = 0;
  /** A client address of its own, so this caller's visitors count alone. */
  const nextAddress = () => `203.0.113.${(address += 1)}`;

  const newWidget = async (body: object = {}) =>
    (
      await asUser(t.url, admin)
        .post('/api/v1/widgets', {
          name: 'Shop',
          botUsername: 'sizebot',
          allowedOrigins: [SHOP],
          ...body,
        })
        .expect(201)
    ).body as { id: string; snippet: string };

  const startSession = (widgetId: string, origin: string | null, ip: string, body: object = {}) => {
    const req = request(t.url)
      .post(`/api/v1/widget/${widgetId}/sessions`)
      .set('x-forwarded-for', ip);
    return (origin ? req.set('origin', origin) : req).send(body);
  };

  const visitor = async (widgetId: string) => {
    const res = await startSession(widgetId, SHOP, nextAddress()).expect(201);
    const session = res.body as {
      guestToken: string;
      conversationId: string;
      user: Session['user'] & { serverRole: string };
      widget: { bot: { username: string }; greeting: string | null };
    };
    const as = asUser(t.url, {
      user: session.user,
      accessToken: session.guestToken,
      refreshToken: '',
    });
    return { ...session, as };
  };

  beforeAll(async () => {
    // The app serves the built widget (dist/widget): build just that, in about a second.
    execFileSync(process.execPath, [join(__dirname, '../scripts/build-widget.mjs')], {
      stdio: 'pipe',
    });
    t = await startTestApp({
      DEMO_SHOP: 'true',
      DATABASE_URL: await freshDatabase('widgets'),
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_GUEST_SESSIONS_PER_HOUR: String(LIMIT),
    });
    admin = await register(t.url);
    member = await register(t.url);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await t?.close();
  });

  it('admins create, list, change and delete widgets, each change audited; a member may not', async () => {
    const created = await newWidget({ greeting: 'Hi! Which size?', handoff: true });
    expect(created).toMatchObject({
      name: 'Shop',
      botUsername: 'sizebot',
      allowedOrigins: [SHOP],
      greeting: 'Hi! Which size?',
      handoff: true,
    });
    expect(created.snippet).toBe(
      `<script src="${t.url}/widget.js" data-widget="${created.id}" async></script>`,
    );
    const listed = await asUser(t.url, admin).get('/api/v1/widgets').expect(200);
    expect(listed.body.map((w: { id: string }) => w.id)).toContain(created.id);

    const changed = await asUser(t.url, admin)
      .patch(`/api/v1/widgets/${created.id}`, {
        allowedOrigins: ['https://Other.Example/'],
        greeting: null,
      })
      .expect(200);
    expect(changed.body).toMatchObject({
      allowedOrigins: ['https://other.example'],
      greeting: null,
    });
    await asUser(t.url, admin).delete(`/api/v1/widgets/${created.id}`).expect(204);
    await asUser(t.url, admin).delete(`/api/v1/widgets/${created.id}`).expect(404);

    const audit = await asUser(t.url, admin).get('/api/v1/admin/audit').expect(200);
    const mine = audit.body.items
      .filter((e: { targetId: string }) => e.targetId === created.id)
      .map((e: { action: string; actorId: string }) => [e.action, e.actorId]);
    expect(mine).toEqual([
      ['widget.deleted', admin.user.id],
      ['widget.updated', admin.user.id],
      ['widget.created', admin.user.id],
    ]);

    await asUser(t.url, member)
      .post('/api/v1/widgets', { name: 'X', botUsername: 'sizebot', allowedOrigins: [SHOP] })
      .expect(403);
    const bad = await asUser(t.url, admin)
      .post('/api/v1/widgets', {
        name: 'X',
        botUsername: member.user.username,
        allowedOrigins: ['shop.example/path'],
      })
      .expect(400);
    expect(bad.body.message).toEqual(['allowedOrigins must be origins like https://shop.example']);
    const notBot = await asUser(t.url, admin)
      .post('/api/v1/widgets', {
        name: 'X',
        botUsername: member.user.username,
        allowedOrigins: [SHOP],
      })
      .expect(409);
    expect(notBot.body.message).toBe('botUsername must name a bot of this server');
  });

  it('a session needs an allowed Origin (403 otherwise, counting nothing) and makes a guest with one conversation with the bot', async () => {
    const widget = await newWidget({ greeting: 'Hello' });
    const ip = nextAddress();
    await startSession(widget.id, 'https://evil.example', ip).expect(403);
    await startSession(widget.id, null, ip).expect(403);
    await startSession(randomUUID(), SHOP, ip).expect(404);

    const res = await startSession(widget.id, SHOP, ip).expect(201);
    expect(res.body.user).toMatchObject({ serverRole: 'guest', isBot: false });
    expect(res.body.widget).toMatchObject({ id: widget.id, greeting: 'Hello', handoff: false });
    expect(res.body.widget.bot).toMatchObject({ username: 'sizebot', isBot: true });

    const guest = asUser(t.url, { ...res.body, accessToken: res.body.guestToken });
    const conversation = await guest.get(`/api/v1/conversations/${res.body.conversationId}`);
    expect(conversation.status).toBe(200);
    expect(
      conversation.body.members.map((m: { user: { username: string } }) => m.user.username).sort(),
    ).toEqual([res.body.user.username, 'sizebot'].sort());
    // The refused attempts above counted nothing: LIMIT - 1 more still fit.
    for (let i = 1; i < LIMIT; i += 1) await startSession(widget.id, SHOP, ip).expect(201);
  });

  it('answers CORS for a widget origin on the visitor routes only', async () => {
    const widget = await newWidget();
    const preflight = (path: string, origin: string) =>
      request(t.url)
        .options(path)
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,authorization');
    const allowed = await preflight(`/api/v1/widget/${widget.id}/sessions`, SHOP);
    expect(allowed.headers['access-control-allow-origin']).toBe(SHOP);
    expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const messages = await preflight(`/api/v1/conversations/${randomUUID()}/messages`, SHOP);
    expect(messages.headers['access-control-allow-origin']).toBe(SHOP);
    // Not a visitor route, and not an allowed origin: no CORS headers.
    const users = await preflight('/api/v1/users', SHOP);
    expect(users.headers['access-control-allow-origin']).toBeUndefined();
    const evil = await preflight(`/api/v1/widget/${widget.id}/sessions`, 'https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits new visitors per address per hour; renewals do not count', async () => {
    const widget = await newWidget();
    const ip = nextAddress();
    const first = await startSession(widget.id, SHOP, ip).expect(201);
    for (let i = 1; i < LIMIT; i += 1) await startSession(widget.id, SHOP, ip).expect(201);
    const refused = await startSession(widget.id, SHOP, ip).expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    // Another address is not affected, and a returning visitor renews.
    await startSession(widget.id, SHOP, nextAddress()).expect(201);
    await startSession(widget.id, SHOP, ip, { guestToken: first.body.guestToken }).expect(200);
  });

  it('renews a guest token: same visitor, same conversation, history kept; another widget’s or a forged token is refused', async () => {
    const widget = await newWidget();
    const v = await visitor(widget.id);
    await v.as.send(v.conversationId, 'hello', 'c-renew-1');
    const renewed = await startSession(widget.id, SHOP, nextAddress(), {
      guestToken: v.guestToken,
    }).expect(200);
    expect(renewed.body.user.id).toBe(v.user.id);
    expect(renewed.body.conversationId).toBe(v.conversationId);
    const history = await asUser(t.url, { ...renewed.body, accessToken: renewed.body.guestToken })
      .get(`/api/v1/conversations/${v.conversationId}/messages`)
      .expect(200);
    expect(history.body.items.map((m: { clientMessageId: string }) => m.clientMessageId)).toContain(
      'c-renew-1',
    );

    const other = await newWidget();
    await startSession(other.id, SHOP, nextAddress(), { guestToken: v.guestToken }).expect(401);
    await startSession(widget.id, SHOP, nextAddress(), { guestToken: 'not.a.token' }).expect(401);
    // A person's access token is no guest token.
    await startSession(widget.id, SHOP, nextAddress(), {
      guestToken: member.accessToken,
    }).expect(401);
  });

  it('a guest token reaches its own conversation and nothing else: no other conversation, user list, search, people, channels or new conversations', async () => {
    const widget = await newWidget();
    const v = await visitor(widget.id);
    const others = await asUser(t.url, member).direct(admin);
    await asUser(t.url, member).send(others, 'private words');

    await v.as.get('/api/v1/users/me').expect(200);
    await v.as.get(`/api/v1/conversations/${others}`).expect(404);
    await v.as.get(`/api/v1/conversations/${others}/messages`).expect(404);
    await v.as
      .post(`/api/v1/conversations/${others}/messages`, { clientMessageId: 'c-x', body: 'hi' })
      .expect(404);
    await v.as.post(`/api/v1/conversations/${others}/read`, { seq: 1 }).expect(404);
    await v.as.get('/api/v1/conversations').expect(403);
    await v.as.get('/api/v1/users?query=a').expect(403);
    await v.as.get(`/api/v1/users/${member.user.id}`).expect(403);
    await v.as.get('/api/v1/search/messages?q=private').expect(403);
    await v.as.get('/api/v1/bots').expect(403);
    await v.as
      .post('/api/v1/conversations', { type: 'direct', userId: member.user.id })
      .expect(403);
    await v.as.patch('/api/v1/users/me', { displayName: 'Hacker' }).expect(403);
    await v.as.get('/api/v1/widgets').expect(403);

    // People never find a guest, nor start a conversation with one by id.
    const found = await asUser(t.url, member).get(`/api/v1/users?query=guest_`).expect(200);
    expect(found.body.items).toEqual([]);
    await asUser(t.url, member)
      .post('/api/v1/conversations', { type: 'direct', userId: v.user.id })
      .expect(404);
    await asUser(t.url, member)
      .post('/api/v1/conversations', { type: 'group', title: 'G', memberIds: [v.user.id] })
      .expect(404);
  });

  it('asks SizeBot over REST and hears the streamed answer on a guest socket scoped to its conversation', async () => {
    const widget = await newWidget();
    const v = await visitor(widget.id);
    const socket = await connectClient(t.url, v.guestToken);
    clients.push(socket);
    const others = await asUser(t.url, member).direct(admin);

    const sent = await socket.emit<{ seq: number }>('message:send', {
      conversationId: v.conversationId,
      clientMessageId: 'c-size-1',
      body: "I'm 180 cm and 75 kg, which T-shirt size?",
    });
    expect(sent.ok).toBe(true);
    const done = await socket.waitFor(
      'message:updated',
      (m: { kind: string; status: string }) => m.kind === 'bot' && m.status === 'complete',
      15_000,
    );
    expect(done.conversationId).toBe(v.conversationId);
    expect(done.body).toMatch(/\b(XS|S|M|L|XL|XXL)\b/);
    expect(socket.received('message:delta').length).toBeGreaterThan(0);

    const elsewhere = await socket.emit('message:send', {
      conversationId: others,
      clientMessageId: 'c-size-2',
      body: 'let me in',
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await asUser(t.url, member).send(others, 'not for visitors');
    await socket.barrier();
    expect(
      socket.events.filter(
        (e) => e.payload?.conversationId && e.payload.conversationId !== v.conversationId,
      ),
    ).toEqual([]);
  });

  it("brings the shop page's product to SizeBot with the visitor's first question", async () => {
    const widget = await newWidget();
    const res = await startSession(widget.id, SHOP, nextAddress(), {
      context: { product: 'Slim jeans', category: 'bottoms' },
    }).expect(201);
    const socket = await connectClient(t.url, res.body.guestToken);
    clients.push(socket);
    await socket.emit('message:send', {
      conversationId: res.body.conversationId,
      clientMessageId: 'c-context-1',
      body: 'Hi, which size should I buy?',
    });
    const done = await socket.waitFor(
      'message:updated',
      (m: { kind: string; status: string }) => m.kind === 'bot' && m.status === 'complete',
      15_000,
    );
    expect(done.body).toMatch(/^To pick your jeans size I need your waist measurement/);
    await startSession(widget.id, SHOP, nextAddress(), { context: { size: 'M' } }).expect(400);
  });

  it('the daily expiry job deletes visitors idle GUEST_RETENTION_DAYS with their conversations, and keeps the others', async () => {
    const widget = await newWidget();
    const idle = await visitor(widget.id);
    const active = await visitor(widget.id);
    await idle.as.send(idle.conversationId, 'hello from long ago');
    const db = new Client({ connectionString: t.config.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `UPDATE widget_guests SET last_active_at = now() - interval '31 days' WHERE user_id = $1`,
        [idle.user.id],
      );
      // The schedule is there (every process that works the queues puts it there at start).
      const redis = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue(QueueName.GuestExpiry, { connection: redis });
      const schedulers = await queue.getJobSchedulers();
      await queue.close();
      await redis.quit();
      expect(schedulers).toEqual([
        expect.objectContaining({ name: JobName.ExpireGuests, every: 86_400_000 }),
      ]);

      await t.app.get(JobQueue).add(JobName.ExpireGuests, { trigger: 'manual' });
      await waitFor(
        async () =>
          (await db.query('SELECT 1 FROM users WHERE id = $1', [idle.user.id])).rowCount === 0,
        10_000,
        'the idle visitor to be deleted',
      );
      const left = await db.query(
        'SELECT (SELECT count(*) FROM conversations WHERE id = $1)::int AS conversations, (SELECT count(*) FROM messages WHERE conversation_id = $1)::int AS messages',
        [idle.conversationId],
      );
      expect(left.rows[0]).toEqual({ conversations: 0, messages: 0 });
      // Its token reaches nothing any more (401 once the profile cache forgets it, up to 60 s).
      await idle.as.get(`/api/v1/conversations/${idle.conversationId}`).expect(404);
      expect([401, 404]).toContain((await idle.as.get('/api/v1/users/me')).status);
      await active.as.get(`/api/v1/conversations/${active.conversationId}`).expect(200);
      // Its kept token now starts a new visitor instead.
      await startSession(widget.id, SHOP, nextAddress(), { guestToken: idle.guestToken }).expect(
        401,
      );
    } finally {
      await db.end();
    }
  });

  it('serves widget.js: a short-cached redirect to the versioned, immutable, compressed script any site may load', async () => {
    const entry = await request(t.url).get('/widget.js').expect(302);
    expect(entry.headers['cache-control']).toBe('public, max-age=300');
    expect(entry.headers.location).toMatch(/^\/widget\.[\w-]{10}\.js$/);
    const script = await request(t.url)
      .get(entry.headers.location)
      .set('accept-encoding', 'br, gzip')
      .expect(200);
    expect(script.headers['content-encoding']).toBe('br');
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // As sent, compressed (the client decompresses the body).
    expect(Number(script.headers['content-length'])).toBeLessThanOrEqual(30 * 1024);
  });

  it('serves the demo shop with a widget of its own that the page’s origin may use', async () => {
    const page = await request(t.url).get('/demo/shop').expect(200);
    expect(page.headers['content-type']).toMatch(/html/);
    const id = /data-widget="([0-9a-f-]{36})"/.exec(page.text)?.[1];
    expect(id).toBeDefined();
    expect(page.text).toContain(`data-context='{"product":"Slim jeans","category":"bottoms"}'`);
    await request(t.url).get('/demo/shop.css').expect(200);
    // The same widget on the next visit.
    const again = await request(t.url).get('/demo/shop').expect(200);
    expect(again.text).toContain(`data-widget="${id}"`);
    await startSession(id!, t.url, nextAddress()).expect(201);
  });
});
