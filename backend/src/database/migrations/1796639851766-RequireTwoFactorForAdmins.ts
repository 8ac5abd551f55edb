import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The workspace setting `requireTwoFactorForAdmins` (issue 18), off by default. */
export class RequireTwoFactorForAdmins1796639851766 implements MigrationInterface {
  name = 'RequireTwoFactorForAdmins1796639851766';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workspace_settings" ADD "require_two_factor_for_admins" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workspace_settings" DROP COLUMN "require_two_factor_for_admins"`,
    );
  }
}
