-- "I'm handling this": a moderator's claim on an ask on the dispatch board. It announces itself
-- like a response does: the group's cached board is dropped, and open boards refetch.
CREATE TABLE "board_claims" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_claims" ADD CONSTRAINT "board_claims_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_claims" ADD CONSTRAINT "board_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TRIGGER board_claims_changed AFTER INSERT OR UPDATE OR DELETE ON board_claims
  FOR EACH ROW EXECUTE FUNCTION kindred_changed_by_post();
--> statement-breakpoint
CREATE TRIGGER board_claims_board_changed AFTER INSERT OR UPDATE OR DELETE ON board_claims
  FOR EACH ROW EXECUTE FUNCTION kindred_board_changed();
