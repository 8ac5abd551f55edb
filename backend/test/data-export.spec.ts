import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { asBytes } from './support/bytes';
import { fromBufferPromise } from 'yauzl';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName } from '../src/common/jobs/job.types';
import { startTestApp, type TestApp } from './support/app';
import { waitFor } from './support/services';
import { linkToken, TestSmtpServer } from './support/smtp';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const PUBLIC_URL = 'http://chat.test';
/** Not a valid PNG, on purpose: a plain file, whose bytes must come back exactly. */
const FILE = Buffer.from('export me, byte for byte \u00e9\u0000\u00ff', 'latin1');

interface ExportStatus {
  status: string;
  progress: number;
  url?: string;
  expiresAt?: string;
  mailed: boolean;
}

/** Unzips into name -> bytes. */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await fromBufferPromise(zip, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of file.eachEntry()) {
    const stream = await file.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  return entries;
}

/**
 * "Export my data" (issue 18) against a real SMTP server: the ZIP built by the job, its
 * contents, the mailed link, the token, the expiry and its sweep, one running per person.
 */
describe('data export', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let db: Client;
  let alice: Session;
  let bob: Session;
  const email = () => `${alice.user.username}@example.com`;

  const api = () => request(t.url);
  const auth = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });
  const status = async (s: Session) =>
    (await api().get('/api/v1/users/me/export').set(auth(s)).expect(200)).body as ExportStatus;
  const download = (path: string) => asBytes(api().get(path));

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    const url = await freshDatabase('data_export');
    t = await startTestApp({ DATABASE_URL: url, SMTP_URL: smtp.url, PUBLIC_URL });
    db = new Client({ connectionString: url });
    await db.connect();
    alice = await register(t.url);
    bob = await register(t.url);
    // A verified address, through the real mail.
    await api().patch('/api/v1/users/me').set(auth(alice)).send({ email: email() }).expect(200);
    const token = linkToken(await smtp.waitFor(email()), PUBLIC_URL, '/verify-email/');
    await api().post('/api/v1/auth/email/verify').send({ token }).expect(204);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await smtp?.close();
  });

  it('marks an export failed after its last attempt, when the storage refuses it, and lets a new one start', async () => {
    // A plain file where the exports folder goes: every write of an archive fails.
    const folder = join(t.config.UPLOADS_DIR, 'exports');
    await rm(folder, { recursive: true, force: true });
    await mkdir(t.config.UPLOADS_DIR, { recursive: true });
    await writeFile(folder, 'not a folder');
    try {
      await api().post('/api/v1/users/me/export').set(auth(bob)).expect(202);
      const failed = await waitFor(async () => {
        const s = await status(bob);
        return s.status === 'failed' ? s : undefined;
      }, 20_000);
      expect(failed).toEqual({ status: 'failed', progress: expect.any(Number), mailed: false });
    } finally {
      await rm(folder, { force: true });
    }
    await api().post('/api/v1/users/me/export').set(auth(bob)).expect(202);
    await waitFor(async () => ((await status(bob)).status === 'ready' ? true : undefined), 20_000);
  });

  it('builds a ZIP with the profile, conversations, messages and uploaded files, mails the link, and serves it only with the token', async () => {
    expect(await status(alice)).toEqual({ status: 'none', progress: 0, mailed: true });

    const group = await api()
      .post('/api/v1/conversations')
      .set(auth(alice))
      .send({ type: 'group', title: 'Export trip', memberIds: [bob.user.id] })
      .expect(201);
    const conversationId = group.body.id as string;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(FILE)], { type: 'text/plain' }), 'notes.txt');
    const uploaded = await fetch(`${t.url}/api/v1/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: auth(alice),
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const attachmentId = ((await uploaded.json()) as { id: string }).id;
    const sent = await api()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set(auth(alice))
      .send({ clientMessageId: 'export-1', body: 'pack the tent', attachmentIds: [attachmentId] })
      .expect(201);
    await api()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set(auth(bob))
      .send({ clientMessageId: 'export-bob', body: 'not alice at all' })
      .expect(201);

    const started = await api().post('/api/v1/users/me/export').set(auth(alice)).expect(202);
    expect(started.body).toMatchObject({ status: 'running', progress: 0, mailed: true });
    // One at a time: asking again answers the running one (or, if already done, the ready one).
    const again = await api().post('/api/v1/users/me/export').set(auth(alice)).expect(202);
    expect(['running', 'ready']).toContain(again.body.status);
    const rows = await db.query(`SELECT count(*)::int AS n FROM data_exports WHERE user_id = $1`, [
      alice.user.id,
    ]);
    expect(rows.rows[0].n).toBe(1);

    const seen: number[] = [];
    const ready = await waitFor(async () => {
      const s = await status(alice);
      seen.push(s.progress);
      return s.status === 'ready' ? s : undefined;
    }, 20_000);
    expect(ready.progress).toBe(100);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1])).toBe(true);
    expect(Date.parse(ready.expiresAt!) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect(ready.url).toMatch(
      /^http:\/\/chat\.test\/api\/v1\/exports\/[0-9a-f-]{36}\/download\?token=/,
    );

    // The mail carries the same link.
    const mail = await smtp.waitFor(email(), 2);
    expect(mail.decoded).toContain('data export is ready');
    expect(mail.decoded).toContain(ready.url);

    const path = ready.url!.slice(PUBLIC_URL.length);
    const res = await download(path).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="chat-export-/);
    const zip = await unzip(res.body as Buffer);

    const profile = JSON.parse(zip.get('profile.json')!.toString()) as {
      profile: { id: string; username: string; email: string };
    };
    expect(profile.profile).toMatchObject({
      id: alice.user.id,
      username: alice.user.username,
      email: email(),
    });
    const conversations = JSON.parse(zip.get('conversations.json')!.toString()) as {
      id: string;
      title: string;
      role: string;
    }[];
    expect(conversations).toContainEqual(
      expect.objectContaining({ id: conversationId, title: 'Export trip', role: 'owner' }),
    );
    const messages = JSON.parse(zip.get('messages.json')!.toString()) as {
      id: string;
      body: string | null;
      attachmentIds: string[];
    }[];
    expect(messages).toContainEqual(
      expect.objectContaining({
        id: sent.body.id,
        body: 'pack the tent',
        attachmentIds: [attachmentId],
      }),
    );
    expect(messages.map((m) => m.body)).not.toContain('not alice at all');
    expect(zip.get(`files/${attachmentId}/notes.txt`)).toEqual(FILE);
    const files = JSON.parse(zip.get('files.json')!.toString()) as { id: string; path: string }[];
    expect(files).toEqual([
      expect.objectContaining({ id: attachmentId, path: `files/${attachmentId}/notes.txt` }),
    ]);

    // The token is the credential: without it, or with another, nothing.
    const id = /exports\/([0-9a-f-]{36})\//.exec(path)![1];
    await download(`/api/v1/exports/${id}/download`).expect(400);
    await download(`/api/v1/exports/${id}/download?token=${'A'.repeat(43)}`).expect(404);
    // Nor does bob's page show alice's export.
    expect((await status(bob)).url).not.toBe(ready.url);

    // A new export replaces this one: its link answers 410 and its archive is deleted.
    await api().post('/api/v1/users/me/export').set(auth(alice)).expect(202);
    const newer = await waitFor(async () => {
      const s = await status(alice);
      return s.status === 'ready' && s.url !== ready.url ? s : undefined;
    }, 20_000);
    await download(newer.url!.slice(PUBLIC_URL.length)).expect(200);
    await download(path).expect(410);
    expect(existsSync(join(t.config.UPLOADS_DIR, 'exports', `${id}.zip`))).toBe(false);
  });

  it('pages through more messages than one page holds, all written at the same instant, with none lost or doubled', async () => {
    const carol = await register(t.url);
    const direct = await api()
      .post('/api/v1/conversations')
      .set(auth(carol))
      .send({ type: 'direct', userId: bob.user.id });
    // One statement: every row gets the same created_at, so only the id orders them.
    await db.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, body)
       SELECT $1, 1000 + g, $2, 'bulk-' || g, 'bulk ' || g FROM generate_series(1, 1234) g`,
      [direct.body.id, carol.user.id],
    );
    await api().post('/api/v1/users/me/export').set(auth(carol)).expect(202);
    const ready = await waitFor(async () => {
      const s = await status(carol);
      return s.status === 'ready' ? s : undefined;
    }, 20_000);
    const zip = await unzip((await download(ready.url!.slice(PUBLIC_URL.length)).expect(200)).body);
    const messages = JSON.parse(zip.get('messages.json')!.toString()) as { body: string }[];
    expect(messages).toHaveLength(1234);
    expect(new Set(messages.map((m) => m.body)).size).toBe(1234);
  });

  it('answers 410 for an expired export, and the sweep deletes its file', async () => {
    const ready = await status(alice);
    expect(ready.status).toBe('ready');
    const path = ready.url!.slice(PUBLIC_URL.length);
    const id = /exports\/([0-9a-f-]{36})\//.exec(path)![1];
    const file = join(t.config.UPLOADS_DIR, 'exports', `${id}.zip`);
    expect(existsSync(file)).toBe(true);

    await db.query(
      `UPDATE data_exports SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    await download(path).expect(410);

    const jobs = t.app.get(JobQueue);
    await jobs.remove(JobName.ExpireExports, { trigger: 'manual' });
    await jobs.add(JobName.ExpireExports, { trigger: 'manual' });
    await waitFor(async () => ((await status(alice)).status === 'expired' ? true : undefined));
    expect(existsSync(file)).toBe(false);
    await download(path).expect(410);
    expect(await status(alice)).toMatchObject({ status: 'expired' });
    // A wrong token on an expired export still reveals nothing.
    await download(`/api/v1/exports/${id}/download?token=${'A'.repeat(43)}`).expect(404);

    // And a new export can start.
    await api()
      .post('/api/v1/users/me/export')
      .set(auth(alice))
      .expect(202)
      .expect((res) => expect(res.body.status).toBe('running'));
  });
});
