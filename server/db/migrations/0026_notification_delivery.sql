-- Notifications reach people outside the app by email: each notification row is its own outbox
-- (delivered_at, emailed_at, hold_until), a person's choices per stream and channel, pausing,
-- quiet hours in their time zone, unsubscribe links (hashed tokens, and a log to undo from),
-- and an address that keeps refusing mail. Notifications made before this count as delivered,
-- so an upgrade sends no burst of old news.
CREATE TABLE "notification_settings" (
	"user_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"channel" text NOT NULL,
	"is_on" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_user_id_stream_channel_pk" PRIMARY KEY("user_id","stream","channel"),
	CONSTRAINT "notification_settings_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts')),
	CONSTRAINT "notification_settings_channel_check" CHECK ("channel" IN ('email'))
);
--> statement-breakpoint
CREATE TABLE "unsubscribe_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unsubscribe_tokens_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts')),
	CONSTRAINT "unsubscribe_tokens_channel_check" CHECK ("channel" IN ('email'))
);
--> statement-breakpoint
CREATE TABLE "unsubscribes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	CONSTRAINT "unsubscribes_stream_check" CHECK ("stream" IN ('responses', 'matches', 'messages', 'groups', 'alerts')),
	CONSTRAINT "unsubscribes_channel_check" CHECK ("channel" IN ('email'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quiet_hours_start" smallint DEFAULT 22;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quiet_hours_end" smallint DEFAULT 8;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_failures" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_undeliverable_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "hold_until" timestamp with time zone;--> statement-breakpoint
UPDATE "notifications" SET "delivered_at" = "created_at";--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" ADD CONSTRAINT "unsubscribe_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsubscribes" ADD CONSTRAINT "unsubscribes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unsubscribe_tokens_user_idx" ON "unsubscribe_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "unsubscribe_tokens_created_idx" ON "unsubscribe_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "unsubscribes_user_idx" ON "unsubscribes" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_undelivered_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."delivered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_batched_emailed_idx" ON "notifications" USING btree ("user_id","emailed_at") WHERE "notifications"."kind" IN ('message', 'unanswered-ask') AND "notifications"."emailed_at" IS NOT NULL;