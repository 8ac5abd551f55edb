import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mute may end by itself (`muted_until`), and each member's devices report how far they have
 * received a conversation (`last_delivered_seq`, for the delivered tick).
 */
export class MuteUntilAndDelivered1796700000000 implements MigrationInterface {
  name = 'MuteUntilAndDelivered1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "conversation_members" ADD "muted_until" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_members" ADD "last_delivered_seq" bigint NOT NULL DEFAULT '0'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversation_members" DROP COLUMN "last_delivered_seq"`);
    await queryRunner.query(`ALTER TABLE "conversation_members" DROP COLUMN "muted_until"`);
  }
}
