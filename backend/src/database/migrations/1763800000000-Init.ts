import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The baseline: later migrations add the schema of each module. */
export class Init1763800000000 implements MigrationInterface {
  name = 'Init1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`COMMENT ON SCHEMA public IS 'chat application schema'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`COMMENT ON SCHEMA public IS NULL`);
  }
}
