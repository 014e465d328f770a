-- New asks reach the helpers who fit them, and matches are followed up.
-- Alerts: the 'new-ask' notification in a 'nearby' stream, each group's daily limit per helper
-- (ask_alerts_per_day), and ask_alerts, the asks the alerts job has decided (apart from posts,
-- so its bookkeeping drops no cached page). Follow-ups: "Did it happen?" a day after "done"
-- (matches.followed_up_at, follow_up_tokens for its email's two answers), the moderators told
-- two days later (escalated_at), "still on for this?" for a quiet match, the 'not-done' answer.
-- What exists before this counts as decided and followed up: an upgrade sends no old news.
CREATE TABLE "ask_alerts" (
	"post_id" uuid PRIMARY KEY NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"match_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "match_events" DROP CONSTRAINT "match_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_settings" DROP CONSTRAINT "notification_settings_stream_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" DROP CONSTRAINT "unsubscribe_tokens_stream_check";--> statement-breakpoint
ALTER TABLE "unsubscribes" DROP CONSTRAINT "unsubscribes_stream_check";--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "ask_alerts_per_day" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "followed_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ask_alerts" ADD CONSTRAINT "ask_alerts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tokens" ADD CONSTRAINT "follow_up_tokens_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tokens" ADD CONSTRAINT "follow_up_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_tokens_match_idx" ON "follow_up_tokens" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "follow_up_tokens_created_idx" ON "follow_up_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "matches_live_idx" ON "matches" USING btree ("status","done_at") WHERE "matches"."status" IN ('accepted', 'done');--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_kind_check" CHECK ("kind" IN ('responded', 'accepted', 'assigned', 'message', 'done', 'confirmed', 'closed', 'withdrawn', 'reassigned', 'helper-gone', 'not-done'));--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('response', 'accepted', 'not-chosen', 'message', 'done', 'confirmed', 'withdrawn', 'removed', 'ask-closed', 'helper-gone', 'join-request', 'unanswered-ask', 'match-reminder', 'ask-expired', 'new-ask', 'confirm-reminder', 'unconfirmed', 'still-on', 'not-done'));--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" ADD CONSTRAINT "unsubscribe_tokens_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
ALTER TABLE "unsubscribes" ADD CONSTRAINT "unsubscribes_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
INSERT INTO "ask_alerts" ("post_id", "decided_at") SELECT "id", "created_at" FROM "posts" WHERE "kind" = 'ask' AND "created_at" > now() - interval '2 hours';--> statement-breakpoint
UPDATE "matches" SET "followed_up_at" = coalesce("done_at", "created_at"), "escalated_at" = coalesce("done_at", "created_at"), "reminded_at" = coalesce("reminded_at", "created_at");
