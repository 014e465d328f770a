-- New asks reach the helpers near them: the 'new-ask' notification in a 'nearby' stream, each
-- group's daily limit of alerts per helper (ask_alerts_per_day), and posts.ask_alerts_at, the
-- ask as its own outbox for the alerts job. Asks made before this count as decided, so an
-- upgrade alerts nobody about old asks.
ALTER TABLE "notification_settings" DROP CONSTRAINT "notification_settings_stream_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" DROP CONSTRAINT "unsubscribe_tokens_stream_check";--> statement-breakpoint
ALTER TABLE "unsubscribes" DROP CONSTRAINT "unsubscribes_stream_check";--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "ask_alerts_per_day" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "ask_alerts_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "posts_ask_alerts_idx" ON "posts" USING btree ("created_at") WHERE "posts"."kind" = 'ask' AND "posts"."ask_alerts_at" IS NULL;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('response', 'accepted', 'not-chosen', 'message', 'done', 'confirmed', 'withdrawn', 'removed', 'ask-closed', 'helper-gone', 'join-request', 'unanswered-ask', 'match-reminder', 'ask-expired', 'new-ask'));--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" ADD CONSTRAINT "unsubscribe_tokens_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
ALTER TABLE "unsubscribes" ADD CONSTRAINT "unsubscribes_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts', 'nearby'));--> statement-breakpoint
UPDATE "posts" SET "ask_alerts_at" = "created_at" WHERE "kind" = 'ask';
