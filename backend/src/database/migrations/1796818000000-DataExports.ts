import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Export my data": one row per archive a person asked for (at most one running each), and an
 * index on a person's own messages, oldest first, that the export job pages through.
 */
export class DataExports1796818000000 implements MigrationInterface {
  name = 'DataExports1796818000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'running', "progress" smallint NOT NULL DEFAULT '0', "storage_key" character varying(255), "size" bigint, "token_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "data_exports_progress_check" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "data_exports_status_check" CHECK ("status" IN ('running', 'ready', 'failed', 'expired')), CONSTRAINT "PK_3e8b8b297ef4446f30527695c10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_exports_expiry_idx" ON "data_exports"  ("expires_at") WHERE status = 'ready'`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_exports_user_created_idx" ON "data_exports"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "data_exports_one_running_idx" ON "data_exports"  ("user_id") WHERE status = 'running'`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_exports" ADD CONSTRAINT "FK_8ee9254a3040f10d3f57d789d29" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "messages_sender_created_idx" ON "messages" ("sender_id", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."messages_sender_created_idx"`);
    await queryRunner.query(
      `ALTER TABLE "data_exports" DROP CONSTRAINT "FK_8ee9254a3040f10d3f57d789d29"`,
    );
    await queryRunner.query(`DROP INDEX "public"."data_exports_one_running_idx"`);
    await queryRunner.query(`DROP INDEX "public"."data_exports_user_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."data_exports_expiry_idx"`);
    await queryRunner.query(`DROP TABLE "data_exports"`);
  }
}
