import { z } from 'zod';

/**
 * Every `code` a problem response can carry. The web app has a sentence for each in every
 * catalogue (web/src/i18n/catalogues.test.ts checks), so nobody reads "Something went wrong"
 * where the server said what happened.
 */
export const PROBLEM_CODES = [
  // Any route
  'invalid-input',
  'bad-url',
  'too-long',
  'bad-request',
  'not-found',
  'sign-in-required',
  'token-invalid',
  'forbidden',
  'foreign-origin',
  'method-not-allowed',
  'not-acceptable',
  'too-large',
  'unsupported-media-type',
  'rate-limited',
  'internal',
  'invalid-cursor',
  'invalid-idempotency-key',
  'idempotency-key-reused',
  'in-progress',
  // Accounts
  'link-invalid',
  'link-used',
  'link-superseded',
  'link-expired',
  'account-disabled',
  'wrong-credentials',
  'current-password-wrong',
  'email-taken',
  'setup-done',
  'setup-link-invalid',
  // Groups
  'slug-taken',
  'kind-mismatch',
  'cannot-add-child',
  'not-a-network',
  'not-admin',
  'not-moderator',
  'members-only',
  'invite-only',
  'invite-expired',
  'banned',
  'answers-needed',
  'last-admin',
  'new-admin-not-member',
  'outranked',
  'not-yourself',
  'unreadable-file',
  'hidden-group',
  'not-awaiting-approval',
  // Posts
  'category-not-in-group',
  'category-needed',
  'not-an-ask',
  'closed',
  'near-needed',
  'no-such-comment',
  'reply-depth',
  'no-such-option',
  'already-voted',
  'poll-closed',
  'empty-file',
  'not-a-photo',
  'too-many-photos',
  'photo-too-large',
  // Matching
  'not-respondable',
  'own-post',
  'post-closed',
  'no-such-offer',
  'already-responded',
  'already-matched',
  'dispatch-group',
  'peer-group',
  'response-not-pending',
  'not-a-member',
  'id-check-required',
  'match-changed',
  'match-not-done',
  'claimed-by-other',
  'match-ended',
  'helper-only',
  'asker-only',
  'participants-only',
  'too-early',
] as const;
export type TProblemCode = (typeof PROBLEM_CODES)[number];

/** What the web app says when no problem came back: it could not reach Kindred, or a stream broke. */
export const CLIENT_PROBLEM_CODES = ['network', 'import-failed'] as const;

/** One field that failed validation, named as the client sent it (e.g. "email"). */
export const ZFieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type TFieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details: the body of every error response. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(PROBLEM_CODES),
    detail: z.string(),
    errors: z.array(ZFieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;
