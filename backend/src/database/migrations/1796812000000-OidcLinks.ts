import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on (issue 18): which OpenID Connect identity (issuer + sub) reaches which account. */
export class OidcLinks1796812000000 implements MigrationInterface {
  name = 'OidcLinks1796812000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oidc_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "issuer" character varying(255) NOT NULL, "subject" character varying(255) NOT NULL, "email" character varying(254), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac625a1f0e027f8631f0c9db398" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "oidc_links_user_issuer_key" ON "oidc_links"  ("user_id", "issuer") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "oidc_links_issuer_subject_key" ON "oidc_links"  ("issuer", "subject") `,
    );
    await queryRunner.query(
      `ALTER TABLE "oidc_links" ADD CONSTRAINT "FK_cc2ca6d5aeda1c5b00c193786fe" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "oidc_links" DROP CONSTRAINT "FK_cc2ca6d5aeda1c5b00c193786fe"`,
    );
    await queryRunner.query(`DROP INDEX "public"."oidc_links_issuer_subject_key"`);
    await queryRunner.query(`DROP INDEX "public"."oidc_links_user_issuer_key"`);
    await queryRunner.query(`DROP TABLE "oidc_links"`);
  }
}
