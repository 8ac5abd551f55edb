import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files and images people attach to messages: the bytes live in storage (disk or S3) under
 * `storage_key`; an image's thumbnail and dimensions arrive from the thumbnail worker.
 */
export class Attachments1795700200000 implements MigrationInterface {
  name = 'Attachments1795700200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "uploader_id" uuid NOT NULL, "name" character varying(255) NOT NULL, "mime_type" character varying(127) NOT NULL, "size" bigint NOT NULL, "kind" character varying(16) NOT NULL, "storage_key" character varying(255) NOT NULL, "thumbnail_key" character varying(255), "width" integer, "height" integer, "status" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "attachments_conversation_idx" ON "attachments" ("conversation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "attachments_uploader_idx" ON "attachments" ("uploader_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_8c47112d73053bbb0ab481b420f" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_73407cf2d2a0e64546bacf309a7" FOREIGN KEY ("uploader_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "attachments" DROP CONSTRAINT "FK_73407cf2d2a0e64546bacf309a7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" DROP CONSTRAINT "FK_8c47112d73053bbb0ab481b420f"`,
    );
    await queryRunner.query(`DROP INDEX "public"."attachments_uploader_idx"`);
    await queryRunner.query(`DROP INDEX "public"."attachments_conversation_idx"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
