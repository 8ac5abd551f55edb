import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserLastSeen1795606727415 implements MigrationInterface {
  name = 'UserLastSeen1795606727415';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "last_seen_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "last_seen_at"`);
  }
}
