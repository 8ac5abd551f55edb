import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient } from './support/sockets';
import { register, type Session } from './support/users';

describe('groups', () => {
  let t: TestApp;
  let owner: Session;
  let admin: Session;
  let member: Session;
  let outsider: Session;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, admin, member, outsider] = [
      await register(t.url),
      await register(t.url),
      await register(t.url),
      await register(t.url),
    ];
    const res = await asUser(t.url, owner)
      .post('/api/v1/conversations', {
        type: 'group',
        title: ' Team ',
        memberIds: [admin.user.id, member.user.id],
      })
      .expect(201);
    id = res.body.id;
    expect(res.body).toMatchObject({ type: 'group', title: 'Team' });
    expect(res.body.members.find((m: any) => m.user.id === owner.user.id).role).toBe('owner');
  });
  afterAll(() => t.close());

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
    await asUser(t.url, owner)
      .patch(`/api/v1/conversations/${id}/members/${admin.user.id}`, { role: 'admin' })
      .expect(200);
    await asUser(t.url, member).patch(`/api/v1/conversations/${id}`, { title: 'Mine' }).expect(403);
    const renamed = await asUser(t.url, admin)
      .patch(`/api/v1/conversations/${id}`, { title: 'Renamed' })
      .expect(200);
    expect(renamed.body.title).toBe('Renamed');
    await asUser(t.url, member)
      .post(`/api/v1/conversations/${id}/members`, { userIds: [outsider.user.id] })
      .expect(403);
  });

  it("admins delete others' messages; members cannot", async () => {
    const message = await asUser(t.url, member).send(id, 'spam');
    const mine = await asUser(t.url, owner).send(id, 'owner says');
    await asUser(t.url, member).delete(`/api/v1/messages/${mine.id}`).expect(403);
    await asUser(t.url, admin).delete(`/api/v1/messages/${message.id}`).expect(204);
  });

  it('the owner cannot be removed; anyone can leave; a removed user sees nothing', async () => {
    await asUser(t.url, admin)
      .delete(`/api/v1/conversations/${id}/members/${owner.user.id}`)
      .expect(403);
    await asUser(t.url, owner)
      .delete(`/api/v1/conversations/${id}/members/${owner.user.id}`)
      .expect(403);

    const socket = await connectClient(t.url, member.accessToken);
    await asUser(t.url, member)
      .delete(`/api/v1/conversations/${id}/members/${member.user.id}`)
      .expect(204);
    expect(await socket.waitFor('conversation:removed')).toEqual({ conversationId: id });
    socket.close();
    await asUser(t.url, member).get(`/api/v1/conversations/${id}/messages`).expect(404);
  });
});
