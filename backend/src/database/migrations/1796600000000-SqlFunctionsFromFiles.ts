import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, type SqlFilesMigration } from '../sql-files';

/**
 * Moves every SQL function and trigger to `src/database/sql/`, where its current text can be
 * read in one file instead of pieced together from migrations (BotReplies, GroupLife,
 * MessageDeliveryOutbox, SendPath, Mentions keep theirs, as history). The definitions are the
 * same; only their layout changed. To change one later: edit its file, then add a migration
 * like this one that lists the file with its new hash.
 */
export class SqlFunctionsFromFiles1796600000000 implements MigrationInterface, SqlFilesMigration {
  name = 'SqlFunctionsFromFiles1796600000000';

  readonly sqlFiles = {
    'append_message.sql': '028ecdbe4fd2592d',
    'compute_message_mentions.sql': '62ef418243096135',
    'record_message_delivery.sql': 'b80ad516cbb948a6',
    'request_bot_replies.sql': '64bebe12eb2cb3a1',
    'send_messages.sql': 'ea5d9eed06118786',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await loadSqlFiles(queryRunner, this);
  }

  /** Nothing to undo: the earlier migrations' definitions behave exactly as these. */
  async down(): Promise<void> {}
}
