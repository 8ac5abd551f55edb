import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, type SqlFilesMigration } from '../sql-files';

const SEARCHABLE = `"deleted_at" IS NULL AND "kind" IN ('text', 'bot')`;

/**
 * Search indexing leaves the send path (issue 22): `messages.search_vector` stops being a
 * generated column and is filled in batches by the search module's indexer.
 *
 * `DROP EXPRESSION` keeps every stored vector and the GIN index and rewrites nothing, so the
 * migration is a catalog change even on a big table and search keeps finding old messages at
 * once; the state row says those vectors are `plain` (the generated column's lexemes). (Dropping the column instead would leave
 * the whole history to the indexer, unsearchable until it caught up.) The only scan is the new
 * partial index of messages still to index, which holds nothing after the migration.
 */
export class SearchIndexOffSendPath1797150000000 implements MigrationInterface, SqlFilesMigration {
  name = 'SearchIndexOffSendPath1797150000000';

  readonly sqlFiles = {
    'reset_search_vector.sql': 'ed7a2128b5437827',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "search_vector" DROP EXPRESSION`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'messages' AND "name" = 'search_vector'`,
    );
    // What the indexer takes next: small, since a row leaves it once indexed.
    await queryRunner.query(
      `CREATE INDEX "messages_search_pending_idx" ON "messages" ("created_at") WHERE "search_vector" IS NULL AND ${SEARCHABLE}`,
    );
    await queryRunner.query(
      `CREATE TABLE "search_index_state" ("id" smallint NOT NULL, "mode" character varying(80) NOT NULL, "reindex_after" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "search_index_state_single_row" CHECK ("id" = 1), CONSTRAINT "search_index_state_pkey" PRIMARY KEY ("id"))`,
    );
    // The generated vectors: lexemes without the per-conversation ones (the indexer's mode
    // differs, so it re-indexes them in place, while they keep answering most searches).
    await queryRunner.query(`INSERT INTO "search_index_state" ("id", "mode") VALUES (1, 'plain')`);
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_reset_search_vector ON "messages"`);
    await queryRunner.query(`DROP FUNCTION reset_search_vector()`);
    await queryRunner.query(`DROP TABLE "search_index_state"`);
    await queryRunner.query(`DROP INDEX "public"."messages_search_pending_idx"`);
    // A generated column cannot be made from a plain one: recreate it (a table rewrite).
    const expression = `to_tsvector('chat_search'::regconfig, body)`;
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "search_vector"`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "search_vector" tsvector GENERATED ALWAYS AS (${expression}) STORED`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'messages', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [expression],
    );
    await queryRunner.query(
      `CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector") WHERE ${SEARCHABLE}`,
    );
  }
}
