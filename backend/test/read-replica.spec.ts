import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateWithLock } from '../src/database/migrator';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { searchIndexed } from './support/search';
import { connectClient } from './support/sockets';
import { register, type Session } from './support/users';
import { waitFor } from './support/services';
import { StreamingReplica } from './support/streaming-replica';

/**
 * DATABASE_READ_URL against a stand-in replica: a second database on the same server, copied from
 * the primary at one moment (a stale replica) and read through a role whose transactions are
 * read-only (a write sent there fails). Streaming replication is not started: the routing,
 * read-your-writes and the fallback are what is under test, and a copy that lags forever shows
 * every misrouted read.
 */
const STICKY_MS = 800;

describe('read replica (DATABASE_READ_URL)', () => {
  const suffix = `${Date.now().toString(36)}_${process.pid}`;
  const primaryName = `chat_rr_primary_${suffix}`;
  const replicaName = `chat_rr_replica_${suffix}`;
  const reader = `chat_rr_reader_${suffix}`;
  const server = new URL(process.env.DATABASE_URL!);
  const urlOf = (database: string, user?: string, password?: string): string => {
    const url = new URL(server.href);
    url.pathname = `/${database}`;
    if (user) url.username = user;
    if (password) url.password = password;
    return url.href;
  };
  const admin = async <T>(database: string, work: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  let t: TestApp;
  let a: Session;
  let b: Session;
  let id: string;
  let alpha: { id: string };

  const history = async (s: Session, status = 200): Promise<string[]> => {
    const res = await asUser(t.url, s).get(`/api/v1/conversations/${id}/messages`).expect(status);
    return (res.body.items as { body: string | null }[]).map((m) => m.body ?? '');
  };
  const search = async (s: Session, q: string): Promise<string[]> => {
    // Search indexes after the send: what the primary holds is indexed first.
    await searchIndexed(t);
    const res = await asUser(t.url, s).get('/api/v1/search/messages').query({ q }).expect(200);
    return (res.body.items as { body: string }[]).map((m) => m.body);
  };
  const thread = async (s: Session): Promise<string[]> => {
    const res = await asUser(t.url, s).get(`/api/v1/messages/${alpha.id}/thread`).expect(200);
    return (res.body.items as { body: string }[]).map((m) => m.body);
  };
  const fallbacks = async (): Promise<number> => {
    const metric = t.app
      .get(MetricsService)
      .registry.getSingleMetric('chat_read_replica_fallbacks_total');
    const { values } = await metric!.get();
    return values.reduce((sum, v) => sum + v.value, 0);
  };

  /** Makes the replica a copy of the primary as it is now: every row, triggers off. */
  async function snapshot(): Promise<void> {
    await admin(primaryName, (from) =>
      admin(replicaName, async (to) => {
        const { rows: tables } = await from.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND c.relname <> 'migrations'`,
        );
        await to.query('BEGIN');
        await to.query('SET LOCAL session_replication_role = replica');
        await to.query(`TRUNCATE ${tables.map((r) => `"${r.name}"`).join(', ')}`);
        for (const { name } of tables) {
          const { rows: columns } = await from.query<{ name: string }>(
            `SELECT column_name AS name FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
            [name],
          );
          const list = columns.map((c) => `"${c.name}"`).join(', ');
          const { rows } = await from.query<{ rows: unknown[] }>(
            `SELECT coalesce(json_agg(t), '[]') AS rows FROM "${name}" t`,
          );
          await to.query(
            `INSERT INTO "${name}" (${list}) OVERRIDING SYSTEM VALUE
             SELECT ${list} FROM json_populate_recordset(null::"${name}", $1::json)`,
            [JSON.stringify(rows[0].rows)],
          );
        }
        await to.query('COMMIT');
      }),
    );
  }

  beforeAll(async () => {
    await admin('postgres', (c) => c.query(`CREATE DATABASE "${primaryName}"`));
    const migrator = new DataSource(typeOrmOptions(urlOf(primaryName), 2));
    await migrator.initialize();
    await migrateWithLock(migrator);
    await migrator.destroy();
    // The schema, copied while nobody is connected to the primary; rows come with snapshot().
    await admin('postgres', async (c) => {
      await c.query(`CREATE DATABASE "${replicaName}" TEMPLATE "${primaryName}"`);
      await c.query(`CREATE ROLE "${reader}" LOGIN PASSWORD 'reader'`);
      await c.query(`ALTER ROLE "${reader}" SET default_transaction_read_only = on`);
    });
    await admin(replicaName, async (c) => {
      await c.query(`GRANT USAGE ON SCHEMA public TO "${reader}"`);
      await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${reader}"`);
    });
    t = await startTestApp({
      DATABASE_URL: urlOf(primaryName),
      DATABASE_READ_URL: urlOf(replicaName, reader, 'reader'),
      DATABASE_READ_STICKY_MS: String(STICKY_MS),
    });
    [a, b] = [await register(t.url), await register(t.url)];
    id = await asUser(t.url, a).direct(b);
    alpha = await asUser(t.url, a).send(id, 'alpha before');
    // Indexed before the copy, as a replica would have it.
    await searchIndexed(t);
    await snapshot();
  });

  afterAll(async () => {
    await t?.close();
    await admin('postgres', async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${primaryName}" WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS "${reader}"`);
    });
  });

  it('the read URL cannot write: its role is read-only', async () => {
    const client = new Client({ connectionString: urlOf(replicaName, reader, 'reader') });
    await client.connect();
    try {
      await expect(client.query(`DELETE FROM messages`)).rejects.toThrow(/read-only transaction/);
    } finally {
      await client.end();
    }
  });

  it('a reader who wrote nothing reads history, threads and search from the replica', async () => {
    await asUser(t.url, a).send(id, 'charlie after');
    await asUser(t.url, a)
      .post(`/api/v1/conversations/${id}/messages`, {
        clientMessageId: `echo-${suffix}`,
        body: 'echo reply',
        threadRootId: alpha.id,
      })
      .expect(201);
    // The primary has both; b, who never wrote, sees the replica's older copy.
    expect(await history(b)).toEqual(['alpha before']);
    expect(await thread(b)).toEqual([]);
    expect(await search(b, 'charlie')).toEqual([]);
    expect(await search(b, 'alpha')).toEqual(['alpha before']);
  });

  it('the sender reads their own writes at once, and from the replica after the window', async () => {
    await asUser(t.url, a).send(id, 'foxtrot after');
    expect(await history(a)).toEqual([
      'alpha before',
      'charlie after',
      'echo reply',
      'foxtrot after',
    ]);
    expect(await thread(a)).toEqual(['echo reply']);
    expect(await search(a, 'foxtrot')).toEqual(['foxtrot after']);
    const sentAt = Date.now();
    await waitFor(
      async () => (await history(a)).length === 1,
      STICKY_MS * 5,
      "the sender's reads back on the replica",
    );
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(STICKY_MS / 2);

    // A send over the socket marks its sender as well.
    const socket = await connectClient(t.url, a.accessToken);
    try {
      const ack = await socket.emit('message:send', {
        conversationId: id,
        clientMessageId: `golf-${suffix}`,
        body: 'golf socket',
      });
      expect(ack.ok).toBe(true);
      expect((await history(a)).at(-1)).toBe('golf socket');
    } finally {
      socket.close();
    }

    // Any other write over REST (here an edit) marks its author too.
    await waitFor(async () => (await history(a)).length === 1, STICKY_MS * 5, 'the window');
    await asUser(t.url, a)
      .patch(`/api/v1/messages/${alpha.id}`, { body: 'alpha edited' })
      .expect(200);
    expect((await history(a))[0]).toBe('alpha edited');
    expect(await history(b)).toEqual(['alpha before']);
  });

  it('no write went to the read URL: nothing fell back, and the replica is as copied', async () => {
    expect(await fallbacks()).toBe(0);
    const { rows } = await admin(replicaName, (c) =>
      c.query<{ count: string }>(`SELECT count(*) FROM messages WHERE conversation_id = $1`, [id]),
    );
    expect(Number(rows[0].count)).toBe(1);
  });

  it('a replica that is down: reads fall back to the primary and are counted', async () => {
    await admin('postgres', (c) => c.query(`DROP DATABASE "${replicaName}" WITH (FORCE)`));
    expect(await history(b)).toEqual([
      'alpha edited',
      'charlie after',
      'echo reply',
      'foxtrot after',
      'golf socket',
    ]);
    expect(await search(b, 'foxtrot')).toEqual(['foxtrot after']);
    expect(await fallbacks()).toBeGreaterThanOrEqual(2);
  });
});

describe('read replica over real streaming replication', () => {
  let cluster: StreamingReplica;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await StreamingReplica.start();
    const admin = new Client({ connectionString: cluster.primaryUrl('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE chat');
    await admin.end();
    t = await startTestApp({
      DATABASE_URL: cluster.primaryUrl('chat'),
      DATABASE_READ_URL: cluster.standbyUrl('chat'),
      DATABASE_READ_STICKY_MS: String(STICKY_MS),
    });
  });

  afterAll(async () => {
    await t?.close();
    await cluster?.dispose();
  });

  it('readers follow the standby as it replays; the author reads past a paused replay', async () => {
    const [a, b] = [await register(t.url), await register(t.url)];
    const id = await asUser(t.url, a).direct(b);
    const history = async (s: Session): Promise<string[]> => {
      const res = await asUser(t.url, s).get(`/api/v1/conversations/${id}/messages`).expect(200);
      return (res.body.items as { body: string }[]).map((m) => m.body);
    };
    await asUser(t.url, a).send(id, 'one');
    await waitFor(async () => (await history(b)).length === 1, 10_000, 'the standby to replay');

    const standby = new Client({ connectionString: cluster.standbyUrl('chat') });
    await standby.connect();
    try {
      await standby.query('SELECT pg_wal_replay_pause()');
      await asUser(t.url, a).send(id, 'two');
      expect(await history(a)).toEqual(['one', 'two']);
      expect(await history(b)).toEqual(['one']);
      await standby.query('SELECT pg_wal_replay_resume()');
    } finally {
      await standby.end();
    }
    await waitFor(async () => (await history(b)).length === 2, 10_000, 'the replay to resume');
    const metric = t.app
      .get(MetricsService)
      .registry.getSingleMetric('chat_read_replica_fallbacks_total');
    expect((await metric!.get()).values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
  });
});
