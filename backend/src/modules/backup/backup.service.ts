import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { pack as tarPack, type Pack } from 'tar-stream';
import { AppConfig } from '../../config/app-config';
import { StoredObjectMissing } from '../attachments/storage/attachment-storage';
import { StoredBytesStorage } from '../attachments/storage/storage.module';
import {
  ARCHIVE_FORMAT,
  type ArchiveHeader,
  type ArchiveManifest,
  countRows,
  fileEntry,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  SEQUENCES_ENTRY,
  type TableShape,
  type TableSummary,
  tableEntry,
} from './archive-format';
import { openSink, parseLocation } from './backup-location';
import { appliedMigrations, ident, listTables, readSequences } from './database-schema';
import { addEntry, PartWriter } from './part-writer';
import { Progress, type ProgressOutput } from './progress';
import { storedFileKeys } from './stored-files';

export interface BackupResult {
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
  missingFiles: number;
  archiveBytes: number;
}

/**
 * Writes one archive (archive-format.ts) of the database and the stored files. The database is
 * read in one REPEATABLE READ READ ONLY transaction, so every table (and the list of files) is
 * the same instant's view while the API keeps writing; each table streams out through
 * `COPY ... TO STDOUT`. Our own COPY dump rather than `pg_dump`: the API's image has Node and no
 * PostgreSQL client binaries, and this way one stream also carries the files, with counts and
 * checksums a restore verifies.
 */
@Injectable()
export class BackupService {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: StoredBytesStorage,
  ) {}

  async backup(target: string, output: ProgressOutput): Promise<BackupResult> {
    const sink = openSink(parseLocation(target), this.config);
    const pack = tarPack();
    const written = pipeline(pack, sink.stream);
    written.catch(() => undefined);
    const db = new Client({ connectionString: this.config.DATABASE_URL });
    try {
      await db.connect();
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await this.write(db, pack, new Progress('backup', output));
      await db.query('COMMIT');
      pack.finalize();
      await written;
      return { ...result, archiveBytes: await sink.commit() };
    } catch (error) {
      pack.destroy();
      await sink.abort();
      throw error;
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  private async write(db: Client, pack: Pack, progress: Progress) {
    const tables = await listTables(db);
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(db),
      tables,
    };
    await addEntry(pack, HEADER_ENTRY, Buffer.from(JSON.stringify(header, null, 2)));

    const manifest: ArchiveManifest = {
      tables: {},
      files: { count: 0, bytes: 0, missing: [] },
    };
    let rows = 0;
    for (const [index, table] of tables.entries()) {
      const summary = await this.dumpTable(db, pack, table, progress);
      manifest.tables[table.name] = summary;
      rows += summary.rows;
      progress.tableDone(index + 1, tables.length, table.name, summary.rows, summary.bytes);
    }
    // Sequences are not transactional: read now, they are at least the snapshot's values.
    const sequences = await readSequences(db);
    await addEntry(pack, SEQUENCES_ENTRY, Buffer.from(JSON.stringify(sequences, null, 2)));

    for await (const key of storedFileKeys(db)) {
      const bytes = await this.dumpFile(pack, key);
      if (bytes === null) {
        manifest.files.missing.push(key);
      } else {
        manifest.files.count++;
        manifest.files.bytes += bytes;
        progress.fileRunning(manifest.files.count, manifest.files.bytes);
      }
    }
    progress.filesDone(manifest.files.count, manifest.files.bytes, manifest.files.missing.length);
    await addEntry(pack, MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)));
    return {
      tables: tables.length,
      rows,
      files: manifest.files.count,
      fileBytes: manifest.files.bytes,
      missingFiles: manifest.files.missing.length,
    };
  }

  private async dumpTable(
    db: Client,
    pack: Pack,
    table: TableShape,
    progress: Progress,
  ): Promise<TableSummary> {
    const columns = table.columns.map(ident).join(', ');
    const source = db.query(copyTo(`COPY (SELECT ${columns} FROM ${ident(table.name)}) TO STDOUT`));
    const parts = new PartWriter(pack, (part) => tableEntry(table.name, part));
    const hash = createHash('sha256');
    let rows = 0;
    let bytes = 0;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      hash.update(chunk);
      rows += countRows(chunk);
      bytes += chunk.length;
      await parts.write(chunk);
      progress.tableRunning(table.name, rows, bytes);
    }
    await parts.end();
    return { rows, bytes, sha256: hash.digest('hex') };
  }

  /** The stored bytes as they are; null when the file was deleted after the snapshot. */
  private async dumpFile(pack: Pack, key: string): Promise<number | null> {
    let body: Readable;
    try {
      body = await this.storage.get(key);
    } catch (error) {
      if (error instanceof StoredObjectMissing) return null;
      throw error;
    }
    const parts = new PartWriter(pack, (part) => fileEntry(key, part));
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      await parts.write(chunk);
    }
    // An empty file is still a file: one empty part names it.
    await parts.end(true);
    return bytes;
  }
}
