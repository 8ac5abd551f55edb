import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Channels (issue 19): conversations gain a topic, an archived state and the `#general` mark;
 * browsing channels by title has its index. `send_messages` refuses sends to an archived
 * conversation; `join_general_channel` puts every new person in `#general`. A server upgraded
 * with people on it gets `#general` now, owned by its earliest admin, with everyone in it.
 */
export class Channels1796638163012 implements MigrationInterface, SqlFilesMigration {
  name = 'Channels1796638163012';

  readonly sqlFiles = {
    'send_messages.sql': '6f27b28fdb9b7735',
    'join_general_channel.sql': '11f8aa5212d94bec',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" ADD "topic" character varying(250)`);
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD "archived_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD "is_general" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "conversations_general_key" ON "conversations" ("is_general") WHERE "is_general"`,
    );
    await queryRunner.query(
      `CREATE INDEX "conversations_channels_title_idx" ON "conversations" (lower("title"), "id") WHERE "type" = 'channel'`,
    );
    await loadSqlFiles(queryRunner, this);
    await queryRunner.query(`
      WITH people AS (
        SELECT id, server_role, created_at FROM users
         WHERE NOT is_bot AND server_role <> 'guest' AND deleted_at IS NULL
      ), founder AS (
        SELECT id FROM people ORDER BY server_role = 'admin' DESC, created_at, id LIMIT 1
      ), general AS (
        INSERT INTO conversations (type, title, topic, created_by, is_general)
        SELECT 'channel', 'general', 'Everyone, and everything that concerns everyone', id, true
          FROM founder
        RETURNING id, created_by
      )
      INSERT INTO conversation_members (conversation_id, user_id, role)
      SELECT general.id, people.id,
             CASE WHEN people.id = general.created_by THEN 'owner' ELSE 'member' END
        FROM general CROSS JOIN people`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "users_join_general_channel" ON "users"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS join_general_channel()`);
    // The send path as it was before: the same function without the archived refusal.
    await queryRunner.query(
      readSqlFile('send_messages.sql').replace(' AND archived_at IS NULL', ''),
    );
    await queryRunner.query(`DELETE FROM "conversations" WHERE "type" = 'channel'`);
    await queryRunner.query(`DROP INDEX "conversations_channels_title_idx"`);
    await queryRunner.query(`DROP INDEX "conversations_general_key"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "is_general"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "archived_at"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "topic"`);
  }
}
