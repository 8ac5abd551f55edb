import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Tracing, encryption at rest and the bot trigger's early return each changed the send path's
 * SQL: this loads the files as they now stand together. The early return reads what was
 * written (lent by `send_messages` when the body is sealed), so an encrypted @mention in a
 * group still reaches its bot.
 */
export class SendPathSqlTogether1797210000000 implements MigrationInterface, SqlFilesMigration {
  name = 'SendPathSqlTogether1797210000000';

  readonly sqlFiles = {
    'send_messages.sql': '307c02cfbd891669',
    'request_bot_replies.sql': 'd28dc9e705abf2b3',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The early return as it was: it read the stored body.
    await queryRunner.query(
      readSqlFile('request_bot_replies.sql').replace(
        "strpos(coalesce(written, ''), '@') = 0",
        "strpos(NEW.body, '@') = 0",
      ),
    );
  }
}
