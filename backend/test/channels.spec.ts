import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/app';
import { searchIndexed } from './support/search';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session, uniqueUsername } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * Channels (issue 19) on two API instances over one Redis and one database of their own, so the
 * first person registered is the workspace's admin and founds `#general`.
 */
describe('channels', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let admin: Session;
  let general: string;
  const clients: TestClient[] = [];

  const connect = async (app: TestApp, session: Session) => {
    const client = await connectClient(app.url, session.accessToken);
    clients.push(client);
    return client;
  };
  const createChannel = async (creator: Session, title: string, topic?: string) =>
    (
      await asUser(a.url, creator)
        .post('/api/v1/conversations', { type: 'channel', title, ...(topic ? { topic } : {}) })
        .expect(201)
    ).body;
  const browse = async (session: Session, query: Record<string, string> = {}) =>
    (
      await asUser(b.url, session)
        .get(`/api/v1/channels?${new URLSearchParams(query).toString()}`)
        .expect(200)
    ).body;
  const history = async (session: Session, id: string) =>
    (await asUser(a.url, session).get(`/api/v1/conversations/${id}/messages`).expect(200)).body
      .items as any[];
  const leave = (session: Session, id: string) =>
    asUser(a.url, session).delete(`/api/v1/conversations/${id}/members/${session.user.id}`);
  /**
   * A guest as the visitor widget makes one (a user row with the guest role) with an access
   * token for it: the guest role is never given through the admin API.
   */
  const createGuest = async (): Promise<Session> => {
    const id = randomUUID();
    const username = uniqueUsername('guest');
    await db.query(
      `INSERT INTO users (id, username, display_name, password_hash, server_role)
       VALUES ($1, $2, 'Visitor', NULL, 'guest')`,
      [id, username],
    );
    const accessToken = a.app.get(JwtService).sign({ sub: id, username });
    return { user: { id, username, displayName: 'Visitor' }, accessToken, refreshToken: '' };
  };

  beforeAll(async () => {
    const url = await freshDatabase('channels');
    a = await startTestApp({ DATABASE_URL: url });
    b = await startTestApp({ DATABASE_URL: url });
    db = a.app.get(DataSource);
    admin = await register(a.url, { displayName: 'Ada' });
    const [row] = await db.query(`SELECT id FROM conversations WHERE is_general`);
    general = row.id;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('#general exists from the first person, who owns it; everyone who registers joins it with its history read; bots and guests do not', async () => {
    const founding = await asUser(a.url, admin).get(`/api/v1/conversations/${general}`).expect(200);
    expect(founding.body).toMatchObject({ type: 'channel', title: 'general', archived: false });
    expect(founding.body.members).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ id: admin.user.id }),
        role: 'owner',
      }),
    ]);
    await asUser(a.url, admin).send(general, 'welcome, everyone');

    // Twenty people at once on two instances: each joins the one #general, once.
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => register(i % 2 ? a.url : b.url)),
    );
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM conversations WHERE is_general`,
    );
    expect(count).toBe(1);
    const summary = (
      await asUser(b.url, people[3]).get(`/api/v1/conversations/${general}`).expect(200)
    ).body;
    expect(summary).toMatchObject({ lastSeq: 1, lastReadSeq: 1, unreadCount: 0 });
    const listed = (await asUser(a.url, people[4]).get('/api/v1/conversations').expect(200)).body;
    expect(listed.items.map((c: any) => c.id)).toEqual([general]);

    // Bots are seeded at start; a guest (the visitor widget's) is created as a user row.
    await createGuest();
    const members: { user_id: string; is_bot: boolean; server_role: string }[] = await db.query(
      `SELECT m.user_id, u.is_bot, u.server_role FROM conversation_members m
         JOIN users u ON u.id = m.user_id WHERE m.conversation_id = $1`,
      [general],
    );
    expect(members).toHaveLength(21);
    expect(members.filter((m) => m.is_bot || m.server_role === 'guest')).toEqual([]);
    const [{ bots }] = await db.query(`SELECT count(*)::int AS bots FROM users WHERE is_bot`);
    expect(bots).toBeGreaterThan(0);
  });

  it('creating a channel: the creator owns it with its topic; membersCanCreateChannels off leaves it to admins; guests never', async () => {
    const member = await register(a.url, { displayName: 'Mia' });
    const channel = await createChannel(member, ' design ', ' Pixels ');
    expect(channel).toMatchObject({
      type: 'channel',
      title: 'design',
      topic: 'Pixels',
      archived: false,
      lastSeq: 1,
      unreadCount: 0,
      members: [expect.objectContaining({ role: 'owner' })],
    });
    const [line] = await history(member, channel.id);
    expect(line).toMatchObject({
      kind: 'system',
      body: 'Mia created the channel #design',
      system: { action: 'channel_created', actorId: member.user.id, title: 'design' },
    });

    await asUser(a.url, admin)
      .patch('/api/v1/admin/settings', { membersCanCreateChannels: false })
      .expect(200);
    try {
      // Set on A, refused on B: the setting reaches every instance.
      const refused = await asUser(b.url, member)
        .post('/api/v1/conversations', { type: 'channel', title: 'nope' })
        .expect(403);
      expect(refused.body.message).toBe('only admins can create channels in this workspace');
      await asUser(b.url, admin)
        .post('/api/v1/conversations', { type: 'channel', title: 'announcements' })
        .expect(201);
    } finally {
      await asUser(a.url, admin)
        .patch('/api/v1/admin/settings', { membersCanCreateChannels: true })
        .expect(200);
    }

    const guest = await createGuest();
    await asUser(a.url, guest)
      .post('/api/v1/conversations', { type: 'channel', title: 'guests' })
      .expect(403);
    await asUser(a.url, guest).get('/api/v1/channels').expect(403);
    await asUser(a.url, guest).post(`/api/v1/conversations/${channel.id}/join`).expect(404);
    // Nor can an owner add a guest to a channel: to members a visitor is no one they can name
    // (as in people search), so the id answers like an unknown user's.
    await asUser(a.url, member)
      .post(`/api/v1/conversations/${channel.id}/members`, { userIds: [guest.user.id] })
      .expect(404);

    await asUser(a.url, member)
      .post('/api/v1/conversations', { type: 'channel', title: '   ' })
      .expect(400);
    await asUser(a.url, member)
      .post('/api/v1/conversations', { type: 'channel', title: 'x', topic: 'y'.repeat(251) })
      .expect(400);
  });

  it('browsing shows title, topic, member count and joined, by title, filtered and paged; never messages, typing, presence or search hits until the caller joins', async () => {
    const owner = await register(a.url);
    const friend = await register(a.url);
    const outsider = await register(b.url);
    const tag = uniqueUsername('q').slice(-8);
    const channel = await createChannel(owner, `Zeta ${tag}`, 'secret plans');
    await asUser(a.url, owner)
      .post(`/api/v1/conversations/${channel.id}/members`, { userIds: [friend.user.id] })
      .expect(200);
    await createChannel(owner, `alpha ${tag}`);
    await createChannel(owner, `Beta ${tag.toUpperCase()}`);
    await asUser(a.url, owner).send(channel.id, `the vault code is ${tag}`);
    // The outsider shares #general with everyone: leaving it, they share nothing with the owner.
    await leave(outsider, general).expect(204);

    const found = await browse(outsider, { query: tag.toUpperCase(), limit: '2' });
    expect(found.items.map((c: any) => c.title)).toEqual([
      `alpha ${tag}`,
      `Beta ${tag.toUpperCase()}`,
    ]);
    expect(Object.keys(found.items[0]).sort()).toEqual(
      ['archived', 'id', 'joined', 'memberCount', 'title', 'topic'].sort(),
    );
    const rest = await browse(outsider, { query: tag, cursor: found.nextCursor });
    expect(rest).toEqual({
      items: [
        {
          id: channel.id,
          title: `Zeta ${tag}`,
          topic: 'secret plans',
          memberCount: 2,
          joined: false,
          archived: false,
        },
      ],
      nextCursor: null,
    });
    expect((await browse(owner, { query: `zeta ${tag}` })).items[0].joined).toBe(true);
    await asUser(a.url, outsider).get('/api/v1/channels?cursor=bogus').expect(400);
    // LIKE wildcards in the query are plain text.
    expect((await browse(outsider, { query: '%' })).items).toEqual([]);

    // Nothing else about it reaches the outsider, on either instance.
    await asUser(a.url, outsider).get(`/api/v1/conversations/${channel.id}`).expect(404);
    await asUser(a.url, outsider).get(`/api/v1/conversations/${channel.id}/messages`).expect(404);
    await searchIndexed(b);
    const searched = await asUser(b.url, outsider)
      .get(`/api/v1/search/messages?q=${tag}`)
      .expect(200);
    expect(searched.body.items).toEqual([]);
    await asUser(b.url, outsider)
      .get(`/api/v1/search/messages?q=${tag}&conversationId=${channel.id}`)
      .expect(404);
    const ownerSocket = await connect(a, owner);
    const outsiderSockets = [await connect(a, outsider), await connect(b, outsider)];
    const presence = await asUser(b.url, outsider)
      .get(`/api/v1/presence?userIds=${owner.user.id}`)
      .expect(200);
    expect(presence.body).toEqual({});
    await ownerSocket.emit('typing', { conversationId: channel.id, isTyping: true });
    await asUser(a.url, owner).send(channel.id, 'still secret');
    const refused = await outsiderSockets[1].emit('typing', {
      conversationId: channel.id,
      isTyping: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const socket of outsiderSockets) {
      await socket.barrier();
      expect(socket.events.filter((e) => JSON.stringify(e.payload).includes(channel.id))).toEqual(
        [],
      );
      expect(socket.received('presence')).toEqual([]);
    }

    // Joined: the history, search and presence open up.
    await asUser(b.url, outsider).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
    expect((await history(outsider, channel.id)).map((m) => m.body)).toContain(
      `the vault code is ${tag}`,
    );
    await searchIndexed(b);
    const hits = await asUser(b.url, outsider).get(`/api/v1/search/messages?q=${tag}`).expect(200);
    expect(hits.body.items.map((m: any) => m.conversationId)).toEqual([channel.id]);
    const seen = await asUser(b.url, outsider)
      .get(`/api/v1/presence?userIds=${owner.user.id}`)
      .expect(200);
    expect(seen.body[owner.user.id]).toMatchObject({ status: 'online' });
  });

  it('joining on one instance moves the joiner’s sockets on both into the room: they get the line, new messages and typing live; joining is idempotent, a group is not joinable', async () => {
    const owner = await register(a.url);
    const joiner = await register(b.url, { displayName: 'Jo' });
    const channel = await createChannel(owner, 'live');
    await asUser(a.url, owner).send(channel.id, 'before you came');
    const sockets = [await connect(a, joiner), await connect(b, joiner)];
    const ownerSocket = await connect(b, owner);

    const joined = await asUser(a.url, joiner)
      .post(`/api/v1/conversations/${channel.id}/join`)
      .expect(200);
    expect(joined.body).toMatchObject({
      id: channel.id,
      lastSeq: 3,
      lastReadSeq: 3,
      unreadCount: 0,
    });
    for (const socket of sockets) {
      expect(
        await socket.waitFor('conversation:updated', (c) => c.id === channel.id),
      ).toMatchObject({
        type: 'channel',
      });
      await socket.waitFor('message:new', (m) => m.system?.action === 'member_joined');
    }
    expect((await ownerSocket.waitFor('message:new', (m) => m.seq === 3)).body).toBe('Jo joined');

    await ownerSocket.emit('typing', { conversationId: channel.id, isTyping: true });
    const sent = await asUser(a.url, owner).send(channel.id, 'welcome Jo');
    for (const socket of sockets) {
      await socket.waitFor('message:new', (m) => m.id === sent.id);
      await socket.waitFor('typing', (t) => t.conversationId === channel.id);
    }
    const ack = await sockets[1].emit('message:send', {
      conversationId: channel.id,
      clientMessageId: uniqueUsername('c'),
      body: 'thanks',
    });
    expect(ack).toMatchObject({ ok: true, data: { seq: 5 } });

    // Again: the summary, no second line.
    await asUser(b.url, joiner).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
    expect(
      (await history(joiner, channel.id)).filter((m) => m.system?.action === 'member_joined'),
    ).toHaveLength(1);

    const group = (
      await asUser(a.url, owner)
        .post('/api/v1/conversations', {
          type: 'group',
          title: 'private',
          memberIds: [admin.user.id],
        })
        .expect(201)
    ).body;
    await asUser(a.url, joiner).post(`/api/v1/conversations/${group.id}/join`).expect(404);
    await asUser(a.url, joiner).post(`/api/v1/conversations/${randomUUID()}/join`).expect(404);
  });

  it('leaving is removing yourself: the sockets leave the room; a channel its last member left stays to be found and joined', async () => {
    const owner = await register(a.url);
    const other = await register(a.url);
    const channel = await createChannel(owner, 'short-lived');
    await asUser(b.url, other).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
    const socket = await connect(b, other);

    await leave(other, channel.id).expect(204);
    await socket.waitFor('conversation:removed', (r) => r.conversationId === channel.id);
    await asUser(a.url, owner).send(channel.id, 'after you left');
    await socket.barrier();
    expect(socket.received('message:new').filter((m) => m.conversationId === channel.id)).toEqual(
      [],
    );

    await leave(owner, channel.id).expect(204);
    expect((await browse(other, { query: 'short-lived' })).items).toEqual([
      expect.objectContaining({ id: channel.id, memberCount: 0, joined: false }),
    ]);
    await asUser(a.url, other).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
  });

  it('archiving (owner or admin) makes a channel read-only over REST and the socket until unarchived; #general is never archived or deleted', async () => {
    const owner = await register(a.url, { displayName: 'Owen' });
    const member = await register(a.url);
    const latecomer = await register(a.url);
    const channel = await createChannel(owner, 'archive-me');
    await asUser(a.url, member).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
    await asUser(a.url, member).post(`/api/v1/conversations/${channel.id}/archive`).expect(403);

    const archived = await asUser(a.url, owner)
      .post(`/api/v1/conversations/${channel.id}/archive`)
      .expect(200);
    expect(archived.body).toMatchObject({ archived: true });
    expect((await history(member, channel.id)).at(-1)).toMatchObject({
      body: 'Owen archived the conversation',
      system: { action: 'archived' },
    });
    const before = (await history(member, channel.id)).length;

    const refused = await asUser(a.url, member)
      .post(`/api/v1/conversations/${channel.id}/messages`, {
        clientMessageId: uniqueUsername('c'),
        body: 'hello?',
      })
      .expect(403);
    expect(refused.body.message).toBe('this conversation is archived: it is read-only');
    const socket = await connect(b, member);
    const ack = await socket.emit('message:send', {
      conversationId: channel.id,
      clientMessageId: uniqueUsername('c'),
      body: 'hello?',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await history(member, channel.id)).toHaveLength(before);
    expect((await browse(latecomer, { query: 'archive-me' })).items[0].archived).toBe(true);
    await asUser(a.url, latecomer).post(`/api/v1/conversations/${channel.id}/join`).expect(403);
    // Archiving twice changes nothing.
    await asUser(a.url, owner).post(`/api/v1/conversations/${channel.id}/archive`).expect(200);
    expect(await history(member, channel.id)).toHaveLength(before);

    await asUser(b.url, owner).post(`/api/v1/conversations/${channel.id}/unarchive`).expect(200);
    await asUser(a.url, member).send(channel.id, 'open again');

    await asUser(a.url, admin).post(`/api/v1/conversations/${general}/archive`).expect(403);
    await asUser(a.url, admin).delete(`/api/v1/conversations/${general}`).expect(403);
  });

  it('the topic is set with PATCH by an owner or admin and recorded as a line; groups have none', async () => {
    const owner = await register(a.url, { displayName: 'Tess' });
    const channel = await createChannel(owner, 'topical');
    const patched = await asUser(a.url, owner)
      .patch(`/api/v1/conversations/${channel.id}`, { topic: ' Weekly plans ' })
      .expect(200);
    expect(patched.body).toMatchObject({ topic: 'Weekly plans', title: 'topical' });
    expect((await history(owner, channel.id)).at(-1)).toMatchObject({
      body: 'Tess set the topic to “Weekly plans”',
      system: { action: 'topic_changed', topic: 'Weekly plans' },
    });
    const both = await asUser(a.url, owner)
      .patch(`/api/v1/conversations/${channel.id}`, { title: 'renamed', topic: '' })
      .expect(200);
    expect(both.body).toMatchObject({ topic: null, title: 'renamed' });

    const member = await register(a.url);
    await asUser(a.url, member).post(`/api/v1/conversations/${channel.id}/join`).expect(200);
    await asUser(a.url, member)
      .patch(`/api/v1/conversations/${channel.id}`, { topic: 'mine' })
      .expect(403);
    const unchanged = await asUser(a.url, owner)
      .patch(`/api/v1/conversations/${channel.id}`, {})
      .expect(200);
    expect(unchanged.body).toMatchObject({ id: channel.id, title: 'renamed', topic: null });
    await asUser(a.url, owner)
      .patch(`/api/v1/conversations/${channel.id}`, { topic: null })
      .expect(400);
    const stranger = await register(a.url);
    await asUser(a.url, stranger).patch(`/api/v1/conversations/${channel.id}`, {}).expect(404);
    const group = (
      await asUser(a.url, owner)
        .post('/api/v1/conversations', { type: 'group', title: 'g', memberIds: [member.user.id] })
        .expect(201)
    ).body;
    await asUser(a.url, owner)
      .patch(`/api/v1/conversations/${group.id}`, { topic: 'no' })
      .expect(409);
  });
});
