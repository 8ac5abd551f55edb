import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { generate } from 'otplib';
import { Client } from 'pg';
import request from 'supertest';
import { QueueName } from '../src/common/jobs/job.types';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { linkToken, TestSmtpServer } from './support/smtp';
import { connectClient, handshake, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const PUBLIC_URL = 'http://chat.test';
const PASSWORD = 'correct horse battery';

interface MessageView {
  id: string;
  body: string | null;
  deletedAt: string | null;
  kind: string;
  sender: { id: string; displayName: string; username: string };
  system?: { action: string; actorId: string; userIds?: string[] };
}

/**
 * Leaving (issue 18): deleting one's account and asking for a verification mail again, against
 * a real SMTP server, on a database of this suite's own (its first user is the admin), with a
 * second API instance for the sockets that must end everywhere.
 */
describe('leaving', () => {
  let smtp: TestSmtpServer;
  let a: TestApp;
  let b: TestApp;
  let db: Client;
  let redis: Redis;
  let deletedAccounts: Queue;
  let admin: Session;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    const url = await freshDatabase('leaving');
    a = await startTestApp({
      DATABASE_URL: url,
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      MAIL_FROM: 'Chat <chat@chat.test>',
    });
    b = await startTestApp({ DATABASE_URL: url });
    db = new Client({ connectionString: url });
    await db.connect();
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    deletedAccounts = new Queue(QueueName.DeletedAccounts, { connection: redis });
    admin = await register(a.url);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await deletedAccounts?.close();
    redis?.disconnect();
    await db?.end();
    await b?.close();
    await a?.close();
    await smtp?.close();
  });

  const api = (app: TestApp = a) => request(app.url);
  const auth = (s: Session | string) => ({
    authorization: `Bearer ${typeof s === 'string' ? s : s.accessToken}`,
  });
  const audited = async (action: string, targetId: string) => {
    const res = await api()
      .get('/api/v1/admin/audit')
      .query({ action, limit: 100 })
      .set(auth(admin))
      .expect(200);
    return (
      res.body.items as { targetId: string; actorId: string | null; details: object }[]
    ).filter((e) => e.targetId === targetId);
  };
  const connect = async (app: TestApp, token: string) => {
    const c = await connectClient(app.url, token);
    clients.push(c);
    return c;
  };
  const messagesOf = async (conversationId: string, reader: Session) =>
    (
      await api()
        .get(`/api/v1/conversations/${conversationId}/messages`)
        .set(auth(reader))
        .expect(200)
    ).body.items as MessageView[];
  const deleteMe = (s: Session, body: object) =>
    api().delete('/api/v1/users/me').set(auth(s)).send(body);

  describe('resending the verification mail', () => {
    const resend = (s: Session) => api().post('/api/v1/auth/email/resend').set(auth(s));

    it('mails a new link that verifies the address', async () => {
      const user = await register(a.url);
      const email = `${user.user.username}@example.com`;
      await api().patch('/api/v1/users/me').set(auth(user)).send({ email }).expect(200);
      const first = linkToken(await smtp.waitFor(email), PUBLIC_URL, '/verify-email/');

      await resend(user).expect(202);
      const second = linkToken(await smtp.waitFor(email, 2), PUBLIC_URL, '/verify-email/');
      expect(second).not.toBe(first);
      await api().post('/api/v1/auth/email/verify').send({ token: second }).expect(204);
      expect((await api().get('/api/v1/users/me').set(auth(user)).expect(200)).body).toMatchObject({
        email,
        emailVerified: true,
      });
      expect(await audited('account.verification_resent', user.user.id)).toHaveLength(1);

      // Verified now: the same answer, and no mail.
      await resend(user).expect(202);
      const before = smtp.to(email).length;
      await resend(user).expect(202);
      expect(smtp.to(email)).toHaveLength(before);
    });

    it('answers alike with no address, and stops mailing after 3 an hour', async () => {
      const none = await register(a.url);
      const res = await resend(none).expect(202);
      const user = await register(a.url);
      const email = `${user.user.username}@example.com`;
      await api().patch('/api/v1/users/me').set(auth(user)).send({ email }).expect(200);
      await smtp.waitFor(email);
      for (let i = 0; i < 4; i++) {
        const again = await resend(user).expect(202);
        expect(again.body).toEqual(res.body);
      }
      await smtp.waitFor(email, 4);
      // The mails go out through the queue: a fifth would have arrived by the time the
      // verification mail of a later request does.
      const probe = await register(a.url);
      const probeEmail = `${probe.user.username}@example.com`;
      await api()
        .patch('/api/v1/users/me')
        .set(auth(probe))
        .send({ email: probeEmail })
        .expect(200);
      await smtp.waitFor(probeEmail);
      expect(smtp.to(email)).toHaveLength(4);
      expect(await audited('account.verification_resent', user.user.id)).toHaveLength(3);
      // Signed in only.
      await api().post('/api/v1/auth/email/resend').expect(401);
    });
  });

  describe('deleting my account', () => {
    it('asks for the password first, and changes nothing when it is wrong', async () => {
      const user = await register(a.url);
      await deleteMe(user, { password: 'not my password' }).expect(403);
      await deleteMe(user, {}).expect(400);
      await api().get('/api/v1/users/me').set(auth(user)).expect(200);
      expect(await audited('account.deleted', user.user.id)).toHaveLength(0);
    });

    it('erases the profile, ends every session and socket, tombstones the messages', async () => {
      const alice = await register(a.url, { displayName: 'Alice Liddell' });
      const [bob, carol] = [await register(a.url), await register(a.url)];
      const email = `${alice.user.username}@example.com`;
      await api().patch('/api/v1/users/me').set(auth(alice)).send({ email }).expect(200);
      const direct = await asUser(a.url, alice).direct(bob);
      const said = await asUser(a.url, alice).send(direct, 'remember me');
      const reply = await asUser(a.url, bob).send(direct, 'I will');
      const group = (
        await api()
          .post('/api/v1/conversations')
          .set(auth(alice))
          .send({ type: 'group', title: 'Book club', memberIds: [bob.user.id, carol.user.id] })
          .expect(201)
      ).body.id as string;
      await asUser(a.url, alice).send(group, 'my group message');
      // A second session, with a socket on the other instance; bob watches on this one.
      const laptop = (
        await api()
          .post('/api/v1/auth/login')
          .send({ username: alice.user.username, password: PASSWORD })
          .expect(200)
      ).body as Session;
      const aliceOnB = await connect(b, laptop.accessToken);
      const ended = new Promise<string>((resolve) => aliceOnB.socket.once('disconnect', resolve));
      const bobSocket = await connect(a, bob.accessToken);

      await deleteMe(alice, { password: PASSWORD }).expect(204);

      // Every session and socket, on every instance, at once.
      expect(await ended).toBe('io server disconnect');
      expect(await handshake(b.url, laptop.accessToken)).toBe('unauthorized');
      await api(b).get('/api/v1/users/me').set(auth(laptop)).expect(401);
      await api().get('/api/v1/users/me').set(auth(alice)).expect(401);
      for (const refreshToken of [alice.refreshToken, laptop.refreshToken]) {
        await api().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
      }
      await api()
        .post('/api/v1/auth/login')
        .send({ username: alice.user.username, password: PASSWORD })
        .expect(401);

      // Others see a tombstone from "Deleted user"; their own messages stay.
      const seen = await messagesOf(direct, bob);
      const tomb = seen.find((m) => m.id === said.id)!;
      expect(tomb).toMatchObject({ body: null, sender: { displayName: 'Deleted user' } });
      expect(tomb.deletedAt).not.toBeNull();
      expect(seen.find((m) => m.id === reply.id)).toMatchObject({ body: 'I will' });
      expect(JSON.stringify(seen)).not.toContain('Alice Liddell');
      await bobSocket.waitFor('message:deleted', (p: { id: string }) => p.id === said.id);
      await bobSocket.waitFor(
        'user:updated',
        (u: { id: string; displayName: string }) =>
          u.id === alice.user.id && u.displayName === 'Deleted user',
      );
      // Search finds nothing of hers.
      const hits = await api()
        .get('/api/v1/search/messages')
        .query({ q: 'remember' })
        .set(auth(bob))
        .expect(200);
      expect(hits.body.items).toEqual([]);

      // She left the group, handing it to a longest-standing member.
      const groupLines = await messagesOf(group, bob);
      expect(groupLines.at(-1)?.system?.action).toBe('ownership_transferred');
      expect(groupLines.find((m) => m.system?.action === 'member_left')).toBeDefined();
      const summary = await api().get(`/api/v1/conversations/${group}`).set(auth(bob)).expect(200);
      const members = summary.body.members as { user: { id: string }; role: string }[];
      expect(members.map((m) => m.user.id)).not.toContain(alice.user.id);
      // Bob and Carol joined together: either may be the heir.
      expect([bob.user.id, carol.user.id]).toContain(
        members.find((m) => m.role === 'owner')?.user.id,
      );

      // The profile is gone, for the API and in the database.
      await api().get(`/api/v1/users/${alice.user.id}`).set(auth(bob)).expect(404);
      const row = await db.query(
        `SELECT display_name, avatar_url, email, password_hash, deleted_at
           FROM users WHERE id = $1`,
        [alice.user.id],
      );
      expect(row.rows[0]).toMatchObject({
        display_name: 'Deleted user',
        avatar_url: null,
        email: null,
        password_hash: null,
      });
      expect(row.rows[0].deleted_at).not.toBeNull();
      const bodies = await db.query(
        `SELECT count(*)::int AS n FROM messages
          WHERE sender_id = $1 AND kind <> 'system' AND (body IS NOT NULL OR deleted_at IS NULL)`,
        [alice.user.id],
      );
      expect(bodies.rows[0].n).toBe(0);

      const [entry] = await audited('account.deleted', alice.user.id);
      expect(entry).toMatchObject({
        actorId: alice.user.id,
        details: { username: alice.user.username, endedSessions: 2, erasedMessages: 2 },
      });
    });

    it('keeps the username taken for the grace period, then frees it', async () => {
      const user = await register(a.url);
      const { username } = user.user;
      await deleteMe(user, { password: PASSWORD }).expect(204);
      await api().post('/api/v1/auth/register').send({ username, password: PASSWORD }).expect(409);

      // The grace period is the job's delay: running it now is the grace period passing.
      const job = await deletedAccounts.getJob(`free-username-${user.user.id}`);
      expect(await job?.getState()).toBe('delayed');
      const delay = job!.opts.delay!;
      expect(delay).toBe(a.config.DELETED_USERNAME_GRACE_DAYS * 86_400_000);
      await job!.promote();
      const again = await waitFor(
        async () => {
          const res = await api()
            .post('/api/v1/auth/register')
            .send({ username, password: PASSWORD });
          return res.status === 201 ? (res.body as Session) : undefined;
        },
        10_000,
        'the username to be free',
      );
      expect(again.user.id).not.toBe(user.user.id);
      expect(again.user.displayName).toBe(username);
    });

    it('with two-factor on, asks for a current code too', async () => {
      const user = await register(a.url);
      const { secret } = (await api().post('/api/v1/auth/2fa/setup').set(auth(user)).expect(200))
        .body as { secret: string };
      const code = (offset: number) =>
        generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
      await api()
        .post('/api/v1/auth/2fa/enable')
        .set(auth(user))
        .send({ code: await code(0) })
        .expect(200);

      await deleteMe(user, { password: PASSWORD }).expect(403);
      await deleteMe(user, { password: PASSWORD, code: '000000' }).expect(403);
      await api().get('/api/v1/users/me').set(auth(user)).expect(200);
      await deleteMe(user, { password: PASSWORD, code: await code(1) }).expect(204);
      const factors = await db.query('SELECT 1 FROM two_factor WHERE user_id = $1', [user.user.id]);
      expect(factors.rowCount).toBe(0);
    });

    it('refuses the only admin with 409, and lets them go once another admin exists', async () => {
      const heir = await register(a.url);
      const direct = await asUser(a.url, admin).direct(heir);
      const kept = await asUser(a.url, admin).send(direct, 'still mine');
      await deleteMe(admin, { password: PASSWORD }).expect(409);
      // Refused before anything changed: the admin, their messages and groups are all there.
      await api().get('/api/v1/users/me').set(auth(admin)).expect(200);
      expect((await messagesOf(direct, heir)).find((m) => m.id === kept.id)).toMatchObject({
        body: 'still mine',
      });
      await api()
        .patch(`/api/v1/admin/users/${heir.user.id}`)
        .set(auth(admin))
        .send({ serverRole: 'admin' })
        .expect(200);
      await deleteMe(admin, { password: PASSWORD }).expect(204);
      admin = heir;
    });
  });
});
