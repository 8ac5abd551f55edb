-- The send path in one statement. `send_messages` takes a batch of sends (group commit: the API
-- gathers concurrent sends into one call, one transaction, one WAL flush) and, for each in
-- order, does what would take a round trip apiece: the idempotency lookup, the membership,
-- reply-target and attachment checks, the next seq under the conversation's row lock, the insert
-- and the sender's read marker. A refused send answers an outcome instead of raising, so one bad
-- send never fails the others in its batch. The caller orders a batch by conversation id, so
-- concurrent batches (other API instances) take conversation locks in one order and cannot
-- deadlock.
CREATE OR REPLACE FUNCTION send_messages(p_items jsonb)
RETURNS TABLE (idx int, outcome text, message jsonb) LANGUAGE plpgsql AS $$
DECLARE
  item record;
  found_row messages;
  stored messages;
  next_seq bigint;
BEGIN
  FOR item IN
    SELECT * FROM jsonb_to_recordset(p_items) AS x(
      i int, conversation_id uuid, sender_id uuid, client_message_id varchar,
      body text, reply_to_id uuid, attachment_ids uuid[])
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

    UPDATE conversations SET last_seq = last_seq + 1, updated_at = now()
     WHERE id = item.conversation_id
    RETURNING last_seq INTO next_seq;

    INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id,
                          reply_to_id, kind, status, attachment_ids)
    VALUES (item.conversation_id, next_seq, item.sender_id, item.body,
            item.client_message_id, item.reply_to_id, 'text', 'complete',
            item.attachment_ids)
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
    RETURN NEXT;
  END LOOP;
END
$$;
