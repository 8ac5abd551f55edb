import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Forwarding (issue 19): a message remembers where it was forwarded from, written by
 * `send_messages` with the rest of the send.
 */
export class Forwarding1796641331869 implements MigrationInterface, SqlFilesMigration {
  name = 'Forwarding1796641331869';

  readonly sqlFiles = {
    'send_messages.sql': 'b79fdf61aa0c91a8',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "forwarded_from" jsonb`);
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The send path as the Threads migration left it: without the forwarded_from column.
    await queryRunner.query(
      readSqlFile('send_messages.sql')
        .replace(', forwarded_from jsonb)', ')')
        .replace(', forwarded_from)', ')')
        .replace(',\n            item.forwarded_from)', ')'),
    );
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "forwarded_from"`);
  }
}
