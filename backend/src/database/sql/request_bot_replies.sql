-- The durable hand-off to the bots: the row that makes a bot answer is written by the same
-- transaction as the message, whatever path inserted it, and NOTIFY (delivered only on commit)
-- wakes the workers at once (the bot module's OutboxRelay listens). A direct conversation with
-- a bot asks it every time; in a group a bot answers when @mentioned by username and only while
-- it is a member. System lines and bot replies never ask a bot (the trigger's WHEN). While a
-- person (a support agent) has claimed a widget visitor's conversation, its bot stays quiet.
-- With tracing on, the payload's third field is the send's W3C traceparent (send_messages sets
-- `chat.traceparent`), so the reply continues the send's trace.
CREATE OR REPLACE FUNCTION request_bot_replies() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owed record;
  -- Encrypted at rest, the sender's text is lent in a transaction-local setting (send_messages).
  written text := CASE WHEN starts_with(NEW.body, 'enc1:')
                       THEN current_setting('chat.message_text', true) ELSE NEW.body END;
BEGIN
  -- Most messages owe no bot: in a group only an @mention can, so a message without an `@`
  -- outside a direct conversation skips the members-and-bots join below (whose answer would be
  -- empty anyway). What was written is read, never the sealed body (which holds no `@`).
  IF strpos(coalesce(written, ''), '@') = 0
     AND NOT EXISTS (SELECT 1 FROM conversations c
                      WHERE c.id = NEW.conversation_id AND c.type = 'direct') THEN
    RETURN NULL;
  END IF;
  FOR owed IN
    INSERT INTO bot_reply_outbox (trigger_message_id, bot_id)
    SELECT NEW.id, b.user_id
      FROM conversation_members m
      JOIN bots b ON b.user_id = m.user_id
      JOIN users u ON u.id = b.user_id
      JOIN conversations c ON c.id = m.conversation_id
     WHERE m.conversation_id = NEW.conversation_id
       AND b.user_id <> NEW.sender_id
       AND NOT EXISTS (SELECT 1 FROM visitor_handoffs h
                        WHERE h.conversation_id = NEW.conversation_id AND h.status = 'claimed')
       AND (c.type = 'direct'
            OR written ~* ('(^|[^a-z0-9_.])@' || regexp_replace(u.username, '\.', '\\.', 'g') || '([^a-z0-9_]|$)'))
    ON CONFLICT DO NOTHING
    RETURNING trigger_message_id, bot_id
  LOOP
    PERFORM pg_notify('bot_replies', owed.trigger_message_id || ',' || owed.bot_id
                      || coalesce(',' || nullif(current_setting('chat.traceparent', true), ''), ''));
  END LOOP;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER messages_request_bot_replies AFTER INSERT ON messages
FOR EACH ROW WHEN (NEW.kind = 'text' AND NEW.body IS NOT NULL)
EXECUTE FUNCTION request_bot_replies();
