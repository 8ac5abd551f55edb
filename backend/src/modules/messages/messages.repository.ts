import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { ReadRouting } from '../../database/read-routing';
import {
  appendedMessage,
  appendMessageStatement,
  messageFromRow,
  type AppendedRow,
  type NewMessage,
} from './append-message';
import { pageStatement, sendStatement } from './message-statements';
import { MessageEntity } from './message.entity';
import { MessageText } from './message-text';
import type { ThreadSummaryDto } from './dto/message.dto';
import type { ReactionDto } from './reactions/dto/reaction.dto';
import { toThreadSummary } from './threads/threads.repository';
import type { SendItem, SendOutcome, ThreadUpdate } from './send/send-batch';

/** Another module's transaction, lent as a query function only (see ConversationMessagesPort). */
export type TransactionQuery = (sql: string, parameters: unknown[]) => Promise<unknown>;

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly text: MessageText,
    private readonly reads: ReadRouting,
  ) {}

  async findById(id: string): Promise<MessageEntity | null> {
    const row = await this.messages.findOneBy({ id });
    return row && this.text.open(row);
  }

  async findByIds(ids: string[]): Promise<MessageEntity[]> {
    return ids.length > 0 ? this.text.openAll(await this.messages.findBy({ id: In(ids) })) : [];
  }

  async findByClientId(senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    const row = await this.messages.findOneBy({ senderId, clientMessageId });
    return row && this.text.open(row);
  }

  /** Numbers and stores a message in one atomic statement (see `appendMessageStatement`). */
  async append(message: NewMessage): Promise<MessageEntity> {
    const stored = appendedMessage(
      await this.messages.query(...appendMessageStatement(this.sealed(message))),
    );
    return { ...stored, body: message.body };
  }

  /**
   * A message that another path than a person's send writes into a thread (a bot answering
   * there): stored as `append` does, then made a reply of the thread and counted in its summary
   * and followers by `record_thread_reply`, in one transaction and still under the
   * conversation's row lock, as `send_messages` does for a person's reply.
   */
  async appendThreadReply(
    message: NewMessage,
    threadRootId: string,
  ): Promise<{ message: MessageEntity; thread: ThreadUpdate }> {
    return this.messages.manager.transaction(async (manager) => {
      const stored = {
        ...appendedMessage(await manager.query(...appendMessageStatement(this.sealed(message)))),
        body: message.body,
      };
      const [row] = returnedRows<{ thread: ThreadUpdate }>(
        await manager.query(
          `UPDATE messages m SET thread_root_id = $2 WHERE m.id = $1
           RETURNING record_thread_reply(m) AS thread`,
          [stored.id, threadRootId],
        ),
      );
      return {
        message: { ...stored, threadRootId },
        thread: { ...row.thread, lastReplyAt: new Date(row.thread.lastReplyAt).toISOString() },
      };
    });
  }

  /** The same, in a transaction another module holds. */
  async appendIn(run: TransactionQuery, message: NewMessage): Promise<MessageEntity> {
    const stored = appendedMessage(await run(...appendMessageStatement(this.sealed(message))));
    return { ...stored, body: message.body };
  }

  /**
   * A message as it is stored: its body sealed when encryption at rest is on. Bodies written by
   * `append_message` (system lines, bot replies) need no mentions or bot triggers while they are
   * written, so their text is not lent to the triggers (a bot's final text is, in `update`).
   */
  private sealed(message: NewMessage): NewMessage {
    return this.text.sealing && message.body !== null
      ? { ...message, body: this.text.seal(message.body, message.conversationId) }
      : message;
  }

  /**
   * Unread messages from others that mention each given member, keyed
   * `conversationId:userId`. Only members with unread messages should be passed; each count
   * is a range scan of the partial index messages_mentions_idx after their read marker.
   */
  async mentionCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    if (markers.length === 0) return new Map();
    const rows: { conversation_id: string; user_id: string; n: number }[] =
      await this.messages.query(
        `SELECT p.conversation_id, p.user_id,
                (SELECT count(*)::int FROM messages x
                  WHERE x.conversation_id = p.conversation_id AND x.seq > p.last_read_seq
                    AND (x.mentions <> '{}' OR x.mentions_here)
                    AND x.sender_id <> p.user_id
                    AND (p.user_id = ANY (x.mentions) OR x.mentions_here)) AS n
           FROM unnest($1::uuid[], $2::uuid[], $3::bigint[])
                AS p(conversation_id, user_id, last_read_seq)`,
        [
          markers.map((m) => m.conversationId),
          markers.map((m) => m.userId),
          markers.map((m) => m.lastReadSeq),
        ],
      );
    return new Map(rows.map((r) => [`${r.conversation_id}:${r.user_id}`, r.n]));
  }

  /**
   * A batch of sends in one statement and one transaction (src/database/sql/send_messages.sql): the outcomes in
   * the order of `items`. The rows come back as JSON, mapped without entity hydration.
   */
  async sendBatch(items: SendItem[]): Promise<SendOutcome[]> {
    const rows = returnedRows<{
      idx: number;
      outcome: string;
      message: (MessageRow & { thread?: ThreadUpdate }) | null;
    }>(await this.messages.query(...sendStatement(items, this.sealer())));
    const outcomes = new Array<SendOutcome>(items.length);
    for (const row of rows) {
      outcomes[row.idx] = row.message
        ? ({
            outcome: row.outcome,
            message: this.text.open(messageFromRow(row.message)),
            // Postgres writes the time with microseconds and an offset: clients get ISO.
            ...(row.message.thread && {
              thread: {
                ...row.message.thread,
                lastReplyAt: new Date(row.message.thread.lastReplyAt).toISOString(),
              },
            }),
          } as SendOutcome)
        : ({ outcome: row.outcome } as SendOutcome);
    }
    return outcomes;
  }

  /**
   * Turns every message a person wrote (not the group's system lines) into a tombstone, as a
   * delete does; `messages_sender_client_id_key` finds them. What was tombstoned.
   */
  async tombstoneAllOf(
    senderId: string,
  ): Promise<{ id: string; conversationId: string; seq: number }[]> {
    const rows = returnedRows<{ id: string; conversation_id: string; seq: string }>(
      await this.messages.query(
        `UPDATE messages
            SET body = NULL, deleted_at = now(), attachment_ids = '{}', link_preview = NULL,
                forwarded_from = NULL
          WHERE sender_id = $1 AND deleted_at IS NULL AND kind <> 'system'
          RETURNING id, conversation_id, seq`,
        [senderId],
      ),
    );
    return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, seq: Number(r.seq) }));
  }

  /**
   * Changes a message. A new body is sealed when encryption at rest is on, and its text lent to
   * the mentions trigger in the same transaction (a transaction-local setting, never stored).
   */
  async update(id: string, changes: Partial<MessageEntity>): Promise<MessageEntity | null> {
    const body = changes.body;
    if (typeof body !== 'string' || !this.text.sealing) {
      await this.messages.update({ id }, changes);
      return this.findById(id);
    }
    const found = await this.messages.findOne({
      where: { id },
      select: { id: true, conversationId: true },
    });
    if (!found) return null;
    await this.messages.manager.transaction(async (manager) => {
      await manager.query(`SELECT set_config('chat.message_text', $1, true)`, [body]);
      await manager.update(
        MessageEntity,
        { id },
        { ...changes, body: this.text.seal(body, found.conversationId) },
      );
    });
    return this.findById(id);
  }

  /** How the send path seals a body, or null when encryption at rest is off. */
  private sealer(): ((body: string, conversationId: string) => string) | null {
    return this.text.sealing
      ? (body, conversationId) => this.text.seal(body, conversationId)
      : null;
  }

  /** Newest page (no bound), older than `beforeSeq`, or newer than `afterSeq`; ascending. */
  async page(
    conversationId: string,
    bound: { beforeSeq?: number; afterSeq?: number },
    limit: number,
  ): Promise<MessageEntity[]> {
    const ascending = bound.afterSeq !== undefined;
    const query = this.messages
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId', { conversationId })
      .orderBy('m.seq', ascending ? 'ASC' : 'DESC')
      .limit(limit);
    if (bound.afterSeq !== undefined) query.andWhere('m.seq > :after', { after: bound.afterSeq });
    if (bound.beforeSeq !== undefined)
      query.andWhere('m.seq < :before', { before: bound.beforeSeq });
    const rows = this.text.openAll(await query.getMany());
    return ascending ? rows : rows.reverse();
  }

  /**
   * Like `page`, in one round trip that also checks the reader's membership: the page when they
   * are a member; nothing when they are not, or when there is nothing to show (the caller tells
   * the two apart only then). Plain rows, without entity hydration; the search vector is not
   * read (turning it to text costs more than the rest of the row).
   */
  async pageForMember(
    conversationId: string,
    userId: string,
    bound: { beforeSeq?: number; afterSeq?: number },
    limit: number,
  ): Promise<{
    messages: MessageEntity[];
    reactions: Map<string, ReactionDto[]>;
    threads: Map<string, ThreadSummaryDto>;
  }> {
    const rows = returnedRows<
      AppendedRow & {
        reactions: ReactionDto[] | null;
        reply_count: number | null;
        last_reply_at: Date | null;
        participant_ids: string[] | null;
      }
    >(await this.reads.query(...pageStatement(conversationId, userId, bound, limit)));
    if (bound.afterSeq === undefined) rows.reverse();
    return {
      messages: this.text.openAll(rows.map(messageFromRow)),
      reactions: new Map(rows.map((r) => [r.id, r.reactions ?? []])),
      threads: new Map(
        rows.flatMap((r) =>
          r.reply_count === null
            ? []
            : [
                [
                  r.id,
                  toThreadSummary({
                    root_id: r.id,
                    reply_count: r.reply_count,
                    last_reply_at: r.last_reply_at!,
                    participant_ids: r.participant_ids ?? [],
                  }),
                ],
              ],
        ),
      ),
    };
  }

  /**
   * The conversation's newest `seq` when the user is a member of it, else null: two
   * primary-key probes, what a page read from memory still asks the database.
   */
  async lastSeqForMember(conversationId: string, userId: string): Promise<number | null> {
    const rows: { last_seq: string }[] = await this.messages.query(
      `SELECT c.last_seq FROM conversation_members cm
         JOIN conversations c ON c.id = cm.conversation_id
        WHERE cm.conversation_id = $1 AND cm.user_id = $2`,
      [conversationId, userId],
    );
    return rows.length > 0 ? Number(rows[0].last_seq) : null;
  }

  /** The messages at the given (conversation, seq) pairs, in one index-driven query. */
  async findAt(pairs: { conversationId: string; seq: number }[]): Promise<MessageEntity[]> {
    const wanted = pairs.filter((p) => p.seq > 0);
    if (wanted.length === 0) return [];
    return this.text.openAll(
      await this.messages
        .createQueryBuilder('m')
        .where(
          '(m.conversation_id, m.seq) IN (SELECT * FROM unnest(:ids::uuid[], :seqs::bigint[]))',
          {
            ids: wanted.map((p) => p.conversationId),
            seqs: wanted.map((p) => p.seq),
          },
        )
        .getMany(),
    );
  }
}

type MessageRow = Parameters<typeof messageFromRow>[0];
