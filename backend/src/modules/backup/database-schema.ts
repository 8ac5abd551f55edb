import type { ClientBase } from 'pg';
import type { SequenceValue, TableShape } from './archive-format';

/** A quoted identifier: table and column names come from the catalog, never from input. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The migrations table is the schema's own record: restore rebuilds it by migrating. */
const SCHEMA_TABLE = 'migrations';

/**
 * Every table's name and its stored columns (generated ones are computed again on load), in
 * load order. Partitions are read and loaded through their parent.
 */
export async function listTables(db: ClientBase): Promise<TableShape[]> {
  const tables = await db.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                          AND a.attgenerated = ''
      WHERE c.relnamespace = current_schema()::regnamespace
        AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1
      GROUP BY c.relname`,
    [SCHEMA_TABLE],
  );
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
      WHERE k.contype = 'f' AND k.conparentid = 0
        AND ch.relnamespace = current_schema()::regnamespace`,
  );
  const order = loadOrder(
    tables.rows.map((t) => t.name),
    edges.rows,
  );
  const byName = new Map(tables.rows.map((t) => [t.name, t]));
  return order.map((name) => ({ name, columns: byName.get(name)!.columns }));
}

/**
 * Tables ordered so that each comes after every table its foreign keys reference (a
 * self-reference is satisfied within one COPY). Ties go alphabetically, so the order is stable.
 * A cycle between tables cannot be loaded with immediate constraints: it is an error.
 */
export function loadOrder(
  tables: string[],
  edges: readonly { child: string; parent: string }[],
): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) {
    if (child !== parent && parents.has(child) && parents.has(parent)) {
      parents.get(child)!.add(parent);
    }
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...parents.keys()]
      .filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)))
      .sort();
    if (ready.length === 0) {
      const left = tables.filter((t) => !placed.has(t)).sort();
      throw new Error(`foreign keys form a cycle between tables: ${left.join(', ')}`);
    }
    for (const table of ready) {
      placed.add(table);
      order.push(table);
    }
  }
  return order;
}

/** Applied migrations, oldest first. */
export async function appliedMigrations(db: ClientBase): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM ${ident(SCHEMA_TABLE)} ORDER BY timestamp, id`,
  );
  return rows.rows.map((r) => r.name);
}

export async function readSequences(db: ClientBase): Promise<SequenceValue[]> {
  const rows = await db.query<{ name: string; value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS value
       FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
  );
  return rows.rows;
}

export async function writeSequences(db: ClientBase, sequences: SequenceValue[]): Promise<void> {
  for (const { name, value } of sequences) {
    if (value === null) continue;
    await db.query(`SELECT setval($1::regclass, $2::bigint, true)`, [ident(name), value]);
  }
}

/** Tables in the schema, the migrations table included. */
export async function tableCount(db: ClientBase): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')`,
  );
  return rows.rows[0].n;
}

export const hasSchemaTable = async (db: ClientBase) =>
  (await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [SCHEMA_TABLE]))
    .rows[0].t !== null;
