import { Queue } from 'bullmq';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName, QueueName } from '../src/common/jobs/job.types';
import type { RetentionOutcome } from '../src/modules/retention/retention.processor';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { searchIndexed } from './support/search';
import { waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const DAY_MS = 86_400_000;

/**
 * The daily retention job, run through its queue as the schedule would: it deletes exactly the
 * messages older than `retentionDays` (threads as a whole, pins no exception), their files'
 * bytes, in bounded batches, audited, and tells the rooms; off (null) deletes nothing.
 */
describe('retention', () => {
  let t: TestApp;
  let db: Client;
  let queue: Queue;
  let uploadsDir: string;
  let admin: Session;
  let bob: Session;
  let bobSocket: TestClient;
  let n = 0;
  /** Left by the test of the setting being off: the next run must delete it. */
  let ancientId = '';

  beforeAll(async () => {
    uploadsDir = await mkdtemp(join(tmpdir(), 'chat-retention-'));
    const url = await freshDatabase('retention');
    t = await startTestApp({ DATABASE_URL: url, UPLOADS_DIR: uploadsDir });
    db = new Client({ connectionString: url });
    await db.connect();
    queue = new Queue(QueueName.Retention, { connection: { url: process.env.REDIS_URL } });
    admin = await register(t.url);
    bob = await register(t.url);
    bobSocket = await connectClient(t.url, bob.accessToken);
  });
  afterAll(async () => {
    bobSocket?.close();
    await queue?.close();
    await db?.end();
    await t?.close();
    await rm(uploadsDir, { recursive: true, force: true });
  });

  /** Runs the job now, through the queue, and answers what it did. */
  async function purge(): Promise<RetentionOutcome> {
    const jobs = t.app.get(JobQueue);
    await jobs.remove(JobName.PurgeExpired, { trigger: 'manual' });
    await jobs.add(JobName.PurgeExpired, { trigger: 'manual' });
    let outcome: RetentionOutcome | undefined;
    await waitFor(
      async () => {
        // One read of the job's hash: its finish time and result together (asking the state
        // separately races a job that completes in between).
        const job = await queue.getJob('purge-expired-manual');
        if (!job?.finishedOn) return false;
        if (job.failedReason) throw new Error(`retention job failed: ${job.failedReason}`);
        outcome = job.returnvalue as RetentionOutcome;
        return true;
      },
      30_000,
      'the retention job',
    );
    return outcome!;
  }

  const setRetention = (retentionDays: number | null) =>
    asUser(t.url, admin).patch('/api/v1/admin/settings', { retentionDays }).expect(200);

  async function group(title: string) {
    const res = await asUser(t.url, admin)
      .post('/api/v1/conversations', { type: 'group', title, memberIds: [bob.user.id] })
      .expect(201);
    return res.body.id as string;
  }

  async function send(conversationId: string, body: string, extra: object = {}) {
    const res = await asUser(t.url, admin)
      .post(`/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: `r-${++n}`,
        body,
        ...extra,
      })
      .expect(201);
    return res.body as { id: string; seq: number };
  }

  const backdate = (id: string, at: Date) =>
    db.query(`UPDATE messages SET created_at = $2 WHERE id = $1`, [id, at]);
  const exists = async (id: string) =>
    (await db.query(`SELECT 1 FROM messages WHERE id = $1`, [id])).rowCount === 1;
  const purgedAudits = async () =>
    (
      await db.query<{ details: Record<string, unknown>; actor_id: string | null }>(
        `SELECT details, actor_id FROM audit_events WHERE action = 'retention.purged' ORDER BY seq`,
      )
    ).rows;

  it('is scheduled daily', async () => {
    expect(await queue.getJobSchedulers()).toEqual([
      expect.objectContaining({ name: JobName.PurgeExpired, every: DAY_MS }),
    ]);
  });

  it('deletes nothing while the setting is off (null = keep forever)', async () => {
    const c = await group('Forever');
    const ancient = await send(c, 'from long ago');
    ancientId = ancient.id;
    await backdate(ancient.id, new Date(Date.now() - 3_000 * DAY_MS));
    await setRetention(null);
    expect(await purge()).toEqual({
      retentionDays: null,
      cutoff: null,
      messages: 0,
      files: 0,
      batches: 0,
    });
    expect(await exists(ancient.id)).toBe(true);
    expect(await purgedAudits()).toEqual([]);
  });

  it('deletes exactly what is older, with its files; threads go as a whole; pins are no exception', async () => {
    const c = await group('Retained');
    const quiet = await group('Quiet');
    await setRetention(30);
    // Around the boundary: a minute either side of 30 days before the run.
    const boundary = Date.now() - 30 * DAY_MS;
    const old = new Date(boundary - 60_000);
    const young = new Date(boundary + 60_000);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3, 4])]), 'old.bin');
    const uploaded = await fetch(`${t.url}/api/v1/conversations/${c}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.accessToken}` },
      body: form,
    });
    const file = (await uploaded.json()) as { id: string };
    const withFile = await send(c, 'a file from last season', { attachmentIds: [file.id] });
    const storageKey = (
      await db.query<{ storage_key: string }>(`SELECT storage_key FROM attachments WHERE id = $1`, [
        file.id,
      ])
    ).rows[0].storage_key;
    expect(existsSync(join(uploadsDir, storageKey))).toBe(true);

    const searchable = await send(c, 'zanzibarish leftovers');
    const pinned = await send(c, 'pinned but old');
    await asUser(t.url, admin).put(`/api/v1/messages/${pinned.id}/pin`).expect(204);

    const deadRoot = await send(c, 'dead thread');
    const deadReply = await send(c, 'dead reply', { threadRootId: deadRoot.id });
    const liveRoot = await send(c, 'live thread');
    const liveOldReply = await send(c, 'old reply in a live thread', { threadRootId: liveRoot.id });
    const liveReply = await send(c, 'new reply', { threadRootId: liveRoot.id });
    const fresh = await send(c, 'just inside retention');
    const lonely = await send(quiet, 'the only message here');

    for (const m of [
      withFile,
      searchable,
      pinned,
      deadRoot,
      deadReply,
      liveRoot,
      liveOldReply,
      lonely,
    ]) {
      await backdate(m.id, old);
    }
    await backdate(liveReply.id, young);
    await backdate(fresh.id, young);
    // The system lines of the groups' creation and the pin are old too.
    const systemLines = await db.query<{ id: string }>(
      `UPDATE messages SET created_at = $2 WHERE conversation_id = ANY($1::uuid[]) AND kind = 'system' RETURNING id`,
      [[c, quiet], old],
    );
    // Search indexes after the send: everything owed is indexed before each search.
    const search = async (q: string) => {
      await searchIndexed(t);
      return asUser(t.url, bob).get(`/api/v1/search/messages?q=${q}`).expect(200);
    };
    expect((await search('zanzibarish')).body.items).toHaveLength(1);

    const outcome = await purge();
    const cutoff = Date.parse(outcome.cutoff!);
    expect(cutoff).toBeGreaterThan(old.getTime());
    expect(cutoff).toBeLessThan(young.getTime());
    const deleted = [withFile, searchable, pinned, deadRoot, deadReply, lonely];
    expect(outcome).toMatchObject({
      retentionDays: 30,
      messages: deleted.length + systemLines.rowCount! + 1,
      files: 1,
      batches: 1,
    });
    for (const m of deleted) expect(await exists(m.id)).toBe(false);
    expect(await exists(ancientId)).toBe(false);
    // A thread stays whole while its newest reply is inside retention.
    for (const m of [liveRoot, liveOldReply, liveReply, fresh])
      expect(await exists(m.id)).toBe(true);
    // Everything left is inside retention, except the living thread's older parts.
    const left = await db.query<{ id: string }>(
      `SELECT id FROM messages WHERE conversation_id = $1 AND created_at < $2`,
      [c, new Date(cutoff)],
    );
    expect(left.rows.map((r) => r.id).sort()).toEqual([liveRoot.id, liveOldReply.id].sort());

    // The file's bytes and row are gone; the pin went with its message.
    expect(existsSync(join(uploadsDir, storageKey))).toBe(false);
    expect((await db.query(`SELECT 1 FROM attachments WHERE id = $1`, [file.id])).rowCount).toBe(0);
    expect(
      (await db.query(`SELECT 1 FROM message_pins WHERE message_id = $1`, [pinned.id])).rowCount,
    ).toBe(0);
    const pins = await asUser(t.url, bob).get(`/api/v1/conversations/${c}/pins`).expect(200);
    expect(JSON.stringify(pins.body)).not.toContain(pinned.id);

    // Search, history, summaries and unread counts agree.
    expect((await search('zanzibarish')).body.items).toEqual([]);
    const history = await asUser(t.url, bob).get(`/api/v1/conversations/${c}/messages`).expect(200);
    expect((history.body.items as { id: string }[]).map((m) => m.id)).toEqual([
      liveRoot.id,
      liveOldReply.id,
      liveReply.id,
      fresh.id,
    ]);
    const quietSummary = await asUser(t.url, bob).get(`/api/v1/conversations/${quiet}`).expect(200);
    expect(quietSummary.body).toMatchObject({ lastMessage: null, unreadCount: 0 });
    const summary = await asUser(t.url, bob).get(`/api/v1/conversations/${c}`).expect(200);
    expect(summary.body.lastMessage).toMatchObject({ id: fresh.id });
    // What bob has not read is what is left of the main timeline (the root and `fresh`).
    expect(summary.body.unreadCount).toBe(2);

    // Live clients hear each deletion.
    await bobSocket.barrier();
    const told = bobSocket.received('message:deleted').map((e: { id: string }) => e.id);
    expect(told).toEqual(expect.arrayContaining(deleted.map((m) => m.id)));

    const audits = await purgedAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toEqual({
      actor_id: null,
      details: { ...outcome, via: 'system' },
    });
  }, 60_000);

  it('works in bounded batches: 2,500 due messages take three statements of at most 1,000', async () => {
    const c = await group('Bulk');
    const { rows } = await db.query<{ last_seq: string }>(
      `SELECT last_seq FROM conversations WHERE id = $1`,
      [c],
    );
    const from = Number(rows[0].last_seq) + 1;
    await db.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, created_at)
       SELECT $1, s, $2, 'bulk ' || s, 'bulk-' || s, now() - interval '40 days'
         FROM generate_series($3::bigint, $3::bigint + 2499) s`,
      [c, admin.user.id, from],
    );
    await db.query(`UPDATE conversations SET last_seq = $2 WHERE id = $1`, [c, from + 2499]);
    const outcome = await purge();
    expect(outcome).toMatchObject({ messages: 2_500, batches: 3 });
    // The group's creation line is recent: it stays.
    expect(
      (await db.query(`SELECT 1 FROM messages WHERE conversation_id = $1`, [c])).rowCount,
    ).toBe(1);
    expect(await purgedAudits()).toHaveLength(2);
  }, 60_000);
});
