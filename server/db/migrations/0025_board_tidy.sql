-- The board tidies up and moderators hear of unanswered asks: matches remember when their helper
-- was last reminded, asks when their moderators were told they waited unanswered. The open asks
-- of the last 60 days (all the job could reach) count as told, so an upgrade sends no burst of
-- old news. Three notification kinds and two moderation actions.
ALTER TABLE "moderation_actions" DROP CONSTRAINT "moderation_actions_action_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "unanswered_alerted_at" timestamp with time zone;--> statement-breakpoint
UPDATE "posts" SET "unanswered_alerted_at" = "created_at" WHERE "kind" = 'ask' AND "status" = 'open' AND "created_at" > now() - interval '60 days';--> statement-breakpoint
CREATE INDEX "posts_unanswered_idx" ON "posts" USING btree ("created_at") WHERE "posts"."kind" = 'ask' AND "posts"."status" = 'open' AND "posts"."unanswered_alerted_at" IS NULL;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_action_check" CHECK ("action" IN ('pin', 'unpin', 'release', 'remove-post', 'remove-member', 'ban-member', 'lift-ban', 'close-past-date', 'remind-helper'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('response', 'accepted', 'not-chosen', 'message', 'done', 'confirmed', 'withdrawn', 'removed', 'ask-closed', 'helper-gone', 'join-request', 'unanswered-ask', 'match-reminder', 'ask-expired'));