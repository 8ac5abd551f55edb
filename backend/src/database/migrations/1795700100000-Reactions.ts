import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions: one row per person, emoji and message. Reads go by message (a page's worth at a
 * time), which the primary key serves; the user index serves the cascade when an account goes.
 */
export class Reactions1795700100000 implements MigrationInterface {
  name = 'Reactions1795700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_reactions" ("message_id" uuid NOT NULL, "user_id" uuid NOT NULL, "emoji" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5a1f46b4f33ce416f9c192ab29" PRIMARY KEY ("message_id", "user_id", "emoji"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_reactions_user_idx" ON "message_reactions" ("user_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_reactions" ADD CONSTRAINT "FK_ce61e365d81a9dfc15cd36513b0" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_reactions" ADD CONSTRAINT "FK_b6d3eda2f99b64016d6a4cf112f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_reactions"`);
  }
}
