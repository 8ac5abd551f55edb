import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/**
 * Issue 25 on one app with the worker inline and no language model configured: a bot without a
 * model, a direct chat that reaches the other person with its first message, timed mutes and
 * delivered receipts.
 */
describe('the chat as a person feels it', () => {
  let t: TestApp;
  let someone: Session;
  let db: Client;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    someone = await register(t.url);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const listIds = async (session: Session) =>
    (
      (await asUser(t.url, session).get('/api/v1/conversations').expect(200)).body.items as {
        id: string;
      }[]
    ).map((c) => c.id);

  const connect = async (session: Session) => {
    const client = await connectClient(t.url, session.accessToken);
    clients.push(client);
    return client;
  };

  describe('a bot without a model', () => {
    it('is listed as not available, with a reason and no promise of what it cannot do', async () => {
      const bots = (await asUser(t.url, someone).get('/api/v1/bots').expect(200)).body as {
        username: string;
        available: boolean;
        unavailableReason: string | null;
        description: string;
      }[];
      const assistant = bots.find((b) => b.username === 'assistant')!;
      expect(assistant).toMatchObject({
        available: false,
        unavailableReason: 'Not connected to a model',
      });
      expect(assistant.description).not.toMatch(/answers questions/);
      expect(bots.find((b) => b.username === 'sizebot')).toMatchObject({
        available: true,
        unavailableReason: null,
      });
    });

    it('answers a person with one plain sentence, no configuration text', async () => {
      const bots = (await asUser(t.url, someone).get('/api/v1/bots').expect(200)).body as Array<{
        id: string;
        username: string;
      }>;
      const assistant = bots.find((b) => b.username === 'assistant')!;
      const me = await register(t.url);
      const id = await asUser(t.url, me).direct({ user: assistant } as Session);
      const socket = await connect(me);
      const ack = await socket.emit('message:send', {
        conversationId: id,
        clientMessageId: randomUUID(),
        body: 'What is the capital of France?',
      });
      expect(ack.ok).toBe(true);
      const reply = await socket.waitFor(
        'message:updated',
        (m) => m.kind === 'bot' && m.status !== 'streaming',
        15_000,
      );
      expect(reply.status).toBe('complete');
      expect(reply.body).toMatch(/can't answer yet/);
      expect(reply.body).not.toMatch(/LLM_|=|`|localhost|administrator can connect/);
    });
  });

  describe('a direct chat', () => {
    it('reaches the other person only with its first message', async () => {
      const alice = await register(t.url);
      const bob = await register(t.url);
      const bobSocket = await connect(bob);
      const id = await asUser(t.url, alice).direct(bob);
      await bobSocket.barrier();
      expect(bobSocket.received('conversation:updated')).toEqual([]);
      expect(await listIds(alice)).toContain(id);
      expect(await listIds(bob)).not.toContain(id);
      // Opening it again from either side changes nothing for the other.
      expect(await asUser(t.url, alice).direct(bob)).toBe(id);
      expect(await listIds(bob)).not.toContain(id);

      await asUser(t.url, alice).send(id, 'Hello Bob');
      const first = await bobSocket.waitFor('message:new', (m) => m.conversationId === id);
      expect(first).toMatchObject({ seq: 1, body: 'Hello Bob' });
      expect(await listIds(bob)).toContain(id);
    });
  });

  describe('mute', () => {
    it('for a while ends by itself; without a duration it lasts until turned off', async () => {
      const alice = await register(t.url);
      const bob = await register(t.url);
      const id = await asUser(t.url, alice).direct(bob);
      const mute = (body: object) =>
        asUser(t.url, alice).put(`/api/v1/conversations/${id}/mute`).send(body);

      const before = Date.now();
      const timed = (await mute({ muted: true, forMinutes: 60 }).expect(200)).body;
      expect(timed.muted).toBe(true);
      const ends = Date.parse(timed.mutedUntil);
      expect(ends).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(ends).toBeLessThanOrEqual(Date.now() + 3_600_000);

      // The hour passes.
      await db.query(
        `UPDATE conversation_members SET muted_until = now() - interval '1 second'
          WHERE conversation_id = $1 AND user_id = $2`,
        [id, alice.user.id],
      );
      const after = (await asUser(t.url, alice).get(`/api/v1/conversations/${id}`).expect(200))
        .body;
      expect(after).toMatchObject({ muted: false, mutedUntil: null });

      expect((await mute({ muted: true }).expect(200)).body).toMatchObject({
        muted: true,
        mutedUntil: null,
      });
      expect((await mute({ muted: false }).expect(200)).body).toMatchObject({
        muted: false,
        mutedUntil: null,
      });
      for (const forMinutes of [0, -5, 1.5, 525_601, '60']) {
        const refused = await mute({ muted: true, forMinutes }).expect(400);
        expect(refused.body.message.join(' ')).toMatch(/forMinutes/);
      }
    });
  });

  describe('conversation:delivered', () => {
    it('moves the marker forward only, within the conversation, and tells the other members', async () => {
      const alice = await register(t.url);
      const bob = await register(t.url);
      const id = await asUser(t.url, alice).direct(bob);
      await asUser(t.url, alice).send(id, 'one');
      await asUser(t.url, alice).send(id, 'two');
      const aliceSocket = await connect(alice);
      const bobSocket = await connect(bob);

      expect(
        await bobSocket.emit('conversation:delivered', { conversationId: id, seq: 1 }),
      ).toEqual({ ok: true, data: null });
      expect(
        await aliceSocket.waitFor('conversation:delivered', (d) => d.conversationId === id),
      ).toEqual({ conversationId: id, userId: bob.user.id, seq: 1 });

      // Backwards changes nothing; beyond the newest message stops at it.
      await bobSocket.emit('conversation:delivered', { conversationId: id, seq: 0 });
      await bobSocket.emit('conversation:delivered', { conversationId: id, seq: 99 });
      await aliceSocket.waitForCount('conversation:delivered', 2);
      await aliceSocket.barrier();
      expect(aliceSocket.received('conversation:delivered').map((d) => d.seq)).toEqual([1, 2]);
      const members = (await asUser(t.url, alice).get(`/api/v1/conversations/${id}`).expect(200))
        .body.members as { user: { id: string }; lastDeliveredSeq: number }[];
      expect(members.find((m) => m.user.id === bob.user.id)!.lastDeliveredSeq).toBe(2);

      // Members only; a bad payload is refused naming the field.
      const outsider = await connect(await register(t.url));
      expect(
        await outsider.emit('conversation:delivered', { conversationId: id, seq: 2 }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(
        await bobSocket.emit('conversation:delivered', { conversationId: id, seq: -1 }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      await aliceSocket.barrier();
      expect(aliceSocket.received('conversation:delivered')).toHaveLength(2);
    });
  });
});
