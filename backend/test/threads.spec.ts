import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/app';
import { searchIndexed } from './support/search';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session, uniqueUsername } from './support/users';
import { freshDatabase } from './support/workspace';

/** Threads (issue 19) on two API instances over one Redis and one database. */
describe('threads', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  const clients: TestClient[] = [];

  const connect = async (app: TestApp, session: Session) => {
    const client = await connectClient(app.url, session.accessToken);
    clients.push(client);
    return client;
  };
  const group = async (owner: Session, others: Session[]) =>
    (
      await asUser(a.url, owner)
        .post('/api/v1/conversations', {
          type: 'group',
          title: 'Threads',
          memberIds: others.map((o) => o.user.id),
        })
        .expect(201)
    ).body.id as string;
  const reply = (
    app: TestApp,
    session: Session,
    conversationId: string,
    rootId: string,
    body: string,
    extra: object = {},
  ) =>
    asUser(app.url, session).post(`/api/v1/conversations/${conversationId}/messages`, {
      clientMessageId: uniqueUsername('t'),
      body,
      threadRootId: rootId,
      ...extra,
    });
  const summary = async (session: Session, id: string) =>
    (await asUser(a.url, session).get(`/api/v1/conversations/${id}`).expect(200)).body;
  const followed = async (session: Session, query = '') =>
    (await asUser(b.url, session).get(`/api/v1/threads${query}`).expect(200)).body;
  const thread = async (session: Session, rootId: string, query = '') =>
    (await asUser(b.url, session).get(`/api/v1/messages/${rootId}/thread${query}`).expect(200))
      .body;

  beforeAll(async () => {
    const url = await freshDatabase('threads');
    a = await startTestApp({
      DATABASE_URL: url,
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    b = await startTestApp({
      DATABASE_URL: url,
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    db = a.app.get(DataSource);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a reply takes the conversation’s next seq, reaches the room with thread:updated, and the root carries the summary; bad roots are refused without using a seq', async () => {
    const [ann, ben] = [await register(a.url), await register(a.url)];
    const id = await group(ann, [ben]);
    const root = await asUser(a.url, ann).send(id, 'shall we plan the trip?');
    const benOnB = await connect(b, ben);

    const first = await reply(a, ben, id, root.id, 'yes!').expect(201);
    expect(first.body).toMatchObject({
      seq: root.seq + 1,
      threadRootId: root.id,
      alsoToConversation: false,
      thread: null,
    });
    expect(await benOnB.waitFor('message:new', (m) => m.id === first.body.id)).toMatchObject({
      threadRootId: root.id,
    });
    const update = await benOnB.waitFor('thread:updated', (t) => t.rootId === root.id);
    expect(update).toEqual({
      conversationId: id,
      rootId: root.id,
      replyCount: 1,
      lastReplyAt: first.body.createdAt,
      participantIds: [ben.user.id],
    });
    // Over the socket too, idempotent on clientMessageId like the timeline.
    const clientMessageId = uniqueUsername('s');
    const send = () =>
      benOnB.emit('message:send', {
        conversationId: id,
        clientMessageId,
        body: 'and again',
        threadRootId: root.id,
      });
    const [once, twice] = [await send(), await send()];
    expect(once).toMatchObject({ ok: true, data: { seq: root.seq + 2, threadRootId: root.id } });
    expect(twice).toEqual(once);

    const page = (await asUser(a.url, ann).get(`/api/v1/conversations/${id}/messages`).expect(200))
      .body.items;
    expect(page.find((m: any) => m.id === root.id).thread).toEqual({
      replyCount: 2,
      lastReplyAt: expect.any(String),
      participantIds: [ben.user.id],
    });
    expect(page.map((m: any) => m.seq)).toEqual([1, 2, 3, 4]);
    await searchIndexed(a);
    const [one] = (await asUser(a.url, ann).get(`/api/v1/search/messages?q=again`).expect(200)).body
      .items;
    expect(one).toMatchObject({ threadRootId: root.id, thread: null });

    const lastSeq = (await summary(ann, id)).lastSeq;
    const other = await group(ann, [ben]);
    const elsewhere = await asUser(a.url, ann).send(other, 'elsewhere');
    for (const threadRootId of [first.body.id, elsewhere.id]) {
      const refused = await reply(a, ann, id, threadRootId, 'no').expect(409);
      expect(refused.body.message).toBe(
        'threadRootId must be a message of this conversation that is not itself a thread reply',
      );
    }
    const [created] = (
      await asUser(a.url, ann).get(`/api/v1/conversations/${id}/messages?limit=1&afterSeq=0`)
    ).body.items;
    expect(created.kind).toBe('system');
    await reply(a, ann, id, created.id, 'no').expect(409);
    expect((await summary(ann, id)).lastSeq).toBe(lastSeq);
  });

  it('twenty concurrent repliers on two instances: the conversation’s seqs stay contiguous, each sender keeps its order, retries create nothing, and the summary counts every reply once', async () => {
    const owner = await register(a.url);
    const people = await Promise.all(Array.from({ length: 20 }, () => register(b.url)));
    const id = await group(owner, people);
    const root = await asUser(a.url, owner).send(id, 'thread under load');
    const watcher = await connect(a, owner);
    const sockets = await Promise.all(people.map((p, i) => connect(i % 2 ? a : b, p)));
    const PER_PERSON = 5;

    // Each person sends a burst without waiting for acks, then retries every one of them.
    const bursts = sockets.map((socket, i) => {
      const ids = Array.from({ length: PER_PERSON }, (_, k) => `p${i}-r${k}-${Date.now()}`);
      const sends = () =>
        ids.map((clientMessageId, k) =>
          socket.emit('message:send', {
            conversationId: id,
            clientMessageId,
            body: `reply ${k} from ${i}`,
            threadRootId: root.id,
          }),
        );
      return {
        ids,
        acks: Promise.all(sends()).then(async (first) => [first, await Promise.all(sends())]),
      };
    });
    const results = await Promise.all(bursts.map((b) => b.acks));
    const total = people.length * PER_PERSON;

    for (const [first, retried] of results) {
      expect(first.every((ack) => ack.ok)).toBe(true);
      const seqs = first.map((ack: any) => ack.data.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(retried.map((ack: any) => ack.data.id)).toEqual(first.map((ack: any) => ack.data.id));
    }
    const [{ n, min, max }] = await db.query(
      `SELECT count(*)::int AS n, min(seq)::int AS min, max(seq)::int AS max
         FROM messages WHERE conversation_id = $1`,
      [id],
    );
    expect({ n, min, max }).toEqual({ n: total + 2, min: 1, max: total + 2 });

    const { items } = await thread(owner, root.id, '?afterSeq=0&limit=100');
    expect(items).toHaveLength(total);
    const [stored] = (
      await asUser(a.url, owner).get(`/api/v1/conversations/${id}/messages?afterSeq=1&limit=1`)
    ).body.items;
    expect(stored.thread.replyCount).toBe(total);
    expect([...stored.thread.participantIds].sort()).toEqual(people.map((p) => p.user.id).sort());
    // The events may cross between instances; the highest count is the final state.
    const updates = await watcher.waitForCount('thread:updated', total, 10_000);
    expect(Math.max(...updates.map((u) => u.replyCount))).toBe(total);
    expect(new Set(updates.map((u) => u.replyCount)).size).toBe(total);
  });

  it('thread replies stay out of the conversation’s unread unless also sent to it; followers (writers, the root’s author, the mentioned) count them apart, unread first', async () => {
    const [ann, ben, cat, dan] = await Promise.all(
      ['Ann', 'Ben', 'Cat', 'Dan'].map((displayName) => register(a.url, { displayName })),
    );
    const id = await group(ann, [ben, cat, dan]);
    const quiet = await asUser(a.url, ann).send(id, 'a quiet root');
    const busy = await asUser(a.url, ann).send(id, 'a busy root');
    await asUser(a.url, ben)
      .post(`/api/v1/conversations/${id}/read`, { seq: busy.seq })
      .expect(204);
    await asUser(a.url, cat)
      .post(`/api/v1/conversations/${id}/read`, { seq: busy.seq })
      .expect(204);

    await reply(a, ben, id, busy.id, 'first reply').expect(201);
    await reply(b, ann, id, quiet.id, 'ping').expect(201);
    await reply(b, ben, id, busy.id, `@${cat.user.username} look`).expect(201);
    expect((await summary(cat, id)).unreadCount).toBe(0);
    const shown = await reply(a, ann, id, busy.id, 'also for everyone', {
      alsoToConversation: true,
    }).expect(201);
    expect(shown.body.alsoToConversation).toBe(true);
    expect((await summary(cat, id)).unreadCount).toBe(1);
    // Dan read nothing: the created line, the two roots and the reply also sent to everyone.
    expect((await summary(dan, id)).unreadCount).toBe(4);
    // Ben answers in the quiet thread last: it is the newest, with nothing unread for him.
    await reply(b, ben, id, quiet.id, 'late').expect(201);

    // Ann wrote both roots; Ben wrote in both; Cat was mentioned in busy; Dan follows nothing.
    const annThreads = (await followed(ann)).items;
    expect(annThreads.map((t: any) => [t.root.body, t.unreadCount])).toEqual([
      ['a quiet root', 1],
      ['a busy root', 0],
    ]);
    expect(annThreads[1].root.thread.replyCount).toBe(3);
    // Unread first, even before a newer thread.
    expect((await followed(ben)).items.map((t: any) => [t.root.id, t.unreadCount])).toEqual([
      [busy.id, 1],
      [quiet.id, 0],
    ]);
    expect((await followed(cat)).items.map((t: any) => [t.root.id, t.unreadCount])).toEqual([
      [busy.id, 3],
    ]);
    expect((await followed(dan)).items).toEqual([]);

    // Paged with the cursor, the order holds.
    const first = await followed(ben, '?limit=1');
    const rest = await followed(ben, `?limit=1&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((t: any) => t.root.id)).toEqual([busy.id, quiet.id]);
    expect(rest.nextCursor).toBeNull();
    await asUser(b.url, ann).get('/api/v1/threads?cursor=nope').expect(400);

    // Reading the thread clears it there, never moves back, and leaves the conversation alone.
    await asUser(a.url, cat)
      .post(`/api/v1/messages/${busy.id}/thread/read`, { seq: shown.body.seq })
      .expect(204);
    await asUser(a.url, cat)
      .post(`/api/v1/messages/${busy.id}/thread/read`, { seq: 1 })
      .expect(204);
    expect((await followed(cat)).items[0]).toMatchObject({
      unreadCount: 0,
      lastReadSeq: shown.body.seq,
    });
    expect((await summary(cat, id)).unreadCount).toBe(1);

    // Following by hand, and stopping.
    await asUser(a.url, dan).put(`/api/v1/messages/${busy.id}/follow`).expect(204);
    expect((await followed(dan)).items.map((t: any) => t.unreadCount)).toEqual([3]);
    await asUser(a.url, dan).delete(`/api/v1/messages/${busy.id}/follow`).expect(204);
    expect((await followed(dan)).items).toEqual([]);
    const replies = await thread(dan, busy.id);
    expect(replies.items.map((m: any) => m.body)).toEqual([
      'first reply',
      `@${cat.user.username} look`,
      'also for everyone',
    ]);
    expect((await thread(dan, busy.id, `?beforeSeq=${shown.body.seq}&limit=1`)).items).toEqual([
      expect.objectContaining({ body: `@${cat.user.username} look` }),
    ]);
    await asUser(a.url, dan).get(`/api/v1/messages/${shown.body.id}/thread`).expect(409);
  });

  it('a bot @mentioned in a thread answers inside it: its reply carries the threadRootId, counts in the summary and stays out of the conversation’s unread', async () => {
    const ann = await register(a.url);
    const bots = (await asUser(a.url, ann).get('/api/v1/bots').expect(200)).body as {
      id: string;
      username: string;
    }[];
    const sizebot = bots.find((bot) => bot.username === 'sizebot')!;
    const id = await group(ann, [{ user: sizebot } as Session]);
    const root = await asUser(a.url, ann).send(id, 'sizes for the team shirts');
    const annOnB = await connect(b, ann);

    const asked = await reply(
      a,
      ann,
      id,
      root.id,
      '@sizebot which T-shirt for 180 cm and 75 kg?',
    ).expect(201);
    const started = await annOnB.waitFor(
      'message:new',
      (m) => m.kind === 'bot' && m.replyToId === asked.body.id,
      15_000,
    );
    expect(started).toMatchObject({ threadRootId: root.id, sender: { id: sizebot.id } });
    const update = await annOnB.waitFor(
      'thread:updated',
      (t) => t.rootId === root.id && t.replyCount === 2,
    );
    expect(update.participantIds).toEqual([ann.user.id, sizebot.id]);
    await annOnB.waitFor(
      'message:updated',
      (m) => m.id === started.id && m.status === 'complete',
      15_000,
    );

    const replies = await thread(ann, root.id);
    expect(replies.items.map((m: { id: string }) => m.id)).toEqual([asked.body.id, started.id]);
    const conversation = await summary(ann, id);
    expect(conversation.unreadCount).toBe(0);
    const page = (await asUser(a.url, ann).get(`/api/v1/conversations/${id}/messages`).expect(200))
      .body.items as { id: string; thread: { replyCount: number } | null }[];
    expect(page.find((m) => m.id === root.id)?.thread).toMatchObject({ replyCount: 2 });
  });

  it('members only: an outsider gets 404 on every thread route, and one who left no longer lists its threads', async () => {
    const [ann, ben, eve] = [await register(a.url), await register(a.url), await register(a.url)];
    const id = await group(ann, [ben]);
    const root = await asUser(a.url, ann).send(id, 'members only');
    await reply(a, ben, id, root.id, 'a reply').expect(201);
    const outsider = asUser(b.url, eve);
    await outsider.get(`/api/v1/messages/${root.id}/thread`).expect(404);
    await outsider.put(`/api/v1/messages/${root.id}/follow`).expect(404);
    await outsider.delete(`/api/v1/messages/${root.id}/follow`).expect(404);
    await outsider.post(`/api/v1/messages/${root.id}/thread/read`, { seq: 5 }).expect(404);
    await reply(b, eve, id, root.id, 'let me in').expect(404);
    expect((await followed(eve)).items).toEqual([]);

    expect((await followed(ben)).items).toHaveLength(1);
    await asUser(a.url, ben)
      .delete(`/api/v1/conversations/${id}/members/${ben.user.id}`)
      .expect(204);
    expect((await followed(ben)).items).toEqual([]);
  });
});
