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
    IF TG_OP = 'UPDATE' AND OLD.group_id IS DISTINCT FROM NEW.group_id THEN
      PERFORM pg_notify('kindred_changes', OLD.group_id::text);
    END IF;
  END IF;
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
