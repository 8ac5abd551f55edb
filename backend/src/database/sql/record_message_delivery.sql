-- No silent tail: every message insert also records, in the same transaction, that its
-- `message:new` is owed. The committing API instance deletes the row once it has published;
-- if that process dies between commit and publish, a relay on any API instance publishes it.
-- Kept apart from the bot trigger (request_bot_replies): different rows, different consumers.
-- The table's created_at defaults to clock_timestamp(), so a row's age counts from the insert,
-- not from the start of a transaction that may have waited for the conversation's lock.
CREATE OR REPLACE FUNCTION record_message_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_delivery_outbox (message_id, conversation_id, seq)
  VALUES (NEW.id, NEW.conversation_id, NEW.seq);
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER messages_record_delivery AFTER INSERT ON messages
FOR EACH ROW EXECUTE FUNCTION record_message_delivery();
