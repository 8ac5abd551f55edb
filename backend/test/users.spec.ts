import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient } from './support/sockets';
import { register, type Session, uniqueUsername } from './support/users';

describe('users', () => {
  let t: TestApp;
  let me: Session;
  beforeAll(async () => {
    t = await startTestApp();
    me = await register(t.url, { displayName: 'Me Myself' });
  });
  afterAll(() => t.close());

  const get = (path: string, session = me) =>
    request(t.url).get(path).set('authorization', `Bearer ${session.accessToken}`);
  const patch = (path: string, body: object, session = me) =>
    request(t.url).patch(path).set('authorization', `Bearer ${session.accessToken}`).send(body);

  it('requires authentication on every private route of the API', async () => {
    const doc = (await request(t.url).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    // Public by design (auth, avatars, push config) declare no security in the document.
    const privateOps = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && !path.startsWith('/api/v1/auth/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => (op.security ?? []).length > 0)
          .map(([method]) => ({ method, path })),
      );
    expect(privateOps.length).toBeGreaterThanOrEqual(4);
    for (const { method, path } of privateOps) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(t.url)[method as 'get'](url).send({});
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });

  it('GET /users/me returns the caller without secrets', async () => {
    const res = await get('/api/v1/users/me').expect(200);
    // Their own address (none yet) beside the public profile; never a secret.
    expect(res.body).toEqual({ ...me.user, email: null, emailVerified: false });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  describe('PATCH /users/me', () => {
    it('changes display name and avatar, trimming the name', async () => {
      const session = await register(t.url);
      const res = await patch(
        '/api/v1/users/me',
        {
          displayName: '  New Name ',
          avatarUrl: 'https://example.com/a.png',
        },
        session,
      ).expect(200);
      expect(res.body).toMatchObject({
        displayName: 'New Name',
        avatarUrl: 'https://example.com/a.png',
      });
      expect((await get('/api/v1/users/me', session)).body.displayName).toBe('New Name');
    });

    it('removes the avatar with null or an empty string', async () => {
      const session = await register(t.url);
      await patch('/api/v1/users/me', { avatarUrl: 'https://example.com/a.png' }, session).expect(
        200,
      );
      expect(
        (await patch('/api/v1/users/me', { avatarUrl: null }, session)).body.avatarUrl,
      ).toBeNull();
      await patch('/api/v1/users/me', { avatarUrl: 'https://example.com/a.png' }, session).expect(
        200,
      );
      expect(
        (await patch('/api/v1/users/me', { avatarUrl: '' }, session)).body.avatarUrl,
      ).toBeNull();
    });

    it('sends user:updated once to everyone sharing a conversation, and to no one else', async () => {
      const [alice, bob, stranger] = [
        await register(t.url),
        await register(t.url),
        await register(t.url),
      ];
      // Everyone shares #general: outside it, the stranger shares nothing with Alice.
      await asUser(t.url, stranger).leaveGeneral();
      // Bob shares two conversations with Alice: he still hears of the change once per socket.
      await asUser(t.url, alice).direct(bob);
      await asUser(t.url, alice)
        .post('/api/v1/conversations', { type: 'group', title: 'Two', memberIds: [bob.user.id] })
        .expect(201);
      await asUser(t.url, stranger).direct(bob);
      const sockets = {
        alice: await connectClient(t.url, alice.accessToken),
        bob: await connectClient(t.url, bob.accessToken),
        stranger: await connectClient(t.url, stranger.accessToken),
      };
      try {
        const res = await patch(
          '/api/v1/users/me',
          { displayName: 'Alice Renamed', avatarUrl: 'https://example.com/alice.png' },
          alice,
        ).expect(200);

        // Everyone gets the public profile: the email address stays with its owner.
        const { email, emailVerified, ...publicProfile } = res.body as Record<string, unknown>;
        expect({ email, emailVerified }).toEqual({ email: null, emailVerified: false });
        expect(await sockets.bob.waitFor('user:updated')).toEqual(publicProfile);
        expect(await sockets.alice.waitFor('user:updated')).toEqual(publicProfile);
        await Promise.all(Object.values(sockets).map((s) => s.barrier()));
        expect(sockets.bob.received('user:updated')).toHaveLength(1);
        expect(sockets.alice.received('user:updated')).toHaveLength(1);
        expect(sockets.stranger.received('user:updated')).toEqual([]);
      } finally {
        Object.values(sockets).forEach((s) => s.close());
      }
    });

    it.each([
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'x'.repeat(65) }, 'displayName'],
      [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
      [{ avatarUrl: 'not a url' }, 'avatarUrl'],
      [{ username: 'renamed' }, 'property username'],
    ])('rejects %j with 400 naming %s and changes nothing', async (body, field) => {
      const before = (await get('/api/v1/users/me')).body;
      const res = await patch('/api/v1/users/me', body).expect(400);
      expect((res.body.message as string[]).some((m) => m.startsWith(field))).toBe(true);
      expect((await get('/api/v1/users/me')).body).toEqual(before);
    });
  });

  describe('GET /users/:id', () => {
    it('returns another user', async () => {
      const other = await register(t.url);
      const res = await get(`/api/v1/users/${other.user.id}`).expect(200);
      expect(res.body.username).toBe(other.user.username);
    });

    it('404 for an unknown id, 400 for a malformed one', async () => {
      await get('/api/v1/users/3f1c1a52-0a41-4f43-9e43-5a5b7b5b0c11').expect(404);
      await get('/api/v1/users/not-a-uuid').expect(400);
    });
  });

  describe('GET /users (search)', () => {
    const tag = uniqueUsername('zq').replace(/_/g, '');
    let people: Session[];
    beforeAll(async () => {
      people = [];
      for (const [i, name] of ['Xavier', 'Yolanda', 'Zed', 'Walter', 'Vera'].entries()) {
        people.push(
          await register(t.url, {
            username: `${tag}_${i}`,
            displayName: i === 4 ? `Hidden ${tag}` : name,
          }),
        );
      }
    });

    it('finds by username prefix, case-insensitively, in username order', async () => {
      const res = await get(`/api/v1/users?query=${tag.toUpperCase()}&limit=10`).expect(200);
      expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(
        people.map((p) => p.user.username),
      );
      expect(res.body.nextCursor).toBeNull();
    });

    it('finds by display name prefix', async () => {
      const res = await get(`/api/v1/users?query=hidden ${tag}`).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0].id).toBe(people[4].user.id);
    });

    it('treats LIKE wildcards literally', async () => {
      const res = await get(`/api/v1/users?query=${encodeURIComponent('%')}`).expect(200);
      expect(res.body.items).toEqual([]);
    });

    it('pages with a cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/v1/users?query=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await get(query).expect(200);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor as string | null;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(people.map((p) => p.user.id));
    });

    it('validates limit', async () => {
      const res = await get('/api/v1/users?limit=0').expect(400);
      expect((res.body.message as string[])[0]).toMatch(/^limit/);
      await get('/api/v1/users?limit=101').expect(400);
    });
  });
});
