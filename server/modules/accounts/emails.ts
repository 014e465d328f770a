import type { TLocale } from '../../../common/accounts.ts';
import { escapeHtml, type Mail } from '../../mail/mailer.ts';

export type SignInEmailKind = 'welcome' | 'sign-in' | 'already-registered';

type Copy = {
  subject: string;
  intro: Record<SignInEmailKind, string>;
  button: string;
  expiry: string;
  ignore: string;
};

// Subjects stay neutral (SAFETY 8): nothing about anyone's need, nothing a shared inbox reveals.
const COPY: Record<TLocale, Copy> = {
  en: {
    subject: 'Your Kindred sign-in link',
    intro: {
      welcome: 'Welcome to Kindred. Open this link to finish creating your account and sign in:',
      'sign-in': 'Open this link to sign in to Kindred:',
      'already-registered':
        'Someone asked to create a Kindred account with this email address, but you already have one. Open this link to sign in:',
    },
    button: 'Sign in to Kindred',
    expiry:
      'The link works once, for 15 minutes. Asking for another link makes this one stop working.',
    ignore: 'If you did not ask for this, you can ignore this email: nothing will change.',
  },
  fr: {
    subject: 'Votre lien de connexion Kindred',
    intro: {
      welcome:
        'Bienvenue sur Kindred. Ouvrez ce lien pour terminer la création de votre compte et vous connecter :',
      'sign-in': 'Ouvrez ce lien pour vous connecter à Kindred :',
      'already-registered':
        "Quelqu'un a demandé à créer un compte Kindred avec cette adresse, mais vous en avez déjà un. Ouvrez ce lien pour vous connecter :",
    },
    button: 'Se connecter à Kindred',
    expiry:
      'Le lien fonctionne une seule fois, pendant 15 minutes. Demander un autre lien désactive celui-ci.',
    ignore: "Si vous n'avez rien demandé, ignorez ce message : rien ne changera.",
  },
};

export function signInEmail(options: {
  to: string;
  link: string;
  locale: TLocale;
  kind: SignInEmailKind;
}): Mail {
  const copy = COPY[options.locale];
  const intro = copy.intro[options.kind];
  const link = escapeHtml(options.link);
  return {
    to: options.to,
    subject: copy.subject,
    link: options.link,
    text: `${intro}\n\n${options.link}\n\n${copy.expiry}\n\n${copy.ignore}\n`,
    html: `<!doctype html><html lang="${options.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(intro)}</p>
<p><a href="${link}" style="display:inline-block;padding:12px 20px;background:#1d5c4d;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(copy.button)}</a></p>
<p style="word-break:break-all">${link}</p>
<p>${escapeHtml(copy.expiry)}</p>
<p>${escapeHtml(copy.ignore)}</p>
</body></html>`,
  };
}
