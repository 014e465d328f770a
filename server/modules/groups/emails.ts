import type { TLocale } from '../../../common/constants.ts';
import { escapeHtml, type Mail } from '../../mail/mailer.ts';

type Decision = 'approved' | 'declined';

// The subject stays neutral (SAFETY 8): a group's name can say more than its member wants a
// shared inbox to show.
const COPY: Record<
  TLocale,
  { subject: string; approved: string; declined: string; message: string; open: string }
> = {
  en: {
    subject: 'An update about your request on Kindred',
    approved: 'Welcome! Your request to join “{group}” was approved.',
    declined: 'Your request to join “{group}” was not approved.',
    message: 'A message from the moderators:',
    open: 'Open the group',
  },
  fr: {
    subject: 'Du nouveau sur votre demande Kindred',
    approved: 'Bienvenue ! Votre demande pour rejoindre « {group} » a été acceptée.',
    declined: 'Votre demande pour rejoindre « {group} » n’a pas été acceptée.',
    message: 'Un message des modérateur·rices :',
    open: 'Ouvrir le groupe',
  },
};

export function membershipDecisionEmail(options: {
  to: string;
  locale: TLocale;
  groupName: string;
  decision: Decision;
  message?: string | undefined;
  link: string;
}): Mail {
  const copy = COPY[options.locale];
  const headline = copy[options.decision].replace('{group}', options.groupName);
  const message = options.message ? `${copy.message}\n${options.message}` : '';
  const showLink = options.decision === 'approved';
  return {
    to: options.to,
    subject: copy.subject,
    text: [headline, message, showLink ? options.link : ''].filter(Boolean).join('\n\n'),
    html: `<!doctype html><html lang="${options.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(headline)}</p>
${options.message ? `<p>${escapeHtml(copy.message)}</p><blockquote style="white-space:pre-wrap">${escapeHtml(options.message)}</blockquote>` : ''}
${showLink ? `<p><a href="${escapeHtml(options.link)}">${escapeHtml(copy.open)}</a></p>` : ''}
</body></html>`,
  };
}
