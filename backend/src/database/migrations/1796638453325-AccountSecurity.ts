import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account security (issue 18): an email address per user, single-use account tokens (email
 * verification, password reset), and a row per session (refresh token family) for the list of
 * signed-in devices and the idle/absolute lifetimes. Sessions open at upgrade get a row.
 */
export class AccountSecurity1796638453325 implements MigrationInterface {
  name = 'AccountSecurity1796638453325';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "email" character varying(254), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_tokens_purpose_check" CHECK ("purpose" IN ('verify-email', 'reset-password')), CONSTRAINT "PK_5e3640c493cc6206a44b885e6a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_tokens_token_hash_key" ON "account_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "account_tokens_user_idx" ON "account_tokens"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "user_agent" character varying(512), "ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sessions_user_idx" ON "sessions"  ("user_id", "last_used_at") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "email" character varying(254)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "account_tokens" ADD CONSTRAINT "FK_1b5fea09efc20c7f63c4a09b3d6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // "Forgot password" by address: the verified addresses, in any letter case.
    await queryRunner.query(
      `CREATE INDEX "users_email_lower_idx" ON "users" (lower("email")) WHERE "email_verified_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `INSERT INTO "sessions" ("id", "user_id", "created_at", "last_used_at")
       SELECT "family_id", min("user_id"::text)::uuid, min("created_at"), max("created_at")
         FROM "refresh_tokens" GROUP BY "family_id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."users_email_lower_idx"`);
    await queryRunner.query(
      `ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_tokens" DROP CONSTRAINT "FK_1b5fea09efc20c7f63c4a09b3d6"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_idx"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."account_tokens_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."account_tokens_token_hash_key"`);
    await queryRunner.query(`DROP TABLE "account_tokens"`);
  }
}
