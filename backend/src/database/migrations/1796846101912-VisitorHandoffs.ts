import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Hand-off to a person (issue 20): a widget visitor's request for a person and who claimed it
 * (`visitor_handoffs`: the inbox reads it by status and by agent), the `support` flag an admin
 * gives members who answer visitors, and `request_bot_replies` keeping the bot quiet while a
 * visitor's conversation is claimed.
 */
export class VisitorHandoffs1796846101912 implements MigrationInterface, SqlFilesMigration {
  name = 'VisitorHandoffs1796846101912';

  readonly sqlFiles = {
    'request_bot_replies.sql': '52cc543da35d6258',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "visitor_handoffs" ("conversation_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "agent_id" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_75f4d0845929da79ae92f93b16b" PRIMARY KEY ("conversation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "visitor_handoffs_agent_idx" ON "visitor_handoffs"  ("agent_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "visitor_handoffs_status_idx" ON "visitor_handoffs"  ("status", "requested_at") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "support" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "visitor_handoffs" ADD CONSTRAINT "FK_75f4d0845929da79ae92f93b16b" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visitor_handoffs" ADD CONSTRAINT "FK_77de5c6e68ebd590da01fde2010" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The trigger as before: without the claimed check, which reads the table dropped below.
    await queryRunner.query(
      readSqlFile('request_bot_replies.sql').replace(
        /\n {7}AND NOT EXISTS \(SELECT 1 FROM visitor_handoffs h\n[^\n]*\n/,
        '\n',
      ),
    );
    await queryRunner.query(
      `ALTER TABLE "visitor_handoffs" DROP CONSTRAINT "FK_77de5c6e68ebd590da01fde2010"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visitor_handoffs" DROP CONSTRAINT "FK_75f4d0845929da79ae92f93b16b"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "support"`);
    await queryRunner.query(`DROP INDEX "public"."visitor_handoffs_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."visitor_handoffs_agent_idx"`);
    await queryRunner.query(`DROP TABLE "visitor_handoffs"`);
  }
}
