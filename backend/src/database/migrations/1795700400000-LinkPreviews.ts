import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Link previews: the preview a worker made for a message's first link, and the cache of
 * previews by URL that makes a page fetched once however often it is posted.
 */
export class LinkPreviews1795700400000 implements MigrationInterface {
  name = 'LinkPreviews1795700400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "link_preview" jsonb`);
    await queryRunner.query(
      `CREATE TABLE "link_previews" ("url_hash" character varying(64) NOT NULL, "url" text NOT NULL, "data" jsonb, "status" character varying(16) NOT NULL, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2853d8272b756adcd40094069c8" PRIMARY KEY ("url_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "link_previews_fetched_at_idx" ON "link_previews" ("fetched_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "link_previews"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "link_preview"`);
  }
}
