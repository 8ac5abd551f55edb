import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session, uniqueUsername } from './support/users';

describe('groups', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: Session;
  let admin: Session;
  let member: Session;
  let outsider: Session;
  let id: string;
  const clients: TestClient[] = [];

  const connect = async (session: Session) => {
    const client = await connectClient(t.url, session.accessToken);
    clients.push(client);
    return client;
  };
  const person = (name: string) => register(t.url, { displayName: name });
  const createGroup = async (creator: Session, title: string, others: Session[]) => {
    const res = await asUser(t.url, creator)
      .post('/api/v1/conversations', {
        type: 'group',
        title,
        memberIds: others.map((o) => o.user.id),
      })
      .expect(201);
    return res.body.id as string;
  };
  const history = async (session: Session, conversationId: string) =>
    (
      await asUser(t.url, session)
        .get(`/api/v1/conversations/${conversationId}/messages`)
        .expect(200)
    ).body.items as any[];
  const summary = async (session: Session, conversationId: string) =>
    (await asUser(t.url, session).get(`/api/v1/conversations/${conversationId}`).expect(200)).body;
  const lastLine = async (session: Session, conversationId: string) =>
    (await history(session, conversationId)).at(-1);
  const memberRoles = async (session: Session, conversationId: string) =>
    Object.fromEntries(
      (await summary(session, conversationId)).members.map((m: any) => [m.user.id, m.role]),
    );
  const isLine = (conversationId: string, action: string) => (m: any) =>
    m.conversationId === conversationId && m.system?.action === action;
  const updatesOf = (client: TestClient, conversationId: string) =>
    client.received('conversation:updated').filter((c) => c.id === conversationId);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [owner, admin, member, outsider] = [
      await person('Olivia'),
      await person('Adam'),
      await person('Mia'),
      await person('Oscar'),
    ];
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => t.close());

  it('creating a group writes a "created" line at seq 1 and sends every member the summary', async () => {
    const memberSocket = await connect(member);
    const res = await asUser(t.url, owner)
      .post('/api/v1/conversations', {
        type: 'group',
        title: ' Team ',
        memberIds: [admin.user.id, member.user.id],
      })
      .expect(201);
    id = res.body.id;
    expect(res.body).toMatchObject({
      type: 'group',
      title: 'Team',
      lastReadSeq: 1,
      unreadCount: 0,
    });
    expect(res.body.members.find((m: any) => m.user.id === owner.user.id).role).toBe('owner');

    const [line] = await history(owner, id);
    expect(line).toMatchObject({
      seq: 1,
      kind: 'system',
      status: 'complete',
      sender: { id: owner.user.id },
      body: 'Olivia created the group “Team” with Adam and Mia',
      system: {
        action: 'created',
        actorId: owner.user.id,
        title: 'Team',
        userIds: [admin.user.id, member.user.id],
        // Names as they were, for clients that no longer know someone (who left).
        names: { [owner.user.id]: 'Olivia', [admin.user.id]: 'Adam', [member.user.id]: 'Mia' },
      },
    });
    expect(line.clientMessageId).toMatch(/^system:/);

    const told = await memberSocket.waitFor('conversation:updated', (c) => c.id === id);
    expect(told).toMatchObject({ lastSeq: 1, lastReadSeq: 0, unreadCount: 1 });
    expect(told.lastMessage).toMatchObject({ seq: 1, system: { action: 'created' } });
    expect(await memberSocket.waitFor('message:new', isLine(id, 'created'))).toMatchObject({
      seq: 1,
    });
  });

  it('validates creation', async () => {
    const me = asUser(t.url, owner);
    await me
      .post('/api/v1/conversations', { type: 'group', title: '', memberIds: [admin.user.id] })
      .expect(400);
    await me
      .post('/api/v1/conversations', { type: 'group', title: 'x', memberIds: [] })
      .expect(400);
    await me
      .post('/api/v1/conversations', { type: 'group', title: 'x', memberIds: [owner.user.id] })
      .expect(400);
  });

  it('only the owner changes roles; admins rename and add; members cannot', async () => {
    await asUser(t.url, admin)
      .patch(`/api/v1/conversations/${id}/members/${member.user.id}`, { role: 'admin' })
      .expect(403);
    await asUser(t.url, member).patch(`/api/v1/conversations/${id}`, { title: 'Mine' }).expect(403);
    await asUser(t.url, member)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [outsider.user.id] })
      .expect(403);
    expect((await history(owner, id)).map((m) => m.seq)).toEqual([1]);
  });

  it('a role change and a rename are one system line each to the room, no summaries', async () => {
    const memberSocket = await connect(member);
    const before = (await summary(owner, id)).lastSeq;

    await asUser(t.url, owner)
      .patch(`/api/v1/conversations/${id}/members/${admin.user.id}`, { role: 'admin' })
      .expect(200);
    const promoted = await memberSocket.waitFor('message:new', isLine(id, 'role_changed'));
    expect(promoted).toMatchObject({
      seq: before + 1,
      kind: 'system',
      sender: { id: owner.user.id },
      body: 'Olivia made Adam an admin',
      system: {
        action: 'role_changed',
        actorId: owner.user.id,
        userIds: [admin.user.id],
        role: 'admin',
      },
    });

    const renamed = await asUser(t.url, admin)
      .patch(`/api/v1/conversations/${id}`, { title: 'Renamed' })
      .expect(200);
    expect(renamed.body).toMatchObject({ title: 'Renamed', lastSeq: before + 2 });
    const line = await memberSocket.waitFor('message:new', isLine(id, 'renamed'));
    expect(line).toMatchObject({
      seq: before + 2,
      sender: { id: admin.user.id },
      body: 'Adam renamed the group to “Renamed”',
      system: { action: 'renamed', actorId: admin.user.id, title: 'Renamed' },
    });
    expect(await lastLine(member, id)).toEqual(line);

    // Changing nothing writes nothing.
    await asUser(t.url, admin)
      .patch(`/api/v1/conversations/${id}`, { title: 'Renamed' })
      .expect(200);
    await asUser(t.url, owner)
      .patch(`/api/v1/conversations/${id}/members/${admin.user.id}`, { role: 'admin' })
      .expect(200);
    await memberSocket.barrier();
    expect(updatesOf(memberSocket, id)).toEqual([]);
    expect((await summary(owner, id)).lastSeq).toBe(before + 2);
  });

  it('an added member gets the summary (unread 1); the others get only the "added" line', async () => {
    const [memberSocket, outsiderSocket] = [await connect(member), await connect(outsider)];
    const res = await asUser(t.url, admin)
      .post(`/api/v1/conversations/${id}/members`, {
        userIds: [outsider.user.id, member.user.id],
      })
      .expect(200);
    const lastSeq = res.body.lastSeq as number;

    const told = await outsiderSocket.waitFor('conversation:updated', (c) => c.id === id);
    expect(told).toMatchObject({ lastSeq, lastReadSeq: lastSeq - 1, unreadCount: 1 });
    expect(told.members.map((m: any) => m.user.id)).toContain(outsider.user.id);
    const line = await memberSocket.waitFor('message:new', isLine(id, 'members_added'));
    expect(line).toMatchObject({
      seq: lastSeq,
      sender: { id: admin.user.id },
      body: 'Adam added Oscar',
      system: { action: 'members_added', actorId: admin.user.id, userIds: [outsider.user.id] },
    });
    await memberSocket.barrier();
    expect(updatesOf(memberSocket, id)).toEqual([]);
    expect(await summary(outsider, id)).toMatchObject({ unreadCount: 1 });

    // Adding people who are already in writes no line.
    await asUser(t.url, admin)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [outsider.user.id] })
      .expect(200);
    expect((await summary(owner, id)).lastSeq).toBe(lastSeq);
  });

  it("admins delete others' messages; members cannot; system lines cannot be edited or deleted", async () => {
    const message = await asUser(t.url, member).send(id, 'spam');
    const mine = await asUser(t.url, owner).send(id, 'owner says');
    await asUser(t.url, member).delete(`/api/v1/messages/${mine.id}`).expect(403);
    await asUser(t.url, admin).delete(`/api/v1/messages/${message.id}`).expect(204);

    const [created] = await history(owner, id);
    await asUser(t.url, owner)
      .patch(`/api/v1/messages/${created.id}`, { body: 'rewritten' })
      .expect(403);
    await asUser(t.url, owner).delete(`/api/v1/messages/${created.id}`).expect(403);
    expect((await history(owner, id))[0]).toEqual(created);
  });

  it('others cannot remove the owner; a removed member is told, the room gets the line', async () => {
    await asUser(t.url, admin)
      .delete(`/api/v1/conversations/${id}/members/${owner.user.id}`)
      .expect(403);

    const [memberSocket, outsiderSocket] = [await connect(member), await connect(outsider)];
    await asUser(t.url, admin)
      .delete(`/api/v1/conversations/${id}/members/${outsider.user.id}`)
      .expect(204);
    expect(await outsiderSocket.waitFor('conversation:removed')).toEqual({ conversationId: id });
    const line = await memberSocket.waitFor('message:new', isLine(id, 'member_removed'));
    expect(line).toMatchObject({
      body: 'Adam removed Oscar',
      system: {
        action: 'member_removed',
        actorId: admin.user.id,
        userIds: [outsider.user.id],
        names: { [admin.user.id]: 'Adam', [outsider.user.id]: 'Oscar' },
      },
    });
    await asUser(t.url, outsider).get(`/api/v1/conversations/${id}/messages`).expect(404);
  });

  it('a re-added member starts with one unread line, not the whole history', async () => {
    await asUser(t.url, owner).send(id, 'while Oscar was away');
    const res = await asUser(t.url, owner)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [outsider.user.id] })
      .expect(200);
    expect(res.body.lastSeq).toBeGreaterThan(5);
    const mine = await summary(outsider, id);
    expect(mine).toMatchObject({ unreadCount: 1, lastReadSeq: res.body.lastSeq - 1 });
    expect(mine.lastMessage).toMatchObject({
      system: { action: 'members_added', userIds: [outsider.user.id] },
    });
  });

  it('a member who leaves is told; the room gets "left"', async () => {
    const [memberSocket, ownerSocket] = [await connect(member), await connect(owner)];
    await asUser(t.url, member)
      .delete(`/api/v1/conversations/${id}/members/${member.user.id}`)
      .expect(204);
    expect(await memberSocket.waitFor('conversation:removed')).toEqual({ conversationId: id });
    const line = await ownerSocket.waitFor('message:new', isLine(id, 'member_left'));
    expect(line).toMatchObject({
      sender: { id: member.user.id },
      body: 'Mia left',
      system: { action: 'member_left', actorId: member.user.id },
    });
    expect(line.system.userIds).toBeUndefined();
    await asUser(t.url, member).get(`/api/v1/conversations/${id}/messages`).expect(404);
  });

  describe('the owner leaves', () => {
    it('the longest-standing admin takes over, announced as two lines', async () => {
      const [boss, first, second, third] = [
        await person('Boss'),
        await person('First'),
        await person('Second'),
        await person('Third'),
      ];
      const group = await createGroup(boss, 'Handover', [first]);
      await asUser(t.url, boss)
        .post(`/api/v1/conversations/${group}/members`, { userIds: [second.user.id] })
        .expect(200);
      await asUser(t.url, boss)
        .post(`/api/v1/conversations/${group}/members`, { userIds: [third.user.id] })
        .expect(200);
      // Admins go before members, however long the members have been in.
      for (const admin of [third, second]) {
        await asUser(t.url, boss)
          .patch(`/api/v1/conversations/${group}/members/${admin.user.id}`, { role: 'admin' })
          .expect(200);
      }
      const before = (await summary(boss, group)).lastSeq as number;
      const firstSocket = await connect(first);

      await asUser(t.url, boss)
        .delete(`/api/v1/conversations/${group}/members/${boss.user.id}`)
        .expect(204);

      const left = await firstSocket.waitFor('message:new', isLine(group, 'member_left'));
      const handedOver = await firstSocket.waitFor(
        'message:new',
        isLine(group, 'ownership_transferred'),
      );
      expect(left).toMatchObject({ seq: before + 1, body: 'Boss left' });
      expect(handedOver).toMatchObject({
        seq: before + 2,
        sender: { id: boss.user.id },
        body: 'Second is now the owner',
        system: {
          action: 'ownership_transferred',
          actorId: boss.user.id,
          userIds: [second.user.id],
        },
      });
      expect(await memberRoles(first, group)).toEqual({
        [first.user.id]: 'member',
        [second.user.id]: 'owner',
        [third.user.id]: 'admin',
      });
      await asUser(t.url, boss).get(`/api/v1/conversations/${group}`).expect(404);
    });

    it('without admins, the longest-standing member takes over (user id breaks a tie)', async () => {
      const [boss, a, b, late] = [
        await person('Boss'),
        await person('A'),
        await person('B'),
        await person('Late'),
      ];
      // a and b join in the same transaction (same joined_at); late joins afterwards.
      const group = await createGroup(boss, 'Ties', [a, b]);
      await asUser(t.url, boss)
        .post(`/api/v1/conversations/${group}/members`, { userIds: [late.user.id] })
        .expect(200);
      await asUser(t.url, boss)
        .delete(`/api/v1/conversations/${group}/members/${boss.user.id}`)
        .expect(204);
      const heir = [a, b].sort((x, y) => (x.user.id < y.user.id ? -1 : 1))[0];
      expect((await lastLine(late, group)).system).toEqual({
        action: 'ownership_transferred',
        actorId: boss.user.id,
        userIds: [heir.user.id],
        names: {
          [boss.user.id]: boss.user.displayName,
          [heir.user.id]: heir.user.displayName,
        },
      });
      expect((await memberRoles(late, group))[heir.user.id]).toBe('owner');
    });

    it('the last member leaving ends the group: its rows are deleted', async () => {
      const [boss, other] = [await person('Boss'), await person('Other')];
      const group = await createGroup(boss, 'Short-lived', [other]);
      await asUser(t.url, other)
        .delete(`/api/v1/conversations/${group}/members/${other.user.id}`)
        .expect(204);
      const bossSocket = await connect(boss);
      await asUser(t.url, boss)
        .delete(`/api/v1/conversations/${group}/members/${boss.user.id}`)
        .expect(204);
      expect(await bossSocket.waitFor('conversation:removed')).toEqual({ conversationId: group });
      const rows = await db.query(
        `SELECT (SELECT count(*) FROM conversations WHERE id = $1)::int AS conversations,
                (SELECT count(*) FROM messages WHERE conversation_id = $1)::int AS messages`,
        [group],
      );
      expect(rows[0]).toEqual({ conversations: 0, messages: 0 });
    });

    it('only the owner deletes a group; every member is told and the history goes', async () => {
      const [boss, deputy, other] = [
        await person('Boss'),
        await person('Deputy'),
        await person('Other'),
      ];
      const group = await createGroup(boss, 'Doomed', [deputy, other]);
      await asUser(t.url, boss)
        .patch(`/api/v1/conversations/${group}/members/${deputy.user.id}`, { role: 'admin' })
        .expect(200);
      await asUser(t.url, deputy).delete(`/api/v1/conversations/${group}`).expect(403);
      await asUser(t.url, other).delete(`/api/v1/conversations/${group}`).expect(403);
      const direct = await asUser(t.url, boss)
        .post('/api/v1/conversations', { type: 'direct', userId: other.user.id })
        .expect(201);
      await asUser(t.url, boss).delete(`/api/v1/conversations/${direct.body.id}`).expect(403);

      const sockets = await Promise.all([connect(deputy), connect(other)]);
      await asUser(t.url, boss).delete(`/api/v1/conversations/${group}`).expect(204);
      for (const socket of sockets) {
        expect(await socket.waitFor('conversation:removed')).toEqual({ conversationId: group });
      }
      await asUser(t.url, other).get(`/api/v1/conversations/${group}`).expect(404);
      await asUser(t.url, boss).delete(`/api/v1/conversations/${group}`).expect(404);
      const rows = await db.query(
        `SELECT (SELECT count(*) FROM conversation_members WHERE conversation_id = $1)::int AS members,
                (SELECT count(*) FROM messages WHERE conversation_id = $1)::int AS messages`,
        [group],
      );
      expect(rows[0]).toEqual({ members: 0, messages: 0 });
    });
  });

  it('concurrent adds never pass the member cap; the losers get 409 naming it', async () => {
    const cap = 256;
    const tag = uniqueUsername('cap').replace(/_/g, '');
    // People enough to fill a group, written directly: registering 260 would hash 260 passwords.
    const seeded: { id: string }[] = await db.query(
      `INSERT INTO users (username, display_name)
       SELECT $1 || '_' || n, 'Seed ' || n FROM generate_series(1, $2::int) n RETURNING id`,
      [tag, cap + 4],
    );
    const ids = seeded.map((u) => u.id);
    const initial = ids.slice(0, cap - 6); // with the creator: cap - 5 members
    const racers = ids.slice(cap - 6, cap + 4); // 10 people, one add request each
    const res = await asUser(t.url, owner)
      .post('/api/v1/conversations', { type: 'group', title: 'Crowd', memberIds: initial })
      .expect(201);
    const group = res.body.id as string;
    expect(res.body.members).toHaveLength(cap - 5);
    expect(res.body.lastMessage.body).toBe(
      `Olivia created the group “Crowd” with Seed 1, Seed 2, Seed 3 and ${cap - 9} others`,
    );

    const results = await Promise.all(
      racers.map((userId) =>
        asUser(t.url, owner).post(`/api/v1/conversations/${group}/members`, { userIds: [userId] }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(200), ...Array(5).fill(409)]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.message).toContain(`${cap} members`);
    }
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM conversation_members WHERE conversation_id = $1`,
      [group],
    );
    expect(count).toBe(cap);
    // Every successful add wrote exactly one line, in order after "created".
    const lines = (await history(owner, group)).map((m) => m.system.action);
    expect(lines).toEqual(['created', ...Array(5).fill('members_added')]);
  });

  it('bots never answer system messages', async () => {
    const bots = (await asUser(t.url, owner).get('/api/v1/bots').expect(200)).body as any[];
    const sizebot = bots.find((b) => b.username === 'sizebot');
    const group = await createGroup(owner, 'Shop', [admin]);
    await asUser(t.url, owner)
      .post(`/api/v1/conversations/${group}/members`, { userIds: [sizebot.id] })
      .expect(200);
    await asUser(t.url, owner)
      .patch(`/api/v1/conversations/${group}`, { title: 'Ask @sizebot about jeans' })
      .expect(200);
    const line = await lastLine(owner, group);
    expect(line.body).toContain('@sizebot');
    // The request for a reply would be written by the transaction that stored the line.
    const owed = await db.query(
      `SELECT bot_id FROM bot_reply_outbox WHERE trigger_message_id = $1`,
      [line.id],
    );
    expect(owed).toEqual([]);
    const replies = await db.query(`SELECT id FROM messages WHERE client_message_id = $1`, [
      `bot:${line.id}`,
    ]);
    expect(replies).toEqual([]);
  });
});
