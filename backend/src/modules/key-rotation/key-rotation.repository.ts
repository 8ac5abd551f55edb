import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { ENCRYPTED_PREFIX } from '../../common/encryption/key-ring';
import type { KeyRotationKind } from '../../common/jobs/job.types';
import { STORED_FILE_KEYS_SQL } from '../attachments/storage/stored-file-keys';

/** The kinds stored as text in a column (files are walked by their storage keys). */
export type ValueKind = Exclude<KeyRotationKind, 'files'>;

/** A stored value to re-encrypt: its row, what binds it there (aad scope) and the value. */
export interface StoredValue {
  id: string;
  scope: string;
  value: string;
}

/**
 * Where each kind of value lives. The rotation is the one writer that crosses modules: like a
 * backup it works on the stored form, and only ever swaps a value for the same text under
 * another key, compare-and-set, so it can never overwrite what a module wrote meanwhile.
 */
const PLACES: Record<ValueKind, { table: string; id: string; scope: string; value: string }> = {
  messages: { table: 'messages', id: 'id', scope: 'conversation_id', value: 'body' },
  scheduled: { table: 'scheduled_messages', id: 'id', scope: 'conversation_id', value: 'body' },
  twoFactor: { table: 'two_factor', id: 'user_id', scope: 'user_id', value: 'secret' },
};

@Injectable()
export class KeyRotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The next values after `after` (primary-key order) that are not under `keyId`: plaintext or
   * an older key. A walk of the primary key, so each batch costs what it returns plus what it
   * skips, and a pass reads each row once.
   */
  async batch(
    kind: ValueKind,
    keyId: string,
    after: string | null,
    limit: number,
  ): Promise<StoredValue[]> {
    const p = PLACES[kind];
    return returnedRows<StoredValue>(
      await this.dataSource.query(
        `SELECT ${p.id}::text AS id, ${p.scope}::text AS scope, ${p.value} AS value
           FROM ${p.table}
          WHERE ($1::uuid IS NULL OR ${p.id} > $1::uuid)
            AND ${p.value} IS NOT NULL AND NOT starts_with(${p.value}, $2)
          ORDER BY ${p.id}
          LIMIT $3`,
        [after, `${ENCRYPTED_PREFIX}${keyId}:`, limit],
      ),
    );
  }

  /**
   * Swaps each value for its new form only where the row still holds the old one (a concurrent
   * edit wins: it was written under the current key already). How many were swapped.
   */
  async swap(kind: ValueKind, values: { id: string; old: string; new: string }[]): Promise<number> {
    if (values.length === 0) return 0;
    const p = PLACES[kind];
    const swapped = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE ${p.table} t SET ${p.value} = u.new
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, old, new)
          WHERE t.${p.id} = u.id AND t.${p.value} = u.old
        RETURNING t.${p.id} AS id`,
        [values.map((v) => v.id), values.map((v) => v.old), values.map((v) => v.new)],
      ),
    );
    return swapped.length;
  }

  /** Values per key id (`plaintext` for those not encrypted), for the CLI's summary. */
  async census(kind: ValueKind): Promise<Record<string, number>> {
    const p = PLACES[kind];
    const rows = returnedRows<{ key: string; n: number }>(
      await this.dataSource.query(
        `SELECT CASE WHEN starts_with(${p.value}, $1)
                     THEN split_part(${p.value}, ':', 2) ELSE 'plaintext' END AS key,
                count(*)::int AS n
           FROM ${p.table} WHERE ${p.value} IS NOT NULL GROUP BY 1`,
        [ENCRYPTED_PREFIX],
      ),
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  /** The storage keys after `after`, in order: a file pass's next batch. */
  async fileKeys(after: string | null, limit: number): Promise<string[]> {
    const rows = returnedRows<{ key: string }>(
      await this.dataSource.query(
        `SELECT DISTINCT key FROM (${STORED_FILE_KEYS_SQL}) f
          WHERE key IS NOT NULL AND ($1::text IS NULL OR key > $1)
          ORDER BY key LIMIT $2`,
        [after, limit],
      ),
    );
    return rows.map((r) => r.key);
  }

  /** Whether the database still refers to a stored file. */
  async fileStillReferenced(key: string): Promise<boolean> {
    const rows = returnedRows<{ found: boolean }>(
      await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM (${STORED_FILE_KEYS_SQL}) f WHERE key = $1) AS found`,
        [key],
      ),
    );
    return rows[0]?.found === true;
  }
}
