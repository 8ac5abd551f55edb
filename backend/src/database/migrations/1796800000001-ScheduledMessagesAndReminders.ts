/**
 * Scheduled messages and reminders (issue 19): the rows their delayed jobs read, indexed for
 * "mine, pending, soonest first"; one scheduled message per author and client id.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledMessagesAndReminders1796800000001 implements MigrationInterface {
  name = 'ScheduledMessagesAndReminders1796800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "message_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "remind_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'scheduled', "failure_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "reminders_user_idx" ON "reminders"  ("user_id", "status", "remind_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "scheduled_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "author_id" uuid NOT NULL, "client_message_id" character varying(64) NOT NULL, "body" text NOT NULL, "send_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'scheduled', "failure_reason" text, "message_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7cd15ea89ad2fc7896baa748416" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "scheduled_messages_client_id_key" ON "scheduled_messages"  ("author_id", "client_message_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "scheduled_messages_author_idx" ON "scheduled_messages"  ("author_id", "status", "send_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "FK_586e0b8e419125be507701cee2a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "FK_6473e4b90c23296abd395561de5" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_messages" ADD CONSTRAINT "FK_5b04f1f3e570f9bfcb81a9eff14" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_messages" ADD CONSTRAINT "FK_c27ef7854998582fd598ce0e127" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "scheduled_messages" DROP CONSTRAINT "FK_c27ef7854998582fd598ce0e127"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_messages" DROP CONSTRAINT "FK_5b04f1f3e570f9bfcb81a9eff14"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" DROP CONSTRAINT "FK_6473e4b90c23296abd395561de5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" DROP CONSTRAINT "FK_586e0b8e419125be507701cee2a"`,
    );
    await queryRunner.query(`DROP INDEX "public"."scheduled_messages_author_idx"`);
    await queryRunner.query(`DROP INDEX "public"."scheduled_messages_client_id_key"`);
    await queryRunner.query(`DROP TABLE "scheduled_messages"`);
    await queryRunner.query(`DROP INDEX "public"."reminders_user_idx"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
  }
}
