import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BotReplies1795605154376 implements MigrationInterface {
  name = 'BotReplies1795605154376';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bot_reply_outbox" ("trigger_message_id" uuid NOT NULL, "bot_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_df81b8c0be21571695d391a9ce4" PRIMARY KEY ("trigger_message_id", "bot_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "bot_reply_outbox_created_idx" ON "bot_reply_outbox"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bots" ("user_id" uuid NOT NULL, "provider" character varying(32) NOT NULL, "description" character varying(280) NOT NULL, CONSTRAINT "PK_5da286413177d0a20e7f1a4731f" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "failure_reason" character varying(200)`);
    await queryRunner.query(
      `ALTER TABLE "bot_reply_outbox" ADD CONSTRAINT "FK_0529484022f410876ba03edfa34" FOREIGN KEY ("trigger_message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bot_reply_outbox" ADD CONSTRAINT "FK_969790aca701288b9d4bf96885c" FOREIGN KEY ("bot_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bots" ADD CONSTRAINT "FK_5da286413177d0a20e7f1a4731f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The durable hand-off: the row that makes a bot answer is written by the same transaction
    // as the message, whatever path inserted it, and NOTIFY (delivered only on commit) wakes
    // the workers at once. A direct conversation with a bot asks it every time; in a group a
    // bot answers when @mentioned by username and only while it is a member.
    await queryRunner.query(`
      CREATE FUNCTION request_bot_replies() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        owed record;
      BEGIN
        FOR owed IN
          INSERT INTO bot_reply_outbox (trigger_message_id, bot_id)
          SELECT NEW.id, b.user_id
            FROM conversation_members m
            JOIN bots b ON b.user_id = m.user_id
            JOIN users u ON u.id = b.user_id
            JOIN conversations c ON c.id = m.conversation_id
           WHERE m.conversation_id = NEW.conversation_id
             AND b.user_id <> NEW.sender_id
             AND (c.type = 'direct'
                  OR NEW.body ~* ('(^|[^a-z0-9_.])@' || regexp_replace(u.username, '\\.', '\\\\.', 'g') || '([^a-z0-9_]|$)'))
          ON CONFLICT DO NOTHING
          RETURNING trigger_message_id, bot_id
        LOOP
          PERFORM pg_notify('bot_replies', owed.trigger_message_id || ',' || owed.bot_id);
        END LOOP;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER messages_request_bot_replies AFTER INSERT ON messages
      FOR EACH ROW WHEN (NEW.kind = 'text' AND NEW.body IS NOT NULL)
      EXECUTE FUNCTION request_bot_replies()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_request_bot_replies ON messages`);
    await queryRunner.query(`DROP FUNCTION request_bot_replies()`);
    await queryRunner.query(`ALTER TABLE "bots" DROP CONSTRAINT "FK_5da286413177d0a20e7f1a4731f"`);
    await queryRunner.query(
      `ALTER TABLE "bot_reply_outbox" DROP CONSTRAINT "FK_969790aca701288b9d4bf96885c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "bot_reply_outbox" DROP CONSTRAINT "FK_0529484022f410876ba03edfa34"`,
    );
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "failure_reason"`);
    await queryRunner.query(`DROP TABLE "bots"`);
    await queryRunner.query(`DROP INDEX "public"."bot_reply_outbox_created_idx"`);
    await queryRunner.query(`DROP TABLE "bot_reply_outbox"`);
  }
}
