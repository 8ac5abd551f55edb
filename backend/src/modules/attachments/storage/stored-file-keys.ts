/**
 * Every storage key the database refers to: attachments and their thumbnails, avatars (their
 * key is derived from the user's avatar URL, as in avatars.service.ts) and data exports. What
 * copies or rewrites stored files (a backup, the key rotation) walks these; files nothing
 * refers to are left to the orphan sweep.
 */
export const STORED_FILE_KEYS_SQL = `
  SELECT storage_key AS key FROM attachments
  UNION ALL SELECT thumbnail_key FROM attachments WHERE thumbnail_key IS NOT NULL
  UNION ALL SELECT 'avatars/' || m[1] || '/' || m[2] || '.webp'
              FROM users, regexp_match(avatar_url, '^/api/v1/avatars/([0-9a-f-]{36})/([a-z0-9]{16})$') m
             WHERE m IS NOT NULL
  UNION ALL SELECT storage_key FROM data_exports WHERE storage_key IS NOT NULL`;
