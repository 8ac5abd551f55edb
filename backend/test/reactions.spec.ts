import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

const reactionPath = (messageId: string, emoji: string) =>
  `/api/v1/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;

describe('reactions', () => {
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
  /** A new message by `sender` in the alice-bob conversation. */
  const newMessage = (sender: Session = bob) =>
    asUser(t.url, sender).send(conversationId, 'react to me');
  const page = async (session: Session) =>
    (
      await asUser(t.url, session)
        .get(`/api/v1/conversations/${conversationId}/messages`)
        .expect(200)
    ).body.items as { id: string; reactions: unknown[]; kind: string }[];

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    [alice, bob, carol] = [await register(t.url), await register(t.url), await register(t.url)];
    conversationId = await asUser(t.url, alice).direct(bob);
    // Carol has a conversation of her own, so her socket is in some room.
    await asUser(t.url, carol).direct(alice);
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
  });
  afterAll(() => t.close());

  it('a second PUT changes nothing and announces nothing; DELETE likewise', async () => {
    const message = await newMessage();
    const bobSocket = await connect(bob);
    const forMessage = (p: any) => p.messageId === message.id;

    const first = await asUser(t.url, alice).put(reactionPath(message.id, '👍')).expect(200);
    const expected = [{ emoji: '👍', count: 1, userIds: [alice.user.id] }];
    expect(first.body).toEqual({ reactions: expected });
    const again = await asUser(t.url, alice).put(reactionPath(message.id, '👍')).expect(200);
    expect(again.body).toEqual({ reactions: expected });

    await bobSocket.barrier();
    const added = bobSocket.received('reaction:updated').filter(forMessage);
    expect(added).toEqual([{ conversationId, messageId: message.id, reactions: expected }]);
    expect((await page(bob)).find((m) => m.id === message.id)!.reactions).toEqual(expected);

    await asUser(t.url, alice)
      .delete(reactionPath(message.id, '👍'))
      .expect(200, { reactions: [] });
    await asUser(t.url, alice)
      .delete(reactionPath(message.id, '👍'))
      .expect(200, { reactions: [] });
    await bobSocket.barrier();
    expect(bobSocket.received('reaction:updated').filter(forMessage)).toEqual([
      { conversationId, messageId: message.id, reactions: expected },
      { conversationId, messageId: message.id, reactions: [] },
    ]);
    expect((await page(bob)).find((m) => m.id === message.id)!.reactions).toEqual([]);
  });

  it('fans out to every member (all their sockets), never to a non-member', async () => {
    const message = await newMessage();
    const [aliceSocket, bobSocket, carolSocket] = await Promise.all([
      connect(alice),
      connect(bob),
      connect(carol),
    ]);
    await asUser(t.url, bob).put(reactionPath(message.id, '🎉')).expect(200);
    const payload = {
      conversationId,
      messageId: message.id,
      reactions: [{ emoji: '🎉', count: 1, userIds: [bob.user.id] }],
    };
    await expect(aliceSocket.waitFor('reaction:updated')).resolves.toEqual(payload);
    await expect(bobSocket.waitFor('reaction:updated')).resolves.toEqual(payload);
    await carolSocket.barrier();
    expect(carolSocket.received('reaction:updated')).toEqual([]);
  });

  it('pages carry each emoji with its count and who reacted, ordered by first use', async () => {
    const message = await newMessage(alice);
    expect((await page(alice)).find((m) => m.id === message.id)!.reactions).toEqual([]);
    await asUser(t.url, bob).put(reactionPath(message.id, '❤️')).expect(200);
    await asUser(t.url, alice).put(reactionPath(message.id, '👍🏽')).expect(200);
    await asUser(t.url, alice).put(reactionPath(message.id, '❤️')).expect(200);
    const expected = [
      { emoji: '❤️', count: 2, userIds: [bob.user.id, alice.user.id] },
      { emoji: '👍🏽', count: 1, userIds: [alice.user.id] },
    ];
    for (const viewer of [alice, bob]) {
      expect((await page(viewer)).find((m) => m.id === message.id)!.reactions).toEqual(expected);
    }
    const summary = await asUser(t.url, alice).get(`/api/v1/conversations/${conversationId}`);
    expect(summary.body.lastMessage).toMatchObject({ id: message.id, reactions: expected });
  });

  it('a new message starts with no reactions, over REST and in message:new', async () => {
    const aliceSocket = await connect(alice);
    const sent = await asUser(t.url, bob)
      .post(`/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: `fresh-${Date.now()}`,
        body: 'brand new',
      })
      .expect(201);
    expect(sent.body.reactions).toEqual([]);
    const announced = await aliceSocket.waitFor('message:new', (m) => m.id === sent.body.id);
    expect(announced.reactions).toEqual([]);
  });

  it('non-members and unknown messages get 404 (the message is never revealed)', async () => {
    const message = await newMessage();
    const carolSocket = await connect(carol);
    await asUser(t.url, carol).put(reactionPath(message.id, '👍')).expect(404);
    await asUser(t.url, carol).delete(reactionPath(message.id, '👍')).expect(404);
    await asUser(t.url, alice)
      .put(reactionPath('3f1c1a52-0a41-4f43-9e43-5a5b7b5b0c11', '👍'))
      .expect(404);
    await carolSocket.barrier();
    expect(carolSocket.received('reaction:updated')).toEqual([]);
    expect((await page(alice)).find((m) => m.id === message.id)!.reactions).toEqual([]);
  });

  it.each([
    ['plain text', 'abc'],
    ['a letter', 'a'],
    ['a digit', '1'],
    ['two emoji', '👍👍'],
    ['emoji and text', '👍x'],
    ['a space', ' '],
    ['too long', '👍' + '\u200d👍'.repeat(11)],
  ])('refuses %s as an emoji (400 naming emoji)', async (_what, emoji) => {
    const message = await newMessage();
    const res = await asUser(t.url, alice).put(reactionPath(message.id, emoji)).expect(400);
    expect(res.body.message[0]).toMatch(/^emoji/);
  });

  it('refuses NUL, a lone surrogate and malformed encoding (400)', async () => {
    const message = await newMessage();
    for (const raw of ['%00', '%F0%9F%91%8D%00', '%ED%A0%BD', '%F0%9F', '%']) {
      await asUser(t.url, alice).put(`/api/v1/messages/${message.id}/reactions/${raw}`).expect(400);
    }
  });

  it('accepts ZWJ sequences, skin tones, flags and keycaps', async () => {
    const message = await newMessage();
    for (const emoji of ['👨‍👩‍👧‍👦', '🧑🏽‍🤝‍🧑🏻', '🇫🇷', '🏳️‍🌈', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) {
      const res = await asUser(t.url, bob).put(reactionPath(message.id, emoji)).expect(200);
      expect(res.body.reactions.at(-1)).toEqual({ emoji, count: 1, userIds: [bob.user.id] });
    }
  });

  it('refuses system lines (403) and deleted messages (409)', async () => {
    const group = await asUser(t.url, alice)
      .post('/api/v1/conversations', { type: 'group', title: 'Reacts', memberIds: [bob.user.id] })
      .expect(201);
    const items = (
      await asUser(t.url, alice).get(`/api/v1/conversations/${group.body.id}/messages`).expect(200)
    ).body.items as { id: string; kind: string }[];
    const line = items.find((m) => m.kind === 'system')!;
    const refused = await asUser(t.url, bob).put(reactionPath(line.id, '👍')).expect(403);
    expect(refused.body.message).toMatch(/system messages/);

    const message = await newMessage();
    await asUser(t.url, bob).delete(`/api/v1/messages/${message.id}`).expect(204);
    const gone = await asUser(t.url, alice).put(reactionPath(message.id, '👍')).expect(409);
    expect(gone.body.message).toMatch(/deleted/);
  });

  it('a message carries at most 50 different emoji (409); more people on one is fine', async () => {
    const [dave, erin] = [await register(t.url), await register(t.url)];
    const direct = await asUser(t.url, dave).direct(erin);
    const message = await asUser(t.url, dave).send(direct, 'many');
    const emoji = Array.from({ length: 51 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    for (const e of emoji.slice(0, 50)) {
      await asUser(t.url, dave).put(reactionPath(message.id, e)).expect(200);
    }
    const over = await asUser(t.url, dave).put(reactionPath(message.id, emoji[50])).expect(409);
    expect(over.body.message).toMatch(/at most 50/);
    const joined = await asUser(t.url, erin).put(reactionPath(message.id, emoji[0])).expect(200);
    expect(joined.body.reactions).toHaveLength(50);
    expect(joined.body.reactions[0]).toEqual({
      emoji: emoji[0],
      count: 2,
      userIds: [dave.user.id, erin.user.id],
    });
  });

  it('limits reaction changes to 120 a minute per person (429 with Retry-After)', async () => {
    const [dave, erin] = [await register(t.url), await register(t.url)];
    const direct = await asUser(t.url, dave).direct(erin);
    const message = await asUser(t.url, dave).send(direct, 'hammer');
    for (let i = 0; i < 60; i += 1) {
      await asUser(t.url, dave).put(reactionPath(message.id, '👍')).expect(200);
      await asUser(t.url, dave).delete(reactionPath(message.id, '👍')).expect(200);
    }
    const limited = await asUser(t.url, dave).put(reactionPath(message.id, '👍')).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Someone else is not affected.
    await asUser(t.url, erin).put(reactionPath(message.id, '👍')).expect(200);
  });
});
