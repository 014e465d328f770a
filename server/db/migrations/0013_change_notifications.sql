-- Every write that changes what a group's pages show tells the servers which group changed
-- (NOTIFY kindred_changes, payload: the group id), so their caches of those pages are dropped
-- whichever code path, job or instance made the change. Delivered at commit, once per group
-- per transaction (PostgreSQL folds identical notifications).

CREATE FUNCTION kindred_changed_by_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('kindred_changes', OLD.group_id::text);
  ELSE
    PERFORM pg_notify('kindred_changes', NEW.group_id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The moderators watching a board hear (on kindred_events, which pushes to their open pages)
-- when an ask, a response or a match in the group changes.
CREATE FUNCTION kindred_board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- A person's new notification reaches their open pages on every instance.
CREATE FUNCTION kindred_notification_made() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kindred_events', json_build_object('userIds', json_build_array(NEW.user_id))::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kindred_changed_by_post() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := OLD.post_id;
  ELSE
    changed := NEW.post_id;
  END IF;
  -- A post deleted with everything on it has already announced its group.
  PERFORM pg_notify('kindred_changes', p.group_id::text) FROM posts p WHERE p.id = changed;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kindred_changed_by_match() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := OLD.match_id;
  ELSE
    changed := NEW.match_id;
  END IF;
  PERFORM pg_notify('kindred_changes', p.group_id::text)
    FROM matches m JOIN posts p ON p.id = m.post_id WHERE m.id = changed;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kindred_changed_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('kindred_changes', OLD.id::text);
  ELSE
    PERFORM pg_notify('kindred_changes', NEW.id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A person's name shows on their posts and their languages rank them as a helper, in every
-- group they belong to.
CREATE FUNCTION kindred_changed_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kindred_changes', m.group_id::text) FROM memberships m WHERE m.user_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER posts_changed AFTER INSERT OR UPDATE OR DELETE ON posts
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_group();
--> statement-breakpoint
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_group();
--> statement-breakpoint
CREATE TRIGGER helper_profiles_changed AFTER INSERT OR UPDATE OR DELETE ON helper_profiles
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_group();
--> statement-breakpoint
CREATE TRIGGER id_checks_changed AFTER INSERT OR UPDATE OR DELETE ON id_checks
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_group();
--> statement-breakpoint
CREATE TRIGGER groups_changed AFTER INSERT OR UPDATE OR DELETE ON groups
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_group();
--> statement-breakpoint
CREATE TRIGGER comments_changed AFTER INSERT OR UPDATE OR DELETE ON comments
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER reactions_changed AFTER INSERT OR UPDATE OR DELETE ON reactions
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER poll_options_changed AFTER INSERT OR UPDATE OR DELETE ON poll_options
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER poll_votes_changed AFTER INSERT OR UPDATE OR DELETE ON poll_votes
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER responses_changed AFTER INSERT OR UPDATE OR DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER matches_changed AFTER INSERT OR UPDATE OR DELETE ON matches
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER post_photos_changed AFTER INSERT OR UPDATE OR DELETE ON post_photos
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER post_private_changed AFTER INSERT OR UPDATE OR DELETE ON post_private
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER match_messages_changed AFTER INSERT OR UPDATE OR DELETE ON match_messages
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_match();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER UPDATE OF display_name, languages ON users
  FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.languages IS DISTINCT FROM NEW.languages)
  EXECUTE FUNCTION kindred_changed_person();
--> statement-breakpoint
CREATE TRIGGER posts_board_changed AFTER INSERT OR UPDATE OR DELETE ON posts
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE TRIGGER responses_board_changed AFTER INSERT OR UPDATE OR DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE TRIGGER matches_board_changed AFTER INSERT OR UPDATE OR DELETE ON matches
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
--> statement-breakpoint
CREATE TRIGGER notifications_made AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION kindred_notification_made();
