-- A thread reply's bookkeeping, in the send's transaction and under the conversation's row lock
-- (so concurrent replies update the summary one at a time, in seq order): the root's summary
-- (reply count, last reply, participants in the order of their first reply), and who follows the
-- thread: the writer (with everything up to their reply read), anyone the reply mentions, and
-- the root's author when the thread begins. Answers the summary for `thread:updated`.
CREATE OR REPLACE FUNCTION record_thread_reply(p_reply messages)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  summary message_threads;
BEGIN
  INSERT INTO message_threads AS t (root_id, conversation_id, reply_count, last_reply_seq,
                                    last_reply_at, participant_ids)
  VALUES (p_reply.thread_root_id, p_reply.conversation_id, 1, p_reply.seq, p_reply.created_at,
          ARRAY[p_reply.sender_id])
  ON CONFLICT (root_id) DO UPDATE
    SET reply_count = t.reply_count + 1,
        last_reply_seq = EXCLUDED.last_reply_seq,
        last_reply_at = EXCLUDED.last_reply_at,
        participant_ids = CASE WHEN p_reply.sender_id = ANY (t.participant_ids)
                               THEN t.participant_ids
                               ELSE t.participant_ids || p_reply.sender_id END
  RETURNING * INTO summary;

  INSERT INTO thread_followers AS f (root_id, user_id, last_read_seq)
  VALUES (p_reply.thread_root_id, p_reply.sender_id, p_reply.seq)
  ON CONFLICT (root_id, user_id) DO UPDATE
    SET last_read_seq = GREATEST(f.last_read_seq, EXCLUDED.last_read_seq);

  IF cardinality(p_reply.mentions) > 0 OR summary.reply_count = 1 THEN
    INSERT INTO thread_followers (root_id, user_id)
    SELECT p_reply.thread_root_id, u FROM unnest(p_reply.mentions) AS u
    UNION
    SELECT p_reply.thread_root_id, r.sender_id FROM messages r
     WHERE summary.reply_count = 1 AND r.id = p_reply.thread_root_id
    ON CONFLICT DO NOTHING;
  END IF;

  RETURN jsonb_build_object(
    'conversationId', summary.conversation_id,
    'rootId', summary.root_id,
    'replyCount', summary.reply_count,
    'lastReplyAt', summary.last_reply_at,
    'participantIds', to_jsonb(summary.participant_ids));
END
$$;
