import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, type SqlFilesMigration } from '../sql-files';

/**
 * Encryption at rest (issue 21): with `ENCRYPTION_KEYS` set a message body is stored sealed
 * (`enc1:...`), so the send path takes the text beside it and lends it to the triggers that read
 * what was written (mentions, bot requests) in the transaction-local setting
 * `chat.message_text`, which is never stored.
 */
export class EncryptionAtRest1797100000000 implements MigrationInterface, SqlFilesMigration {
  name = 'EncryptionAtRest1797100000000';

  readonly sqlFiles = {
    'send_messages.sql': '97b1f3713f262464',
    'compute_message_mentions.sql': 'bfbf59e0eea21ddc',
    'request_bot_replies.sql': 'ef7b0a972f495d03',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await loadSqlFiles(queryRunner, this);
  }

  async down(): Promise<void> {
    // Nothing to undo in the schema: the functions read plaintext bodies exactly as before (a
    // missing `text` reads as null), so the code before this migration runs on them unchanged.
  }
}
