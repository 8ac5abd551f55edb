import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { register, type Session, uniqueUsername } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * One server is one workspace: the bootstrap admin, the registration policy, invites, server
 * roles, deactivation and the audit log, on a database of this suite's own (so who registers
 * first is known). The tests run in order and share the workspace they build.
 */
describe('the workspace', () => {
  let t: TestApp;
  let db: Client;
  let admin: Session;
  let member: Session;
  const password = 'correct horse battery';

  beforeAll(async () => {
    const url = await freshDatabase('workspace');
    t = await startTestApp({ DATABASE_URL: url });
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const api = () => request(t.url);
  const as = (s: Session) => asUser(t.url, s);
  const signUp = (body: Record<string, unknown> = {}) =>
    api()
      .post('/api/v1/auth/register')
      .send({ username: uniqueUsername('ws'), password, ...body });
  const setSettings = (body: Record<string, unknown>) =>
    as(admin).patch('/api/v1/admin/settings', body).expect(200);
  const createInvite = async (by: Session, body: Record<string, unknown> = {}) =>
    (await as(by).post('/api/v1/invites', body).expect(201)).body as {
      id: string;
      token: string;
      url: string;
      uses: number;
      maxUses: number | null;
    };
  /** Every audit event, oldest first, read page by page through the API. */
  const auditLog = async (query: Record<string, string> = {}) => {
    const all: {
      id: string;
      action: string;
      actorId: string | null;
      targetId: string | null;
      details: any;
    }[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await as(admin)
        .get('/api/v1/admin/audit')
        .query({ ...query, limit: '3', ...(cursor ? { cursor } : {}) })
        .expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all.reverse();
  };

  it('makes the first person on an empty server its admin, exactly one of five racing; bots do not count', async () => {
    // The built-in bots were created at start: the server has users, but no person yet.
    const { rows } = await db.query<{ bots: number; people: number }>(
      'SELECT count(*) FILTER (WHERE is_bot)::int AS bots, count(*) FILTER (WHERE NOT is_bot)::int AS people FROM users',
    );
    expect(rows[0]).toEqual({ bots: 2, people: 0 });

    const sessions = await Promise.all(Array.from({ length: 5 }, () => register(t.url)));
    const roles = sessions.map((s) => (s.user as unknown as { serverRole: string }).serverRole);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'member')).toHaveLength(4);
    admin = sessions[roles.indexOf('admin')];
    member = sessions[roles.indexOf('member')];

    const bootstrap = await auditLog({ action: 'admin.bootstrapped' });
    expect(bootstrap).toEqual([
      expect.objectContaining({ actorId: admin.user.id, targetId: admin.user.id }),
    ]);
    // Bots are never admins.
    const bots = await db.query<{ server_role: string }>(
      'SELECT server_role FROM users WHERE is_bot',
    );
    expect(bots.rows.map((r) => r.server_role)).toEqual(['member', 'member']);
  });

  it('applies the registration mode: open, invite, closed, each refusal saying which', async () => {
    await signUp().expect(201);

    await setSettings({ registrationMode: 'invite' });
    const noInvite = await signUp().expect(403);
    expect(noInvite.body.message).toBe('an invite is required to register');
    const badInvite = await signUp({ inviteToken: 'not-a-real-invite' }).expect(403);
    expect(badInvite.body.message).toMatch(/^this invite is not valid/);
    const invite = await createInvite(admin);
    expect(invite.url).toMatch(new RegExp(`/invite/${invite.token}$`));
    expect((await api().get(`/api/v1/auth/invites/${invite.token}`).expect(200)).body).toEqual({
      valid: true,
      workspaceName: 'Chat',
    });
    await signUp({ inviteToken: invite.token }).expect(201);

    await setSettings({ registrationMode: 'closed', workspaceName: 'Acme' });
    const closed = await signUp({ inviteToken: invite.token }).expect(403);
    expect(closed.body.message).toBe('registration is closed');
    expect((await api().get(`/api/v1/auth/invites/${invite.token}`).expect(200)).body).toEqual({
      valid: false,
      workspaceName: 'Acme',
    });

    await setSettings({ registrationMode: 'open' });
    await signUp().expect(201);
    expect((await as(admin).get('/api/v1/admin/settings').expect(200)).body).toEqual({
      workspaceName: 'Acme',
      registrationMode: 'open',
      membersCanInvite: false,
      membersCanCreateChannels: true,
      requireTwoFactorForAdmins: false,
      retentionDays: null,
    });
  });

  it('validates settings and refuses unknown fields', async () => {
    const bad = await as(admin)
      .patch('/api/v1/admin/settings', { registrationMode: 'sometimes', retentionDays: 0 })
      .expect(400);
    expect(bad.body.message.join(' ')).toMatch(/registrationMode/);
    expect(bad.body.message.join(' ')).toMatch(/retentionDays/);
    await as(admin).patch('/api/v1/admin/settings', { colour: 'red' }).expect(400);
    await as(admin).patch('/api/v1/admin/settings', { workspaceName: '   ' }).expect(400);
    await setSettings({ retentionDays: 30 });
    await setSettings({ retentionDays: null });
  });

  it('lets exactly one of five parallel registrations use a one-use invite, and three of ten a three-use one', async () => {
    await setSettings({ registrationMode: 'invite' });
    try {
      const once = await createInvite(admin, { maxUses: 1 });
      const five = await Promise.all(
        Array.from({ length: 5 }, () => signUp({ inviteToken: once.token })),
      );
      expect(five.map((r) => r.status).sort()).toEqual([201, 403, 403, 403, 403]);

      const thrice = await createInvite(admin, { maxUses: 3 });
      const ten = await Promise.all(
        Array.from({ length: 10 }, () => signUp({ inviteToken: thrice.token })),
      );
      expect(ten.filter((r) => r.status === 201)).toHaveLength(3);
      expect(ten.filter((r) => r.status === 403)).toHaveLength(7);

      const listed = (await as(admin).get('/api/v1/invites').expect(200)).body as {
        id: string;
        uses: number;
      }[];
      expect(listed.find((i) => i.id === once.id)?.uses).toBe(1);
      expect(listed.find((i) => i.id === thrice.id)?.uses).toBe(3);
      const used = await auditLog({ action: 'invite.used' });
      expect(used.filter((e) => e.targetId === once.id)).toHaveLength(1);
      expect(used.filter((e) => e.targetId === thrice.id)).toHaveLength(3);
    } finally {
      await setSettings({ registrationMode: 'open' });
    }
  });

  it('refuses expired and revoked invites, and gives a use back when the account is not created', async () => {
    await setSettings({ registrationMode: 'invite' });
    try {
      const expired = await createInvite(admin, { expiresInHours: 1 });
      await db.query(`UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        expired.id,
      ]);
      await signUp({ inviteToken: expired.token }).expect(403);
      expect((await api().get(`/api/v1/auth/invites/${expired.token}`)).body.valid).toBe(false);

      const revoked = await createInvite(admin);
      await as(admin).delete(`/api/v1/invites/${revoked.id}`).expect(204);
      await as(admin).delete(`/api/v1/invites/${revoked.id}`).expect(204);
      await signUp({ inviteToken: revoked.token }).expect(403);
      const listed = (await as(admin).get('/api/v1/invites').expect(200)).body as { id: string }[];
      expect(listed.map((i) => i.id)).not.toContain(revoked.id);

      const single = await createInvite(admin, { maxUses: 1 });
      await signUp({ inviteToken: single.token, username: member.user.username }).expect(409);
      await signUp({ inviteToken: single.token }).expect(201);
      await signUp({ inviteToken: single.token }).expect(403);
    } finally {
      await setSettings({ registrationMode: 'open' });
    }
  });

  it('lets members manage their own invites only while membersCanInvite is on', async () => {
    await as(member).post('/api/v1/invites', {}).expect(403);
    await as(member).get('/api/v1/invites').expect(403);
    const adminInvite = await createInvite(admin);

    await setSettings({ membersCanInvite: true });
    const own = await createInvite(member, { maxUses: 2 });
    const mine = (await as(member).get('/api/v1/invites').expect(200)).body as { id: string }[];
    expect(mine.map((i) => i.id)).toEqual([own.id]);
    await as(member).delete(`/api/v1/invites/${adminInvite.id}`).expect(404);
    await as(member).delete(`/api/v1/invites/${own.id}`).expect(204);

    await setSettings({ membersCanInvite: false });
    await as(member).post('/api/v1/invites', {}).expect(403);
    await as(admin).post('/api/v1/invites', { maxUses: 0 }).expect(400);
  });

  it('never lets the last active admin demote or deactivate themself (409), even when two admins race', async () => {
    const self = `/api/v1/admin/users/${admin.user.id}`;
    const demote = await as(admin).patch(self, { serverRole: 'member' }).expect(409);
    expect(demote.body.message).toMatch(/last active admin/);
    await as(admin).patch(self, { deactivated: true }).expect(409);

    // With a second admin either may step down, but two demoting each other at once leave one.
    const second = await register(t.url);
    await as(admin)
      .patch(`/api/v1/admin/users/${second.user.id}`, { serverRole: 'admin' })
      .expect(200);
    const [x, y] = await Promise.all([
      as(admin).patch(`/api/v1/admin/users/${second.user.id}`, { serverRole: 'member' }),
      as(second).patch(self, { serverRole: 'member' }),
    ]);
    // The loser is refused either way: 409 when both passed the admin check and met at the lock,
    // 403 when the winner had already committed and the loser is no admin any more.
    const [won, lost] = [x.status, y.status].sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(lost);
    const admins = await db.query(
      `SELECT id FROM users WHERE server_role = 'admin' AND deactivated_at IS NULL`,
    );
    expect(admins.rows).toHaveLength(1);
    if (admins.rows[0].id !== admin.user.id) {
      // The second one won: hand the role back so the rest of the suite keeps its admin.
      await as(second).patch(self, { serverRole: 'admin' }).expect(200);
      await as(admin)
        .patch(`/api/v1/admin/users/${second.user.id}`, { serverRole: 'member' })
        .expect(200);
    }
    // A member is no admin any more from the very next request.
    await as(second).get('/api/v1/admin/settings').expect(403);

    const [bot] = (await db.query<{ id: string }>('SELECT id FROM users WHERE is_bot LIMIT 1'))
      .rows;
    await as(admin).patch(`/api/v1/admin/users/${bot.id}`, { serverRole: 'admin' }).expect(409);
    await as(admin)
      .patch(`/api/v1/admin/users/${admin.user.id}`, { serverRole: 'guest' })
      .expect(400);
  });

  it('deactivation: sign-in refused only after the right password, refresh says why, shown everywhere, not addable, messages kept; reactivation restores', async () => {
    const carol = await register(t.url, { password });
    const direct = await as(member).direct(carol);
    const said = await as(carol).send(direct, 'before I left');

    const off = await as(admin)
      .patch(`/api/v1/admin/users/${carol.user.id}`, { deactivated: true })
      .expect(200);
    expect(off.body).toMatchObject({ id: carol.user.id, deactivated: true, serverRole: 'member' });

    const login = (pw: string) =>
      api().post('/api/v1/auth/login').send({ username: carol.user.username, password: pw });
    const wrong = await login('not the password').expect(401);
    expect(wrong.body.message).toBe('invalid username or password');
    const right = await login(password).expect(403);
    expect(right.body.message).toBe('account deactivated');
    const refresh = await api()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: carol.refreshToken })
      .expect(401);
    expect(refresh.body.message).toBe('account deactivated');

    // Shown as deactivated: profile, search, the admin list, and the conversation's members.
    expect((await as(member).get(`/api/v1/users/${carol.user.id}`).expect(200)).body).toMatchObject(
      { deactivated: true },
    );
    const admins = await as(admin)
      .get('/api/v1/admin/users')
      .query({ query: carol.user.username })
      .expect(200);
    expect(admins.body.items).toEqual([
      expect.objectContaining({ id: carol.user.id, deactivated: true }),
    ]);
    const conversation = await as(member).get(`/api/v1/conversations/${direct}`).expect(200);
    expect(
      conversation.body.members.find((m: any) => m.user.id === carol.user.id).user.deactivated,
    ).toBe(true);

    // Nobody can add them, to a new group or an existing one.
    const group = await as(member)
      .post('/api/v1/conversations', {
        type: 'group',
        title: 'Without',
        memberIds: [carol.user.id],
      })
      .expect(409);
    expect(group.body.message).toBe(`user ${carol.user.id} is deactivated`);
    const other = await register(t.url);
    const existing = await as(member)
      .post('/api/v1/conversations', { type: 'group', title: 'Later', memberIds: [other.user.id] })
      .expect(201);
    await as(member)
      .post(`/api/v1/conversations/${existing.body.id}/members`, { userIds: [carol.user.id] })
      .expect(409);
    const directWith = (s: Session) =>
      as(s).post('/api/v1/conversations', { type: 'direct', userId: carol.user.id });
    await directWith(other).expect(409);
    // The direct conversation that exists still opens: its history stays readable.
    await directWith(member).expect(200);

    // What they wrote stays.
    const page = await as(member).get(`/api/v1/conversations/${direct}/messages`).expect(200);
    expect(page.body.items.find((m: any) => m.id === said.id)).toMatchObject({
      body: 'before I left',
      sender: { id: carol.user.id, deactivated: true },
    });

    await as(admin)
      .patch(`/api/v1/admin/users/${carol.user.id}`, { deactivated: false })
      .expect(200);
    const back = await login(password).expect(200);
    expect(back.body.user).toMatchObject({ deactivated: false });
    await as(member)
      .post(`/api/v1/conversations/${existing.body.id}/members`, { userIds: [carol.user.id] })
      .expect(200);
  });

  it('records every admin action exactly once, newest first in pages, and refuses to change the log', async () => {
    const dave = await register(t.url);
    const before = (await auditLog()).length;
    const patchDave = (body: object) =>
      as(admin).patch(`/api/v1/admin/users/${dave.user.id}`, body).expect(200);
    await patchDave({ serverRole: 'admin' });
    await patchDave({ serverRole: 'admin' }); // no change: nothing to record
    await patchDave({ serverRole: 'member', deactivated: true });
    await patchDave({ deactivated: false });
    await setSettings({ workspaceName: 'Acme Corp' });
    await setSettings({ workspaceName: 'Acme Corp' }); // no change
    const invite = await createInvite(admin, { maxUses: 5, expiresInHours: 2 });
    await as(admin).delete(`/api/v1/invites/${invite.id}`).expect(204);

    const log = await auditLog();
    const fresh = log.slice(before).map((e) => ({
      action: e.action,
      actorId: e.actorId,
      targetId: e.targetId,
      via: e.details.via,
    }));
    const by = { actorId: admin.user.id, via: 'api' };
    expect(fresh).toEqual([
      { action: 'user.role_changed', targetId: dave.user.id, ...by },
      { action: 'user.deactivated', targetId: dave.user.id, ...by },
      { action: 'user.role_changed', targetId: dave.user.id, ...by },
      { action: 'user.reactivated', targetId: dave.user.id, ...by },
      { action: 'settings.changed', targetId: null, ...by },
      { action: 'invite.created', targetId: invite.id, ...by },
      { action: 'invite.revoked', targetId: invite.id, ...by },
    ]);
    expect(log.slice(before)[0].details).toMatchObject({ from: 'member', to: 'admin' });
    expect(log.slice(before)[4].details.changes).toEqual({
      workspaceName: { from: 'Acme', to: 'Acme Corp' },
    });
    // Paging (3 a page) missed and doubled nothing.
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    expect(new Set(log.map((e) => e.id)).size).toBe(rows[0].n);
    // Filters.
    const daves = await auditLog({ action: 'user.deactivated' });
    expect(daves.filter((e) => e.targetId === dave.user.id)).toHaveLength(1);
    const mine = await auditLog({ actorId: member.user.id });
    expect(mine.every((e) => e.actorId === member.user.id)).toBe(true);
    await as(admin).get('/api/v1/admin/audit').query({ cursor: 'garbage' }).expect(400);

    // Append-only, even for the application's own database user.
    await expect(db.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });
});
