/**
 * The backup archive: one tar stream. Entries, in this order:
 *
 * - `header.json`: the format, the schema (applied migrations) and every table with its columns,
 *   listed parents before children, so a restore knows what it loads before the first row;
 * - `tables/<table>/<part>`: the table's rows in PostgreSQL's COPY text format, cut into parts
 *   of at most PART_BYTES (a tar entry states its size up front, and a table's size is unknown
 *   until it has been read: parts keep memory bounded without a temporary file);
 * - `sequences.json`: each sequence's value;
 * - `files/<storage key>/<part>`: each stored file's bytes as the storage holds them (encrypted
 *   ones stay encrypted), cut the same way;
 * - `manifest.json`: per table its row count and the SHA-256 of its COPY text, and the files,
 *   so a restore (and anyone) can check what it loaded.
 */
export const ARCHIVE_FORMAT = 1;

/** Largest tar entry written: a part of a table or of a file is held in memory once. */
export const PART_BYTES = 4 * 1024 * 1024;

export const HEADER_ENTRY = 'header.json';
export const SEQUENCES_ENTRY = 'sequences.json';
export const MANIFEST_ENTRY = 'manifest.json';

export interface TableShape {
  name: string;
  columns: string[];
}

export interface ArchiveHeader {
  format: number;
  createdAt: string;
  /** The migrations applied to the database it came from, oldest first. */
  migrations: string[];
  /** Load order: every table after the tables its foreign keys point to. */
  tables: TableShape[];
}

export interface SequenceValue {
  name: string;
  /** null: never used. */
  value: string | null;
}

export interface TableSummary {
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ArchiveManifest {
  tables: Record<string, TableSummary>;
  files: { count: number; bytes: number; missing: string[] };
}

export const partName = (index: number) => String(index).padStart(6, '0');
export const tableEntry = (table: string, part: number) => `tables/${table}/${partName(part)}`;
export const fileEntry = (key: string, part: number) => `files/${key}/${partName(part)}`;

/** What an entry name holds: a part of a table or file, or one of the JSON entries. */
export type EntryKind =
  { kind: 'table'; table: string } | { kind: 'file'; key: string } | { kind: 'json'; name: string };

export function entryKind(name: string): EntryKind {
  const part = name.lastIndexOf('/');
  if (name.startsWith('tables/') && part > 7) return { kind: 'table', table: name.slice(7, part) };
  if (name.startsWith('files/') && part > 6) return { kind: 'file', key: name.slice(6, part) };
  return { kind: 'json', name };
}

/** COPY's text format ends every row with a newline and escapes newlines inside values. */
export function countRows(chunk: Buffer): number {
  let rows = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
  return rows;
}
