import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Tracing (issue 21): `send_messages` takes each send's W3C traceparent and sets it for the
 * transaction, and `request_bot_replies` adds it to its NOTIFY, so a bot's reply job continues
 * the trace of the send that asked for it. Without tracing the API sends no traceparent and
 * both do what they did.
 */
export class TraceContextToBots1796934000000 implements MigrationInterface, SqlFilesMigration {
  name = 'TraceContextToBots1796934000000';

  readonly sqlFiles = {
    'send_messages.sql': '9847a6908d1469e5',
    'request_bot_replies.sql': 'e1ef3a037414c61f',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The functions as before: no traceparent taken, none notified.
    await queryRunner.query(
      readSqlFile('send_messages.sql')
        .replace(', traceparent text)', ')')
        .replace(/\n {2}traced boolean := false;/, '')
        .replace(/\n {4}-- With tracing on[\s\S]*?END IF;\n/, ''),
    );
    await queryRunner.query(
      readSqlFile('request_bot_replies.sql').replace(
        /\n\s*\|\| coalesce\(',' \|\| nullif\(current_setting\('chat\.traceparent', true\), ''\), ''\)/,
        '',
      ),
    );
  }
}
