import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Pins (for everyone in the conversation, with a system line) and saved messages (private). */
describe('pins and saved messages', () => {
  let t: TestApp;
  let ann: Session;
  let ben: Session;
  let eve: Session;
  let id: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
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
  afterAll(() => t.close());

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
    await asUser(t.url, ann).put(`/api/v1/messages/${line.id}/pin`).expect(400);

    await asUser(t.url, eve).put(`/api/v1/messages/${second.id}/pin`).expect(404);
    await asUser(t.url, eve).delete(`/api/v1/messages/${second.id}/pin`).expect(404);
    await asUser(t.url, eve).get(`/api/v1/conversations/${id}/pins`).expect(404);
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
});
