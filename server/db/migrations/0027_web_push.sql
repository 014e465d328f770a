-- Web push: each person's devices (push_subscriptions: the push service's address and the
-- keys of RFC 8291), a push channel beside email in the settings, unsubscribes and links, and
-- notifications.pushed_at; a thread's 10-minute window counts its last email or push.
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "push_subscriptions_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
ALTER TABLE "notification_settings" DROP CONSTRAINT "notification_settings_channel_check";--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" DROP CONSTRAINT "unsubscribe_tokens_channel_check";--> statement-breakpoint
ALTER TABLE "unsubscribes" DROP CONSTRAINT "unsubscribes_channel_check";--> statement-breakpoint
DROP INDEX "notifications_batched_emailed_idx";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "pushed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "push_subscriptions_user_idx" ON "push_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notifications_batched_sent_idx" ON "notifications" USING btree ("user_id",greatest("emailed_at", "pushed_at")) WHERE "notifications"."kind" IN ('message', 'unanswered-ask') AND greatest("notifications"."emailed_at", "notifications"."pushed_at") IS NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_channel_check" CHECK ("channel" IN ('email', 'push'));--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" ADD CONSTRAINT "unsubscribe_tokens_channel_check" CHECK ("channel" IN ('email', 'push'));--> statement-breakpoint
ALTER TABLE "unsubscribes" ADD CONSTRAINT "unsubscribes_channel_check" CHECK ("channel" IN ('email', 'push'));