import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No silent tail: every message insert also records, in the same transaction, that its
 * `message:new` is owed. The committing API instance deletes the row once it has published;
 * if that process dies between commit and publish, a relay on any API instance publishes it.
 * Kept apart from the bot trigger (request_bot_replies): different rows, different consumers.
 */
export class MessageDeliveryOutbox1795613900000 implements MigrationInterface {
  name = 'MessageDeliveryOutbox1795613900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_delivery_outbox" ("message_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "seq" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_02af19a61d48a6d5b4dd7c525de" PRIMARY KEY ("message_id"))`,
    );
    // clock_timestamp(), not now(): a row's age counts from the insert, not from the start of
    // a transaction that may have waited for the conversation's lock.
    await queryRunner.query(`
      CREATE FUNCTION record_message_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO message_delivery_outbox (message_id, conversation_id, seq)
        VALUES (NEW.id, NEW.conversation_id, NEW.seq);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER messages_record_delivery AFTER INSERT ON messages
      FOR EACH ROW EXECUTE FUNCTION record_message_delivery()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_record_delivery ON messages`);
    await queryRunner.query(`DROP FUNCTION record_message_delivery()`);
    await queryRunner.query(`DROP TABLE "message_delivery_outbox"`);
  }
}
