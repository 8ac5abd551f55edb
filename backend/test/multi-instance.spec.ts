import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Two API instances over one Redis and one database must behave as one server. */
describe('two API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    [alice, bob, carol] = [await register(a.url), await register(b.url), await register(a.url)];
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const connect = async (app: TestApp, s: Session) => {
    const c = await connectClient(app.url, s.accessToken);
    clients.push(c);
    return c;
  };

  it('fans messages, typing and read receipts out across instances', async () => {
    const id = await asUser(a.url, alice).direct(bob);
    const [aliceOnA, bobOnB] = [await connect(a, alice), await connect(b, bob)];

    const ack = await aliceOnA.emit('message:send', {
      conversationId: id,
      clientMessageId: 'x-1',
      body: 'hi from A',
    });
    expect(ack.ok).toBe(true);
    expect(await bobOnB.waitFor('message:new')).toMatchObject({ body: 'hi from A', seq: 1 });

    const viaRestOnB = await asUser(b.url, alice).send(id, 'sent through B');
    expect(await bobOnB.waitFor('message:new', (m) => m.id === viaRestOnB.id)).toMatchObject({
      seq: 2,
    });

    await aliceOnA.emit('typing', { conversationId: id, isTyping: true });
    expect(await bobOnB.waitFor('typing')).toMatchObject({ userId: alice.user.id, isTyping: true });

    await asUser(b.url, bob).post(`/api/v1/conversations/${id}/read`, { seq: 2 }).expect(204);
    expect(await aliceOnA.waitFor('conversation:read')).toEqual({
      conversationId: id,
      userId: bob.user.id,
      seq: 2,
    });
  });

  it('the same clientMessageId sent to both instances creates one message', async () => {
    const id = await asUser(a.url, alice).direct(bob);
    const body = { clientMessageId: 'both-instances', body: 'once' };
    const [onA, onB] = await Promise.all([
      asUser(a.url, alice).post(`/api/v1/conversations/${id}/messages`, body),
      asUser(b.url, alice).post(`/api/v1/conversations/${id}/messages`, body),
    ]);
    expect([onA.status, onB.status].sort()).toEqual([200, 201]);
    expect(onA.body.id).toBe(onB.body.id);
  });

  it('membership changes move rooms live on the other instance', async () => {
    const carolOnB = await connect(b, carol);
    const group = await asUser(a.url, alice)
      .post('/api/v1/conversations', { type: 'group', title: 'Launch', memberIds: [bob.user.id] })
      .expect(201);
    const id = group.body.id as string;

    // Carol, connected to B before she was a member, is added through A...
    await asUser(a.url, alice)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [carol.user.id] })
      .expect(200);
    const updated = await carolOnB.waitFor('conversation:updated', (c) => c.id === id);
    expect(updated.members.map((m: any) => m.user.id)).toContain(carol.user.id);
    // ...and from then on receives the group's messages without reconnecting.
    const welcome = await asUser(a.url, alice).send(id, 'welcome carol');
    expect(await carolOnB.waitFor('message:new', (m) => m.id === welcome.id)).toMatchObject({
      body: 'welcome carol',
    });

    // Removed through A: she is told, and nothing more reaches her.
    await asUser(a.url, alice)
      .delete(`/api/v1/conversations/${id}/members/${carol.user.id}`)
      .expect(204);
    expect(await carolOnB.waitFor('conversation:removed')).toEqual({ conversationId: id });
    const bobOnB = await connect(b, bob);
    const before = carolOnB.received('message:new').length;
    await asUser(a.url, alice).send(id, 'after carol left');
    // B relays A's broadcasts in order: once bob has it, carol's round trip proves she did not.
    await bobOnB.waitFor('message:new', (m) => m.body === 'after carol left');
    await carolOnB.barrier();
    expect(carolOnB.received('message:new')).toHaveLength(before);
  });

  it('limits typing stops and read/delivered markers per person, across instances', async () => {
    const [x, y] = await Promise.all([
      startTestApp({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '4' }),
      startTestApp({ RATE_LIMIT_RECEIPTS_PER_MINUTE: '4' }),
    ]);
    try {
      const [p, q] = [await register(x.url), await register(y.url)];
      const id = await asUser(x.url, p).direct(q);
      await asUser(x.url, q).send(id, 'something to read');
      const [pOnX, pOnY, qOnY] = [await connect(x, p), await connect(y, p), await connect(y, q)];
      // 200 stop-typing events from two sockets on two instances, as fast as they go.
      const stops = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 ? pOnX : pOnY).emit('typing', { conversationId: id, isTyping: false }),
        ),
      );
      const passed = stops.filter((s) => s.ok).length;
      // One a second (RATE_LIMIT_TYPING_PER_SECOND): a burst may straddle two windows.
      expect(passed).toBeGreaterThanOrEqual(1);
      expect(passed).toBeLessThanOrEqual(2);
      expect(stops.every((s) => s.ok || s.error.code === 'RATE_LIMITED')).toBe(true);
      await qOnY.barrier();
      expect(qOnY.received('typing')).toHaveLength(passed);
      // A start is counted apart from the stops.
      expect((await pOnX.emit('typing', { conversationId: id, isTyping: true })).ok).toBe(true);

      const receipts = [];
      for (let i = 0; i < 6; i += 1) {
        const socket = i % 2 ? pOnX : pOnY;
        const event = i % 3 ? 'conversation:read' : 'conversation:delivered';
        receipts.push(await socket.emit(event, { conversationId: id, seq: 1 }));
      }
      expect(receipts.map((r) => r.ok)).toEqual([true, true, true, true, false, false]);
      const refused = receipts[4];
      expect(!refused.ok && refused.error.code).toBe('RATE_LIMITED');
      expect(!refused.ok && refused.error.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await x.close();
      await y.close();
    }
  });

  it('shares rate-limit counters', async () => {
    const [x, y] = await Promise.all([
      startTestApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '2' }),
      startTestApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '2' }),
    ]);
    try {
      const [p, q] = [await register(x.url), await register(y.url)];
      const id = await asUser(x.url, p).direct(q);
      await asUser(x.url, p).send(id, 'one');
      await asUser(y.url, p).send(id, 'two');
      await asUser(x.url, p)
        .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'three', body: '3' })
        .expect(429);
      await asUser(y.url, p)
        .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: 'four', body: '4' })
        .expect(429);
    } finally {
      await x.close();
      await y.close();
    }
  });
});
