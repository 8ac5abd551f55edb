import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * The send path's cost (issue 22): `request_bot_replies` returns at once for a message that no
 * bot can owe an answer (no `@`, not in a direct conversation) instead of joining the
 * conversation's members with the bots for every message.
 */
export class BotRepliesOnlyWhenOwed1797200000000 implements MigrationInterface, SqlFilesMigration {
  name = 'BotRepliesOnlyWhenOwed1797200000000';

  readonly sqlFiles = {
    'request_bot_replies.sql': '4532638eabbd8d86',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The function as before: the same text without the early return.
    await queryRunner.query(
      readSqlFile('request_bot_replies.sql').replace(
        / {2}-- Most messages owe no bot:[\s\S]*?END IF;\n/,
        '',
      ),
    );
  }
}
