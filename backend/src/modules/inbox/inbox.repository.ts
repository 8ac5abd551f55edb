import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import type { InboxView } from './dto/inbox.dto';
import { HandoffEntity, type HandoffStatus } from './handoff.entity';

/** A hand-off with who and where it is about, as the inbox shows it. */
export interface InboxRow {
  conversation_id: string;
  status: HandoffStatus;
  requested_at: Date;
  claimed_at: Date | null;
  closed_at: Date | null;
  visitor_id: string;
  visitor_name: string;
  widget_id: string | null;
  widget_name: string | null;
  context: { product?: string; category?: string } | null;
  agent_id: string | null;
  agent_name: string | null;
}

/** The visitor's conversation as a hand-off starts: whose it is and whether its widget hands off. */
export interface VisitorConversation {
  guestId: string;
  handoff: boolean;
}

const ITEM = `
  SELECT h.conversation_id, h.status, h.requested_at, h.claimed_at, h.closed_at,
         g.user_id AS visitor_id, vu.display_name AS visitor_name, g.context,
         w.id AS widget_id, w.name AS widget_name, h.agent_id, au.display_name AS agent_name
    FROM visitor_handoffs h
    JOIN widget_guests g ON g.conversation_id = h.conversation_id
    JOIN users vu ON vu.id = g.user_id
    LEFT JOIN widgets w ON w.id = g.widget_id
    LEFT JOIN users au ON au.id = h.agent_id`;

/** Each tab's rows: the longest wait first; the most recent first once claimed or closed. */
const VIEW: Record<InboxView, string> = {
  waiting: `WHERE h.status = 'waiting' ORDER BY h.requested_at, h.conversation_id`,
  mine: `WHERE h.status = 'claimed' AND h.agent_id = $1 ORDER BY h.requested_at DESC, h.conversation_id`,
  closed: `WHERE h.status = 'closed' ORDER BY h.requested_at DESC, h.conversation_id`,
};

/** Agents: active people who are admins or on the support team. */
const AGENTS = `SELECT id FROM users
  WHERE (server_role = 'admin' OR support) AND NOT is_bot
    AND deactivated_at IS NULL AND deleted_at IS NULL`;

@Injectable()
export class InboxRepository {
  constructor(
    @InjectRepository(HandoffEntity) private readonly handoffs: Repository<HandoffEntity>,
  ) {}

  /** One tab, at most `limit` rows (the status index orders them). */
  async list(view: InboxView, agentId: string, limit: number): Promise<InboxRow[]> {
    const params: unknown[] = view === 'mine' ? [agentId, limit] : [limit];
    return returnedRows<InboxRow>(
      await this.handoffs.query(`${ITEM} ${VIEW[view]} LIMIT $${params.length}`, params),
    );
  }

  async item(conversationId: string): Promise<InboxRow | null> {
    const rows = returnedRows<InboxRow>(
      await this.handoffs.query(`${ITEM} WHERE h.conversation_id = $1`, [conversationId]),
    );
    return rows[0] ?? null;
  }

  async find(conversationId: string): Promise<HandoffEntity | null> {
    return this.handoffs.findOneBy({ conversationId });
  }

  /** The widget visitor whose conversation this is (null: not a visitor's). */
  async visitorConversation(conversationId: string): Promise<VisitorConversation | null> {
    const rows = returnedRows<{ user_id: string; handoff: boolean | null }>(
      await this.handoffs.query(
        `SELECT g.user_id, w.handoff FROM widget_guests g
           LEFT JOIN widgets w ON w.id = g.widget_id
          WHERE g.conversation_id = $1`,
        [conversationId],
      ),
    );
    return rows[0] ? { guestId: rows[0].user_id, handoff: rows[0].handoff === true } : null;
  }

  /**
   * Opens a request, or reopens a closed one; a request already waiting or claimed stays as it
   * is. Answers true when it is newly waiting.
   */
  async request(conversationId: string): Promise<boolean> {
    const rows = returnedRows<{ conversation_id: string }>(
      await this.handoffs.query(
        `INSERT INTO visitor_handoffs (conversation_id, status, requested_at)
         VALUES ($1, 'waiting', now())
         ON CONFLICT (conversation_id) DO UPDATE
           SET status = 'waiting', requested_at = now(), agent_id = NULL,
               claimed_at = NULL, closed_at = NULL
         WHERE visitor_handoffs.status = 'closed'
         RETURNING conversation_id`,
        [conversationId],
      ),
    );
    return rows.length > 0;
  }

  /** Waiting -> claimed by the agent; false when it was not waiting (someone was quicker). */
  async claim(conversationId: string, agentId: string): Promise<boolean> {
    const rows = returnedRows<{ conversation_id: string }>(
      await this.handoffs.query(
        `UPDATE visitor_handoffs SET status = 'claimed', agent_id = $2, claimed_at = now()
          WHERE conversation_id = $1 AND status = 'waiting' RETURNING conversation_id`,
        [conversationId, agentId],
      ),
    );
    return rows.length > 0;
  }

  /** Closes the hand-off as it was read (`expected`); false when it changed meanwhile. */
  async close(conversationId: string, expected: HandoffEntity): Promise<boolean> {
    const rows = returnedRows<{ conversation_id: string }>(
      await this.handoffs.query(
        `UPDATE visitor_handoffs SET status = 'closed', closed_at = now()
          WHERE conversation_id = $1 AND status = $2 AND agent_id IS NOT DISTINCT FROM $3
          RETURNING conversation_id`,
        [conversationId, expected.status, expected.agentId],
      ),
    );
    return rows.length > 0;
  }

  async isAgent(userId: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.handoffs.query(`${AGENTS} AND id = $1`, [userId]),
    );
    return rows.length > 0;
  }

  async agentIds(): Promise<string[]> {
    return returnedRows<{ id: string }>(await this.handoffs.query(AGENTS)).map((r) => r.id);
  }

  /** The bot a visitor's conversation is with (the one that answers again after a close). */
  async botOf(conversationId: string): Promise<string | null> {
    const rows = returnedRows<{ user_id: string }>(
      await this.handoffs.query(
        `SELECT m.user_id FROM conversation_members m JOIN users u ON u.id = m.user_id
          WHERE m.conversation_id = $1 AND u.is_bot LIMIT 1`,
        [conversationId],
      ),
    );
    return rows[0]?.user_id ?? null;
  }
}
