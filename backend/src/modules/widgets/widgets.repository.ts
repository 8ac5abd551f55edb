import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { WidgetGuestEntity } from './widget-guest.entity';
import { WidgetEntity } from './widget.entity';

/** A widget with its bot's username, as every answer shows it. */
export type WidgetRow = WidgetEntity & { bot: { username: string } };

@Injectable()
export class WidgetsRepository {
  constructor(
    @InjectRepository(WidgetEntity) private readonly widgets: Repository<WidgetEntity>,
    @InjectRepository(WidgetGuestEntity) private readonly guests: Repository<WidgetGuestEntity>,
  ) {}

  findById(id: string): Promise<WidgetRow | null> {
    return this.widgets.findOne({
      where: { id },
      relations: { bot: true },
    }) as Promise<WidgetRow | null>;
  }

  list(): Promise<WidgetRow[]> {
    return this.widgets.find({ relations: { bot: true }, order: { createdAt: 'ASC' } }) as Promise<
      WidgetRow[]
    >;
  }

  async count(): Promise<number> {
    return this.widgets.count();
  }

  async insert(widget: Partial<WidgetEntity>): Promise<WidgetRow> {
    const saved = await this.widgets.save(this.widgets.create(widget));
    return (await this.findById(saved.id))!;
  }

  async update(id: string, changes: Partial<WidgetEntity>): Promise<WidgetRow | null> {
    if (Object.keys(changes).length > 0) await this.widgets.update({ id }, changes);
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.widgets.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Every origin some widget allows (for CORS). */
  async allOrigins(): Promise<string[]> {
    const rows = returnedRows<{ origin: string }>(
      await this.widgets.query(`SELECT DISTINCT unnest(allowed_origins) AS origin FROM widgets`),
    );
    return rows.map((r) => r.origin);
  }

  insertGuest(
    guest: Pick<WidgetGuestEntity, 'userId' | 'widgetId' | 'conversationId' | 'context'>,
  ) {
    return this.guests.insert(guest);
  }

  findGuest(userId: string): Promise<WidgetGuestEntity | null> {
    return this.guests.findOneBy({ userId });
  }

  /** The product page a visitor started on, by their conversation (one index probe). */
  async visitorContext(conversationId: string): Promise<WidgetGuestEntity['context']> {
    const guest = await this.guests.findOne({
      select: { userId: true, context: true },
      where: { conversationId },
    });
    return guest?.context ?? null;
  }

  /**
   * Deletes up to `limit` visitors idle `days` days or more: their conversations (with the
   * messages, members and attachment rows) and then their guest accounts, in one transaction.
   * Guests exist only through widgets, so this module ends their lives. Answers how many.
   */
  async deleteIdleGuests(days: number, limit: number): Promise<number> {
    return this.guests.manager.transaction(async (manager) => {
      const rows = returnedRows<{ user_id: string; conversation_id: string }>(
        await manager.query(
          `SELECT user_id, conversation_id FROM widget_guests
            WHERE last_active_at < now() - make_interval(days => $1)
            ORDER BY last_active_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [days, limit],
        ),
      );
      if (rows.length === 0) return 0;
      await manager.query(`DELETE FROM conversations WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.conversation_id),
      ]);
      await manager.query(
        `DELETE FROM users WHERE id = ANY($1::uuid[]) AND server_role = 'guest'`,
        [rows.map((r) => r.user_id)],
      );
      return rows.length;
    });
  }

  async touchGuest(userId: string): Promise<void> {
    await this.guests.update({ userId }, { lastActiveAt: () => 'now()' });
  }
}
