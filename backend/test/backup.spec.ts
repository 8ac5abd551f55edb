import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { extract, pack } from 'tar-stream';
import type { ArchiveHeader, ArchiveManifest } from '../src/modules/backup/archive-format';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { buildBackend, runDist } from './support/processes';
import { freePort, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The archive's header and manifest, read by streaming past every other entry. */
async function archiveJson(path: string) {
  const json: Record<string, unknown> = {};
  const entries = extract();
  const reading = pipeline(createReadStream(path), entries);
  for await (const entry of entries) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
    if (entry.header.name.endsWith('.json')) {
      json[entry.header.name] = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    }
  }
  await reading;
  return {
    header: json['header.json'] as ArchiveHeader,
    manifest: json['manifest.json'] as ArchiveManifest,
  };
}

/** A table's rows in COPY text and their SHA-256, as the backup computes them. */
async function tableDigest(db: Client, table: string, columns: string[]) {
  const stream = db.query(
    copyTo(`COPY (SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}) TO STDOUT`),
  );
  const hash = createHash('sha256');
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (const byte of chunk) if (byte === 10) rows++;
  }
  return { rows, sha256: hash.digest('hex') };
}

/**
 * `cli.js backup` and `restore` as they ship, against a running API whose people keep sending
 * while the backup runs: the restored database equals the backup's snapshot table by table, the
 * files byte for byte, and the app boots on it and serves the history.
 */
describe('backup and restore (node dist/cli.js)', () => {
  let t: TestApp;
  let sourceUrl: string;
  let uploadsDir: string;
  let workDir: string;
  let alice: Session;
  let bob: Session;
  let conversationId: string;
  const files = new Map<string, Buffer>();

  const cli = async (args: string[], env: Record<string, string>) => {
    const run = runDist('cli.js', { REDIS_URL: process.env.REDIS_URL!, ...env }, args);
    const code = await run.exit;
    const { stdout, stderr } = run.output();
    return {
      code,
      out: stdout.split('\n').filter(Boolean),
      err: stderr.split('\n').filter(Boolean),
    };
  };

  beforeAll(async () => {
    buildBackend();
    workDir = await mkdtemp(join(tmpdir(), 'chat-backup-'));
    uploadsDir = join(workDir, 'uploads-source');
    sourceUrl = await freshDatabase('backup');
    t = await startTestApp({
      DATABASE_URL: sourceUrl,
      UPLOADS_DIR: uploadsDir,
      RATE_LIMIT_MESSAGES_PER_MINUTE: '1000000',
      RATE_LIMIT_MESSAGES_PER_DAY: '1000000',
    });
    alice = await register(t.url);
    bob = await register(t.url);
    conversationId = (
      await asUser(t.url, alice)
        .post('/api/v1/conversations', {
          type: 'group',
          title: 'Backups',
          memberIds: [bob.user.id],
        })
        .expect(201)
    ).body.id;
    // Files of several sizes: one spans three of the archive's 4 MiB parts, one is tiny.
    for (const size of [9 * 1024 * 1024 + 17, 1, 70_000]) {
      const bytes = randomBytes(size);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), `f${size}.bin`);
      const res = await fetch(`${t.url}/api/v1/conversations/${conversationId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.accessToken}` },
        body: form,
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await asUser(t.url, alice)
        .post(`/api/v1/conversations/${conversationId}/messages`, {
          clientMessageId: `file-${id}`,
          attachmentIds: [id],
        })
        .expect(201);
      files.set(id, bytes);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('backs up while messages are being sent; restore gives back exactly the snapshot, files and all', async () => {
    const socket: TestClient = await connectClient(t.url, alice.accessToken);
    const acked: { seq: number; at: number }[] = [];
    let sending = true;
    const sender = (async () => {
      for (let n = 0; sending; n++) {
        const ack = await socket.emit<{ seq: number }>('message:send', {
          conversationId,
          clientMessageId: `live-${n}`,
          body: `live message ${n}`,
        });
        if (!ack.ok) throw new Error(`send refused: ${ack.error.code}`);
        acked.push({ seq: ack.data.seq, at: Date.now() });
      }
    })();
    await waitFor(() => Promise.resolve(acked.length >= 20), 10_000, 'the first sends');

    const archive = join(workDir, 'chat.tar');
    const started = Date.now();
    const backup = await cli(['backup', archive], {
      DATABASE_URL: sourceUrl,
      UPLOADS_DIR: uploadsDir,
    });
    const ended = Date.now();
    const afterBackup = acked.length;
    await waitFor(
      () => Promise.resolve(acked.length >= afterBackup + 5),
      10_000,
      'sends after the backup',
    );
    sending = false;
    await sender;
    socket.close();

    expect({ code: backup.code, errors: backup.err.filter((l) => l.startsWith('error')) }).toEqual({
      code: 0,
      errors: [],
    });
    expect(backup.out).toHaveLength(1);
    expect(backup.out[0]).toMatch(
      new RegExp(
        `^backup written to ${archive}: \\d+ tables, \\d+ rows, 3 files \\(9\\.1 MB\\); archive \\d+\\.\\d MB$`,
      ),
    );
    // Not a terminal: one progress line per table, then the files.
    expect(backup.err).toContainEqual(
      expect.stringMatching(/^backup table \d+\/\d+ messages: \d+ rows, /),
    );
    expect(backup.err.at(-1)).toBe('backup files: 3, 9.1 MB');
    expect(acked.filter((a) => a.at > started && a.at < ended).length).toBeGreaterThan(0);

    const { header, manifest } = await archiveJson(archive);
    expect(header.migrations.length).toBeGreaterThan(10);
    expect(header.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['users', 'conversations', 'messages', 'attachments', 'audit_events']),
    );
    // Parents before children: conversations and users load before messages.
    const at = (name: string) => header.tables.findIndex((t) => t.name === name);
    expect(at('users')).toBeLessThan(at('messages'));
    expect(at('conversations')).toBeLessThan(at('messages'));

    const restoredUrl = await freshDatabase('restored');
    const restoredUploads = join(workDir, 'uploads-restored');
    const restore = await cli(['restore', archive], {
      DATABASE_URL: restoredUrl,
      UPLOADS_DIR: restoredUploads,
    });
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toEqual([
      expect.stringMatching(
        new RegExp(
          `^restored ${archive}: ${header.tables.length} tables, \\d+ rows, 3 files \\(9\\.1 MB\\)$`,
        ),
      ),
    ]);

    const restored = new Client({ connectionString: restoredUrl });
    await restored.connect();
    try {
      // Every table equals the snapshot row for row: same rows, same bytes, same order.
      for (const table of header.tables) {
        const digest = await tableDigest(restored, table.name, table.columns);
        expect({ table: table.name, ...digest }).toEqual({
          table: table.name,
          rows: manifest.tables[table.name].rows,
          sha256: manifest.tables[table.name].sha256,
        });
      }
      // The snapshot holds whole messages, a prefix of the conversation's sequence: every one
      // acknowledged before the backup began, none missing in between.
      const seqs = (
        await restored.query<{ seq: string }>(
          `SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq`,
          [conversationId],
        )
      ).rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const beforeStart = acked.filter((a) => a.at < started);
      expect(seqs.length).toBeGreaterThanOrEqual(Math.max(...beforeStart.map((a) => a.seq)));
      expect(seqs.length).toBeLessThanOrEqual(
        Math.max(...acked.filter((a) => a.at <= ended).map((a) => a.seq)),
      );
      const storedKeys = (
        await restored.query<{ id: string; storage_key: string }>(
          `SELECT id, storage_key FROM attachments`,
        )
      ).rows;
      expect(storedKeys).toHaveLength(3);
      for (const { id, storage_key } of storedKeys) {
        const back = await readFile(join(restoredUploads, storage_key));
        expect(back.equals(files.get(id)!)).toBe(true);
      }
    } finally {
      await restored.end();
    }

    // The restored database boots the app, which serves the history and the files.
    const second = await startTestApp({ DATABASE_URL: restoredUrl, UPLOADS_DIR: restoredUploads });
    try {
      const page = await asUser(second.url, bob)
        .get(`/api/v1/conversations/${conversationId}/messages?limit=100`)
        .expect(200);
      const bodies = (page.body.items as { body: string | null }[]).map((m) => m.body);
      expect(bodies.at(-1)).toMatch(/^live message \d+$/);
      const [fileId, bytes] = [...files.entries()][0];
      const download = await fetch(`${second.url}/api/v1/attachments/${fileId}`, {
        headers: { authorization: `Bearer ${bob.accessToken}` },
      });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
      // New work continues the restored sequences.
      await asUser(second.url, bob)
        .post(`/api/v1/conversations/${conversationId}/messages`, {
          clientMessageId: 'after-restore',
          body: 'back in business',
        })
        .expect(201);
    } finally {
      await second.close();
    }
  }, 180_000);

  it('refuses a database that holds data, and an archive from a newer schema, changing nothing', async () => {
    const archive = join(workDir, 'again.tar');
    expect(
      (await cli(['backup', archive], { DATABASE_URL: sourceUrl, UPLOADS_DIR: uploadsDir })).code,
    ).toBe(0);
    const source = new Client({ connectionString: sourceUrl });
    await source.connect();
    try {
      const count = async () =>
        (await source.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages`)).rows[0].n;
      const before = await count();
      const refused = await cli(['restore', archive], {
        DATABASE_URL: sourceUrl,
        UPLOADS_DIR: uploadsDir,
      });
      expect(refused).toEqual({
        code: 1,
        out: [],
        err: [
          expect.stringMatching(
            /^error: the database is not empty \(\d+ accounts\): restore needs an empty database$/,
          ),
        ],
      });
      expect(await count()).toBe(before);
    } finally {
      await source.end();
    }

    // An archive whose schema has a migration this app does not know.
    const { header } = await archiveJson(archive);
    const future = join(workDir, 'future.tar');
    const tar = pack();
    const writing = pipeline(tar, createWriteStream(future));
    const body = Buffer.from(
      JSON.stringify({ ...header, migrations: [...header.migrations, 'Teleport1799999999999'] }),
    );
    tar.entry({ name: 'header.json', size: body.length }, body);
    tar.finalize();
    await writing;
    const empty = await freshDatabase('future');
    const newer = await cli(['restore', future], {
      DATABASE_URL: empty,
      UPLOADS_DIR: join(workDir, 'x'),
    });
    expect(newer).toEqual({
      code: 1,
      out: [],
      err: [
        'error: the archive comes from a newer or different schema (migration Teleport1799999999999 is unknown here): restore it with the version that wrote it',
      ],
    });
    const db = new Client({ connectionString: empty });
    await db.connect();
    const tables = await db.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public'`);
    await db.end();
    expect(tables.rowCount).toBe(0);

    const wrongKeep = await cli(['backup', archive, '--keep', '2'], { DATABASE_URL: '' });
    expect(wrongKeep.code).toBe(2);
    expect(wrongKeep.err[0]).toBe(
      'error: --keep needs a local folder ending in / (for S3, use a lifecycle rule)',
    );

    const missing = await cli(['restore', join(workDir, 'nothing.tar')], { DATABASE_URL: empty });
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual([expect.stringMatching(/^error: ENOENT: no such file/)]);
  }, 120_000);

  it('names archives in a folder by time and keeps the newest N (the CronJob’s way)', async () => {
    const folder = join(workDir, 'nightly');
    await mkdir(folder);
    await writeFile(join(folder, 'chat-20200101T000000Z.tar'), 'old');
    await writeFile(join(folder, 'notes.txt'), 'not ours');
    const run = await cli(['backup', `${folder}/`, '--keep', '1'], {
      DATABASE_URL: sourceUrl,
      UPLOADS_DIR: uploadsDir,
    });
    expect(run).toMatchObject({
      code: 0,
      out: [
        expect.stringMatching(
          new RegExp(`^backup written to ${folder}/chat-\\d{8}T\\d{6}Z\\.tar: `),
        ),
        'removed 1 older archives, kept the newest 1',
      ],
    });
    const names = (await readdir(folder)).sort();
    expect(names).toEqual([expect.stringMatching(/^chat-\d{8}T\d{6}Z\.tar$/), 'notes.txt']);
    expect(names[0]).not.toBe('chat-20200101T000000Z.tar');
  }, 60_000);

  describe('to and from S3', () => {
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
    let s3: Record<string, string>;

    beforeAll(async () => {
      if (!available) {
        console.warn(
          `S3 backup test skipped: moto is not installed (bash scripts/install-moto.sh)`,
        );
        return;
      }
      const port = await freePort();
      const endpoint = `http://127.0.0.1:${port}`;
      moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      await waitFor(() => fetch(endpoint).then((r) => r.ok), 30_000, 'moto_server');
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await client.send(new CreateBucketCommand({ Bucket: 'backups' }));
      client.destroy();
      // The attachment storage's S3 settings reach the archive's bucket; the files stay on disk.
      s3 = {
        S3_ENDPOINT: endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'test',
        S3_SECRET_ACCESS_KEY: 'test',
      };
    }, 60_000);

    afterAll(() => {
      moto?.kill();
    });

    itWithMoto(
      'writes the archive to a bucket and restores from it',
      async () => {
        const url = 's3://backups/nightly/chat.tar';
        const backup = await cli(['backup', url], {
          DATABASE_URL: sourceUrl,
          UPLOADS_DIR: uploadsDir,
          ...s3,
        });
        expect(backup).toMatchObject({
          code: 0,
          out: [expect.stringMatching(/^backup written to s3:\/\/backups\/nightly\/chat.tar: /)],
        });
        const restoredUrl = await freshDatabase('from_s3');
        const restore = await cli(['restore', url], {
          DATABASE_URL: restoredUrl,
          UPLOADS_DIR: join(workDir, 'uploads-s3'),
          ...s3,
        });
        expect(restore).toMatchObject({
          code: 0,
          out: [expect.stringMatching(/^restored s3:\/\/backups\/nightly\/chat.tar: .* 3 files/)],
        });
        const db = new Client({ connectionString: restoredUrl });
        await db.connect();
        const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM attachments`);
        await db.end();
        expect(n.rows[0].n).toBe(3);

        const nothing = await cli(['restore', 's3://backups/none.tar'], {
          DATABASE_URL: await freshDatabase('none'),
          ...s3,
        });
        expect(nothing).toMatchObject({
          code: 1,
          err: ['error: no archive at s3://backups/none.tar'],
        });
      },
      120_000,
    );
  });
});
