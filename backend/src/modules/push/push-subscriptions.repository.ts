import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { PushSubscriptionEntity } from './push-subscription.entity';

/** A subscription of a member who may be told about a message in their conversation. */
export interface PushRecipient {
  subscriptionId: string;
  userId: string;
  conversationId: string;
  muted: boolean;
  endpoint: string;
  p256dh: string;
  auth: string;
}

@Injectable()
export class PushSubscriptionsRepository {
  constructor(
    @InjectRepository(PushSubscriptionEntity)
    private readonly subscriptions: Repository<PushSubscriptionEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /** One row per endpoint: a browser that subscribes again (as anyone) replaces its row. */
  async upsert(row: { userId: string; endpoint: string; p256dh: string; auth: string }) {
    await this.dataSource.query(
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE
         SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth`,
      [row.userId, row.endpoint, row.p256dh, row.auth],
    );
  }

  async delete(userId: string, endpoint: string): Promise<void> {
    await this.subscriptions.delete({ userId, endpoint });
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.subscriptions.delete({ id: In(ids) });
  }

  /**
   * Every subscription of a member of these conversations, with the member's mute: one query
   * per batch of messages (the members' primary key, then the subscriptions' user index).
   */
  recipients(conversationIds: string[]): Promise<PushRecipient[]> {
    return this.dataSource.query(
      `SELECT s.id AS "subscriptionId", s.user_id AS "userId",
              m.conversation_id AS "conversationId",
              (m.muted AND (m.muted_until IS NULL OR m.muted_until > now())) AS muted,
              s.endpoint, s.p256dh, s.auth
         FROM conversation_members m
         JOIN push_subscriptions s ON s.user_id = m.user_id
        WHERE m.conversation_id = ANY ($1::uuid[])`,
      [conversationIds],
    );
  }

  /** Titles for notifications: a group's title, null for a direct conversation. */
  async titles(conversationIds: string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; title: string | null }[] = await this.dataSource.query(
      `SELECT id, CASE WHEN type = 'group' THEN title END AS title
         FROM conversations WHERE id = ANY ($1::uuid[])`,
      [conversationIds],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }
}
