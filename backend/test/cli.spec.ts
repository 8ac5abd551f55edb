import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { buildBackend, runDist } from './support/processes';
import { connectClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * The operator's command line, compiled as it ships (`node dist/cli.js`), against a real
 * database and Redis, with a running API instance whose sockets and caches it must reach.
 */
describe('node dist/cli.js', () => {
  let t: TestApp;
  let db: Client;
  let databaseUrl: string;
  let admin: Session;
  let alice: Session;
  let bob: Session;
  const password = 'correct horse battery';

  beforeAll(async () => {
    buildBackend();
    databaseUrl = await freshDatabase('cli');
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    admin = await register(t.url);
    alice = await register(t.url, { password });
    bob = await register(t.url, { password });
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const run = runDist(
      'cli.js',
      { DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, ...env },
      args,
    );
    const code = await run.exit;
    const { stdout, stderr } = run.output();
    return {
      code,
      out: stdout.split('\n').filter(Boolean),
      err: stderr.split('\n').filter(Boolean),
    };
  };
  const role = async (s: Session) =>
    (await asUser(t.url, s).get('/api/v1/users/me').expect(200)).body.serverRole as string;
  /** The audit events the CLI wrote, oldest first. */
  const cliEvents = async () =>
    (
      await db.query<{ action: string; target_id: string; actor_id: string | null }>(
        `SELECT action, target_id, actor_id FROM audit_events WHERE details->>'via' = 'cli' ORDER BY seq`,
      )
    ).rows;

  it('refuses a bad command line with exit code 2 and the usage, before connecting anywhere', async () => {
    const none = await cli([], { DATABASE_URL: '', REDIS_URL: '' });
    expect(none.code).toBe(2);
    expect(none.err[0]).toBe('usage: node backend/dist/cli.js <command> [arguments]');
    expect(none.err.join('\n')).toMatch(/admin:grant <username>/);

    const unknown = await cli(['backup:everything'], { DATABASE_URL: '' });
    expect(unknown).toMatchObject({ code: 2, out: [] });
    expect(unknown.err[0]).toBe('error: unknown command backup:everything');

    const missing = await cli(['admin:grant'], { DATABASE_URL: '' });
    expect(missing).toMatchObject({
      code: 2,
      err: [
        'error: expected exactly one <username>',
        'usage: node backend/dist/cli.js admin:grant <username>',
      ],
    });
    const badFlag = await cli(['invites:create', '--uses', '0'], { DATABASE_URL: '' });
    expect(badFlag.code).toBe(2);
    expect(badFlag.err[0]).toBe('error: --uses: it must not be less than 1');
    expect((await cli(['invites:create', '--colour', 'red'])).code).toBe(2);

    const help = await cli(['help'], { DATABASE_URL: '' });
    expect(help.code).toBe(0);
    expect(help.out).toHaveLength(10);
    // keys:rotate without keys says so, before it queues anything.
    const rotate = await cli(['keys:rotate']);
    expect(rotate.code).toBe(1);
    expect(rotate.err).toEqual(['error: ENCRYPTION_KEYS is not set: there is no key to rotate to']);
  });

  it('exits 1 with one line when the configuration is wrong', async () => {
    const run = await cli(['admin:grant', 'alice'], { DATABASE_URL: 'mysql://nope' });
    expect(run).toMatchObject({ code: 1, out: [] });
    expect(run.err).toEqual([
      'Invalid configuration: DATABASE_URL="mysql://nope": must be a postgres:// URL',
    ]);
  });

  it('admin:grant and admin:revoke change the role at once, never remove the last admin, and say so', async () => {
    const grant = await cli(['admin:grant', alice.user.username.toUpperCase()]);
    expect(grant).toEqual({ code: 0, out: [`${alice.user.username} is an admin`], err: [] });
    expect(await role(alice)).toBe('admin');
    await asUser(t.url, alice).get('/api/v1/admin/settings').expect(200);

    const revoke = await cli(['admin:revoke', alice.user.username]);
    expect(revoke).toEqual({ code: 0, out: [`${alice.user.username} is a member`], err: [] });
    await asUser(t.url, alice).get('/api/v1/admin/settings').expect(403);

    const last = await cli(['admin:revoke', admin.user.username]);
    expect(last.code).toBe(1);
    expect(last.err).toEqual([
      'error: the last active admin cannot be demoted or deactivated: make someone else admin first',
    ]);
    expect(await role(admin)).toBe('admin');

    const nobody = await cli(['admin:grant', 'nobody_here']);
    expect(nobody).toEqual({ code: 1, out: [], err: ['error: no user named nobody_here'] });
  });

  it('users:deactivate ends the person’s sockets on the running API and stops sign-in; users:reactivate restores', async () => {
    const socket = await connectClient(t.url, bob.accessToken);
    const gone = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    try {
      const run = await cli(['users:deactivate', bob.user.username]);
      expect(run).toEqual({
        code: 0,
        out: [`${bob.user.username} is deactivated; their sessions have ended`],
        err: [],
      });
      expect(await gone).toBe('io server disconnect');
    } finally {
      socket.close();
    }
    const login = () =>
      request(t.url).post('/api/v1/auth/login').send({ username: bob.user.username, password });
    expect((await login().expect(403)).body.message).toBe('account deactivated');
    // The running API's profile cache was told: others see them deactivated.
    expect(
      (await asUser(t.url, alice).get(`/api/v1/users/${bob.user.id}`).expect(200)).body.deactivated,
    ).toBe(true);

    expect((await cli(['users:reactivate', bob.user.username])).code).toBe(0);
    await login().expect(200);
  });

  it('invites:create makes a working invite link, from PUBLIC_URL when set', async () => {
    const plain = await cli(['invites:create', '--uses', '2', '--hours', '1']);
    expect(plain.code).toBe(0);
    expect(plain.out).toHaveLength(1);
    expect(plain.out[0]).toMatch(
      /^invite [0-9a-f-]{36}: \/invite\/[\w-]{32} \(2 uses, expires \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );

    const linked = await cli(['invites:create'], { PUBLIC_URL: 'https://chat.example.com/' });
    expect(linked.code).toBe(0);
    const [, url] = /: (\S+) \(any number of uses/.exec(linked.out[0])!;
    expect(url).toMatch(/^https:\/\/chat\.example\.com\/invite\/[\w-]{32}$/);

    await asUser(t.url, admin)
      .patch('/api/v1/admin/settings', { registrationMode: 'invite' })
      .expect(200);
    try {
      const token = url.split('/').at(-1)!;
      await request(t.url)
        .post('/api/v1/auth/register')
        .send({ username: 'invited_by_cli', password, inviteToken: token })
        .expect(201);
    } finally {
      await asUser(t.url, admin)
        .patch('/api/v1/admin/settings', { registrationMode: 'open' })
        .expect(200);
    }
  });

  it('records each CLI action exactly once, with no actor and via "cli"', async () => {
    const events = await cliEvents();
    const invites = events.filter((e) => e.action === 'invite.created');
    expect(events.map((e) => [e.action, e.target_id])).toEqual([
      ['user.role_changed', alice.user.id],
      ['user.role_changed', alice.user.id],
      ['user.deactivated', bob.user.id],
      ['user.reactivated', bob.user.id],
      ['invite.created', invites[0].target_id],
      ['invite.created', invites[1].target_id],
    ]);
    expect(events.every((e) => e.actor_id === null)).toBe(true);
  });
});
