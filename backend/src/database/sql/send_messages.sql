-- The send path in one statement. `send_messages` takes a batch of sends (group commit: the API
-- gathers concurrent sends into one call, one transaction, one WAL flush) and, for each in
-- order, does what would take a round trip apiece: the idempotency lookup, the membership,
-- reply-target, thread-root and attachment checks, the next seq under the conversation's row
-- lock (refused while the conversation is archived), the insert, the sender's read marker and,
-- for a thread reply, the thread's summary and followers (record_thread_reply). A refused send
-- answers an outcome instead of raising, so one bad send never fails the others in its batch.
-- The caller orders a batch by conversation id, so concurrent batches (other API instances)
-- take conversation locks in one order and cannot deadlock.
CREATE OR REPLACE FUNCTION send_messages(p_items jsonb)
RETURNS TABLE (idx int, outcome text, message jsonb) LANGUAGE plpgsql AS $$
DECLARE
  item record;
  found_row messages;
  stored messages;
  next_seq bigint;
  traced boolean := false;
BEGIN
  FOR item IN
    SELECT * FROM jsonb_to_recordset(p_items) AS x(
      i int, conversation_id uuid, sender_id uuid, client_message_id varchar,
      body text, reply_to_id uuid, attachment_ids uuid[], thread_root_id uuid,
      also_to_conversation boolean, forwarded_from jsonb, traceparent text, text text)
  LOOP
    idx := item.i;
    message := NULL;
    SELECT * INTO found_row FROM messages
     WHERE sender_id = item.sender_id AND client_message_id = item.client_message_id;
    IF FOUND THEN
      IF found_row.conversation_id = item.conversation_id THEN
        outcome := 'duplicate';
        message := to_jsonb(found_row) - 'search_vector';
      ELSE
        outcome := 'client_id_taken';
      END IF;
      RETURN NEXT;
      CONTINUE;
    END IF;

    IF NOT EXISTS (SELECT 1 FROM conversation_members
                    WHERE conversation_id = item.conversation_id
                      AND user_id = item.sender_id) THEN
      outcome := 'not_member';
      RETURN NEXT;
      CONTINUE;
    END IF;

    IF item.reply_to_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM messages
          WHERE id = item.reply_to_id AND conversation_id = item.conversation_id) THEN
      outcome := 'bad_reply';
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- A thread's root: a message of this conversation that is not itself in a thread. Nested,
    -- like the attachments' check below, so other sends never run it.
    IF item.thread_root_id IS NOT NULL THEN
      IF NOT EXISTS (SELECT 1 FROM messages
                      WHERE id = item.thread_root_id AND conversation_id = item.conversation_id
                        AND thread_root_id IS NULL AND kind <> 'system') THEN
        outcome := 'bad_thread';
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;

    -- A nested IF: its query is planned only when reached, so sends without attachments
    -- never touch the attachments table (the attachments module's).
    IF cardinality(item.attachment_ids) > 0 THEN
      IF (SELECT count(*) FROM attachments a
           WHERE a.id = ANY (item.attachment_ids)
             AND a.conversation_id = item.conversation_id
             AND a.uploader_id = item.sender_id) <> cardinality(item.attachment_ids) THEN
        outcome := 'bad_attachments';
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;

    -- An archived conversation is read-only: the numbering update itself refuses, so the
    -- check costs no extra lookup.
    UPDATE conversations SET last_seq = last_seq + 1, updated_at = now()
     WHERE id = item.conversation_id AND archived_at IS NULL
    RETURNING last_seq INTO next_seq;
    IF NOT FOUND THEN
      outcome := 'archived';
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- With tracing on (the API sends `traceparent` then), the send's trace context for
    -- request_bot_replies, which hands it to the bots through its NOTIFY.
    IF item.traceparent IS NOT NULL OR traced THEN
      traced := true;
      PERFORM set_config('chat.traceparent', coalesce(item.traceparent, ''), true);
    END IF;
    -- Encrypted at rest, `body` is sealed and `text` is what the person typed: the triggers
    -- that read it (mentions, bots) find it in a transaction-local setting, never stored.
    IF item.text IS NOT NULL THEN
      PERFORM set_config('chat.message_text', item.text, true);
    END IF;

    INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id,
                          reply_to_id, kind, status, attachment_ids, thread_root_id,
                          also_to_conversation, forwarded_from)
    VALUES (item.conversation_id, next_seq, item.sender_id, item.body,
            item.client_message_id, item.reply_to_id, 'text', 'complete',
            item.attachment_ids, item.thread_root_id,
            item.thread_root_id IS NOT NULL AND coalesce(item.also_to_conversation, false),
            item.forwarded_from)
    ON CONFLICT (sender_id, client_message_id) DO NOTHING
    RETURNING * INTO stored;

    IF NOT FOUND THEN
      -- Another transaction committed the same client id after our lookup: give the seq
      -- back (we still hold the row lock, so nobody numbered after it) and answer theirs.
      UPDATE conversations SET last_seq = last_seq - 1 WHERE id = item.conversation_id;
      SELECT * INTO found_row FROM messages
       WHERE sender_id = item.sender_id AND client_message_id = item.client_message_id;
      IF found_row.conversation_id = item.conversation_id THEN
        outcome := 'duplicate';
        message := to_jsonb(found_row) - 'search_vector';
      ELSE
        outcome := 'client_id_taken';
      END IF;
      RETURN NEXT;
      CONTINUE;
    END IF;

    UPDATE conversation_members SET last_read_seq = next_seq
     WHERE conversation_id = item.conversation_id AND user_id = item.sender_id
       AND last_read_seq < next_seq;
    outcome := 'created';
    message := to_jsonb(stored) - 'search_vector';
    IF item.thread_root_id IS NOT NULL THEN
      message := message || jsonb_build_object('thread', record_thread_reply(stored));
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
