import type { MigrationInterface, QueryRunner } from 'typeorm';
import { returnedRows } from '../query-rows';
import { loadSqlFiles, type SqlFilesMigration } from '../sql-files';

/**
 * The workspace (issue 17): server roles and deactivation on users, the settings row, invites,
 * and the append-only audit log. A server upgraded with people on it makes its earliest person
 * admin, as the first registration does on a new one.
 */
export class WorkspaceAdministration1796636022686 implements MigrationInterface, SqlFilesMigration {
  name = 'WorkspaceAdministration1796636022686';

  /** The append-only trigger of the audit log (src/database/sql/). */
  readonly sqlFiles = { 'audit_events_append_only.sql': 'e287aea2d9ea76fd' };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" character varying(64) NOT NULL, "target_id" uuid, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_events_seq_key" ON "audit_events"  ("seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "created_by" uuid, "max_uses" integer, "uses" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa52e96b44a714372f4dd31a0af" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invites_token_hash_key" ON "invites"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workspace_settings" ("id" smallint NOT NULL, "workspace_name" character varying(64) NOT NULL, "registration_mode" character varying(16) NOT NULL, "members_can_invite" boolean NOT NULL, "members_can_create_channels" boolean NOT NULL, "retention_days" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "workspace_settings_registration_mode" CHECK ("registration_mode" IN ('open', 'invite', 'closed')), CONSTRAINT "workspace_settings_single_row" CHECK ("id" = 1), CONSTRAINT "PK_b99609772017c1ec22c40c1ddb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD "server_role" character varying(16) NOT NULL DEFAULT 'member'`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_server_role_check" CHECK ("server_role" IN ('admin', 'member', 'guest'))`,
    );
    await loadSqlFiles(queryRunner, this);
    const rows = returnedRows<{ id: string }>(
      await queryRunner.query(
        `UPDATE "users" SET "server_role" = 'admin'
          WHERE "id" = (SELECT "id" FROM "users" WHERE NOT "is_bot" AND "deleted_at" IS NULL ORDER BY "created_at", "id" LIMIT 1)
         RETURNING "id"`,
      ),
    );
    for (const { id } of rows) {
      await queryRunner.query(
        `INSERT INTO "audit_events" ("actor_id", "action", "target_id", "details") VALUES (NULL, 'admin.bootstrapped', $1, '{"via":"migration"}')`,
        [id],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_server_role_check"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deactivated_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "server_role"`);
    await queryRunner.query(`DROP TABLE "workspace_settings"`);
    await queryRunner.query(`DROP INDEX "public"."invites_token_hash_key"`);
    await queryRunner.query(`DROP TABLE "invites"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_seq_key"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
