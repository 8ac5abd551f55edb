/**
 * Pinned messages and saved messages (issue 19): one table each, indexed for their lists.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PinsAndSaved1796640383953 implements MigrationInterface {
  name = 'PinsAndSaved1796640383953';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_pins" ("message_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "pinned_by" uuid NOT NULL, "pinned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed821bfa15eb7dd373cb1c6ffb0" PRIMARY KEY ("message_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "message_pins_conversation_idx" ON "message_pins"  ("conversation_id", "pinned_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "saved_messages" ("user_id" uuid NOT NULL, "message_id" uuid NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba394494513eb99156cdf97d101" PRIMARY KEY ("user_id", "message_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "saved_messages_user_idx" ON "saved_messages"  ("user_id", "saved_at", "message_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "message_pins" ADD CONSTRAINT "FK_ed821bfa15eb7dd373cb1c6ffb0" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_messages" ADD CONSTRAINT "FK_e5fc7349c2343ef8497e9216996" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_messages" ADD CONSTRAINT "FK_03098e37ce0bbb19dad4b254bdb" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saved_messages" DROP CONSTRAINT "FK_03098e37ce0bbb19dad4b254bdb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_messages" DROP CONSTRAINT "FK_e5fc7349c2343ef8497e9216996"`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_pins" DROP CONSTRAINT "FK_ed821bfa15eb7dd373cb1c6ffb0"`,
    );
    await queryRunner.query(`DROP INDEX "public"."saved_messages_user_idx"`);
    await queryRunner.query(`DROP TABLE "saved_messages"`);
    await queryRunner.query(`DROP INDEX "public"."message_pins_conversation_idx"`);
    await queryRunner.query(`DROP TABLE "message_pins"`);
  }
}
