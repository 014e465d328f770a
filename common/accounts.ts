import { z } from 'zod';

import {
  DISPLAY_NAME_MAX,
  LOCALES,
  PASSWORD_MAX,
  PASSWORD_MIN,
  type TLocale,
} from './constants.ts';

export { LOCALES, PASSWORD_MAX, PASSWORD_MIN, type TLocale };
export const ZLocale = z.enum(LOCALES);

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter an email address like name@example.org.' }).max(254));

export const ZDisplayName = z
  .string()
  .trim()
  .min(1, { error: 'Enter a name to show to others.' })
  .max(DISPLAY_NAME_MAX, { error: `Use ${DISPLAY_NAME_MAX} characters or fewer.` });

export const ZPassword = z
  .string()
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { error: `Use ${PASSWORD_MAX} characters or fewer.` });

/** BCP 47 language tags such as "en", "fr", "pt-BR". */
export const ZLanguages = z
  .array(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
      error: 'Use a language code such as "en" or "pt-BR".',
    }),
  )
  .max(20);

export const ZToken = z.string().min(20).max(200);

export const ZSignUp = z.object({
  email: ZEmail,
  displayName: ZDisplayName,
  locale: ZLocale.optional(),
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZRequestLink = z.object({ email: ZEmail, locale: ZLocale.optional() });
export const ZConfirmLink = z.object({ token: ZToken });
export const ZPasswordSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1).max(PASSWORD_MAX),
});
export const ZSetPassword = z.object({
  currentPassword: z.string().max(PASSWORD_MAX).optional(),
  newPassword: ZPassword,
});
export const ZUpdateMe = z.object({
  displayName: ZDisplayName.optional(),
  locale: ZLocale.optional(),
  languages: ZLanguages.optional(),
  quickExitSignsOut: z.boolean().optional(),
});
export const ZSetupAdmin = z.object({ token: ZToken, email: ZEmail, displayName: ZDisplayName });

export const ZMe = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    locale: ZLocale,
    languages: z.array(z.string()),
    isAdmin: z.boolean(),
    hasPassword: z.boolean(),
    /** Quick exit also signs out and clears Kindred's data in this browser. */
    quickExitSignsOut: z.boolean(),
    /** Emails to this address were refused three times: none is sent until the person says so. */
    emailUndeliverable: z.boolean(),
    /** The time zone quiet hours are kept in; null until a browser of the person's reports it. */
    timeZone: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Me' });
export type TMe = z.infer<typeof ZMe>;

export const ZAccepted = z.object({ message: z.string() }).meta({ id: 'Accepted' });

export const ZSetupStatus = z.object({ isNeeded: z.boolean() });

export const ZInstance = z
  .object({
    name: z.string(),
    locales: z.array(ZLocale),
    quickExitUrl: z.string(),
    passwordMinLength: z.number(),
    map: z.object({ tileUrl: z.string(), attribution: z.string() }),
    hasGeocoder: z.boolean(),
  })
  .meta({ id: 'Instance' });
export type TInstance = z.infer<typeof ZInstance>;
