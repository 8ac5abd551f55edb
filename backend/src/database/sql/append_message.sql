-- One message written by a path other than a person's send (system lines, bot replies): it
-- numbers the message under the conversation's row lock, stores it and moves its sender's read
-- marker, all in the caller's transaction, so a membership change and the line that records it
-- commit together.
CREATE OR REPLACE FUNCTION append_message(
  p_conversation_id uuid,
  p_sender_id uuid,
  p_client_message_id varchar,
  p_body text,
  p_kind varchar,
  p_status varchar,
  p_reply_to_id uuid,
  p_system jsonb
) RETURNS messages LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  stored messages;
BEGIN
  UPDATE conversations SET last_seq = last_seq + 1, updated_at = now()
   WHERE id = p_conversation_id
  RETURNING last_seq INTO next_seq;
  IF next_seq IS NULL THEN
    RAISE EXCEPTION 'conversation % does not exist', p_conversation_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id,
                        reply_to_id, kind, status, system)
  VALUES (p_conversation_id, next_seq, p_sender_id, p_body, p_client_message_id,
          p_reply_to_id, p_kind, p_status, p_system)
  RETURNING * INTO stored;
  UPDATE conversation_members SET last_read_seq = next_seq
   WHERE conversation_id = p_conversation_id AND user_id = p_sender_id
     AND last_read_seq < next_seq;
  RETURN stored;
END
$$;
