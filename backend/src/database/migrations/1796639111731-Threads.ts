import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSqlFiles, readSqlFile, type SqlFilesMigration } from '../sql-files';

/**
 * Threads (issue 19): a message may reply in a thread (`thread_root_id`, optionally also shown
 * in the conversation); each root with replies has its summary in `message_threads`, and
 * `thread_followers` holds who follows which thread with their read marker in it. The two
 * partial indexes hold thread replies only, so the messages outside threads pay nothing for
 * them: thread pages and unread counts read `messages_thread_idx`; the conversation's unread
 * count leaves out thread-only replies with `messages_thread_only_idx`. `send_messages` checks
 * the root and calls `record_thread_reply` for replies.
 */
export class Threads1796639111731 implements MigrationInterface, SqlFilesMigration {
  name = 'Threads1796639111731';

  readonly sqlFiles = {
    'record_thread_reply.sql': '9b5e782d38bf4115',
    'send_messages.sql': '382199380c9d8589',
  };

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_threads" ("root_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "reply_count" integer NOT NULL DEFAULT '0', "last_reply_seq" bigint NOT NULL, "last_reply_at" TIMESTAMP WITH TIME ZONE NOT NULL, "participant_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "PK_85b1c5642624bb8b33e335f82a5" PRIMARY KEY ("root_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "thread_followers" ("root_id" uuid NOT NULL, "user_id" uuid NOT NULL, "last_read_seq" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_225f3d83b3be7cd95eaffa977e3" PRIMARY KEY ("root_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "thread_followers_user_idx" ON "thread_followers"  ("user_id") `,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "thread_root_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "also_to_conversation" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_112c3bee9328a0795c1ab21c1a5" FOREIGN KEY ("thread_root_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_threads" ADD CONSTRAINT "FK_85b1c5642624bb8b33e335f82a5" FOREIGN KEY ("root_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "thread_followers" ADD CONSTRAINT "FK_6543818a9ad13a9fe528f480a69" FOREIGN KEY ("root_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "thread_followers" ADD CONSTRAINT "FK_9751eebad94b5d33b6296abef79" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "messages_thread_idx" ON "messages" ("thread_root_id", "seq") WHERE "thread_root_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "messages_thread_only_idx" ON "messages" ("conversation_id", "seq") WHERE "thread_root_id" IS NOT NULL AND NOT "also_to_conversation"`,
    );
    await loadSqlFiles(queryRunner, this);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The send path as the Channels migration left it: no thread columns, no thread check.
    await queryRunner.query(
      readSqlFile('send_messages.sql')
        .replace(
          / {4}IF item\.thread_root_id IS NOT NULL THEN\n {6}IF NOT EXISTS[\s\S]*? {4}END IF;\n {4}END IF;\n/,
          '',
        )
        .replace(
          / {4}IF item\.thread_root_id IS NOT NULL THEN\n {6}message :=[\s\S]*? {4}END IF;\n/,
          '',
        )
        .replace(', thread_root_id uuid,\n      also_to_conversation boolean', '')
        .replace(', thread_root_id,\n                          also_to_conversation', '')
        .replace(
          ', item.thread_root_id,\n            item.thread_root_id IS NOT NULL AND coalesce(item.also_to_conversation, false)',
          '',
        ),
    );
    await queryRunner.query(`DROP FUNCTION record_thread_reply(messages)`);
    await queryRunner.query(`DROP INDEX "messages_thread_only_idx"`);
    await queryRunner.query(`DROP INDEX "messages_thread_idx"`);
    await queryRunner.query(
      `ALTER TABLE "thread_followers" DROP CONSTRAINT "FK_9751eebad94b5d33b6296abef79"`,
    );
    await queryRunner.query(
      `ALTER TABLE "thread_followers" DROP CONSTRAINT "FK_6543818a9ad13a9fe528f480a69"`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_threads" DROP CONSTRAINT "FK_85b1c5642624bb8b33e335f82a5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" DROP CONSTRAINT "FK_112c3bee9328a0795c1ab21c1a5"`,
    );
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "also_to_conversation"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "thread_root_id"`);
    await queryRunner.query(`DROP INDEX "public"."thread_followers_user_idx"`);
    await queryRunner.query(`DROP TABLE "thread_followers"`);
    await queryRunner.query(`DROP TABLE "message_threads"`);
  }
}
