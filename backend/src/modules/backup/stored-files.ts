import type { ClientBase } from 'pg';

/**
 * Every storage key the database refers to, read in the backup's snapshot: attachments and
 * their thumbnails, avatars (their key is derived from the user's avatar URL, as in
 * avatars.service.ts) and data exports. Files nothing refers to are not backed up.
 */
const STORED_FILES_SQL = `
  SELECT storage_key AS key FROM attachments
  UNION ALL SELECT thumbnail_key FROM attachments WHERE thumbnail_key IS NOT NULL
  UNION ALL SELECT 'avatars/' || m[1] || '/' || m[2] || '.webp'
              FROM users, regexp_match(avatar_url, '^/api/v1/avatars/([0-9a-f-]{36})/([a-z0-9]{16})$') m
             WHERE m IS NOT NULL
  UNION ALL SELECT storage_key FROM data_exports WHERE storage_key IS NOT NULL`;

const PAGE = 500;

/** The keys in pages through a cursor of the open transaction: never all in memory. */
export async function* storedFileKeys(db: ClientBase): AsyncGenerator<string> {
  await db.query(`DECLARE backup_files NO SCROLL CURSOR FOR ${STORED_FILES_SQL}`);
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
