import type { ClientBase } from 'pg';
import { STORED_FILE_KEYS_SQL } from '../attachments/storage/stored-file-keys';

const PAGE = 500;

/**
 * The keys of every stored file the database refers to (files nothing refers to are not backed
 * up), in pages through a cursor of the open transaction: never all in memory.
 */
export async function* storedFileKeys(db: ClientBase): AsyncGenerator<string> {
  await db.query(`DECLARE backup_files NO SCROLL CURSOR FOR ${STORED_FILE_KEYS_SQL}`);
  try {
    for (;;) {
      const page = await db.query<{ key: string }>(`FETCH ${PAGE} FROM backup_files`);
      for (const row of page.rows) yield row.key;
      if (page.rows.length < PAGE) return;
    }
  } finally {
    await db.query('CLOSE backup_files');
  }
}
