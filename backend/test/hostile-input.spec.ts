import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Hostile input is refused with 4xx / an error acknowledgement, never a 5xx or a crash. */
describe('hostile input', () => {
  let t: TestApp;
  let alice: Session;
  let bob: Session;
  let conversationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob] = [await register(t.url), await register(t.url)];
    conversationId = await asUser(t.url, alice).direct(bob);
  });
  afterAll(() => t.close());

  const post = (path: string, raw: string, session?: Session) => {
    const req = request(t.url).post(path).set('content-type', 'application/json');
    if (session) req.set('authorization', `Bearer ${session.accessToken}`);
    return req.send(raw);
  };

  it('refuses NUL characters and broken Unicode in JSON bodies, with or without a token', async () => {
    for (const body of [
      '{"username":"ali\\u0000ce","password":"long enough"}',
      '{"username":"alice","password":"\\ud800 long enough"}',
    ]) {
      const res = await post('/api/v1/auth/login', body).expect(400);
      expect(JSON.stringify(res.body)).toMatch(/NUL|Unicode/);
    }
    await post(
      `/api/v1/conversations/${conversationId}/messages`,
      '{"clientMessageId":"nul-1","body":"a\\u0000b"}',
      alice,
    ).expect(400);
    const page = await asUser(t.url, alice).get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.items).toEqual([]);
  });

  it('refuses a cursor it did not give out with 400 on every paged list, never a 500', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const forged = [
      'AA', // a NUL byte
      'AGFsaWNl', // "\0alice"
      '!!!not-base64!!!',
      '_w', // not UTF-8
      b64(`${new Date().toISOString()}|${'-'.repeat(36)}`),
      b64(`2026-01-01T00:00:00.000Z|not-a-uuid`),
      b64(JSON.stringify(['\0', '00000000-0000-0000-0000-000000000000'])),
      b64(JSON.stringify([true, '2026-01-01', '------------------------------------'])),
      b64('123_------------------------------------'),
    ];
    const lists = [
      '/api/v1/users?',
      '/api/v1/conversations?',
      '/api/v1/channels?',
      '/api/v1/threads?',
      '/api/v1/saved?',
      '/api/v1/search/messages?q=hello&',
    ];
    // Any text is a position in the people list (usernames): only broken text is refused there.
    const broken = forged.slice(0, 4);
    for (const list of lists) {
      for (const cursor of list === '/api/v1/users?' ? broken : forged) {
        const res = await asUser(t.url, alice).get(`${list}cursor=${encodeURIComponent(cursor)}`);
        expect({ list, cursor, status: res.status }).toEqual({ list, cursor, status: 400 });
        expect(res.body.message).toEqual(['cursor is invalid']);
      }
    }
  });

  it('refuses JSON nested too deeply before parsing it', async () => {
    await post('/api/v1/auth/login', `{"username":${'['.repeat(5000)}${']'.repeat(5000)}}`).expect(
      400,
    );
    await post('/api/v1/auth/login', '['.repeat(50_000)).expect(400);
  });

  it('refuses text with nothing visible like empty text, over REST and the socket, storing nothing', async () => {
    const invisible = [
      '\u200B\u200B',
      '\u2060\uFEFF\u200D',
      '\u3164',
      '\u2800 \u00AD',
      '\u{E0020}',
    ];
    const room = await asUser(t.url, alice).post('/api/v1/conversations', {
      type: 'group',
      title: 'visible',
      memberIds: [bob.user.id],
    });
    const id = room.body.id as string;
    const socket = await connectClient(t.url, alice.accessToken);
    try {
      for (const [i, body] of invisible.entries()) {
        const rest = await asUser(t.url, alice)
          .post(`/api/v1/conversations/${id}/messages`, { clientMessageId: `inv-${i}`, body })
          .expect(400);
        expect(rest.body.message).toEqual(['body must be 1-4000 characters']);
        const ack = await socket.emit('message:send', {
          conversationId: id,
          clientMessageId: `inv-s-${i}`,
          body,
        });
        expect(ack).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', message: expect.stringContaining('body must be 1-4000') },
        });
        await asUser(t.url, alice)
          .post('/api/v1/conversations', { type: 'group', title: body, memberIds: [bob.user.id] })
          .expect(400);
      }
    } finally {
      socket.close();
    }
    const page = await asUser(t.url, alice).get(`/api/v1/conversations/${id}/messages`);
    expect(page.body.items.filter((m: { kind: string }) => m.kind !== 'system')).toEqual([]);
  });

  it('refuses prototype keys in query strings', async () => {
    for (const query of ['__proto__=x', 'constructor=x', '__proto__[admin]=1', 'prototype=1']) {
      await asUser(t.url, alice).get(`/api/v1/users?${query}`).expect(400);
      await asUser(t.url, alice).get(`/api/v1/conversations?${query}`).expect(400);
    }
  });

  it('refuses NUL characters in URLs', async () => {
    await asUser(t.url, alice).get('/api/v1/users?query=%00').expect(400);
    await asUser(t.url, alice).get('/api/v1/users?query=%ED%A0%80').expect(400);
    await request(t.url).get('/api/v1/users?query=%E0%A4%A').expect(400);
  });

  it('answers every hostile socket payload with an error acknowledgement and stays connected', async () => {
    const socket = await connectClient(t.url, alice.accessToken);
    try {
      const cases: unknown[] = [
        { conversationId, clientMessageId: 'h-1', body: 'a\u0000b' },
        { conversationId, clientMessageId: 'h-2', body: '\ud800' },
        JSON.parse(
          `{"conversationId":"${conversationId}","clientMessageId":"h-3","body":"x","__proto__":{"admin":true}}`,
        ),
        {
          conversationId,
          clientMessageId: 'h-4',
          body: 'x',
          nested: { constructor: { prototype: 1 } },
        },
        'just a string',
        42,
        null,
        [conversationId],
      ];
      for (const payload of cases) {
        expect(await socket.emit('message:send', payload)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
      expect(await socket.emit('admin:makeMeOwner', { conversationId })).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'unknown event "admin:makeMeOwner"' },
      });
      expect(socket.socket.connected).toBe(true);
      expect(
        await socket.emit('message:send', {
          conversationId,
          clientMessageId: 'h-ok',
          body: 'fine',
        }),
      ).toMatchObject({ ok: true });
      const page = await asUser(t.url, bob).get(`/api/v1/conversations/${conversationId}/messages`);
      expect(page.body.items.map((m: any) => m.body)).toEqual(['fine']);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    } finally {
      socket.close();
    }
  });
});
