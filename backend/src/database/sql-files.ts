import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryRunner } from 'typeorm';

/**
 * The current definition of every SQL function and trigger, one `.sql` file each (with the
 * function's triggers), written as `CREATE OR REPLACE`. The build copies the folder beside the
 * compiled code (scripts/copy-sql.mjs).
 */
export const SQL_DIR = join(__dirname, 'sql');

export function readSqlFile(name: string): string {
  return readFileSync(join(SQL_DIR, name), 'utf8');
}

/** Names a file's text; a migration records it for each file it loads. */
export function sqlTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A migration that (re)loads SQL files: file name -> hash of the text it was written for. */
export interface SqlFilesMigration {
  readonly sqlFiles: Readonly<Record<string, string>>;
}

export const loadsSqlFiles = <T extends object>(migration: T): migration is T & SqlFilesMigration =>
  'sqlFiles' in migration;

/**
 * Runs the files as they are now. The recorded hashes are checked by test/sql-files.spec.ts:
 * a file whose text is not the one named by the latest migration loading it fails the build,
 * so changing a function means editing its file and adding a migration that loads it again.
 */
export async function loadSqlFiles(
  queryRunner: QueryRunner,
  migration: SqlFilesMigration,
): Promise<void> {
  for (const name of Object.keys(migration.sqlFiles)) {
    await queryRunner.query(readSqlFile(name));
  }
}
