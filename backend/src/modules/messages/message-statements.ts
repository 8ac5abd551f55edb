import { MESSAGE_COLUMNS } from './append-message';
import { inLockOrder, type SendItem } from './send/send-batch';

/**
 * The two statements of the messaging hot path, as SQL and parameters: the repository runs
 * them, and `npm run explain -w backend` explains and times exactly these.
 */

/**
 * A batch of sends (`send_messages`, migration SendPath), rows locked in conversation order.
 * With `seal` (encryption at rest on) each body is stored sealed and its text travels beside it
 * as `text`, for the triggers only.
 */
export function sendStatement(
  items: SendItem[],
  seal: ((body: string, conversationId: string) => string) | null = null,
): [sql: string, parameters: unknown[]] {
  return [
    'SELECT idx, outcome, message FROM send_messages($1::jsonb)',
    [
      JSON.stringify(
        inLockOrder(items).map((item) => ({
          i: item.i,
          conversation_id: item.conversationId,
          sender_id: item.senderId,
          client_message_id: item.clientMessageId,
          body: seal ? seal(item.body, item.conversationId) : item.body,
          ...(seal && { text: item.body }),
          reply_to_id: item.replyToId,
          attachment_ids: item.attachmentIds,
          thread_root_id: item.threadRootId,
          also_to_conversation: item.alsoToConversation,
          forwarded_from: item.forwardedFrom,
          traceparent: item.traceparent,
        })),
      ),
    ],
  ];
}

const PAGE_COLUMNS = MESSAGE_COLUMNS.map((c) => `m.${c}`).join(', ');

/**
 * The reactions of message `m` (a row with an `id`) as `ReactionDto`s: one per emoji, ordered by
 * its first use, with who reacted in the order they did; null when there are none. The one
 * definition of that grouping, for pages and for `ReactionsRepository`.
 */
export const REACTIONS_OF_M = `
  SELECT jsonb_agg(
           jsonb_build_object('emoji', g.emoji, 'count', cardinality(g.user_ids), 'userIds', g.user_ids)
           ORDER BY g.first_at, g.emoji) AS reactions
    FROM (SELECT emoji, array_agg(user_id ORDER BY created_at, user_id) AS user_ids,
                 min(created_at) AS first_at
            FROM message_reactions WHERE message_id = m.id GROUP BY emoji) g`;

/**
 * A page of a conversation for one reader, with each message's reactions and thread summary
 * (a primary-key probe of message_threads per row; the outer ORDER BY keeps the page's order
 * whichever join the planner picks for it): no rows when the reader is not a member. Newest
 * first unless `afterSeq` (then oldest first). Three statements rather than optional bounds, so
 * each gets a plan that walks (conversation_id, seq) from the right end. The search vector is not read: turning it to text costs more than the rest.
 */
export function pageStatement(
  conversationId: string,
  userId: string,
  bound: { beforeSeq?: number; afterSeq?: number },
  limit: number,
): [sql: string, parameters: unknown[]] {
  const [filter, value] =
    bound.afterSeq !== undefined
      ? ['AND seq > $4', bound.afterSeq]
      : bound.beforeSeq !== undefined
        ? ['AND seq < $4', bound.beforeSeq]
        : ['', undefined];
  const sql = `SELECT ${PAGE_COLUMNS}, r.reactions, t.reply_count, t.last_reply_at,
          t.participant_ids
     FROM conversation_members cm
    CROSS JOIN LATERAL (
          SELECT * FROM messages
           WHERE conversation_id = cm.conversation_id ${filter}
           ORDER BY seq ${bound.afterSeq !== undefined ? 'ASC' : 'DESC'}
           LIMIT $3) m
     LEFT JOIN LATERAL (${REACTIONS_OF_M}) r
       ON m.kind <> 'system' AND m.deleted_at IS NULL
     LEFT JOIN message_threads t ON t.root_id = m.id
    WHERE cm.conversation_id = $1 AND cm.user_id = $2
    ORDER BY m.seq ${bound.afterSeq !== undefined ? 'ASC' : 'DESC'}`;
  return [
    sql,
    value === undefined ? [conversationId, userId, limit] : [conversationId, userId, limit, value],
  ];
}
