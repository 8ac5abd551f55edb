import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

describe('mark as unread', () => {
  let t: TestApp;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let conversationId: string;
  const clients: TestClient[] = [];
  const connect = async (s: Session) => {
    const c = await connectClient(t.url, s.accessToken);
    clients.push(c);
    return c;
  };
  const unread = (session: Session, body: object, id = conversationId) =>
    asUser(t.url, session).post(`/api/v1/conversations/${id}/unread`, body);
  const read = (seq: number) =>
    asUser(t.url, alice).post(`/api/v1/conversations/${conversationId}/read`, { seq }).expect(204);
  /** Alice's entry in GET /conversations. */
  const listed = async () => {
    const res = await asUser(t.url, alice).get('/api/v1/conversations').expect(200);
    return (res.body.items as any[]).find((c) => c.id === conversationId);
  };

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    [alice, bob, carol] = [await register(t.url), await register(t.url), await register(t.url)];
    conversationId = await asUser(t.url, alice).direct(bob);
    for (const body of ['one', 'two', 'three']) await asUser(t.url, bob).send(conversationId, body);
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
  });
  afterAll(() => t.close());

  it('moves the marker back to seq - 1 and tells every device of the caller, nobody else', async () => {
    await read(3);
    expect(await listed()).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
    const [phone, laptop, bobSocket] = await Promise.all([
      connect(alice),
      connect(alice),
      connect(bob),
    ]);

    const res = await unread(alice, { seq: 2 }).expect(200);
    const state = { conversationId, lastReadSeq: 1, unreadCount: 2, mentionCount: 0 };
    expect(res.body).toEqual(state);
    await expect(phone.waitFor('conversation:unread')).resolves.toEqual(state);
    await expect(laptop.waitFor('conversation:unread')).resolves.toEqual(state);
    expect(await listed()).toMatchObject({ lastReadSeq: 1, unreadCount: 2 });

    await bobSocket.barrier();
    expect(bobSocket.received('conversation:unread')).toEqual([]);
    // A private act: no read receipt goes out for a marker that moved back.
    expect(bobSocket.received('conversation:read')).toEqual([]);
  });

  it('marking from the first message makes the whole conversation unread', async () => {
    await read(3);
    const res = await unread(alice, { seq: 1 }).expect(200);
    expect(res.body).toMatchObject({ lastReadSeq: 0, unreadCount: 3 });
  });

  it('read still never moves the marker back; it moves forward again after unread', async () => {
    await read(3);
    await read(1);
    expect(await listed()).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
    await unread(alice, { seq: 3 }).expect(200);
    expect(await listed()).toMatchObject({ lastReadSeq: 2, unreadCount: 1 });
    await read(1);
    expect(await listed()).toMatchObject({ lastReadSeq: 2 });
    await read(3);
    expect(await listed()).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
  });

  it.each([
    ['0', { seq: 0 }],
    ['past lastSeq', { seq: 4 }],
    ['negative', { seq: -1 }],
    ['not an integer', { seq: 1.5 }],
    ['a string', { seq: '2' }],
    ['missing', {}],
  ])('refuses seq %s (400 naming seq) and leaves the marker', async (_what, body) => {
    await read(3);
    const res = await unread(alice, body).expect(400);
    expect(res.body.message[0]).toMatch(/^seq/);
    expect(await listed()).toMatchObject({ lastReadSeq: 3 });
  });

  it('members only: a non-member or an unknown conversation gets 404', async () => {
    await read(3);
    await unread(carol, { seq: 1 }).expect(404);
    await unread(alice, { seq: 1 }, '3f1c1a52-0a41-4f43-9e43-5a5b7b5b0c11').expect(404);
    await unread(alice, { seq: 1 }, 'not-a-uuid').expect(400);
    expect(await listed()).toMatchObject({ lastReadSeq: 3 });
  });
});
