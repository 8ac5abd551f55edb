import { createDecipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import webpush from 'web-push';
import { QueueName } from '../src/common/jobs/job.types';
import { OutboundRefusedError } from '../src/common/outbound/address-policy';
import { loadConfig } from '../src/config/app-config';
import { PushSender } from '../src/modules/push/worker/push-sender';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** A browser's push subscription keys, kept so the test can decrypt what it receives. */
class FakeBrowser {
  private readonly ecdh = createECDH('prime256v1');
  readonly auth = randomBytes(16);
  readonly publicKey: Buffer;
  constructor(readonly endpoint: string) {
    this.publicKey = this.ecdh.generateKeys();
  }
  get subscription() {
    return {
      endpoint: this.endpoint,
      keys: { p256dh: this.publicKey.toString('base64url'), auth: this.auth.toString('base64url') },
    };
  }
  /** RFC 8291 (aes128gcm, one record): what the service worker would read. */
  decrypt(body: Buffer): any {
    const salt = body.subarray(0, 16);
    const idLength = body[20];
    const serverKey = body.subarray(21, 21 + idLength);
    const ciphertext = body.subarray(21 + idLength);
    const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
    const secret = this.ecdh.computeSecret(serverKey);
    const keyInfo = Buffer.concat([
      Buffer.from('WebPush: info\0'),
      this.publicKey,
      serverKey,
      Buffer.from([1]),
    ]);
    const ikm = hmac(hmac(this.auth, secret), keyInfo);
    const prk = hmac(salt, ikm);
    const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
    const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(ciphertext.subarray(-16));
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
    return JSON.parse(padded.subarray(0, padded.lastIndexOf(2)).toString('utf8'));
  }
}

interface PushRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real HTTP server playing the push service: records each request, answers per path. */
async function startPushService() {
  const requests: PushRequest[] = [];
  const statusByPath = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statusByPath.get(req.url!) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    requests,
    statusByPath,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('mentions, mute and Web Push', () => {
  const vapid = webpush.generateVAPIDKeys();
  let t: TestApp;
  let db: Client;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let queueRedis: Redis;
  let queue: Queue;
  const clients: TestClient[] = [];

  const connect = async (session: Session) => {
    const client = await connectClient(t.url, session.accessToken);
    clients.push(client);
    return client;
  };
  const group = async (owner: Session, members: Session[], title = 'Team') => {
    const res = await asUser(t.url, owner)
      .post('/api/v1/conversations', {
        type: 'group',
        title,
        memberIds: members.map((m) => m.user.id),
      })
      .expect(201);
    return res.body.id as string;
  };
  const summary = async (session: Session, id: string) =>
    (await asUser(t.url, session).get(`/api/v1/conversations/${id}`).expect(200)).body;
  const listed = async (session: Session, id: string) =>
    (await asUser(t.url, session).get('/api/v1/conversations').expect(200)).body.items.find(
      (c: any) => c.id === id,
    );
  const subscribe = async (session: Session, path: string) => {
    const browser = new FakeBrowser(push.url(path));
    await asUser(t.url, session)
      .post('/api/v1/push/subscriptions', browser.subscription)
      .expect(204);
    return browser;
  };
  const pushesTo = (path: string) => push.requests.filter((r) => r.path === path);
  /** Every push job enqueued so far has finished (its sends and deletions are done). */
  const pushIdle = () =>
    waitFor(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      10_000,
      'the push queue to drain',
    );

  beforeAll(async () => {
    push = await startPushService();
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
      PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
    });
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    queueRedis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Push, { connection: queueRedis });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await queue.close();
    await queueRedis.quit();
    await db.end();
    await t.close();
    await push.close();
  });

  describe('mentions', () => {
    it('are members named as @username (same boundaries as bots); a non-member is no mention', async () => {
      const [alice, bob, carol, dan] = await Promise.all([1, 2, 3, 4].map(() => register(t.url)));
      const id = await group(alice, [bob, carol]);
      const api = asUser(t.url, alice);

      const named = await api.send(
        id,
        `hi @${bob.user.username}, @${dan.user.username} and @nobody`,
      );
      expect((named as any).mentions).toEqual([bob.user.id]);
      expect((named as any).mentionsHere).toBe(false);

      const several = await api.send(
        id,
        `@${carol.user.username.toUpperCase()}: ask @${bob.user.username}. mail x@${bob.user.username}`,
      );
      expect([...(several as any).mentions].sort()).toEqual([bob.user.id, carol.user.id].sort());

      const glued = await api.send(id, `x@${bob.user.username} and @${bob.user.username}x`);
      expect((glued as any).mentions).toEqual([]);

      // The page shows what the send returned.
      const page = await api.get(`/api/v1/conversations/${id}/messages`).expect(200);
      expect(page.body.items.find((m: any) => m.id === named.id).mentions).toEqual([bob.user.id]);
    });

    it('@here mentions everyone in a group, and nobody in a direct conversation', async () => {
      const [alice, bob] = await Promise.all([register(t.url), register(t.url)]);
      const id = await group(alice, [bob]);
      const direct = await asUser(t.url, alice).direct(bob);
      expect(await asUser(t.url, alice).send(id, 'lunch @here?')).toMatchObject({
        mentionsHere: true,
        mentions: [],
      });
      expect(await asUser(t.url, alice).send(direct, 'lunch @here?')).toMatchObject({
        mentionsHere: false,
      });
      expect(await asUser(t.url, alice).send(id, 'mail me at x@here.org')).toMatchObject({
        mentionsHere: false,
      });
    });

    it('mentionCount counts unread mentions of me or @here from others, and drops to 0 once read', async () => {
      const [alice, bob, carol] = await Promise.all([1, 2, 3].map(() => register(t.url)));
      const id = await group(alice, [bob, carol]);
      // Sending moves the sender's read marker: their own mentions are never unread.
      await asUser(t.url, bob).send(id, `@${bob.user.username} note to self, @here`);
      await asUser(t.url, carol).send(id, '@here standup');
      await asUser(t.url, alice).send(id, `@${bob.user.username} look`);
      const last = await asUser(t.url, alice).send(id, `@${carol.user.username} look`);

      // bob: carol's @here and alice's @bob; carol: alice's @carol (her own @here is read).
      expect(await listed(bob, id)).toMatchObject({
        mentionCount: 2,
        unreadCount: 3,
        muted: false,
      });
      expect(await summary(carol, id)).toMatchObject({ mentionCount: 1, unreadCount: 2 });
      expect(await summary(alice, id)).toMatchObject({ mentionCount: 0, unreadCount: 0 });

      await asUser(t.url, bob)
        .post(`/api/v1/conversations/${id}/read`, { seq: last.seq })
        .expect(204);
      expect(await listed(bob, id)).toMatchObject({ mentionCount: 0, unreadCount: 0 });
    });

    it('an edit recomputes the mentions, and a deleted message mentions nobody', async () => {
      const [alice, bob] = await Promise.all([register(t.url), register(t.url)]);
      const id = await group(alice, [bob]);
      const bobSocket = await connect(bob);
      const sent = await asUser(t.url, alice).send(id, 'hello all');
      expect((sent as any).mentions).toEqual([]);

      const edited = await asUser(t.url, alice)
        .patch(`/api/v1/messages/${sent.id}`, { body: `hello @${bob.user.username}` })
        .expect(200);
      expect(edited.body.mentions).toEqual([bob.user.id]);
      const update = await bobSocket.waitFor('message:updated', (m) => m.id === sent.id);
      expect(update.mentions).toEqual([bob.user.id]);
      expect(await summary(bob, id)).toMatchObject({ mentionCount: 1 });

      await asUser(t.url, alice).delete(`/api/v1/messages/${sent.id}`).expect(204);
      expect(await summary(bob, id)).toMatchObject({ mentionCount: 0 });
    });

    it('a bot in a group answers when @mentioned, and not otherwise', async () => {
      const [alice, bob] = await Promise.all([register(t.url), register(t.url)]);
      const bots = (await asUser(t.url, alice).get('/api/v1/bots').expect(200)).body as any[];
      const sizebot = bots.find((b) => b.username === 'sizebot');
      const id = await group(alice, [bob]);
      await asUser(t.url, alice)
        .post(`/api/v1/conversations/${id}/members`, { userIds: [sizebot.id] })
        .expect(200);
      const socket = await connect(alice);

      const plain = await asUser(t.url, alice).send(
        id,
        'which T-shirt for 180 cm and 75 kg, sizebot?',
      );
      // Whether a bot owes a reply is decided in the send's transaction: nothing is owed.
      const owed = await db.query(`SELECT 1 FROM bot_reply_outbox WHERE trigger_message_id = $1`, [
        plain.id,
      ]);
      expect(owed.rows).toEqual([]);

      const asked = await asUser(t.url, alice).send(
        id,
        '@sizebot which T-shirt for 180 cm and 75 kg?',
      );
      expect((asked as any).mentions).toEqual([sizebot.id]);
      const started = await socket.waitFor(
        'message:new',
        (m) => m.kind === 'bot' && m.replyToId === asked.id,
        15_000,
      );
      const final = await socket.waitFor(
        'message:updated',
        (m) => m.id === started.id && m.status === 'complete',
        15_000,
      );
      expect(final.sender.id).toBe(sizebot.id);
      const unanswered = await db.query(`SELECT 1 FROM messages WHERE client_message_id = $1`, [
        `bot:${plain.id}`,
      ]);
      expect(unanswered.rows).toEqual([]);
    });
  });

  describe('mute', () => {
    it('round trip: PUT mute tells my other devices, shows in the summary and the list; members only', async () => {
      const [alice, bob, stranger] = await Promise.all([1, 2, 3].map(() => register(t.url)));
      const id = await group(alice, [bob]);
      const [phone, laptop, aliceSocket] = [
        await connect(bob),
        await connect(bob),
        await connect(alice),
      ];

      const muted = await asUser(t.url, bob)
        .put(`/api/v1/conversations/${id}/mute`)
        .send({ muted: true });
      expect(muted.status).toBe(200);
      expect(muted.body).toMatchObject({ id, muted: true });
      for (const device of [phone, laptop]) {
        await device.waitFor('conversation:updated', (s) => s.id === id && s.muted === true);
      }
      expect(await listed(bob, id)).toMatchObject({ muted: true });
      expect(await summary(alice, id)).toMatchObject({ muted: false });
      // Only the muter's room hears about it.
      await aliceSocket.barrier();
      expect(aliceSocket.received('conversation:updated').filter((s) => s.muted)).toEqual([]);

      const unmuted = await asUser(t.url, bob)
        .put(`/api/v1/conversations/${id}/mute`)
        .send({ muted: false });
      expect(unmuted.body.muted).toBe(false);
      await laptop.waitFor('conversation:updated', (s) => s.id === id && s.muted === false);

      const outsider = await asUser(t.url, stranger)
        .put(`/api/v1/conversations/${id}/mute`)
        .send({ muted: true });
      expect(outsider.status).toBe(404);
      const bad = await asUser(t.url, bob)
        .put(`/api/v1/conversations/${id}/mute`)
        .send({ muted: 'yes' });
      expect(bad.status).toBe(400);
    });
  });

  describe('Web Push', () => {
    it('reaches offline members with a VAPID-signed aes128gcm request; not the sender, online or muted members (unless @mentioned)', async () => {
      const [alice, bob, carol, dave] = await Promise.all([1, 2, 3, 4].map(() => register(t.url)));
      const id = await group(alice, [bob, carol, dave], 'Ops');
      const browsers = {
        alice: await subscribe(alice, `/push/alice-${alice.user.id}`),
        bob: await subscribe(bob, `/push/bob-${bob.user.id}`),
        carol: await subscribe(carol, `/push/carol-${carol.user.id}`),
        dave: await subscribe(dave, `/push/dave-${dave.user.id}`),
      };
      await asUser(t.url, dave)
        .put(`/api/v1/conversations/${id}/mute`)
        .send({ muted: true })
        .expect(200);
      await connect(carol); // carol has the app open: her tab notifies her, not push

      const first = await asUser(t.url, alice).send(id, 'deploy **done**');
      await waitFor(
        () => Promise.resolve(pushesTo(`/push/bob-${bob.user.id}`).length > 0),
        10_000,
        'a push to bob',
      );
      await pushIdle();
      const [toBob] = pushesTo(`/push/bob-${bob.user.id}`);
      expect(toBob.headers.authorization).toMatch(
        new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`),
      );
      expect(toBob.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(toBob.headers.ttl)).toBeGreaterThan(0);
      expect(browsers.bob.decrypt(toBob.body)).toEqual({
        title: 'Ops',
        body: `${alice.user.displayName}: deploy done`,
        data: { conversationId: id, seq: first.seq },
      });
      for (const name of ['alice', 'carol', 'dave'] as const) {
        expect(push.requests.filter((r) => r.path.startsWith(`/push/${name}-`))).toEqual([]);
      }

      const mention = await asUser(t.url, alice).send(id, `@${dave.user.username} please check`);
      await waitFor(
        () => Promise.resolve(pushesTo(`/push/dave-${dave.user.id}`).length > 0),
        10_000,
        'a push to dave',
      );
      await pushIdle();
      expect(browsers.dave.decrypt(pushesTo(`/push/dave-${dave.user.id}`)[0].body).data).toEqual({
        conversationId: id,
        seq: mention.seq,
      });
      expect(pushesTo(`/push/bob-${bob.user.id}`)).toHaveLength(2);
      expect(push.requests.filter((r) => /^\/push\/(alice|carol)-/.test(r.path))).toEqual([]);

      // @here does not pass a mute: only a direct mention does.
      await asUser(t.url, alice).send(id, '@here retro');
      await waitFor(
        () => Promise.resolve(pushesTo(`/push/bob-${bob.user.id}`).length === 3),
        10_000,
        'bob',
      );
      await pushIdle();
      expect(pushesTo(`/push/dave-${dave.user.id}`)).toHaveLength(1);
    });

    it('a 410 from the push service deletes the subscription', async () => {
      const [alice, erin] = await Promise.all([register(t.url), register(t.url)]);
      const direct = await asUser(t.url, alice).direct(erin);
      const path = `/push/gone-${erin.user.id}`;
      push.statusByPath.set(path, 410);
      const browser = await subscribe(erin, path);
      const stored = await db.query(`SELECT 1 FROM push_subscriptions WHERE endpoint = $1`, [
        browser.endpoint,
      ]);
      expect(stored.rows).toHaveLength(1);

      await asUser(t.url, alice).send(direct, 'are you there?');
      await waitFor(() => Promise.resolve(pushesTo(path).length > 0), 10_000, 'the push');
      await waitFor(
        async () =>
          (
            await db.query(`SELECT 1 FROM push_subscriptions WHERE endpoint = $1`, [
              browser.endpoint,
            ])
          ).rows.length === 0,
        10_000,
        'the subscription to be deleted',
      );
    });

    it('subscriptions: upsert per endpoint, unsubscribe removes only my own', async () => {
      const [ann, ben] = await Promise.all([register(t.url), register(t.url)]);
      const browser = new FakeBrowser(push.url(`/push/shared-${ann.user.id}`));
      const rows = async () =>
        (
          await db.query(`SELECT user_id FROM push_subscriptions WHERE endpoint = $1`, [
            browser.endpoint,
          ])
        ).rows.map((r) => r.user_id as string);
      await asUser(t.url, ann).post('/api/v1/push/subscriptions', browser.subscription).expect(204);
      await asUser(t.url, ann).post('/api/v1/push/subscriptions', browser.subscription).expect(204);
      expect(await rows()).toEqual([ann.user.id]);
      // The same browser signed in as someone else now notifies them.
      await asUser(t.url, ben).post('/api/v1/push/subscriptions', browser.subscription).expect(204);
      expect(await rows()).toEqual([ben.user.id]);
      await asUser(t.url, ann)
        .delete('/api/v1/push/subscriptions')
        .send({ endpoint: browser.endpoint })
        .expect(204);
      expect(await rows()).toEqual([ben.user.id]);
      await asUser(t.url, ben)
        .delete('/api/v1/push/subscriptions')
        .send({ endpoint: browser.endpoint })
        .expect(204);
      expect(await rows()).toEqual([]);
      const config = await fetch(`${t.url}/api/v1/push/config`);
      expect(await config.json()).toEqual({ publicKey: vapid.publicKey });
    });

    describe('without VAPID', () => {
      let plain: TestApp;
      beforeAll(async () => {
        plain = await startTestApp({
          RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
          RATE_LIMIT_MESSAGES_PER_DAY: '100000',
          VAPID_PUBLIC_KEY: '',
          VAPID_PRIVATE_KEY: '',
          VAPID_SUBJECT: '',
          PUSH_ALLOW_INSECURE_ENDPOINTS: 'false',
        });
      });
      afterAll(() => plain.close());

      it('offers no key and sends nothing; endpoints must be https push services', async () => {
        const config = await fetch(`${plain.url}/api/v1/push/config`);
        expect(await config.json()).toEqual({ publicKey: null });

        const [alice, bob] = await Promise.all([register(plain.url), register(plain.url)]);
        const direct = await asUser(plain.url, alice).direct(bob);
        const path = `/push/unset-${bob.user.id}`;
        await subscribe(bob, path); // stored through the configured app: the same database
        // Sent through the app without VAPID, then through the configured one: once the
        // second has been pushed and the queue is idle, the first would have been too.
        const silent = await asUser(plain.url, alice).send(direct, 'no push for this');
        const pushed = await asUser(t.url, alice).send(direct, 'push for this');
        await waitFor(() => Promise.resolve(pushesTo(path).length > 0), 10_000, 'the second push');
        await pushIdle();
        expect(pushesTo(path)).toHaveLength(1);
        expect(pushed.seq).toBe(silent.seq + 1);

        const refused = async (
          endpoint: string,
          keys = new FakeBrowser(endpoint).subscription.keys,
        ) =>
          (await asUser(plain.url, bob).post('/api/v1/push/subscriptions', { endpoint, keys }))
            .status;
        expect(await refused(push.url('/push/x'))).toBe(400);
        // Well-formed https URLs aimed at our own network: 409 ENDPOINT_NOT_ALLOWED.
        for (const endpoint of [
          'https://127.0.0.1/push',
          'https://localhost/push',
          'https://metadata.google.internal/computeMetadata/v1/',
          'https://kubernetes.default.svc/api/v1/secrets',
          'https://169.254.169.254/latest/meta-data/',
          'https://[::ffff:10.0.0.1]/push',
          'https://redis/push',
          'https://push.example.com:6379/x',
        ]) {
          const res = await asUser(plain.url, bob).post('/api/v1/push/subscriptions', {
            endpoint,
            keys: new FakeBrowser(endpoint).subscription.keys,
          });
          expect([endpoint, res.status, res.body.code]).toEqual([
            endpoint,
            409,
            'ENDPOINT_NOT_ALLOWED',
          ]);
        }
        expect(await refused('javascript:alert(1)')).toBe(400);
        expect(await refused(`https://push.example.com/${'a'.repeat(2100)}`)).toBe(400);
        expect(await refused('https://push.example.com/x', { p256dh: 'AAAA', auth: 'BBBB' })).toBe(
          400,
        );
        expect(await refused('https://push.example.com/x')).toBe(204);
      });
    });
  });

  describe('the sender checks every endpoint again (one stored before the gate existed)', () => {
    const sender = (env: Record<string, string> = {}) =>
      new PushSender(
        loadConfig({
          ...process.env,
          JWT_SECRET: 'x'.repeat(32),
          PUSH_ALLOW_INSECURE_ENDPOINTS: 'false',
          VAPID_PUBLIC_KEY: vapid.publicKey,
          VAPID_PRIVATE_KEY: vapid.privateKey,
          VAPID_SUBJECT: 'mailto:ops@example.com',
          ...env,
        }),
      );

    it('never connects to our own network, on any port', async () => {
      const strict = sender();
      const before = push.requests.length;
      for (const endpoint of [
        push.url('/push/stored-before'),
        `http://localhost:${new URL(push.url('/')).port}/push/stored-before`,
        'https://metadata.google.internal/computeMetadata/v1/',
      ]) {
        const keys = new FakeBrowser(endpoint).subscription.keys;
        await expect(strict.send({ endpoint, ...keys }, { title: 'x' })).rejects.toBeInstanceOf(
          OutboundRefusedError,
        );
      }
      expect(push.requests.length).toBe(before);
      await strict.onApplicationShutdown();
    });

    it("reaches a destination on the operator's allow-list", async () => {
      const endpoint = push.url('/push/allowed');
      const allowed = sender({
        OUTBOUND_ALLOW: '127.0.0.1',
        OUTBOUND_PORTS: new URL(endpoint).port,
      });
      const keys = new FakeBrowser(endpoint).subscription.keys;
      expect(await allowed.send({ endpoint, ...keys }, { title: 'x' })).toBe('sent');
      expect(push.requests.filter((r) => r.path === '/push/allowed')).toHaveLength(1);
      await allowed.onApplicationShutdown();
    });
  });
});
