import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName, QueueName } from '../src/common/jobs/job.types';
import { S3Storage } from '../src/modules/attachments/storage/s3.storage';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { freePort, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

const MAX_BYTES = 64 * 1024;
const UPLOADS_PER_MINUTE = 20;
/** Two and a half files of MAX_BYTES per person. */
const QUOTA_BYTES = 160 * 1024;

/** A multipart body with one part, built by hand so the test controls every header byte. */
function multipart(
  filename: string,
  content: Buffer,
  type = 'application/octet-stream',
  field = 'file',
): { body: Buffer; contentType: string } {
  const boundary = `----test${Math.random().toString(36).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename*=UTF-8''${encodeURIComponent(filename)}\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();

/**
 * A real PNG that declares `size`x`size` pixels of one colour: a few kilobytes that decode to
 * `size`² x `channels` bytes (16000² RGB: 768 MB).
 */
function pngBomb(size: number, colourType: 0 | 2 = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  const row = size * (colourType === 2 ? 3 : 1) + 1;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(row * size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('attachments', () => {
  let t: TestApp;
  let uploadsDir: string;
  let alice: Session;
  let bob: Session;
  let eve: Session;
  let conversationId: string;
  let bobSocket: TestClient;

  /** Uploads as `session`; `chunked` streams the body without a Content-Length. */
  async function upload(
    session: Session | null,
    conversation: string,
    filename: string,
    content: Buffer,
    { type, chunked = false, path }: { type?: string; chunked?: boolean; path?: string } = {},
  ) {
    const form = multipart(filename, content, type);
    const body = chunked
      ? (Readable.toWeb(
          Readable.from(
            Array.from({ length: Math.ceil(form.body.length / 8192) }, (_, i) =>
              form.body.subarray(i * 8192, (i + 1) * 8192),
            ),
          ),
        ) as ReadableStream)
      : new Uint8Array(form.body);
    const res = await fetch(
      `${t.url}${path ?? `/api/v1/conversations/${conversation}/attachments`}`,
      {
        method: path ? 'PUT' : 'POST',
        headers: {
          'content-type': form.contentType,
          ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
        },
        body,
        duplex: 'half',
      } as RequestInit,
    );
    return { status: res.status, body: await res.json() };
  }

  async function download(session: Session | null, path: string, headers = {}) {
    const res = await fetch(`${t.url}${path}`, {
      headers: {
        ...headers,
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      },
    });
    return {
      status: res.status,
      headers: res.headers,
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  }

  async function sendWith(session: Session, conversation: string, attachmentIds: string[]) {
    const res = await asUser(t.url, session)
      .post(`/api/v1/conversations/${conversation}/messages`, {
        clientMessageId: `att-${crypto.randomUUID()}`,
        attachmentIds,
      })
      .expect(201);
    return res.body as { id: string };
  }

  async function storedFiles(conversation: string): Promise<string[]> {
    const dir = join(uploadsDir, 'attachments', conversation);
    return existsSync(dir) ? readdir(dir) : [];
  }

  beforeAll(async () => {
    uploadsDir = await mkdtemp(join(tmpdir(), 'chat-uploads-'));
    t = await startTestApp({
      UPLOADS_DIR: uploadsDir,
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
      RATE_LIMIT_UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE),
      UPLOAD_QUOTA_BYTES: String(QUOTA_BYTES),
    });
    [alice, bob, eve] = await Promise.all([register(t.url), register(t.url), register(t.url)]);
    conversationId = await asUser(t.url, alice).direct(bob);
    bobSocket = await connectClient(t.url, bob.accessToken);
  });

  afterAll(async () => {
    bobSocket?.close();
    await t?.close();
    await rm(uploadsDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('stores a file and describes it; images are recognised by their bytes', async () => {
      const text = await upload(alice, conversationId, 'notes.txt', Buffer.from('hello'), {
        type: 'text/plain',
      });
      expect(text.status).toBe(201);
      expect(text.body).toEqual({
        id: expect.any(String),
        name: 'notes.txt',
        mimeType: 'text/plain',
        size: 5,
        kind: 'file',
        status: 'ready',
        width: null,
        height: null,
        url: `/api/v1/attachments/${text.body.id}`,
        thumbnailUrl: null,
      });

      // A PNG sent as text/plain is still an image; HTML claiming to be a PNG is a download.
      const image = await upload(alice, conversationId, 'a.txt', await png(4, 4), {
        type: 'text/plain',
      });
      expect(image.body).toMatchObject({
        kind: 'image',
        mimeType: 'image/png',
        status: 'processing',
      });
      const fake = await upload(alice, conversationId, 'x.png', Buffer.from('<html><script>'), {
        type: 'image/png',
      });
      expect(fake.body).toMatchObject({ kind: 'file', mimeType: 'application/octet-stream' });
      const svg = await upload(alice, conversationId, 'x.svg', Buffer.from('<svg onload=x>'), {
        type: 'image/svg+xml',
      });
      expect(svg.body).toMatchObject({ kind: 'file', mimeType: 'application/octet-stream' });
    });

    it('sanitizes file names: no path, NUL, control or bidi characters; 200 characters with the extension', async () => {
      const session = await register(t.url);
      const id = await asUser(t.url, session).direct(alice);
      const sneaky = await upload(
        session,
        id,
        '../../etc/pass\u0001wd\u0000\u202e.txt',
        Buffer.from('x'),
      );
      expect(sneaky.body.name).toBe('passwd.txt');
      const long = await upload(session, id, `${'n'.repeat(400)}.pdf`, Buffer.from('x'));
      expect(long.body.name).toHaveLength(200);
      expect(long.body.name.endsWith('n.pdf')).toBe(true);
      const empty = await upload(session, id, '..', Buffer.from('x'));
      expect(empty.body.name).toBe('file');
    });

    it('refuses a file over UPLOAD_MAX_BYTES with 413 and keeps nothing, streamed or announced', async () => {
      const session = await register(t.url);
      const id = await asUser(t.url, session).direct(alice);
      const big = Buffer.alloc(MAX_BYTES + 1, 7);
      // Without a Content-Length the limit is found while streaming: the partial file goes.
      const streamed = await upload(session, id, 'big.bin', big, { chunked: true });
      expect(streamed.status).toBe(413);
      const announced = await upload(session, id, 'big.bin', Buffer.alloc(MAX_BYTES * 2));
      expect(announced.status).toBe(413);
      expect(await storedFiles(id)).toEqual([]);
      const rows = await t.app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM attachments WHERE conversation_id = $1', [id]);
      expect(rows[0].n).toBe(0);
      // Exactly the limit is fine.
      const exact = await upload(session, id, 'exact.bin', Buffer.alloc(MAX_BYTES, 1), {
        chunked: true,
      });
      expect(exact).toMatchObject({ status: 201, body: { size: MAX_BYTES } });
      expect(await storedFiles(id)).toEqual([exact.body.id]);
    });

    it('refuses malformed forms, other fields and non-members', async () => {
      const bad = await fetch(`${t.url}/api/v1/conversations/${conversationId}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${alice.accessToken}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(bad.status).toBe(400);
      const form = multipart('a.txt', Buffer.from('x'), 'text/plain', 'other');
      const wrongField = await fetch(
        `${t.url}/api/v1/conversations/${conversationId}/attachments`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${alice.accessToken}`,
            'content-type': form.contentType,
          },
          body: new Uint8Array(form.body),
        },
      );
      expect(wrongField.status).toBe(400);
      expect((await upload(eve, conversationId, 'a.txt', Buffer.from('x'))).status).toBe(404);
      expect((await upload(null, conversationId, 'a.txt', Buffer.from('x'))).status).toBe(401);
    });

    it(`limits uploads to RATE_LIMIT_UPLOADS_PER_MINUTE per user (429)`, async () => {
      const session = await register(t.url);
      const id = await asUser(t.url, session).direct(alice);
      for (let i = 0; i < UPLOADS_PER_MINUTE; i++) {
        expect((await upload(session, id, 'a.txt', Buffer.from('x'))).status).toBe(201);
      }
      const refused = await upload(session, id, 'a.txt', Buffer.from('x'));
      expect(refused.status).toBe(429);
    });
  });

  describe('download', () => {
    it('gives members the bytes with download headers; anonymous 401, non-member 404', async () => {
      const content = Buffer.from('<html><script>alert(1)</script></html>');
      const { body } = await upload(alice, conversationId, 'page.html', content, {
        type: 'text/html',
      });
      await sendWith(alice, conversationId, [body.id]);
      const res = await download(bob, body.url);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(content)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      const etag = res.headers.get('etag')!;
      expect(etag).toBe(`"${body.id}"`);
      expect((await download(bob, body.url, { 'if-none-match': etag })).status).toBe(304);

      expect((await download(null, body.url)).status).toBe(401);
      expect((await download(eve, body.url)).status).toBe(404);
      expect((await download(eve, `${body.url}/thumbnail`)).status).toBe(404);
      expect((await download(null, `${body.url}/thumbnail`)).status).toBe(401);
      expect((await download(bob, `/api/v1/attachments/${crypto.randomUUID()}`)).status).toBe(404);
    });
  });

  describe('thumbnails', () => {
    it('measures the image, stores a WebP thumbnail and tells the conversation', async () => {
      const original = await png(800, 600);
      const { body } = await upload(alice, conversationId, 'photo.png', original);
      await sendWith(alice, conversationId, [body.id]);
      const event = await bobSocket.waitFor(
        'attachment:updated',
        (p) => p.attachment.id === body.id,
        15_000,
      );
      expect(event).toEqual({
        conversationId,
        attachment: {
          ...body,
          status: 'ready',
          width: 800,
          height: 600,
          thumbnailUrl: `/api/v1/attachments/${body.id}/thumbnail`,
        },
      });
      const thumb = await download(bob, event.attachment.thumbnailUrl);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(thumb.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 480, height: 360 });

      const full = await download(bob, body.url);
      expect(full.headers.get('content-type')).toBe('image/png');
      expect(full.headers.get('content-disposition')).toMatch(/^inline;/);
      expect(full.bytes.equals(original)).toBe(true);
    });

    it('marks an image that cannot be decoded as failed, and the worker goes on', async () => {
      const corrupt = Buffer.concat([(await png(10, 10)).subarray(0, 16), Buffer.alloc(200, 1)]);
      const { body } = await upload(alice, conversationId, 'broken.png', corrupt);
      expect(body).toMatchObject({ kind: 'image', status: 'processing' });
      const event = await bobSocket.waitFor(
        'attachment:updated',
        (p) => p.attachment.id === body.id,
        15_000,
      );
      expect(event.attachment).toMatchObject({ status: 'failed', thumbnailUrl: null });
      // The same worker still makes the next thumbnail.
      const next = await upload(alice, conversationId, 'ok.png', await png(20, 10));
      const done = await bobSocket.waitFor(
        'attachment:updated',
        (p) => p.attachment.id === next.body.id,
        15_000,
      );
      expect(done.attachment).toMatchObject({ status: 'ready', width: 20, height: 10 });
    });

    it('refuses an image of more than THUMBNAIL_MAX_PIXELS from its header (failed, still downloadable)', async () => {
      // 56 megapixels in 55 kB (the limit is 50 million by default).
      const bomb = pngBomb(7_500);
      expect(bomb.length).toBeLessThan(MAX_BYTES);
      const { body } = await upload(alice, conversationId, 'bomb.png', bomb);
      expect(body).toMatchObject({ kind: 'image', status: 'processing' });
      const event = await bobSocket.waitFor(
        'attachment:updated',
        (p) => p.attachment.id === body.id,
        15_000,
      );
      expect(event.attachment).toMatchObject({ status: 'failed', thumbnailUrl: null });
    });
  });

  describe('sending', () => {
    it('sends a message with attachments: stored, delivered, listed, and idempotent on retry', async () => {
      const photo = await upload(alice, conversationId, 'p.png', await png(30, 20));
      const doc = await upload(alice, conversationId, 'd.pdf', Buffer.from('%PDF-1.4'), {
        type: 'application/pdf',
      });
      const send = {
        clientMessageId: `att-${crypto.randomUUID()}`,
        attachmentIds: [doc.body.id, photo.body.id],
      };
      const me = asUser(t.url, alice);
      const created = await me
        .post(`/api/v1/conversations/${conversationId}/messages`, send)
        .expect(201);
      expect(created.body.attachments.map((a: { id: string }) => a.id)).toEqual([
        doc.body.id,
        photo.body.id,
      ]);
      expect(created.body.attachments[0]).toEqual(doc.body);
      const delivered = await bobSocket.waitFor('message:new', (m) => m.id === created.body.id);
      expect(delivered.attachments).toEqual(created.body.attachments);

      const retried = await me
        .post(`/api/v1/conversations/${conversationId}/messages`, send)
        .expect(200);
      expect(retried.body.id).toBe(created.body.id);
      expect(retried.body.attachments.map((a: { id: string }) => a.id)).toEqual(send.attachmentIds);

      const page = await asUser(t.url, bob)
        .get(`/api/v1/conversations/${conversationId}/messages?limit=5`)
        .expect(200);
      const listed = page.body.items.find((m: { id: string }) => m.id === created.body.id);
      expect(listed.attachments.map((a: { id: string }) => a.id)).toEqual(send.attachmentIds);
    });

    it("refuses someone else's attachment, or one from another conversation (400 naming attachmentIds)", async () => {
      const mine = await upload(alice, conversationId, 'a.txt', Buffer.from('a'));
      const theirs = await asUser(t.url, bob)
        .post(`/api/v1/conversations/${conversationId}/messages`, {
          clientMessageId: `x-${crypto.randomUUID()}`,
          attachmentIds: [mine.body.id],
        })
        .expect(400);
      expect(JSON.stringify(theirs.body.message)).toContain('attachmentIds');

      const elsewhere = await asUser(t.url, alice).direct(eve);
      const moved = await asUser(t.url, alice)
        .post(`/api/v1/conversations/${elsewhere}/messages`, {
          clientMessageId: `y-${crypto.randomUUID()}`,
          body: 'look',
          attachmentIds: [mine.body.id],
        })
        .expect(400);
      expect(JSON.stringify(moved.body.message)).toContain('attachmentIds');
    });
  });

  describe('lifecycle', () => {
    let redis: Redis;
    let sweepQueue: Queue;
    let thumbnailQueue: Queue;
    beforeAll(() => {
      redis = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
      sweepQueue = new Queue(QueueName.AttachmentSweep, { connection: redis });
      thumbnailQueue = new Queue(QueueName.Thumbnails, { connection: redis });
    });
    afterAll(async () => {
      await sweepQueue.close();
      await thumbnailQueue.close();
      await redis.quit();
    });

    const sql = (text: string, params: unknown[]) => t.app.get(DataSource).query(text, params);
    const rowExists = async (id: string) =>
      (await sql('SELECT 1 FROM attachments WHERE id = $1', [id])).length === 1;

    /** Runs the sweep now (as its schedule would) and answers what it did. */
    async function sweep() {
      const jobs = t.app.get(JobQueue);
      await jobs.remove(JobName.SweepAttachments, { trigger: 'manual' });
      await jobs.add(JobName.SweepAttachments, { trigger: 'manual' });
      let outcome: { deleted: number; requeued: number; failed: number } | undefined;
      await waitFor(
        async () => {
          const job = await sweepQueue.getJob('sweep-attachments-manual');
          if (!job || !(await job.isCompleted())) return false;
          outcome = job.returnvalue;
          return true;
        },
        15_000,
        'the sweep to finish',
      );
      return outcome!;
    }

    it('is scheduled every ten minutes', async () => {
      expect(await sweepQueue.getJobSchedulers()).toEqual([
        expect.objectContaining({ name: JobName.SweepAttachments, every: 600_000 }),
      ]);
    });

    it('an upload never sent is downloadable by its uploader only; once sent, by the members', async () => {
      const { body } = await upload(bob, conversationId, 'draft.png', await png(12, 12));
      await bobSocket.waitFor('attachment:updated', (p) => p.attachment.id === body.id, 15_000);
      expect((await download(bob, body.url)).status).toBe(200);
      expect((await download(bob, `${body.url}/thumbnail`)).status).toBe(200);
      expect((await download(alice, body.url)).status).toBe(404);
      expect((await download(alice, `${body.url}/thumbnail`)).status).toBe(404);
      await sendWith(bob, conversationId, [body.id]);
      expect((await download(alice, body.url)).status).toBe(200);
      expect((await download(alice, `${body.url}/thumbnail`)).status).toBe(200);
    });

    it("a deleted message's files stop being downloadable at once, and the sweep deletes them", async () => {
      const { body } = await upload(bob, conversationId, 'secret.txt', Buffer.from('secret'));
      const message = await sendWith(bob, conversationId, [body.id]);
      expect((await download(alice, body.url)).status).toBe(200);
      await asUser(t.url, bob).delete(`/api/v1/messages/${message.id}`).expect(204);
      expect((await download(alice, body.url)).status).toBe(404);
      expect((await download(bob, body.url)).status).toBe(404);

      expect(await storedFiles(conversationId)).toContain(body.id);
      expect((await sweep()).deleted).toBeGreaterThanOrEqual(1);
      expect(await storedFiles(conversationId)).not.toContain(body.id);
      expect(await rowExists(body.id)).toBe(false);
    });

    it('an upload no message took is collected after UPLOAD_ORPHAN_HOURS; sent ones stay', async () => {
      const orphan = await upload(bob, conversationId, 'orphan.txt', Buffer.from('o'));
      const young = await upload(bob, conversationId, 'young.txt', Buffer.from('y'));
      const sent = await upload(bob, conversationId, 'sent.txt', Buffer.from('s'));
      await sendWith(bob, conversationId, [sent.body.id]);
      await sql(
        `UPDATE attachments SET created_at = now() - interval '25 hours' WHERE id = ANY($1)`,
        [[orphan.body.id, sent.body.id]],
      );
      await sweep();
      const files = await storedFiles(conversationId);
      expect(files).not.toContain(orphan.body.id);
      expect(await rowExists(orphan.body.id)).toBe(false);
      expect(files).toEqual(expect.arrayContaining([young.body.id, sent.body.id]));
      expect((await download(alice, sent.body.url)).status).toBe(200);
      expect((await download(bob, young.body.url)).status).toBe(200);
    });

    it('an image left processing (its job lost with Redis) is queued again, or failed after an hour', async () => {
      const lost = await upload(bob, conversationId, 'lost.png', await png(40, 30));
      const old = await upload(bob, conversationId, 'old.png', await png(40, 30));
      for (const id of [lost.body.id, old.body.id]) {
        await bobSocket.waitFor(
          'attachment:updated',
          (p) => p.attachment.id === id && p.attachment.status === 'ready',
          15_000,
        );
        // As if Redis lost the job before it ran: still processing, and no job.
        await thumbnailQueue.remove(id);
      }
      await sql(
        `UPDATE attachments SET status = 'processing', thumbnail_key = NULL, width = NULL, height = NULL,
           created_at = now() - CASE WHEN id = $1 THEN interval '15 minutes' ELSE interval '2 hours' END
         WHERE id = ANY($2)`,
        [lost.body.id, [lost.body.id, old.body.id]],
      );
      const failed = bobSocket.waitFor(
        'attachment:updated',
        (p) => p.attachment.id === old.body.id && p.attachment.status === 'failed',
        15_000,
      );
      expect(await sweep()).toMatchObject({ requeued: 1, failed: 1 });
      expect((await failed).attachment).toMatchObject({ thumbnailUrl: null });
      // The lost one was made again by the thumbnail worker.
      await waitFor(
        async () =>
          (
            await sql(
              `SELECT 1 FROM attachments WHERE id = $1 AND status = 'ready' AND thumbnail_key IS NOT NULL`,
              [lost.body.id],
            )
          ).length === 1,
        15_000,
        'the lost thumbnail to be made again',
      );
    });

    it('keeps each person within UPLOAD_QUOTA_BYTES: 413 QUOTA_EXCEEDED, usage shown, space back on delete', async () => {
      const dana = await register(t.url);
      const id = await asUser(t.url, dana).direct(alice);
      const me = asUser(t.url, dana);
      const usage = async () => (await me.get('/api/v1/users/me/storage').expect(200)).body;
      expect(await usage()).toEqual({ usedBytes: 0, quotaBytes: QUOTA_BYTES });

      const first = await upload(dana, id, 'a.bin', Buffer.alloc(MAX_BYTES, 1));
      const second = await upload(dana, id, 'b.bin', Buffer.alloc(MAX_BYTES, 2));
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(await usage()).toEqual({ usedBytes: 2 * MAX_BYTES, quotaBytes: QUOTA_BYTES });

      for (const chunked of [false, true]) {
        const over = await upload(dana, id, 'c.bin', Buffer.alloc(MAX_BYTES, 3), { chunked });
        expect(over.status).toBe(413);
        expect(over.body.code).toBe('QUOTA_EXCEEDED');
      }
      expect(await storedFiles(id)).toHaveLength(2);
      // What is left still fits.
      const fits = await upload(dana, id, 'd.bin', Buffer.alloc(QUOTA_BYTES - 2 * MAX_BYTES, 4));
      expect(fits.status).toBe(201);
      expect((await upload(dana, id, 'e.bin', Buffer.from('x'))).body.code).toBe('QUOTA_EXCEEDED');

      // A deleted message's file no longer counts once the sweep has taken it.
      const message = await sendWith(dana, id, [first.body.id]);
      await me.delete(`/api/v1/messages/${message.id}`).expect(204);
      await sweep();
      expect((await usage()).usedBytes).toBe(QUOTA_BYTES - MAX_BYTES);
      expect((await upload(dana, id, 'f.bin', Buffer.from('x'))).status).toBe(201);
    });
  });

  describe('avatars', () => {
    it('stores a square avatar at a public path and tells contacts (user:updated)', async () => {
      const photo = await sharp({
        create: { width: 300, height: 200, channels: 3, background: '#cc3366' },
      })
        .jpeg()
        .toBuffer();
      const res = await upload(alice, '', 'me.jpg', photo, { path: '/api/v1/users/me/avatar' });
      expect(res.status).toBe(200);
      expect(res.body.avatarUrl).toMatch(
        new RegExp(`^/api/v1/avatars/${alice.user.id}/[a-z0-9]{16}$`),
      );
      const event = await bobSocket.waitFor('user:updated', (u) => u.id === alice.user.id);
      expect(event.avatarUrl).toBe(res.body.avatarUrl);
      const served = await download(null, res.body.avatarUrl);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await sharp(served.bytes).metadata()).toMatchObject({ width: 256, height: 256 });

      const replaced = await upload(alice, '', 'me2.png', await png(64, 64), {
        path: '/api/v1/users/me/avatar',
      });
      expect(replaced.status).toBe(200);
      // The previous version is removed once replaced.
      expect((await download(null, res.body.avatarUrl)).status).toBe(404);
    });

    it('refuses a non-image avatar (400) and anonymous callers (401)', async () => {
      const text = await upload(bob, '', 'me.svg', Buffer.from('<svg/>'), {
        path: '/api/v1/users/me/avatar',
      });
      expect(text.status).toBe(400);
      expect(
        (await upload(null, '', 'me.png', await png(8, 8), { path: '/api/v1/users/me/avatar' }))
          .status,
      ).toBe(401);
      expect((await download(null, `/api/v1/avatars/${bob.user.id}/0123456789abcdef`)).status).toBe(
        404,
      );
    });
  });

  describe('S3 storage', () => {
    const motoServer = join(
      process.env.CHAT_MOTO_DIR ??
        join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chat-moto'),
      'venv',
      'bin',
      'moto_server',
    );
    const available = existsSync(motoServer);
    if (!available && process.env.MOTO_REQUIRED) {
      throw new Error(
        `MOTO_REQUIRED is set but ${motoServer} is missing: run bash scripts/install-moto.sh`,
      );
    }
    const itWithMoto = available ? it : it.skip;
    let moto: ChildProcess | undefined;
    let endpoint: string;

    beforeAll(async () => {
      if (!available) {
        console.warn(
          `S3 storage test skipped: moto is not installed (bash scripts/install-moto.sh)`,
        );
        return;
      }
      const port = await freePort();
      endpoint = `http://127.0.0.1:${port}`;
      moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      await waitFor(() => fetch(endpoint).then((r) => r.ok), 30_000, 'moto_server');
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await client.send(new CreateBucketCommand({ Bucket: 'chat-test' }));
      client.destroy();
    }, 60_000);

    afterAll(() => {
      moto?.kill();
    });

    itWithMoto(
      'round-trips through an S3-compatible server (moto), uploads and downloads too',
      async () => {
        const storage = new S3Storage({
          bucket: 'chat-test',
          region: 'us-east-1',
          endpoint,
          accessKeyId: 'test',
          secretAccessKey: 'test',
          forcePathStyle: true,
        });
        // Bigger than one 5 MiB part: a real multipart upload.
        const bytes = Buffer.alloc(6 * 1024 * 1024 + 123, 9);
        await storage.put(
          'a/b',
          Readable.from([bytes.subarray(0, 4_000_000), bytes.subarray(4_000_000)]),
          {
            contentType: 'application/octet-stream',
          },
        );
        const back = Buffer.concat(await (await storage.get('a/b')).toArray());
        expect(back.equals(bytes)).toBe(true);
        await storage.delete('a/b');
        await expect(storage.get('a/b')).rejects.toThrow('no stored object');
        // A body that fails part-way leaves nothing behind.
        const broken = new Readable({
          read() {
            this.push(Buffer.alloc(1024));
            this.destroy(new Error('client went away'));
          },
        });
        await expect(storage.put('c/d', broken, { contentType: 'x/y' })).rejects.toThrow();
        await expect(storage.get('c/d')).rejects.toThrow('no stored object');
        storage.destroy();

        const s3App = await startTestApp({
          S3_BUCKET: 'chat-test',
          S3_ENDPOINT: endpoint,
          S3_ACCESS_KEY_ID: 'test',
          S3_SECRET_ACCESS_KEY: 'test',
          S3_FORCE_PATH_STYLE: 'true',
          WORKER_MODE: 'none',
        });
        try {
          const form = multipart('s3.txt', Buffer.from('in the bucket'), 'text/plain');
          const created = await fetch(
            `${s3App.url}/api/v1/conversations/${conversationId}/attachments`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${alice.accessToken}`,
                'content-type': form.contentType,
              },
              body: new Uint8Array(form.body),
            },
          );
          expect(created.status).toBe(201);
          const { url } = (await created.json()) as { url: string };
          // Its uploader: nobody else sees a file no message carries.
          const res = await fetch(`${s3App.url}${url}`, {
            headers: { authorization: `Bearer ${alice.accessToken}` },
          });
          expect(await res.text()).toBe('in the bucket');
        } finally {
          await s3App.close();
        }
      },
      60_000,
    );
  });
});
