import { Inject, Injectable } from '@nestjs/common';
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Extract, extract as tarExtract } from 'tar-stream';
import { DataSource, type MigrationInterface } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { migrateWithLock } from '../../database/migrator';
import { typeOrmOptions } from '../../database/typeorm-options';
import { StoredBytesStorage } from '../attachments/storage/storage.module';
import {
  ARCHIVE_FORMAT,
  type ArchiveHeader,
  type ArchiveManifest,
  countRows,
  entryKind,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  SEQUENCES_ENTRY,
  type SequenceValue,
  type TableShape,
  type TableSummary,
} from './archive-format';
import { openSource, parseLocation } from './backup-location';
import {
  appliedMigrations,
  hasSchemaTable,
  ident,
  tableCount,
  writeSequences,
} from './database-schema';
import { Progress, type ProgressOutput } from './progress';

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
  /** Migrations newer than the archive, applied after its data was loaded. */
  migrated: string[];
}

/** A refusal the operator can act on (not empty, newer schema, damaged archive). */
export class RestoreRefused extends Error {}

/** One table being loaded through COPY FROM STDIN. */
interface TableLoad {
  shape: TableShape;
  stream: Writable;
  done: Promise<void>;
  hash: Hash;
  rows: number;
  bytes: number;
}

/** One file being written to the storage. */
interface FileLoad {
  key: string;
  body: PassThrough;
  done: Promise<void>;
}

/** Waits until `stream` wants more, or fails with whatever ends its work. */
async function drained(stream: Writable, done: Promise<void>): Promise<void> {
  await Promise.race([once(stream, 'drain'), done]);
}

/** An entry's bytes: streamx streams are async iterable, though their types do not say so. */
const bytesOf = (entry: unknown) => entry as AsyncIterable<Buffer>;

async function readJson<T>(entry: AsyncIterable<Buffer>): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}

/**
 * Loads an archive of BackupService into an empty database and its storage. The schema comes
 * from our migrations, up to the archive's own (so a migration that transforms data later runs
 * on the restored rows); the rows go in by COPY FROM STDIN in the archive's order (parents first)
 * in ONE transaction with our own triggers off (their derived data is in the archive), each
 * table's row count and checksum checked against the manifest before it commits. Newer
 * migrations of this app then run on the restored data.
 */
@Injectable()
export class RestoreService {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: StoredBytesStorage,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async restore(source: string, output: ProgressOutput): Promise<RestoreResult> {
    const db = new Client({ connectionString: this.config.DATABASE_URL });
    await db.connect();
    try {
      const blank = await this.emptiness(db);
      const input = await openSource(parseLocation(source), this.config);
      const extract = tarExtract();
      const feeding = pipeline(input, extract);
      feeding.catch(() => undefined);
      try {
        const result = await this.load(db, extract, blank, new Progress('restore', output));
        await feeding;
        return result;
      } catch (error) {
        input.destroy();
        extract.destroy();
        throw error;
      }
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /**
   * 'blank': no tables at all; 'migrated': the schema exists (the Helm hook or an API start
   * made it) but nobody has used it. Anything else holds someone's data: refused.
   */
  private async emptiness(db: Client): Promise<'blank' | 'migrated'> {
    if ((await tableCount(db)) === 0) return 'blank';
    if (await hasSchemaTable(db)) {
      const people = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE NOT is_bot`,
      );
      if (people.rows[0].n === 0) return 'migrated';
      throw new RestoreRefused(
        `the database is not empty (${people.rows[0].n} accounts): restore needs an empty database`,
      );
    }
    throw new RestoreRefused(
      'the database is not empty (it has tables of something else): restore needs an empty database',
    );
  }

  private migrationsHere(): MigrationInterface[] {
    return this.dataSource.migrations;
  }

  private nameOf = (m: MigrationInterface) => m.name ?? m.constructor.name;

  /** Refuses an archive this app cannot load; prepares the schema at the archive's level. */
  private async prepare(db: Client, header: ArchiveHeader, blank: 'blank' | 'migrated') {
    if (header.format !== ARCHIVE_FORMAT) {
      throw new RestoreRefused(
        `unknown archive format ${header.format} (this app reads ${ARCHIVE_FORMAT})`,
      );
    }
    const here = this.migrationsHere();
    const names = here.map(this.nameOf);
    const unknown = header.migrations.find((name, index) => names[index] !== name);
    if (unknown !== undefined) {
      throw new RestoreRefused(
        `the archive comes from a newer or different schema (migration ${unknown} is unknown here): restore it with the version that wrote it`,
      );
    }
    if (blank === 'blank') {
      await this.migrateTo(here.slice(0, header.migrations.length));
      return;
    }
    const applied = await appliedMigrations(db);
    if (applied.join() !== header.migrations.join()) {
      throw new RestoreRefused(
        `the database's schema (${applied.length} migrations) differs from the archive's (${header.migrations.length}): restore into a database without tables`,
      );
    }
  }

  /** Runs exactly these migrations on a database without tables. */
  private async migrateTo(migrations: MigrationInterface[]): Promise<void> {
    const subset = new DataSource({
      ...typeOrmOptions(this.config.DATABASE_URL, 2),
      entities: [],
      migrations: migrations.map((m) => m.constructor as new () => MigrationInterface),
    });
    await subset.initialize();
    try {
      await migrateWithLock(subset);
    } finally {
      await subset.destroy();
    }
  }

  private async load(
    db: Client,
    entries: Extract,
    blank: 'blank' | 'migrated',
    progress: Progress,
  ): Promise<RestoreResult> {
    let header: ArchiveHeader | undefined;
    let manifest: ArchiveManifest | undefined;
    const loaded = new Map<string, TableSummary>();
    let table: TableLoad | undefined;
    let file: FileLoad | undefined;
    let files = 0;
    let fileBytes = 0;
    let transaction = false;

    const finishTable = async () => {
      if (!table) return;
      const current = table;
      table = undefined;
      current.stream.end();
      await current.done;
      const summary = {
        rows: current.rows,
        bytes: current.bytes,
        sha256: current.hash.digest('hex'),
      };
      loaded.set(current.shape.name, summary);
      const index = header!.tables.indexOf(current.shape) + 1;
      progress.tableDone(
        index,
        header!.tables.length,
        current.shape.name,
        summary.rows,
        summary.bytes,
      );
    };
    const finishFile = async () => {
      if (!file) return;
      const current = file;
      file = undefined;
      current.body.end();
      await current.done;
      files++;
    };

    try {
      for await (const entry of entries) {
        const kind = entryKind(entry.header.name);
        if (!header) {
          if (entry.header.name !== HEADER_ENTRY)
            throw new RestoreRefused('not a backup archive of this app');
          header = await readJson<ArchiveHeader>(bytesOf(entry));
          await this.prepare(db, header, blank);
          await db.query('BEGIN');
          transaction = true;
          await this.openTables(db, header.tables);
          continue;
        }
        if (kind.kind !== 'table' || kind.table !== table?.shape.name) await finishTable();
        if (kind.kind !== 'file' || kind.key !== file?.key) await finishFile();

        if (kind.kind === 'table') {
          table ??= this.startTable(db, header, kind.table);
          for await (const chunk of bytesOf(entry)) {
            table.hash.update(chunk);
            table.rows += countRows(chunk);
            table.bytes += chunk.length;
            if (!table.stream.write(chunk)) await drained(table.stream, table.done);
            progress.tableRunning(kind.table, table.rows, table.bytes);
          }
        } else if (kind.kind === 'file') {
          file ??= this.startFile(kind.key);
          for await (const chunk of bytesOf(entry)) {
            fileBytes += chunk.length;
            if (!file.body.write(chunk)) await drained(file.body, file.done);
          }
          progress.fileRunning(files + 1, fileBytes);
        } else if (kind.name === SEQUENCES_ENTRY) {
          await writeSequences(db, await readJson<SequenceValue[]>(bytesOf(entry)));
        } else if (kind.name === MANIFEST_ENTRY) {
          manifest = await readJson<ArchiveManifest>(bytesOf(entry));
        } else {
          throw new RestoreRefused(`unexpected entry in the archive: ${entry.header.name}`);
        }
      }
      await finishTable();
      await finishFile();
      if (!header || !manifest) throw new RestoreRefused('the archive is incomplete (no manifest)');
      progress.filesDone(files, fileBytes, 0);
      this.verify(header, manifest, loaded, files);
      for (const shape of header.tables) {
        await db.query(`ALTER TABLE ${ident(shape.name)} ENABLE TRIGGER USER`);
      }
      await db.query('COMMIT');
      transaction = false;
    } catch (error) {
      table?.stream.destroy();
      file?.body.destroy();
      if (transaction) await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const migrated =
      header.migrations.length < this.migrationsHere().length
        ? await migrateWithLock(this.dataSource)
        : [];
    const rows = [...loaded.values()].reduce((sum, t) => sum + t.rows, 0);
    return { tables: header.tables.length, rows, files, fileBytes, migrated };
  }

  /**
   * Empties what the migrations seeded (the settings row, #general) and turns our triggers off
   * until commit: the archive holds what they would derive. Foreign keys stay checked.
   */
  private async openTables(db: Client, tables: TableShape[]): Promise<void> {
    if (tables.length === 0) return;
    // Triggers first: the audit log's refuses TRUNCATE.
    for (const shape of tables) {
      await db.query(`ALTER TABLE ${ident(shape.name)} DISABLE TRIGGER USER`);
    }
    await db.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')} CASCADE`);
  }

  private startTable(db: Client, header: ArchiveHeader, name: string): TableLoad {
    const shape = header.tables.find((t) => t.name === name);
    if (!shape)
      throw new RestoreRefused(`the archive has rows of a table its header does not list: ${name}`);
    const columns = shape.columns.map(ident).join(', ');
    const stream = db.query(copyFrom(`COPY ${ident(name)} (${columns}) FROM STDIN`));
    const done = finished(stream);
    done.catch(() => undefined);
    return { shape, stream, done, hash: createHash('sha256'), rows: 0, bytes: 0 };
  }

  private startFile(key: string): FileLoad {
    const body = new PassThrough();
    const done = this.storage.put(key, body, { contentType: 'application/octet-stream' });
    done.catch(() => undefined);
    return { key, body, done };
  }

  private verify(
    header: ArchiveHeader,
    manifest: ArchiveManifest,
    loaded: Map<string, TableSummary>,
    files: number,
  ): void {
    for (const { name } of header.tables) {
      const expected = manifest.tables[name];
      const got = loaded.get(name) ?? {
        rows: 0,
        bytes: 0,
        sha256: createHash('sha256').digest('hex'),
      };
      if (!expected || expected.rows !== got.rows || expected.sha256 !== got.sha256) {
        throw new RestoreRefused(
          `the archive is damaged: table ${name} holds ${got.rows} rows (checksum ${got.sha256.slice(0, 12)}), the manifest says ${expected?.rows ?? 'nothing'}`,
        );
      }
    }
    if (files !== manifest.files.count) {
      throw new RestoreRefused(
        `the archive is damaged: ${files} files, the manifest says ${manifest.files.count}`,
      );
    }
  }
}
