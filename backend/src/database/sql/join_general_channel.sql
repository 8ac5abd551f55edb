-- `#general` exists from the first person on and every person joins it when their account is
-- created (bots and guests do not). The first person creates it and owns it; a second person
-- registering at the same moment waits on the unique index and joins the one created. A new
-- member's read marker starts at the channel's newest message: its history is not their unread.
CREATE OR REPLACE FUNCTION join_general_channel() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  general_id uuid;
  member_role varchar := 'member';
BEGIN
  SELECT id INTO general_id FROM conversations WHERE is_general;
  IF general_id IS NULL THEN
    INSERT INTO conversations (type, title, topic, created_by, is_general)
    VALUES ('channel', 'general', 'Everyone, and everything that concerns everyone', NEW.id, true)
    ON CONFLICT (is_general) WHERE is_general DO NOTHING
    RETURNING id INTO general_id;
    IF general_id IS NULL THEN
      SELECT id INTO general_id FROM conversations WHERE is_general;
    ELSE
      member_role := 'owner';
    END IF;
  END IF;
  INSERT INTO conversation_members (conversation_id, user_id, role, last_read_seq)
  SELECT general_id, NEW.id, member_role, c.last_seq FROM conversations c WHERE c.id = general_id
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_join_general_channel AFTER INSERT ON users
FOR EACH ROW WHEN (NOT NEW.is_bot AND NEW.server_role <> 'guest')
EXECUTE FUNCTION join_general_channel();
