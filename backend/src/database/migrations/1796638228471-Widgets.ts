import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shop widget (issue 20): widgets (bot, allowed origins, greeting, hand-off) and their
 * visitors, each a guest user with one conversation; `last_active_at` is what the expiry job
 * reads, `widget_id` becomes null when a widget is deleted (its visitors expire as usual).
 */
export class Widgets1796638228471 implements MigrationInterface {
  name = 'Widgets1796638228471';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "widgets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "bot_user_id" uuid NOT NULL, "allowed_origins" text array NOT NULL, "greeting" character varying(500), "handoff" boolean NOT NULL DEFAULT false, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_da23136dbcfc91424451e24b725" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "widget_guests" ("user_id" uuid NOT NULL, "widget_id" uuid, "conversation_id" uuid NOT NULL, "context" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_active_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb2d54ca197260bfcb3c8bf190d" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "widget_guests_widget_idx" ON "widget_guests"  ("widget_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "widget_guests_conversation_idx" ON "widget_guests"  ("conversation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "widget_guests_last_active_idx" ON "widget_guests"  ("last_active_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "widgets" ADD CONSTRAINT "FK_e3950bdfb2d0a3e6143a0b8196c" FOREIGN KEY ("bot_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "widget_guests" ADD CONSTRAINT "FK_bb2d54ca197260bfcb3c8bf190d" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "widget_guests" ADD CONSTRAINT "FK_c0ff2f034194a8ae50f15403383" FOREIGN KEY ("widget_id") REFERENCES "widgets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "widget_guests" ADD CONSTRAINT "FK_c58f2ce27eebe6cc9b76f6c44a4" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "widget_guests" DROP CONSTRAINT "FK_c58f2ce27eebe6cc9b76f6c44a4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "widget_guests" DROP CONSTRAINT "FK_c0ff2f034194a8ae50f15403383"`,
    );
    await queryRunner.query(
      `ALTER TABLE "widget_guests" DROP CONSTRAINT "FK_bb2d54ca197260bfcb3c8bf190d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "widgets" DROP CONSTRAINT "FK_e3950bdfb2d0a3e6143a0b8196c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."widget_guests_last_active_idx"`);
    await queryRunner.query(`DROP INDEX "public"."widget_guests_conversation_idx"`);
    await queryRunner.query(`DROP INDEX "public"."widget_guests_widget_idx"`);
    await queryRunner.query(`DROP TABLE "widget_guests"`);
    await queryRunner.query(`DROP TABLE "widgets"`);
  }
}
