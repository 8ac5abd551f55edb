import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions, mute and Web Push. `messages.mentions` / `mentions_here` are computed from the body
 * by a BEFORE trigger, so every write path (send, edit, delete, bot replies) agrees; the
 * partial index serves the unread mention counts of the conversation list.
 */
export class Mentions1795700300000 implements MigrationInterface {
  name = 'Mentions1795700300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "mentions" uuid array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "mentions_here" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_members" ADD "muted" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "endpoint" character varying(2048) NOT NULL, "p256dh" character varying(200) NOT NULL, "auth" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_757fc8f00c34f66832668dc2e53" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "push_subscriptions_user_idx" ON "push_subscriptions" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions" ("endpoint") `,
    );
    await queryRunner.query(
      `ALTER TABLE "push_subscriptions" ADD CONSTRAINT "FK_6771f119f1c06d2ccf38f238664" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "messages_mentions_idx" ON "messages" ("conversation_id", "seq") WHERE mentions <> '{}' OR mentions_here`,
    );
    // The same @username boundaries as the bot trigger (BotReplies). Members only: a name
    // that is not in the conversation mentions nobody. The send path runs this for every
    // message, so a body without '@' returns before any lookup. A bot reply is read once
    // complete, not on every streamed chunk.
    await queryRunner.query(`
      CREATE FUNCTION compute_message_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.mentions := '{}';
        NEW.mentions_here := false;
        IF NEW.body IS NULL OR strpos(NEW.body, '@') = 0 THEN
          RETURN NEW;
        END IF;
        SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}')
          INTO NEW.mentions
          FROM conversation_members m
          JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = NEW.conversation_id
           AND strpos(lower(NEW.body), '@' || u.username) > 0
           AND NEW.body ~* ('(^|[^a-z0-9_.])@' || regexp_replace(u.username, '\\.', '\\\\.', 'g') || '([^a-z0-9_]|$)');
        NEW.mentions_here := NEW.body ~* '(^|[^a-z0-9_.])@here([^a-z0-9_]|$)'
          AND EXISTS (SELECT 1 FROM conversations c
                       WHERE c.id = NEW.conversation_id AND c.type = 'group');
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER messages_compute_mentions BEFORE INSERT OR UPDATE OF body ON messages
      FOR EACH ROW WHEN (NEW.kind = 'text' OR (NEW.kind = 'bot' AND NEW.status <> 'streaming'))
      EXECUTE FUNCTION compute_message_mentions()`);
    // Messages written before this migration: only those with an '@' can mention anyone.
    await queryRunner.query(
      `UPDATE messages SET body = body WHERE kind IN ('text', 'bot') AND strpos(body, '@') > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_compute_mentions ON messages`);
    await queryRunner.query(`DROP FUNCTION compute_message_mentions()`);
    await queryRunner.query(`DROP INDEX "public"."messages_mentions_idx"`);
    await queryRunner.query(
      `ALTER TABLE "push_subscriptions" DROP CONSTRAINT "FK_6771f119f1c06d2ccf38f238664"`,
    );
    await queryRunner.query(`DROP INDEX "public"."push_subscriptions_endpoint_key"`);
    await queryRunner.query(`DROP INDEX "public"."push_subscriptions_user_idx"`);
    await queryRunner.query(`DROP TABLE "push_subscriptions"`);
    await queryRunner.query(`ALTER TABLE "conversation_members" DROP COLUMN "muted"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "mentions_here"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "mentions"`);
  }
}
