import { Redis } from 'ioredis';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

describe('messaging', () => {
  let t: TestApp;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  const clients: TestClient[] = [];
  const connect = async (s: Session) => {
    const c = await connectClient(t.url, s.accessToken);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    [alice, bob, carol] = [await register(t.url), await register(t.url), await register(t.url)];
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
  });
  afterAll(() => t.close());

  describe('direct conversations', () => {
    it('one per pair: created once (201), then returned (200) to either side', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const first = await asUser(t.url, dave)
        .post('/api/v1/conversations', { type: 'direct', userId: erin.user.id })
        .expect(201);
      expect(first.body).toMatchObject({
        type: 'direct',
        title: null,
        lastSeq: 0,
        unreadCount: 0,
        lastMessage: null,
      });
      expect(first.body.members.map((m: any) => m.user.id).sort()).toEqual(
        [dave.user.id, erin.user.id].sort(),
      );
      const again = await asUser(t.url, erin)
        .post('/api/v1/conversations', { type: 'direct', userId: dave.user.id })
        .expect(200);
      expect(again.body.id).toBe(first.body.id);
    });

    it('concurrent creation by both people still yields one conversation', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const [a, b] = await Promise.all([
        asUser(t.url, dave).post('/api/v1/conversations', { type: 'direct', userId: erin.user.id }),
        asUser(t.url, erin).post('/api/v1/conversations', { type: 'direct', userId: dave.user.id }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
    });

    it('rejects yourself (400), unknown users (404) and bad input (400)', async () => {
      const me = asUser(t.url, alice);
      await me.post('/api/v1/conversations', { type: 'direct', userId: alice.user.id }).expect(400);
      await me
        .post('/api/v1/conversations', {
          type: 'direct',
          userId: '3f1c1a52-0a41-4f43-9e43-5a5b7b5b0c11',
        })
        .expect(404);
      const bad = await me
        .post('/api/v1/conversations', { type: 'direct', userId: 'nope' })
        .expect(400);
      expect(bad.body.message[0]).toMatch(/^userId/);
      await me.post('/api/v1/conversations', { type: 'channel' }).expect(400);
    });
  });

  describe('sending', () => {
    it('50 concurrent sends over REST and sockets get seqs 1..50, no gap, no duplicate', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const id = await asUser(t.url, dave).direct(erin);
      const [daveSocket, erinSocket] = [await connect(dave), await connect(erin)];
      const sends = Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? asUser(t.url, dave).send(id, `rest ${i}`, `rest-${i}`)
          : daveSocket
              .emit('message:send', {
                conversationId: id,
                clientMessageId: `sock-${i}`,
                body: `socket ${i}`,
              })
              .then((ack) => {
                if (!ack.ok) throw new Error(JSON.stringify(ack));
                return ack.data as { seq: number };
              }),
      );
      const sent = await Promise.all(sends);
      expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );

      const page = await asUser(t.url, erin)
        .get(`/api/v1/conversations/${id}/messages?limit=100`)
        .expect(200);
      expect(page.body.items.map((m: any) => m.seq)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(page.body.hasMore).toBe(false);

      // Every member's socket got every message exactly once.
      await erinSocket.waitForCount('message:new', 50);
      await erinSocket.barrier();
      const seen = erinSocket
        .received('message:new')
        .map((m) => m.seq)
        .sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('sender order: 100 unawaited sends over one socket are stored in the order sent', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const id = await asUser(t.url, dave).direct(erin);
      const socket = await connect(dave);
      const acks = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          socket.emit('message:send', {
            conversationId: id,
            clientMessageId: `order-${i}`,
            body: `quick ${i}`,
          }),
        ),
      );
      expect(acks.map((ack) => (ack.ok ? ack.data.seq : ack.error.code))).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      const page = await asUser(t.url, erin)
        .get(`/api/v1/conversations/${id}/messages?limit=100`)
        .expect(200);
      expect(page.body.items.map((m: any) => m.body)).toEqual(
        Array.from({ length: 100 }, (_, i) => `quick ${i}`),
      );
    });

    it('a retried clientMessageId returns the original, over REST and socket, and creates nothing', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const first = await asUser(t.url, alice)
        .post(`/api/v1/conversations/${id}/messages`, {
          clientMessageId: 'retry-me',
          body: 'hello',
        })
        .expect(201);
      const again = await asUser(t.url, alice)
        .post(`/api/v1/conversations/${id}/messages`, {
          clientMessageId: 'retry-me',
          body: 'hello',
        })
        .expect(200);
      expect(again.body).toEqual(first.body);
      const socket = await connect(alice);
      const ack = await socket.emit('message:send', {
        conversationId: id,
        clientMessageId: 'retry-me',
        body: 'hello',
      });
      expect(ack).toEqual({ ok: true, data: first.body });
      const page = await asUser(t.url, alice).get(
        `/api/v1/conversations/${id}/messages?afterSeq=${first.body.seq - 1}`,
      );
      expect(page.body.items.filter((m: any) => m.clientMessageId === 'retry-me')).toHaveLength(1);
    });

    it('concurrent retries of one clientMessageId create one message', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const results = await Promise.all(
        [1, 2, 3, 4].map(() =>
          asUser(t.url, alice).post(`/api/v1/conversations/${id}/messages`, {
            clientMessageId: 'burst',
            body: 'once',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });

    it('trims the body and validates it, storing nothing on bad input', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const before = (await asUser(t.url, alice).get(`/api/v1/conversations/${id}`)).body.lastSeq;
      const me = asUser(t.url, alice);
      for (const body of [
        { clientMessageId: 'x1', body: '   ' },
        { clientMessageId: 'x2', body: 'y'.repeat(4001) },
        { clientMessageId: 'bad id!', body: 'ok' },
        { clientMessageId: 'x3', body: 'ok', extra: true },
        { clientMessageId: 'x4', body: 'ok', replyToId: 'nope' },
      ]) {
        const res = await me.post(`/api/v1/conversations/${id}/messages`, body).expect(400);
        expect(Array.isArray(res.body.message)).toBe(true);
      }
      const ok = await me.send(id, '  padded  ');
      expect(ok.body).toBe('padded');
      expect(ok.seq).toBe(before + 1);
    });

    it('replies must point into the same conversation', async () => {
      const ab = await asUser(t.url, alice).direct(bob);
      const ac = await asUser(t.url, alice).direct(carol);
      const original = await asUser(t.url, alice).send(ab, 'original');
      const reply = await asUser(t.url, bob)
        .post(`/api/v1/conversations/${ab}/messages`, {
          clientMessageId: 'r1',
          body: 'reply',
          replyToId: original.id,
        })
        .expect(201);
      expect(reply.body.replyToId).toBe(original.id);
      const res = await asUser(t.url, alice)
        .post(`/api/v1/conversations/${ac}/messages`, {
          clientMessageId: 'r2',
          body: 'x',
          replyToId: original.id,
        })
        .expect(400);
      expect(res.body.message).toEqual(['replyToId must be a message of this conversation']);
    });
  });

  describe('members only', () => {
    it('a non-member gets 404 on every route and no event', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const message = await asUser(t.url, alice).send(id, 'secret');
      const carolSocket = await connect(carol);
      const bobSocket = await connect(bob);
      const outsider = asUser(t.url, carol);

      await outsider.get(`/api/v1/conversations/${id}`).expect(404);
      await outsider.get(`/api/v1/conversations/${id}/messages`).expect(404);
      await outsider
        .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'n1', body: 'hi' })
        .expect(404);
      await outsider.post(`/api/v1/conversations/${id}/read`, { seq: 1 }).expect(404);
      await outsider.patch(`/api/v1/messages/${message.id}`, { body: 'hacked' }).expect(404);
      await outsider.delete(`/api/v1/messages/${message.id}`).expect(404);
      await outsider.patch(`/api/v1/conversations/${id}`, { title: 'x' }).expect(404);
      const list = await outsider.get('/api/v1/conversations').expect(200);
      expect(list.body.items.map((c: any) => c.id)).not.toContain(id);

      const sendAck = await carolSocket.emit('message:send', {
        conversationId: id,
        clientMessageId: 'n2',
        body: 'hi',
      });
      expect(sendAck).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(
        await carolSocket.emit('typing', { conversationId: id, isTyping: true }),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(
        await carolSocket.emit('conversation:read', { conversationId: id, seq: 1 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });

      // Activity in the conversation never reaches the outsider.
      await asUser(t.url, alice).send(id, 'more secrets');
      await asUser(t.url, bob).post(`/api/v1/conversations/${id}/read`, { seq: 100 }).expect(204);
      const aliceSocket = await connect(alice);
      await aliceSocket.emit('typing', { conversationId: id, isTyping: true });
      await bobSocket.waitFor('typing');
      // Every broadcast above was written before bob got the typing event; carol's round trip
      // then proves none of them was written to her socket.
      await carolSocket.barrier();
      // Presence is about people, not this conversation: carol may hear of alice and bob
      // coming online through conversations they share elsewhere in this file.
      expect(carolSocket.events.filter((e) => e.event !== 'presence')).toEqual([]);
    });
  });

  describe('socket payload validation', () => {
    it('answers VALIDATION naming the field, stores nothing and keeps the connection', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const before = (await asUser(t.url, alice).get(`/api/v1/conversations/${id}`)).body.lastSeq;
      const socket = await connect(alice);
      const cases: [unknown, RegExp][] = [
        [{ conversationId: id, clientMessageId: 'v1', body: '' }, /body must be 1-4000 characters/],
        [
          { conversationId: 'nope', clientMessageId: 'v2', body: 'x' },
          /conversationId must be a UUID/,
        ],
        [{ conversationId: id, body: 'x' }, /clientMessageId/],
        [
          { conversationId: id, clientMessageId: 'v3', body: 'x', admin: true },
          /property admin should not exist/,
        ],
        ['just a string', /payload must be an object/],
        [null, /payload must be an object/],
      ];
      for (const [payload, message] of cases) {
        const ack = await socket.emit('message:send', payload);
        expect(ack.ok).toBe(false);
        if (!ack.ok) {
          expect(ack.error.code).toBe('VALIDATION');
          expect(ack.error.message).toMatch(message);
        }
      }
      expect(await socket.emit('typing', { conversationId: id, isTyping: 'yes' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(socket.socket.connected).toBe(true);
      expect((await asUser(t.url, alice).get(`/api/v1/conversations/${id}`)).body.lastSeq).toBe(
        before,
      );
    });

    it('refuses an oversize frame before parsing it, storing nothing', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const before = (await asUser(t.url, alice).get(`/api/v1/conversations/${id}`)).body.lastSeq;
      const socket = await connect(alice);
      const disconnected = new Promise((resolve) => socket.socket.once('disconnect', resolve));
      socket.socket.emit('message:send', {
        conversationId: id,
        clientMessageId: 'big',
        body: 'x'.repeat(200_000),
      });
      await disconnected;
      expect((await asUser(t.url, alice).get(`/api/v1/conversations/${id}`)).body.lastSeq).toBe(
        before,
      );
    });
  });

  describe('handshake', () => {
    const attempt = (auth: object) => handshake(t.url, auth);

    it('refuses a missing, bad or expired token with "unauthorized"', async () => {
      const { JwtService } = await import('@nestjs/jwt');
      const expired = t.app
        .get(JwtService)
        .sign({ sub: alice.user.id, username: alice.user.username }, { expiresIn: -5 });
      expect(await attempt({})).toBe('unauthorized');
      expect(await attempt({ token: 'garbage' })).toBe('unauthorized');
      expect(await attempt({ token: expired })).toBe('unauthorized');
      expect(await attempt({ token: alice.accessToken })).toBe('connected');
    });
  });

  describe('read markers and unread counts', () => {
    it('counts unread for the reader only, sends receipts, never moves back', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const id = await asUser(t.url, dave).direct(erin);
      const daveSocket = await connect(dave);
      for (const text of ['one', 'two', 'three']) await asUser(t.url, dave).send(id, text);

      const summary = async (s: Session) =>
        (await asUser(t.url, s).get('/api/v1/conversations').expect(200)).body.items.find(
          (c: any) => c.id === id,
        );
      expect(await summary(dave)).toMatchObject({ lastSeq: 3, lastReadSeq: 3, unreadCount: 0 });
      expect(await summary(erin)).toMatchObject({
        lastSeq: 3,
        lastReadSeq: 0,
        unreadCount: 3,
        lastMessage: { body: 'three' },
      });

      await asUser(t.url, erin).post(`/api/v1/conversations/${id}/read`, { seq: 2 }).expect(204);
      expect(await daveSocket.waitFor('conversation:read')).toEqual({
        conversationId: id,
        userId: erin.user.id,
        seq: 2,
      });
      expect(await summary(erin)).toMatchObject({ lastReadSeq: 2, unreadCount: 1 });

      await asUser(t.url, erin).post(`/api/v1/conversations/${id}/read`, { seq: 1 }).expect(204);
      expect(await summary(erin)).toMatchObject({ lastReadSeq: 2 });

      const erinSocket = await connect(erin);
      expect(await erinSocket.emit('conversation:read', { conversationId: id, seq: 99 })).toEqual({
        ok: true,
        data: null,
      });
      expect(await summary(erin)).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
      // A seq past what a bigint holds is refused as invalid, over REST and socket.
      await asUser(t.url, erin).post(`/api/v1/conversations/${id}/read`, { seq: 1e20 }).expect(400);
      expect(
        await erinSocket.emit('conversation:read', { conversationId: id, seq: 1e20 }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      await daveSocket.waitFor('conversation:read', (r) => r.seq === 3);
      await daveSocket.barrier();
      expect(daveSocket.received('conversation:read').map((r) => r.seq)).toEqual([2, 3]);

      const members = (await summary(dave)).members;
      expect(members.find((m: any) => m.user.id === erin.user.id).lastReadSeq).toBe(3);
    });

    it('lists conversations by last activity, newest first, with keyset pages', async () => {
      const me = await register(t.url);
      const others = [await register(t.url), await register(t.url), await register(t.url)];
      const ids: string[] = [];
      for (const other of others) ids.push(await asUser(t.url, me).direct(other));
      await asUser(t.url, others[0]).send(ids[0], 'bump');

      const first = await asUser(t.url, me).get('/api/v1/conversations?limit=2').expect(200);
      expect(first.body.items.map((c: any) => c.id)).toEqual([ids[0], ids[2]]);
      const second = await asUser(t.url, me)
        .get(`/api/v1/conversations?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      // #general, which everyone joins on registering, has the oldest activity here.
      expect(
        second.body.items.map((c: any) => (c.type === 'channel' ? `#${c.title}` : c.id)),
      ).toEqual([ids[1], '#general']);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('edit and delete', () => {
    it('fan out to members; only the author edits; deletes leave a tombstone', async () => {
      const id = await asUser(t.url, alice).direct(bob);
      const bobSocket = await connect(bob);
      const message = await asUser(t.url, alice).send(id, 'first draft');

      await asUser(t.url, bob)
        .patch(`/api/v1/messages/${message.id}`, { body: 'not mine' })
        .expect(403);
      const edited = await asUser(t.url, alice)
        .patch(`/api/v1/messages/${message.id}`, { body: 'final' })
        .expect(200);
      expect(edited.body).toMatchObject({
        body: 'final',
        seq: message.seq,
        editedAt: expect.any(String),
      });
      expect(await bobSocket.waitFor('message:updated', (m) => m.id === message.id)).toEqual(
        edited.body,
      );

      await asUser(t.url, bob).delete(`/api/v1/messages/${message.id}`).expect(403);
      await asUser(t.url, alice).delete(`/api/v1/messages/${message.id}`).expect(204);
      expect(await bobSocket.waitFor('message:deleted')).toEqual({
        id: message.id,
        conversationId: id,
        seq: message.seq,
      });
      const page = await asUser(t.url, bob).get(
        `/api/v1/conversations/${id}/messages?afterSeq=${message.seq - 1}&limit=1`,
      );
      expect(page.body.items[0]).toMatchObject({
        id: message.id,
        body: null,
        deletedAt: expect.any(String),
      });
      await asUser(t.url, alice)
        .patch(`/api/v1/messages/${message.id}`, { body: 'revive' })
        .expect(409);
    });
  });

  describe('typing', () => {
    it('reaches the other members; starts are limited to one per second per conversation', async () => {
      // Its own pair: another test's typing window on a shared conversation must not leak in.
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const id = await asUser(t.url, dave).direct(erin);
      const [daveSocket, erinSocket] = [await connect(dave), await connect(erin)];
      expect(await daveSocket.emit('typing', { conversationId: id, isTyping: true })).toEqual({
        ok: true,
        data: null,
      });
      expect(await erinSocket.waitFor('typing')).toEqual({
        conversationId: id,
        userId: dave.user.id,
        isTyping: true,
      });
      const limited = await daveSocket.emit('typing', { conversationId: id, isTyping: true });
      expect(limited).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) },
      });
      // Stopping is never limited, so the indicator cannot get stuck.
      expect(await daveSocket.emit('typing', { conversationId: id, isTyping: false })).toEqual({
        ok: true,
        data: null,
      });
      expect(await erinSocket.waitFor('typing', (e) => e.isTyping === false)).toMatchObject({
        userId: dave.user.id,
      });
      await daveSocket.barrier();
      expect(daveSocket.received('typing')).toEqual([]);
    });
  });

  describe('catch-up after reconnect', () => {
    it('a client that misses 100 messages ends with exactly the server sequence', async () => {
      const [dave, erin] = [await register(t.url), await register(t.url)];
      const id = await asUser(t.url, dave).direct(erin);
      const seen = new Map<number, string>();
      const track = (c: TestClient) =>
        c.socket.on('message:new', (m: { seq: number; id: string }) => seen.set(m.seq, m.id));

      const first = await connect(erin);
      track(first);
      for (let i = 0; i < 5; i += 1) await asUser(t.url, dave).send(id, `before ${i}`);
      await first.waitFor('message:new', (m) => m.seq === 5);
      first.close();

      for (let i = 0; i < 100; i += 1) await asUser(t.url, dave).send(id, `missed ${i}`);

      const second = await connect(erin);
      track(second);
      await asUser(t.url, dave).send(id, 'after reconnect');
      // Catch up from the last seq seen before the gap, page by page.
      let after = 5;
      for (;;) {
        const page = await asUser(t.url, erin)
          .get(`/api/v1/conversations/${id}/messages?afterSeq=${after}&limit=40`)
          .expect(200);
        for (const m of page.body.items) seen.set(m.seq, m.id);
        if (!page.body.hasMore) break;
        after = page.body.items[page.body.items.length - 1].seq;
      }
      await second.waitFor('message:new', (m) => m.seq === 106);
      const server = await asUser(t.url, erin).get(
        `/api/v1/conversations/${id}/messages?afterSeq=0&limit=100`,
      );
      const rest = await asUser(t.url, erin).get(
        `/api/v1/conversations/${id}/messages?afterSeq=100&limit=100`,
      );
      const serverIds = [...server.body.items, ...rest.body.items].map((m: any) => [m.seq, m.id]);
      expect([...seen.entries()].sort((a, b) => a[0] - b[0])).toEqual(serverIds);
      expect(serverIds).toHaveLength(106);
    });
  });

  describe('pages', () => {
    it('newest page, older pages with beforeSeq, hasMore', async () => {
      const id = await asUser(t.url, carol).direct(alice);
      for (let i = 1; i <= 7; i += 1) await asUser(t.url, carol).send(id, `m${i}`);
      const newest = await asUser(t.url, alice)
        .get(`/api/v1/conversations/${id}/messages?limit=3`)
        .expect(200);
      expect(newest.body.items.map((m: any) => m.body)).toEqual(['m5', 'm6', 'm7']);
      expect(newest.body.hasMore).toBe(true);
      const older = await asUser(t.url, alice).get(
        `/api/v1/conversations/${id}/messages?limit=3&beforeSeq=5`,
      );
      expect(older.body.items.map((m: any) => m.seq)).toEqual([2, 3, 4]);
      const oldest = await asUser(t.url, alice).get(
        `/api/v1/conversations/${id}/messages?limit=3&beforeSeq=2`,
      );
      expect(oldest.body).toMatchObject({ hasMore: false });
      expect(oldest.body.items.map((m: any) => m.seq)).toEqual([1]);
      await asUser(t.url, alice).get(`/api/v1/conversations/${id}/messages?limit=101`).expect(400);
      await asUser(t.url, alice).get(`/api/v1/conversations/${id}/messages?limit=0`).expect(400);
      await asUser(t.url, alice)
        .get(`/api/v1/conversations/${id}/messages?beforeSeq=3&afterSeq=1`)
        .expect(400);

      // Around a seq (opening a search hit): it, the older half, the newer half.
      const around = async (seq: number, limit: number) =>
        (
          await asUser(t.url, alice)
            .get(`/api/v1/conversations/${id}/messages?aroundSeq=${seq}&limit=${limit}`)
            .expect(200)
        ).body;
      expect(await around(4, 4)).toMatchObject({ hasMore: true, hasMoreAfter: true });
      expect((await around(4, 4)).items.map((m: any) => m.seq)).toEqual([3, 4, 5, 6]);
      expect((await around(1, 4)).items.map((m: any) => m.seq)).toEqual([1, 2, 3]);
      expect(await around(7, 3)).toMatchObject({ hasMore: true, hasMoreAfter: false });
      expect((await around(7, 3)).items.map((m: any) => m.seq)).toEqual([6, 7]);
      await asUser(t.url, alice)
        .get(`/api/v1/conversations/${id}/messages?aroundSeq=3&afterSeq=1`)
        .expect(400);
      // Numbers past what a seq can be are refused, not a server error.
      for (const bad of ['aroundSeq=1e20', 'afterSeq=1e20', 'beforeSeq=99999999999999999999']) {
        await asUser(t.url, alice).get(`/api/v1/conversations/${id}/messages?${bad}`).expect(400);
      }
    });
  });
});

describe('message rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 / RATE_LIMITED with the retry time past the per-minute limit', async () => {
    const [alice, bob] = [await register(t.url), await register(t.url)];
    const id = await asUser(t.url, alice).direct(bob);
    for (let i = 0; i < 3; i += 1) await asUser(t.url, alice).send(id, `m${i}`, `rl-${i}`);
    const limited = await asUser(t.url, alice)
      .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'rl-3', body: 'too many' })
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/^too many messages: retry in \d+ seconds$/);

    const socket = await connectClient(t.url, alice.accessToken);
    const ack = await socket.emit('message:send', {
      conversationId: id,
      clientMessageId: 'rl-4',
      body: 'x',
    });
    socket.close();
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) },
    });

    // A retry of an already-stored message is not a new message: it still answers.
    await asUser(t.url, alice)
      .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'rl-0', body: 'm0' })
      .expect(200);

    // The two refused sends consumed no quota: the daily count is still the 3 stored ones.
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      expect(await redis.get(`{rl}:msg:day:${alice.user.id}`)).toBe('3');
      expect(await redis.get(`{rl}:msg:min:${alice.user.id}`)).toBe('3');
    } finally {
      redis.disconnect();
    }
  });
});
