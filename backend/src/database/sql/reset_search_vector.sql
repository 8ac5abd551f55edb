-- Search is indexed off the send path (the search module's SearchIndexer fills
-- messages.search_vector in batches). A message whose text changes (an edit, a bot reply's final
-- text, a deletion, a re-encryption) has its vector cleared here, whatever path wrote the body,
-- so the indexer computes it again: the old words stop matching and the new ones match.
CREATE OR REPLACE FUNCTION reset_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := NULL;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER messages_reset_search_vector BEFORE UPDATE OF body ON messages
FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)
EXECUTE FUNCTION reset_search_vector();
