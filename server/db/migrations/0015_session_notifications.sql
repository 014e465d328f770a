-- A server may keep a signed-in session or an access token in memory for a few seconds instead
-- of looking it up on every request. Whatever ends one or changes its person (sign-out, signing
-- out everywhere, a revoked token, a changed password, a disabled or deleted account, a new name
-- or language) tells every server whose sessions and tokens to forget (NOTIFY kindred_sessions,
-- payload: the user id), at commit, whichever code path made the change. Recording that a
-- session or token was used (last_seen_at, last_used_at) is not announced.

CREATE FUNCTION kindred_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('kindred_sessions', OLD.id::text);
  ELSE
    PERFORM pg_notify('kindred_sessions', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_ended AFTER DELETE OR UPDATE OF id, user_id, expires_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION kindred_session_changed();
--> statement-breakpoint
CREATE TRIGGER users_sessions_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION kindred_session_changed();
--> statement-breakpoint
CREATE TRIGGER access_tokens_ended AFTER DELETE OR UPDATE OF user_id, token_hash, revoked_at
  ON access_tokens FOR EACH ROW EXECUTE FUNCTION kindred_session_changed();
