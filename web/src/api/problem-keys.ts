import type { TErrorCode } from './client.ts';

/** Codes whose sentence lives somewhere else than `errors.codes.<code>` (and may take values). */
const ELSEWHERE: Partial<Record<TErrorCode, string>> = {
  network: 'errors.network',
  'rate-limited': 'errors.rateLimited',
  'wrong-credentials': 'errors.wrongCredentials',
  'setup-link-invalid': 'errors.setupInvalid',
  'setup-done': 'setup.done',
  'email-taken': 'errors.emailTaken',
  'invalid-input': 'errors.summary',
  'current-password-wrong': 'errors.summary',
  'sign-in-required': 'errors.signInRequired',
  'link-used': 'confirm.problems.link-used',
  'link-expired': 'confirm.problems.link-expired',
  'link-superseded': 'confirm.problems.link-superseded',
  'link-invalid': 'confirm.problems.link-invalid',
  'account-disabled': 'confirm.problems.account-disabled',
};

/** The catalogue key of the sentence that says what a problem code means. */
export const problemKey = (code: TErrorCode) => ELSEWHERE[code] ?? `errors.codes.${code}`;
