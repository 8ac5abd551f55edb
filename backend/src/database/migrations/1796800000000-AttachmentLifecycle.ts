import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an attachment's lifecycle asks of the database: which messages name a file (a GIN index
 * over the messages that have attachments, so it stays small), and the uploads the sweep looks
 * at (still processing, or old enough to be collected if no message took them).
 */
export class AttachmentLifecycle1796800000000 implements MigrationInterface {
  name = 'AttachmentLifecycle1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "messages_attachments_idx" ON "messages" USING gin ("attachment_ids") WHERE "attachment_ids" <> '{}'`,
    );
    await queryRunner.query(
      `CREATE INDEX "attachments_created_idx" ON "attachments" ("created_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."attachments_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."messages_attachments_idx"`);
  }
}
