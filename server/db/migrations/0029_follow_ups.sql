-- Follow-ups: "Did it happen?" a day after a helper marked a match done (matches.followed_up_at,
-- and follow_up_tokens for its email's two answers), the moderators told two days after that
-- (escalated_at), "still on for this?" for a quiet match, and the 'not-done' answer. Matches
-- made before this count as followed up, so an upgrade sends no burst of old news.
CREATE TABLE "follow_up_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"match_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "match_events" DROP CONSTRAINT "match_events_kind_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "followed_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_tokens" ADD CONSTRAINT "follow_up_tokens_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tokens" ADD CONSTRAINT "follow_up_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_tokens_match_idx" ON "follow_up_tokens" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "follow_up_tokens_created_idx" ON "follow_up_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "matches_live_idx" ON "matches" USING btree ("status","done_at") WHERE "matches"."status" IN ('accepted', 'done');--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_kind_check" CHECK ("kind" IN ('responded', 'accepted', 'assigned', 'message', 'done', 'confirmed', 'closed', 'withdrawn', 'reassigned', 'helper-gone', 'not-done'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('response', 'accepted', 'not-chosen', 'message', 'done', 'confirmed', 'withdrawn', 'removed', 'ask-closed', 'helper-gone', 'join-request', 'unanswered-ask', 'match-reminder', 'ask-expired', 'new-ask', 'confirm-reminder', 'unconfirmed', 'still-on', 'not-done'));--> statement-breakpoint
UPDATE "matches" SET "followed_up_at" = coalesce("done_at", "created_at"), "escalated_at" = coalesce("done_at", "created_at"), "reminded_at" = coalesce("reminded_at", "created_at");
