import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/**
 * Pins (for everyone in the conversation, with a system line), saved messages (private) and
 * forwarding (only from a message the caller can read, to conversations of theirs).
 */
describe('pins, saved and forwarded messages', () => {
  let t: TestApp;
  /** A second API instance over the same Postgres and Redis. */
  let other: TestApp;
  let ann: Session;
  let ben: Session;
  let eve: Session;
  let id: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    other = await startTestApp();
    [ann, ben, eve] = [
      await register(t.url, { displayName: 'Ann' }),
      await register(t.url, { displayName: 'Ben' }),
      await register(t.url, { displayName: 'Eve' }),
    ];
    id = (
      await asUser(t.url, ann)
        .post('/api/v1/conversations', { type: 'group', title: 'P', memberIds: [ben.user.id] })
        .expect(201)
    ).body.id;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    // Both stay up to the end: closing one instance mid-suite disconnects the other's database.
    await other?.close();
    await t?.close();
  });

  it('pinning writes one system line the room receives; the pins list newest first; unpinning removes it; outsiders get 404', async () => {
    const first = await asUser(t.url, ann).send(id, 'the plan');
    const second = await asUser(t.url, ann).send(id, 'the address');
    const benSocket = await connectClient(t.url, ben.accessToken);
    clients.push(benSocket);

    await asUser(t.url, ben).put(`/api/v1/messages/${first.id}/pin`).expect(204);
    const line = await benSocket.waitFor('message:new', (m) => m.kind === 'system');
    expect(line).toMatchObject({
      body: 'Ben pinned a message',
      seq: second.seq + 1,
      system: { action: 'message_pinned', actorId: ben.user.id, messageId: first.id },
    });
    // Pinning again changes nothing and writes no second line.
    await asUser(t.url, ann).put(`/api/v1/messages/${first.id}/pin`).expect(204);
    await asUser(t.url, ann).put(`/api/v1/messages/${second.id}/pin`).expect(204);
    const pins = (await asUser(t.url, ben).get(`/api/v1/conversations/${id}/pins`).expect(200)).body
      .items;
    expect(pins.map((p: any) => [p.message.id, p.pinnedBy])).toEqual([
      [second.id, ann.user.id],
      [first.id, ben.user.id],
    ]);
    const { lastSeq } = (await asUser(t.url, ann).get(`/api/v1/conversations/${id}`)).body;
    expect(lastSeq).toBe(second.seq + 2);

    await asUser(t.url, ann).delete(`/api/v1/messages/${first.id}/pin`).expect(204);
    expect(
      (await asUser(t.url, ann).get(`/api/v1/conversations/${id}/pins`)).body.items.map(
        (p: any) => p.message.id,
      ),
    ).toEqual([second.id]);
    await asUser(t.url, ann).put(`/api/v1/messages/${line.id}/pin`).expect(409);
    const notForwarded = await asUser(t.url, ann)
      .post(`/api/v1/messages/${line.id}/forward`, { conversationIds: [id] })
      .expect(409);
    expect(notForwarded.body.message).toBe('only a message with text can be forwarded');

    await asUser(t.url, eve).put(`/api/v1/messages/${second.id}/pin`).expect(404);
    await asUser(t.url, eve).delete(`/api/v1/messages/${second.id}/pin`).expect(404);
    await asUser(t.url, eve).get(`/api/v1/conversations/${id}/pins`).expect(404);
  });

  it('unpinning reaches the room on every instance as message:unpinned, only when something was unpinned', async () => {
    const pinned = await asUser(t.url, ann).send(id, 'pin me, then unpin me');
    const never = await asUser(t.url, ann).send(id, 'never pinned');
    await asUser(t.url, ann).put(`/api/v1/messages/${pinned.id}/pin`).expect(204);
    const benElsewhere = await connectClient(other.url, ben.accessToken);
    clients.push(benElsewhere);

    await asUser(t.url, ann).delete(`/api/v1/messages/${pinned.id}/pin`).expect(204);
    expect(await benElsewhere.waitFor('message:unpinned')).toEqual({
      conversationId: id,
      messageId: pinned.id,
    });
    // Unpinning what is not pinned (again, or never) answers 204 and tells nobody.
    await asUser(t.url, ann).delete(`/api/v1/messages/${pinned.id}/pin`).expect(204);
    await asUser(t.url, ben).delete(`/api/v1/messages/${never.id}/pin`).expect(204);
    // No system line either: the timeline ends with the pin's line.
    const { lastSeq } = (await asUser(t.url, ann).get(`/api/v1/conversations/${id}`)).body;
    expect(lastSeq).toBe(never.seq + 1);
    // A later real unpin, published after the no-ops on the same path, arrives alone.
    await asUser(t.url, ben).put(`/api/v1/messages/${never.id}/pin`).expect(204);
    await asUser(t.url, ben).delete(`/api/v1/messages/${never.id}/pin`).expect(204);
    await benElsewhere.waitFor('message:unpinned', (e) => e.messageId === never.id);
    expect(benElsewhere.received('message:unpinned').map((e) => e.messageId)).toEqual([
      pinned.id,
      never.id,
    ]);
  });

  it('saved messages are private, newest first with a cursor, and leave the list when the saver leaves the conversation', async () => {
    const messages = [
      await asUser(t.url, ben).send(id, 'save me 1'),
      await asUser(t.url, ben).send(id, 'save me 2'),
      await asUser(t.url, ben).send(id, 'save me 3'),
    ];
    for (const m of messages) {
      await asUser(t.url, ann).put(`/api/v1/messages/${m.id}/save`).expect(204);
    }
    await asUser(t.url, ann).put(`/api/v1/messages/${messages[0].id}/save`).expect(204);
    const first = (await asUser(t.url, ann).get('/api/v1/saved?limit=2').expect(200)).body;
    const rest = (
      await asUser(t.url, ann).get(`/api/v1/saved?limit=2&cursor=${first.nextCursor}`).expect(200)
    ).body;
    expect([...first.items, ...rest.items].map((s: any) => s.message.body)).toEqual([
      'save me 3',
      'save me 2',
      'save me 1',
    ]);
    expect(rest.nextCursor).toBeNull();
    expect((await asUser(t.url, ben).get('/api/v1/saved').expect(200)).body.items).toEqual([]);
    await asUser(t.url, eve).put(`/api/v1/messages/${messages[0].id}/save`).expect(404);
    await asUser(t.url, ann).get('/api/v1/saved?cursor=bogus').expect(400);

    await asUser(t.url, ann).delete(`/api/v1/messages/${messages[1].id}/save`).expect(204);
    expect(
      (await asUser(t.url, ann).get('/api/v1/saved')).body.items.map((s: any) => s.message.body),
    ).toEqual(['save me 3', 'save me 1']);

    await asUser(t.url, ann)
      .delete(`/api/v1/conversations/${id}/members/${ann.user.id}`)
      .expect(204);
    expect((await asUser(t.url, ann).get('/api/v1/saved')).body.items).toEqual([]);
  });

  it('forwarding copies a readable message to the caller’s conversations with forwardedFrom, comment first, once per retry; a source the caller left, or a target not theirs, is refused', async () => {
    const origin = (
      await asUser(t.url, ben)
        .post('/api/v1/conversations', {
          type: 'group',
          title: 'Origin',
          memberIds: [ann.user.id],
        })
        .expect(201)
    ).body.id as string;
    const source = await asUser(t.url, ben).send(origin, 'worth sharing');
    const direct = await asUser(t.url, ben).direct(eve);
    const other = (
      await asUser(t.url, ben)
        .post('/api/v1/conversations', { type: 'group', title: 'F', memberIds: [eve.user.id] })
        .expect(201)
    ).body.id as string;
    const eveSocket = await connectClient(t.url, eve.accessToken);
    clients.push(eveSocket);

    const forward = () =>
      asUser(t.url, ben).post(`/api/v1/messages/${source.id}/forward`, {
        conversationIds: [direct, other],
        comment: 'look at this',
      });
    const res = await forward().expect(201);
    expect(res.body).toHaveLength(2);
    expect(res.body.map((m: any) => m.conversationId)).toEqual([direct, other]);
    for (const copy of res.body) {
      expect(copy).toMatchObject({
        body: 'worth sharing',
        forwardedFrom: { messageId: source.id, senderName: 'Ben', createdAt: expect.any(String) },
      });
      expect(await eveSocket.waitFor('message:new', (m) => m.id === copy.id)).toMatchObject({
        forwardedFrom: { messageId: source.id },
      });
    }
    const history = (
      await asUser(t.url, eve).get(`/api/v1/conversations/${direct}/messages`).expect(200)
    ).body.items;
    expect(history.map((m: any) => [m.body, m.forwardedFrom?.messageId ?? null])).toEqual([
      ['look at this', null],
      ['worth sharing', source.id],
    ]);
    // A retry answers the same copies.
    expect((await forward().expect(201)).body.map((m: any) => m.id)).toEqual(
      res.body.map((m: any) => m.id),
    );
    expect(
      (await asUser(t.url, eve).get(`/api/v1/conversations/${direct}/messages`)).body.items,
    ).toHaveLength(2);

    // Eve never was in the source's conversation; Ben forwarding into a conversation not his.
    await asUser(t.url, eve)
      .post(`/api/v1/messages/${source.id}/forward`, { conversationIds: [direct] })
      .expect(404);
    const elsewhere = (
      await asUser(t.url, eve)
        .post('/api/v1/conversations', { type: 'group', title: 'E', memberIds: [ann.user.id] })
        .expect(201)
    ).body.id as string;
    await asUser(t.url, ben)
      .post(`/api/v1/messages/${source.id}/forward`, { conversationIds: [elsewhere] })
      .expect(404);
    // Having left the source's conversation (Ann and Eve stay, so it and the message remain),
    // Ben can no longer forward from it.
    await asUser(t.url, ben)
      .post(`/api/v1/conversations/${origin}/members`, { userIds: [eve.user.id] })
      .expect(200);
    await asUser(t.url, ben)
      .delete(`/api/v1/conversations/${origin}/members/${ben.user.id}`)
      .expect(204);
    const refused = await asUser(t.url, ben)
      .post(`/api/v1/messages/${source.id}/forward`, { conversationIds: [other] })
      .expect(404);
    expect(refused.body.message).toBe('message not found');
  });
});
