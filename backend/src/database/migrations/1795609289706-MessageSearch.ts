import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Must stay identical to `asExpression` of MessageEntity.searchVector (the drift test compares). */
const SEARCH_VECTOR = `to_tsvector('chat_search'::regconfig, body)`;

/**
 * Full-text search over messages. `chat_search` is the `simple` configuration (no stemming, no
 * stop words: names and any language work) with `unaccent` in front, so "cafe" finds "café";
 * ts_headline with the same configuration highlights the accented original. The vector is a
 * stored generated column: edits recompute it, and a deleted message (body NULL) has none.
 */
export class MessageSearch1795609289706 implements MigrationInterface {
  name = 'MessageSearch1795609289706';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Ships with PostgreSQL (contrib) and is trusted: the database owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION chat_search (COPY = simple)`);
    await queryRunner.query(
      `ALTER TEXT SEARCH CONFIGURATION chat_search ALTER MAPPING FOR word, numword, hword, numhword, hword_part, hword_numpart WITH unaccent, simple`,
    );
    // Where TypeORM keeps generated-column expressions (it reads them to detect drift).
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "search_vector" tsvector GENERATED ALWAYS AS (${SEARCH_VECTOR}) STORED`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'messages', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [SEARCH_VECTOR],
    );
    // The messages containing given words (or word prefixes).
    await queryRunner.query(
      `CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector") WHERE "deleted_at" IS NULL AND "kind" IN ('text', 'bot')`,
    );
    // Newest-first walk over searchable messages, for words that match often.
    await queryRunner.query(
      `CREATE INDEX "messages_search_recent_idx" ON "messages" ("created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL AND "kind" IN ('text', 'bot')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."messages_search_recent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."messages_search_idx"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'messages' AND "name" = 'search_vector'`,
    );
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION chat_search`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
