import { Client } from 'pg';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

interface PageItem {
  id: string;
  seq: number;
  body: string | null;
  deletedAt: string | null;
  reactions: { emoji: string; userIds: string[] }[];
  sender: { id: string; displayName: string };
}

/**
 * The newest page kept in each API process (MessagePageCache): B keeps it while Bob's socket is
 * in the room; what A and the database change reaches it through the events B already gets.
 * A row changed in the database behind every process's back is how a test tells that a page
 * came from memory.
 */
describe('the newest page kept in memory, across two API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let db: Client;
  let id: string;
  let bobOnB: TestClient;
  const sent: { id: string; seq: number }[] = [];

  const pageOnB = async (session = bob) =>
    (await asUser(b.url, session).get(`/api/v1/conversations/${id}/messages?limit=5`).expect(200))
      .body as { items: PageItem[]; hasMore: boolean };
  const bodies = (items: PageItem[]) => items.map((m) => m.body);

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    [alice, bob, carol] = [await register(a.url), await register(b.url), await register(a.url)];
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    id = await asUser(a.url, alice).direct(bob);
    bobOnB = await connectClient(b.url, bob.accessToken);
    for (let i = 1; i <= 7; i += 1) {
      sent.push(await asUser(a.url, alice).send(id, `m${i}`));
      await bobOnB.waitFor('message:new', (m: { seq: number }) => m.seq === i);
    }
  });
  afterAll(async () => {
    bobOnB.close();
    await db.end();
    await a.close();
    await b.close();
  });

  /** Changes a body in the database only: no event, so a page from memory keeps the old one. */
  const changeBehindTheBack = (seq: number, body: string) =>
    db.query(`UPDATE messages SET body = $3 WHERE conversation_id = $1 AND seq = $2`, [
      id,
      seq,
      body,
    ]);

  it('serves the newest page from memory once read, and new messages join it by seq', async () => {
    const first = await pageOnB();
    expect(bodies(first.items)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    expect(first.hasMore).toBe(true);

    await changeBehindTheBack(7, 'only in the database');
    expect(bodies((await pageOnB()).items)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);

    const next = await asUser(a.url, alice).send(id, 'm8');
    await bobOnB.waitFor('message:new', (m: { id: string }) => m.id === next.id);
    // From memory still (m7's stale body), with m8 appended from its event.
    expect(bodies((await pageOnB()).items)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
  });

  it('shows an edit, a reaction and a deletion made on the other instance', async () => {
    const m6 = sent[5];
    await asUser(a.url, alice)
      .patch(`/api/v1/messages/${m6.id}`, { body: 'm6 edited' })
      .expect(200);
    await bobOnB.waitFor('message:updated', (m: { id: string }) => m.id === m6.id);
    let items = (await pageOnB()).items;
    expect(bodies(items)).toEqual(['m4', 'm5', 'm6 edited', 'm7', 'm8']);

    await asUser(a.url, alice)
      .put(`/api/v1/messages/${m6.id}/reactions/${encodeURIComponent('👍')}`)
      .expect((r) => expect([200, 201, 204]).toContain(r.status));
    await bobOnB.waitFor('reaction:updated', (e: { messageId: string }) => e.messageId === m6.id);
    items = (await pageOnB()).items;
    expect(items.find((m) => m.id === m6.id)?.reactions).toEqual([
      expect.objectContaining({ emoji: '👍', userIds: [alice.user.id] }),
    ]);
    // Still from memory: m7's database-only body has not shown.
    expect(items.find((m) => m.seq === 7)?.body).toBe('m7');

    const m5 = sent[4];
    await asUser(a.url, alice).delete(`/api/v1/messages/${m5.id}`).expect(204);
    await bobOnB.waitFor('message:deleted', (e: { id: string }) => e.id === m5.id);
    items = (await pageOnB()).items;
    // A deletion cannot be applied exactly (its time is not in the event): read again.
    expect(items.find((m) => m.id === m5.id)).toMatchObject({ body: null });
    expect(items.find((m) => m.id === m5.id)?.deletedAt).not.toBeNull();
    expect(items.find((m) => m.seq === 7)?.body).toBe('only in the database');
  });

  it('never serves the page to a non-member', async () => {
    await pageOnB();
    await asUser(b.url, carol).get(`/api/v1/conversations/${id}/messages?limit=5`).expect(404);
    await asUser(b.url, carol).get(`/api/v1/conversations/${id}/messages`).expect(404);
  });

  it('falls back to the database when a message came without its event (a seq gap)', async () => {
    await pageOnB();
    await changeBehindTheBack(8, 'm8 only in the database');
    // A message written without any announcement, as if its event were lost.
    await db.query('BEGIN');
    const { rows } = await db.query<{ id: string }>(
      `SELECT (append_message($1, $2, 'gap-1', 'unannounced', 'text', 'complete', NULL, NULL)).id`,
      [id, alice.user.id],
    );
    await db.query(`DELETE FROM message_delivery_outbox WHERE message_id = $1`, [rows[0].id]);
    await db.query('COMMIT');
    const items = (await pageOnB()).items;
    expect(bodies(items).slice(-2)).toEqual(['m8 only in the database', 'unannounced']);
  });

  it('stops using memory once no socket of this process is in the room', async () => {
    await pageOnB();
    await changeBehindTheBack(9, 'read from the database');
    bobOnB.close();
    // Once B has seen Bob's socket go, it hears nothing of this room: it reads the database.
    const deadline = Date.now() + 5_000;
    let last: string | null | undefined;
    while (Date.now() < deadline && last !== 'read from the database') {
      last = (await pageOnB()).items.at(-1)?.body;
      if (last !== 'read from the database') await new Promise((r) => setTimeout(r, 20));
    }
    expect(last).toBe('read from the database');
    bobOnB = await connectClient(b.url, bob.accessToken);
  });
});
