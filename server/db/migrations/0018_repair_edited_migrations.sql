-- Migrations 0008, 0013 and 0015 were edited after they had landed. An instance that applied
-- their first text is brought here to the state the final texts make (a new instance passes
-- through this unchanged). Old 0008 (helper places, unanswered-alert hours) is repaired before
-- the migrations that need it, in server/db/repairs.ts; this one covers the other two:
-- 0013's first text had no board or notification events and announced a group moved between
-- groups twice, and 0015's first text did not announce revoked access tokens.
CREATE OR REPLACE FUNCTION kindred_changed_by_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('kindred_changes', OLD.group_id::text);
  ELSE
    PERFORM pg_notify('kindred_changes', NEW.group_id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kindred_board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid;
BEGIN
  IF TG_TABLE_NAME = 'posts' THEN
    IF TG_OP = 'DELETE' THEN
      IF OLD.kind = 'ask' THEN changed := OLD.group_id; END IF;
    ELSIF NEW.kind = 'ask' THEN
      changed := NEW.group_id;
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT p.group_id INTO changed FROM posts p WHERE p.id = OLD.post_id;
  ELSE
    SELECT p.group_id INTO changed FROM posts p WHERE p.id = NEW.post_id;
  END IF;
  IF changed IS NOT NULL THEN
    PERFORM pg_notify('kindred_events', json_build_object('groupIds', json_build_array(changed))::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kindred_notification_made() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kindred_events', json_build_object('userIds', json_build_array(NEW.user_id))::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER posts_board_changed AFTER INSERT OR UPDATE OR DELETE ON posts
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER responses_board_changed AFTER INSERT OR UPDATE OR DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER matches_board_changed AFTER INSERT OR UPDATE OR DELETE ON matches
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notifications_made AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION kindred_notification_made();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER access_tokens_ended AFTER DELETE OR UPDATE OF user_id, token_hash, revoked_at
  ON access_tokens FOR EACH ROW EXECUTE FUNCTION kindred_session_changed();
