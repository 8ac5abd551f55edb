-- `messages.mentions` / `mentions_here` computed from the body by a BEFORE trigger, so every
-- write path (send, edit, delete, bot replies) agrees. The same @username boundaries as the bot
-- trigger (request_bot_replies). Members only: a name that is not in the conversation mentions
-- nobody. The send path runs this for every message, so a body without '@' returns before any
-- lookup. A bot reply is read once complete, not on every streamed chunk (the trigger's WHEN).
CREATE OR REPLACE FUNCTION compute_message_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written text := NEW.body;
BEGIN
  -- Encrypted at rest (`enc1:`): the writer lends the text in the transaction-local setting
  -- chat.message_text; without it (a rotation re-encrypting) the mentions stay as they were.
  IF starts_with(written, 'enc1:') THEN
    written := nullif(current_setting('chat.message_text', true), '');
    IF written IS NULL THEN
      RETURN NEW;
    END IF;
  END IF;
  NEW.mentions := '{}';
  NEW.mentions_here := false;
  IF written IS NULL OR strpos(written, '@') = 0 THEN
    RETURN NEW;
  END IF;
  SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}')
    INTO NEW.mentions
    FROM conversation_members m
    JOIN users u ON u.id = m.user_id
   WHERE m.conversation_id = NEW.conversation_id
     AND strpos(lower(written), '@' || u.username) > 0
     AND written ~* ('(^|[^a-z0-9_.])@' || regexp_replace(u.username, '\.', '\\.', 'g') || '([^a-z0-9_]|$)');
  NEW.mentions_here := written ~* '(^|[^a-z0-9_.])@here([^a-z0-9_]|$)'
    AND EXISTS (SELECT 1 FROM conversations c
                 WHERE c.id = NEW.conversation_id AND c.type = 'group');
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER messages_compute_mentions BEFORE INSERT OR UPDATE OF body ON messages
FOR EACH ROW WHEN (NEW.kind = 'text' OR (NEW.kind = 'bot' AND NEW.status <> 'streaming'))
EXECUTE FUNCTION compute_message_mentions();
