ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK ("locale" IN ('en', 'fr'));--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_kind_check" CHECK ("kind" IN ('network', 'group', 'pod'));--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_exchange_mode_check" CHECK ("exchange_mode" IN ('peer', 'dispatch'));--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_visibility_check" CHECK ("visibility" IN ('public', 'listed', 'hidden'));--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_join_policy_check" CHECK ("join_policy" IN ('open', 'approval', 'invite'));--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_categories_check" CHECK ("categories" <@ ARRAY['groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs', 'paperwork', 'childcare', 'household', 'chat', 'money', 'skills', 'other']::text[]);--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_id_check_categories_check" CHECK ("id_check_categories" <@ ARRAY['groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs', 'paperwork', 'childcare', 'household', 'chat', 'money', 'skills', 'other']::text[]);--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_check" CHECK ("role" IN ('member', 'moderator', 'admin'));--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_status_check" CHECK ("status" IN ('pending', 'active', 'banned'));--> statement-breakpoint
ALTER TABLE "helper_profiles" ADD CONSTRAINT "helper_profiles_categories_check" CHECK ("categories" <@ ARRAY['groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs', 'paperwork', 'childcare', 'household', 'chat', 'money', 'skills', 'other']::text[]);--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_kind_check" CHECK ("kind" IN ('responded', 'accepted', 'assigned', 'message', 'done', 'confirmed', 'closed', 'withdrawn', 'reassigned', 'helper-gone'));--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_status_check" CHECK ("status" IN ('accepted', 'done', 'confirmed', 'closed', 'withdrawn', 'reassigned'));--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_status_check" CHECK ("status" IN ('pending', 'accepted', 'not-chosen', 'withdrawn'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('response', 'accepted', 'not-chosen', 'message', 'done', 'confirmed', 'withdrawn', 'removed', 'ask-closed', 'helper-gone'));--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_kind_check" CHECK ("kind" IN ('ask', 'offer', 'info', 'question'));--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_status_check" CHECK ("status" IN ('open', 'closed'));--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_closed_reason_check" CHECK ("closed_reason" IN ('fulfilled', 'not-needed', 'expired'));--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_urgency_check" CHECK ("urgency" IN ('today', 'this-week', 'flexible'));--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_category_check" CHECK ("category" IN ('groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs', 'paperwork', 'childcare', 'household', 'chat', 'money', 'skills', 'other'));--> statement-breakpoint
ALTER TABLE "reactions" ADD CONSTRAINT "reactions_kind_check" CHECK ("kind" IN ('heart', 'thanks', 'support', 'celebrate'));