import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { generate } from 'otplib';
import { Client } from 'pg';
import request from 'supertest';
import { fromBufferPromise } from 'yauzl';
import { KeyRing } from '../src/common/encryption/key-ring';
import { openMessageText, sealMessageText } from '../src/common/encryption/message-body';
import { sealedFileKeyId } from '../src/common/encryption/segmented-file';
import { twoFactorSecretAad } from '../src/common/encryption/two-factor-secret';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName } from '../src/common/jobs/job.types';
import { KEY_ROTATION_BATCH } from '../src/modules/key-rotation/key-rotation.processor';
import { UNREADABLE } from '../src/modules/messages/message-text';
import { startTestApp, type TestApp } from './support/app';
import { asBytes } from './support/bytes';
import { asUser } from './support/chat';
import { FakeLlm } from './support/fake-llm';
import { buildBackend, type NodeProcess, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;
/** The ring after rotation: k2 encrypts, k1 still reads. */
const KEYS = `${K2},${K1}`;
/** The blind index's key, which the configuration requires beside the ring. */
const INDEX_KEY = randomBytes(32).toString('base64');
const ENCRYPTION = { ENCRYPTION_KEYS: KEYS, ENCRYPTION_INDEX_KEY: INDEX_KEY };
const PUBLIC_URL = 'http://chat.test';
/** Values written under k1 before the rotation, so that it has work to be interrupted in. */
const SEEDED = 20_000;

/** The known phrase: it must be readable through the API and nowhere in the stored data. */
const PHRASE = `ultramarine-walrus-${randomUUID().slice(0, 8)}`;
const EDITED = `${PHRASE} quietly edited`;
const BEFORE = `plaintext-before-${randomUUID().slice(0, 8)}`;

async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await fromBufferPromise(zip, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  return entries;
}

/**
 * Encryption at rest (issue 21), on one database: written first in plaintext by an API without
 * keys, then served by an API with `k2,k1` and rotated by worker processes (dist/worker.js),
 * one of them killed mid-pass. What was typed reads back through every path and is nowhere in
 * a dump of the database.
 */
describe('encryption at rest', () => {
  let databaseUrl: string;
  let t: TestApp;
  let db: Client;
  let redis: Redis;
  let llm: FakeLlm;
  let alice: Session;
  let bob: Session;
  let group: string;
  let bulk: string;
  /** A file stored in plaintext before the keys: turning encryption on must seal it. */
  const beforeFile = Buffer.from(`${BEFORE} in a file\n`.repeat(4_000));
  let beforeFileId: string;
  const workers: NodeProcess[] = [];

  const startWorker = async () => {
    const worker = runDist('worker.js', {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL!,
      WORKER_PORT: String(await freePort()),
      DB_MIGRATE: 'false',
      ...ENCRYPTION,
      LLM_BASE_URL: llm.baseUrl,
      PUBLIC_URL,
      UPLOADS_DIR: t.config.UPLOADS_DIR,
      BOT_OUTBOX_SWEEP_MS: '500',
    });
    workers.push(worker);
    return worker;
  };
  const rotation = () =>
    t.app.get(JobQueue).find(JobName.RotateKeys, { keyId: 'k2', trigger: 'cli' });
  /** Every row of every table of the schema, as text: what a dump of the data holds. */
  const dumpData = async () => {
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      parts.push(...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  };
  const history = async (s: Session, conversationId: string) =>
    (
      await asUser(t.url, s)
        .get(`/api/v1/conversations/${conversationId}/messages?limit=100`)
        .expect(200)
    ).body.items as { id: string; body: string | null; failureReason: string | null }[];

  beforeAll(async () => {
    buildBackend();
    llm = await FakeLlm.start();
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    databaseUrl = await freshDatabase('encryption');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();

    // Before: no keys. A message and a 2FA secret in plaintext, and a group to fill.
    const before = await startTestApp({ DATABASE_URL: databaseUrl });
    alice = await register(before.url);
    bob = await register(before.url);
    const created = await asUser(before.url, alice)
      .post('/api/v1/conversations')
      .send({ type: 'group', title: 'plans', memberIds: [bob.user.id] })
      .expect(201);
    group = created.body.id;
    await asUser(before.url, alice)
      .post(`/api/v1/conversations/${group}/messages`)
      .send({ clientMessageId: randomUUID(), body: BEFORE })
      .expect(201);
    await asUser(before.url, alice).post('/api/v1/auth/2fa/setup').expect(200);
    beforeFileId = (
      await request(before.url)
        .post(`/api/v1/conversations/${group}/attachments`)
        .set('authorization', `Bearer ${alice.accessToken}`)
        .attach('file', beforeFile, { filename: 'before.txt', contentType: 'text/plain' })
        .expect(201)
    ).body.id;
    await asUser(before.url, alice)
      .post(`/api/v1/conversations/${group}/messages`)
      .send({ clientMessageId: randomUUID(), attachmentIds: [beforeFileId] })
      .expect(201);
    bulk = (
      await asUser(before.url, alice)
        .post('/api/v1/conversations')
        .send({ type: 'group', title: 'bulk', memberIds: [bob.user.id] })
        .expect(201)
    ).body.id;
    await before.close();

    t = await startTestApp({
      DATABASE_URL: databaseUrl,
      ...ENCRYPTION,
      WORKER_MODE: 'none',
      PUBLIC_URL,
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '1000000',
    });
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exit));
    await t?.close();
    await db?.end();
    redis?.disconnect();
    await llm?.close();
  });

  it('rotates under load: a killed worker resumes, nothing is lost, doubled or overwritten, and every value ends under the new key', async () => {
    // Values under the old key k1, as an earlier ring wrote them.
    const k1 = KeyRing.fromSpec(K1);
    const { rows: at } = await db.query<{ last_seq: string }>(
      'SELECT last_seq FROM conversations WHERE id = $1',
      [bulk],
    );
    const base = Number(at[0].last_seq);
    const seedText = (i: number) => `seed ${i}`;
    const texts = Array.from({ length: SEEDED }, (_, i) => sealMessageText(k1, seedText(i), bulk));
    await db.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, kind, status)
       SELECT $1, $2 + u.n, $3, u.body, 'seed-' || u.n, 'text', 'complete'
         FROM unnest($4::text[]) WITH ORDINALITY AS u(body, n)`,
      [bulk, base, alice.user.id, texts],
    );
    await db.query('UPDATE conversations SET last_seq = last_seq + $2 WHERE id = $1', [
      bulk,
      SEEDED,
    ]);
    const { rows: plain } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM messages WHERE body IS NOT NULL AND NOT starts_with(body, 'enc1:')`,
    );
    const plaintext = Number(plain[0].n);
    expect(plaintext).toBeGreaterThan(0);
    const { rows: seeded } = await db.query<{ id: string; seq: string }>(
      'SELECT id, seq FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq',
      [bulk, base],
    );

    // Load: sends and edits of the seeded messages, until the pass is over.
    let loading = true;
    const sent = new Map<string, string>();
    const edits = new Map<string, string>();
    const load = (async () => {
      for (let i = 0; loading; i++) {
        const clientMessageId = randomUUID();
        const res = await asUser(t.url, alice)
          .post(`/api/v1/conversations/${bulk}/messages`)
          .send({ clientMessageId, body: `load ${i}` })
          .expect(201);
        sent.set(res.body.id, `load ${i}`);
        // Edits spread over the whole table, so some land behind the pass and some ahead.
        const target = seeded[(i * 7919) % seeded.length];
        await asUser(t.url, alice)
          .patch(`/api/v1/messages/${target.id}`, { body: `edited ${i}` })
          .expect(200);
        edits.set(target.id, `edited ${i}`);
      }
    })();

    const cli = runDist(
      'cli.js',
      { DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, ...ENCRYPTION },
      ['keys:rotate'],
    );
    expect(await cli.exit).toBe(0);
    expect(cli.output().stdout.trim()).toBe('key rotation to "k2" queued: job rotate-keys-k2');

    // The first worker is killed once it has saved part of the pass.
    const first = await startWorker();
    const saved = await waitFor(
      async () => {
        const job = await rotation();
        const counts = job?.data.counts;
        return counts && counts.messages >= 1_000 ? job : undefined;
      },
      60_000,
      'the first worker to save progress',
      50,
    );
    first.child.kill('SIGKILL');
    await first.exit;
    const savedAt = (await rotation())!.data;
    expect(savedAt.cursor?.kind).toBe('messages');
    expect(saved.data.counts!.messages).toBeLessThan(SEEDED);
    // Its lock would expire within BullMQ's lock duration: dropped now, the next stall check
    // hands the job back without the test waiting for it.
    await redis.del('bull:key-rotation:rotate-keys-k2:lock');

    await startWorker();
    const done = await waitFor(
      async () => {
        const job = await rotation();
        return job && (await job.getState()) === 'completed' ? job : undefined;
      },
      90_000,
      'the rotation to finish',
      200,
    );
    loading = false;
    await load;

    // The second attempt carried the first one's counts on (only the batch the kill cut short
    // after its commit goes uncounted): seeded, less those an edit re-encrypted first, plus
    // what the keyless API wrote.
    const result = done.returnvalue as {
      counts: Record<string, number>;
      unreadable: number;
    };
    expect(result.unreadable).toBe(0);
    expect(result.counts.twoFactor).toBe(1);
    expect(result.counts.messages).toBeLessThanOrEqual(SEEDED + plaintext);
    expect(result.counts.messages).toBeGreaterThanOrEqual(
      SEEDED + plaintext - edits.size - KEY_ROTATION_BATCH,
    );

    // Nothing under anything but k2, and k2 alone reads all of it: k1 can be removed.
    const { rows: stray } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM messages WHERE body IS NOT NULL AND NOT starts_with(body, 'enc1:k2:'))
            + (SELECT count(*) FROM two_factor WHERE NOT starts_with(secret, 'enc1:k2:'))
            + (SELECT count(*) FROM scheduled_messages WHERE NOT starts_with(body, 'enc1:k2:')) AS n`,
    );
    expect(Number(stray[0].n)).toBe(0);
    const k2 = KeyRing.fromSpec(K2);
    const { rows: all } = await db.query<{
      id: string;
      conversation_id: string;
      seq: string;
      body: string;
    }>(
      'SELECT id, conversation_id, seq, body FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [bulk],
    );
    // Numbered 1..n with no gap and no double, every acknowledged send there once.
    expect(all.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));
    const text = new Map(all.map((r) => [r.id, openMessageText(k2, r.body, r.conversation_id)]));
    for (const [id, body] of sent) expect(text.get(id)).toBe(body);
    // An edit is never overwritten by the pass's older copy.
    for (const [id, body] of edits) expect(text.get(id)).toBe(body);
    seeded.forEach((row, i) => {
      if (!edits.has(row.id)) expect(text.get(row.id)).toBe(seedText(i));
    });
    const { rows: secret } = await db.query<{ user_id: string; secret: string }>(
      'SELECT user_id, secret FROM two_factor',
    );
    expect(k2.decrypt(secret[0].secret, twoFactorSecretAad(secret[0].user_id))).toMatch(
      /^[A-Z2-7]+$/,
    );

    // What the keyless API wrote reads back; the audit log has the pass.
    expect((await history(bob, group)).map((m) => m.body)).toContain(BEFORE);
    // Its file too, now sealed under k2 on disk, and byte-identical when downloaded.
    expect(result.counts.files).toBeGreaterThanOrEqual(1);
    const { rows: stored } = await db.query<{ storage_key: string }>(
      'SELECT storage_key FROM attachments WHERE id = $1',
      [beforeFileId],
    );
    const onDisk = await readFile(join(t.config.UPLOADS_DIR, stored[0].storage_key));
    expect(sealedFileKeyId(onDisk)).toBe('k2');
    expect(onDisk.includes(Buffer.from(BEFORE))).toBe(false);
    const download = await asBytes(
      asUser(t.url, bob).get(`/api/v1/attachments/${beforeFileId}`),
    ).expect(200);
    expect(Buffer.compare(download.body as Buffer, beforeFile)).toBe(0);
    const { rows: audit } = await db.query<{ action: string; via: string }>(
      `SELECT action, details->>'via' AS via FROM audit_events
        WHERE action LIKE 'keys.rotation.%' ORDER BY seq`,
    );
    expect(audit).toEqual([
      { action: 'keys.rotation.started', via: 'cli' },
      { action: 'keys.rotation.finished', via: 'worker' },
    ]);
  }, 240_000);

  it('stores no plaintext of what was typed, yet every reader reads it', async () => {
    const alicePage = asUser(t.url, alice);
    const sentRes = await alicePage
      .post(`/api/v1/conversations/${group}/messages`)
      .send({ clientMessageId: randomUUID(), body: `${PHRASE} for @${bob.user.username}` })
      .expect(201);
    const message = sentRes.body as { id: string; body: string; mentions: string[] };
    expect(message.body).toBe(`${PHRASE} for @${bob.user.username}`);
    // The trigger read the text it was lent: the mention is there.
    expect(message.mentions).toEqual([bob.user.id]);

    const edited = await alicePage
      .patch(`/api/v1/messages/${message.id}`, { body: EDITED })
      .expect(200);
    expect(edited.body.body).toBe(EDITED);
    expect(edited.body.mentions).toEqual([]);

    expect((await history(bob, group)).map((m) => m.body)).toContain(EDITED);
    const list = await asUser(t.url, bob).get('/api/v1/conversations').expect(200);
    expect(JSON.stringify(list.body)).toContain(EDITED);
    await alicePage.put(`/api/v1/messages/${message.id}/pin`).expect((r) => {
      expect([200, 204]).toContain(r.status);
    });
    const pins = await asUser(t.url, bob).get(`/api/v1/conversations/${group}/pins`).expect(200);
    expect(JSON.stringify(pins.body)).toContain(EDITED);

    const scheduled = await alicePage
      .post(`/api/v1/conversations/${group}/messages`)
      .send({
        clientMessageId: randomUUID(),
        body: `${PHRASE} later`,
        sendAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(202);
    expect(scheduled.body.body).toBe(`${PHRASE} later`);
    expect(JSON.stringify((await alicePage.get('/api/v1/scheduled').expect(200)).body)).toContain(
      `${PHRASE} later`,
    );

    // A bot's prompt (the worker reads the conversation) holds the text.
    const bots = (await alicePage.get('/api/v1/bots').expect(200)).body as {
      id: string;
      username: string;
    }[];
    const assistant = bots.find((b) => b.username === 'assistant')!;
    const direct = await alicePage
      .post('/api/v1/conversations')
      .send({ type: 'direct', userId: assistant.id })
      .expect((r) => expect([200, 201]).toContain(r.status));
    await alicePage
      .post(`/api/v1/conversations/${direct.body.id}/messages`)
      .send({ clientMessageId: randomUUID(), body: `${PHRASE} what is it?` })
      .expect(201);
    await waitFor(
      () =>
        Promise.resolve(
          llm.requests.some((r) => r.body.messages.some((m) => m.content.includes(PHRASE))) ||
            undefined,
        ),
      20_000,
      'the bot to be asked',
    );
    const reply = await waitFor(async () => {
      const items = await history(alice, direct.body.id);
      const bot = items.find((m) => m.body === 'OK.');
      return bot;
    }, 20_000);
    expect(reply.body).toBe('OK.');

    // In a group a bot answers an @mention: the trigger reads what was written, never the sealed
    // body (which holds no `@`).
    await alicePage
      .post(`/api/v1/conversations/${group}/members`)
      .send({ userIds: [assistant.id] })
      .expect((r) => expect([200, 201]).toContain(r.status));
    await alicePage
      .post(`/api/v1/conversations/${group}/messages`)
      .send({ clientMessageId: randomUUID(), body: `@assistant ${PHRASE} in the group?` })
      .expect(201);
    await waitFor(
      () =>
        Promise.resolve(
          llm.requests.some((r) =>
            r.body.messages.some((m) => m.content.includes(`${PHRASE} in the group?`)),
          ) || undefined,
        ),
      20_000,
      'the bot to be asked in the group',
    );

    // 2FA set up under the ring: the stored secret is sealed, the code from it works.
    const setup = await asUser(t.url, bob).post('/api/v1/auth/2fa/setup').expect(200);
    const secret = setup.body.secret as string;
    await asUser(t.url, bob)
      .post('/api/v1/auth/2fa/enable')
      .send({ code: await generate({ secret }) })
      .expect(200);

    // A file (several segments, the phrase all through it) downloads byte-identical.
    const file = Buffer.from(`${PHRASE} in a file\n`.repeat(8_000));
    const uploaded = await request(t.url)
      .post(`/api/v1/conversations/${group}/attachments`)
      .set('authorization', `Bearer ${alice.accessToken}`)
      .attach('file', file, { filename: 'notes.txt', contentType: 'text/plain' })
      .expect(201);
    // Only its uploader sees a file until a message carries it.
    const downloaded = await asBytes(
      alicePage.get(`/api/v1/attachments/${uploaded.body.id}`),
    ).expect(200);
    expect(Buffer.compare(downloaded.body as Buffer, file)).toBe(0);

    // The export reads the text.
    await alicePage.post('/api/v1/users/me/export').expect(202);
    const ready = await waitFor(async () => {
      const s = (await alicePage.get('/api/v1/users/me/export').expect(200)).body as {
        status: string;
        url?: string;
      };
      return s.status === 'ready' ? s : undefined;
    }, 30_000);
    const zip = await asBytes(request(t.url).get(ready.url!.slice(PUBLIC_URL.length))).expect(200);
    const messages = (await unzip(zip.body as Buffer)).get('messages.json')!.toString();
    expect(messages).toContain(EDITED);
    expect(messages).toContain(BEFORE);

    // And none of it is in the data or the stored files (the upload, the export's ZIP): not as
    // text, not as base64.
    const stored: Buffer[] = [];
    for (const entry of await readdir(t.config.UPLOADS_DIR, {
      recursive: true,
      withFileTypes: true,
    })) {
      if (entry.isFile()) stored.push(await readFile(join(entry.parentPath, entry.name)));
    }
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const files = Buffer.concat(stored).toString('latin1');
    const dump = (await dumpData()) + files;
    expect(dump).toContain(alice.user.username);
    for (const secretText of [PHRASE, BEFORE, secret]) {
      expect(dump).not.toContain(secretText);
      expect(dump).not.toContain(Buffer.from(secretText).toString('base64'));
      expect(dump).not.toContain(Buffer.from(secretText).toString('base64url'));
    }

    // A backup copies what is stored as it is stored: the archive holds no plaintext either.
    const archive = join(t.config.UPLOADS_DIR, '..', `encryption-backup-${process.pid}.tar`);
    const backup = runDist(
      'cli.js',
      {
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.REDIS_URL!,
        UPLOADS_DIR: t.config.UPLOADS_DIR,
        ...ENCRYPTION,
      },
      ['backup', archive],
    );
    expect(await backup.exit).toBe(0);
    const archived = (await readFile(archive)).toString('latin1');
    await rm(archive, { force: true });
    expect(archived).toContain(alice.user.username);
    for (const secretText of [PHRASE, BEFORE]) expect(archived).not.toContain(secretText);
  }, 120_000);

  it('shows a tampered message as unreadable and logs it, without failing the page', async () => {
    const res = await asUser(t.url, alice)
      .post(`/api/v1/conversations/${group}/messages`)
      .send({ clientMessageId: randomUUID(), body: 'soon to be tampered with' })
      .expect(201);
    const { rows } = await db.query<{ body: string }>('SELECT body FROM messages WHERE id = $1', [
      res.body.id,
    ]);
    const stored = rows[0].body;
    const flipped = stored.slice(0, -3) + (stored.at(-3) === 'A' ? 'B' : 'A') + stored.slice(-2);
    await db.query('UPDATE messages SET body = $2 WHERE id = $1', [res.body.id, flipped]);
    const page = await history(bob, group);
    const tampered = page.find((m) => m.id === res.body.id)!;
    expect(tampered).toMatchObject({ body: null, failureReason: UNREADABLE });
    expect(page.map((m) => m.body)).toContain(EDITED);
  });
});
