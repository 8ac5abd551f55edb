import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention job's scan: messages oldest first, from the start of the table up to the
 * cutoff, so each batch reads only what it deletes.
 */
export class MessageRetention1797000000000 implements MigrationInterface {
  name = 'MessageRetention1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "messages_created_idx" ON "messages" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."messages_created_idx"`);
  }
}
