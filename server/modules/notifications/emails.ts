import type { TLocale } from '../../../common/accounts.ts';
import type { TNotificationKind } from '../../../common/constants.ts';
import {
  STREAM_OF,
  type TNotificationStream,
  type TPushPayload,
} from '../../../common/notifications.ts';
import { escapeHtml, type Mail } from '../../mail/mailer.ts';

/** Which side of a match the reader is on, when the words differ. */
export type Side = 'asker' | 'helper' | null;

type Copy = {
  /**
   * The only subjects a notification email can have (SAFETY 8): fixed text with no user text in
   * it, nothing of anyone's need, nothing a shared inbox or a lock screen would give away.
   */
  subject: Record<TNotificationStream, string> & { messagesMany: string; didItHappen: string };
  /** One neutral sentence per kind, still without names, titles or places: those are in the app. */
  body: Record<TNotificationKind, string> & {
    'accepted-asker': string;
    messagesMany: string;
  };
  button: string;
  /** "Did it happen?": its two answers, each a page that acts only when its button is pressed. */
  answers: { yes: string; no: string };
  why: string;
  settings: string;
  unsubscribe: string;
};

const COPY: Record<TLocale, Copy> = {
  en: {
    subject: {
      responses: 'Someone responded to your post on Kindred',
      matches: 'There is news about a match on Kindred',
      messages: 'You have a new message on Kindred',
      messagesMany: 'You have new messages on Kindred',
      groups: 'Someone asked to join your group on Kindred',
      alerts: 'An ask is waiting for a helper on Kindred',
      nearby: 'Someone near you asked for help on Kindred',
      didItHappen: 'Did it happen? A question from Kindred',
    },
    body: {
      response: 'Someone responded to one of your posts. Open Kindred to see who and to answer.',
      accepted:
        'You have been chosen to help. Open Kindred to see what is needed and to get in touch.',
      'accepted-asker':
        'A helper has been found for your ask. Open Kindred to see who and to talk.',
      'not-chosen': 'Someone else is helping this time. Thank you for offering.',
      message: 'You have a new message in a conversation on Kindred.',
      messagesMany: 'You have {{count}} new messages in a conversation on Kindred.',
      done: 'Your helper says it is done. Open Kindred to confirm that it happened.',
      confirmed: 'The person you helped confirmed that it happened. Thank you.',
      withdrawn: 'A match was withdrawn. Open Kindred to see what happens next.',
      removed: 'A moderator removed one of your posts.',
      'ask-closed': 'A post you were helping with was closed: your help is no longer needed.',
      'helper-gone': 'Your helper is no longer in the group. Your ask is open to others again.',
      'join-request': 'Someone asked to join a group you moderate.',
      'unanswered-ask': 'An ask in a group you moderate has waited without a response.',
      'new-ask':
        'Someone in your group asked for help with something you offered to help with. Open Kindred to see it.',
      'confirm-reminder':
        'Your helper said yesterday that it is done. Did it happen? Answer with one of the buttons below, or in Kindred.',
      unconfirmed:
        'A helper in a group you moderate marked something done three days ago, and it has not been confirmed.',
      'still-on':
        'Nothing has happened for a few days on something you are helping with. Are you still on for it? Send a message, mark it done, or step back so someone else can help.',
      'not-done':
        'The person being helped says it has not happened yet. Open Kindred to see what happens next.',
      'match-reminder':
        'Nothing has happened for a few days on something you are helping with. Are you still on for it?',
      'ask-expired':
        'One of your asks was closed because its date has passed. You can renew it in Kindred.',
    },
    button: 'Open Kindred',
    answers: { yes: 'Yes, it happened', no: 'No, not yet' },
    why: 'You get this email because of your notification settings on Kindred.',
    settings: 'Choose what Kindred emails you',
    unsubscribe: 'Stop emails like this one',
  },
  fr: {
    subject: {
      responses: 'Quelqu’un a répondu à votre publication sur Kindred',
      matches: 'Du nouveau sur une mise en relation Kindred',
      messages: 'Vous avez un nouveau message sur Kindred',
      messagesMany: 'Vous avez de nouveaux messages sur Kindred',
      groups: 'Quelqu’un demande à rejoindre votre groupe sur Kindred',
      alerts: 'Une demande attend de l’aide sur Kindred',
      nearby: 'Quelqu’un près de chez vous demande de l’aide sur Kindred',
      didItHappen: 'Est-ce que c’est fait ? Une question de Kindred',
    },
    body: {
      response:
        'Quelqu’un a répondu à l’une de vos publications. Ouvrez Kindred pour voir qui et lui répondre.',
      accepted:
        'Vous avez été choisi·e pour aider. Ouvrez Kindred pour voir ce qu’il faut et prendre contact.',
      'accepted-asker':
        'Quelqu’un va vous aider. Ouvrez Kindred pour voir qui et échanger avec cette personne.',
      'not-chosen': 'Quelqu’un d’autre aide cette fois-ci. Merci de l’avoir proposé.',
      message: 'Vous avez un nouveau message dans une conversation sur Kindred.',
      messagesMany: 'Vous avez {{count}} nouveaux messages dans une conversation sur Kindred.',
      done: 'La personne qui vous aide dit que c’est fait. Ouvrez Kindred pour le confirmer.',
      confirmed: 'La personne que vous avez aidée a confirmé que c’est fait. Merci.',
      withdrawn: 'Une mise en relation a été retirée. Ouvrez Kindred pour voir la suite.',
      removed: 'Une modératrice ou un modérateur a retiré l’une de vos publications.',
      'ask-closed':
        'Une publication pour laquelle vous aidiez a été close : votre aide n’est plus nécessaire.',
      'helper-gone':
        'La personne qui vous aidait a quitté le groupe. Votre demande est de nouveau ouverte.',
      'join-request': 'Quelqu’un demande à rejoindre un groupe que vous modérez.',
      'unanswered-ask': 'Une demande dans un groupe que vous modérez attend toujours une réponse.',
      'new-ask':
        'Quelqu’un de votre groupe demande de l’aide pour quelque chose que vous proposez. Ouvrez Kindred pour la voir.',
      'confirm-reminder':
        'La personne qui vous aide a dit hier que c’est fait. Est-ce le cas ? Répondez avec l’un des boutons ci-dessous, ou dans Kindred.',
      unconfirmed:
        'Dans un groupe que vous modérez, une aide a été marquée comme faite il y a trois jours et n’a pas été confirmée.',
      'still-on':
        'Rien de nouveau depuis quelques jours sur une aide que vous apportez. Est-ce toujours bon ? Envoyez un message, marquez-la comme faite, ou retirez-vous pour que quelqu’un d’autre aide.',
      'not-done':
        'La personne aidée dit que ce n’est pas encore fait. Ouvrez Kindred pour voir la suite.',
      'match-reminder':
        'Rien de nouveau depuis quelques jours sur une aide que vous apportez. Est-ce toujours bon ?',
      'ask-expired':
        'L’une de vos demandes a été close car sa date est passée. Vous pouvez la renouveler dans Kindred.',
    },
    button: 'Ouvrir Kindred',
    answers: { yes: 'Oui, c’est fait', no: 'Non, pas encore' },
    why: 'Vous recevez ce message en raison de vos réglages de notification sur Kindred.',
    settings: 'Choisir ce que Kindred vous envoie',
    unsubscribe: 'Ne plus recevoir ce type de message',
  },
};

/** Every subject a notification email may carry, for the tests that hold them to the list. */
export const ALLOWED_SUBJECTS: ReadonlySet<string> = new Set(
  Object.values(COPY).flatMap((copy) => Object.values(copy.subject)),
);

/** The subject and sentence of a notification, in the reader's language. */
function wordsOf(options: { locale: TLocale; kind: TNotificationKind; side: Side; count: number }) {
  const copy = COPY[options.locale];
  const many = options.kind === 'message' && options.count > 1;
  const subject = many
    ? copy.subject.messagesMany
    : options.kind === 'confirm-reminder'
      ? copy.subject.didItHappen
      : copy.subject[STREAM_OF[options.kind]];
  const sentence = many
    ? copy.body.messagesMany.replace('{{count}}', String(options.count))
    : options.kind === 'accepted' && options.side === 'asker'
      ? copy.body['accepted-asker']
      : copy.body[options.kind];
  return { subject, sentence };
}

/**
 * A push message for one notification (or `count` messages in a thread): the email's neutral
 * subject as its title and its sentence as its body (SAFETY 8: a lock screen shows them), the
 * page to open, and a tag so the thread's next push replaces this one on the device.
 */
export function notificationPush(options: {
  locale: TLocale;
  kind: TNotificationKind;
  side: Side;
  count: number;
  path: string;
  tag: string;
}): TPushPayload {
  const { subject, sentence } = wordsOf(options);
  return {
    title: subject,
    body: sentence,
    url: options.path,
    tag: options.tag,
    lang: options.locale,
  };
}

/**
 * The email for one notification (or for `count` unread messages in one thread), in the
 * reader's language: neutral subject and body, a link to the page it is about, the way to
 * change settings, and the one-click unsubscribe of RFC 8058 for the notification's stream.
 */
export function notificationEmail(options: {
  to: string;
  userId: string;
  locale: TLocale;
  kind: TNotificationKind;
  side: Side;
  count: number;
  link: string;
  settingsUrl: string;
  unsubscribeUrl: string;
  /** The URL the mail client POSTs to (List-Unsubscribe-Post: List-Unsubscribe=One-Click). */
  oneClickUrl: string;
  /** "Did it happen?": the page of each answer (it asks again before it acts). */
  answers?: { yes: string; no: string };
}): Mail {
  const copy = COPY[options.locale];
  const { subject, sentence } = wordsOf(options);
  const footer = `${copy.why}\n${copy.settings}: ${options.settingsUrl}\n${copy.unsubscribe}: ${options.unsubscribeUrl}`;
  const link = escapeHtml(options.link);
  const button = (href: string, label: string, isMain = true) =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;margin:0 8px 8px 0;padding:12px 20px;background:${isMain ? '#1d5c4d' : '#fff'};color:${isMain ? '#fff' : '#1d5c4d'};border:2px solid #1d5c4d;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a>`;
  const answers = options.answers;
  const actionsText = answers
    ? `${copy.answers.yes}: ${answers.yes}\n${copy.answers.no}: ${answers.no}\n${copy.button}: ${options.link}`
    : `${copy.button}: ${options.link}`;
  const actionsHtml = answers
    ? `${button(answers.yes, copy.answers.yes)}${button(answers.no, copy.answers.no, false)}</p>\n<p><a href="${link}">${escapeHtml(copy.button)}</a>`
    : button(options.link, copy.button);
  return {
    to: options.to,
    userId: options.userId,
    subject,
    link: options.link,
    headers: {
      'List-Unsubscribe': `<${options.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': options.locale,
    },
    text: `${sentence}\n\n${actionsText}\n\n--\n${footer}\n`,
    html: `<!doctype html><html lang="${options.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(sentence)}</p>
<p>${actionsHtml}</p>
<hr>
<p style="font-size:14px;color:#555">${escapeHtml(copy.why)}<br>
<a href="${escapeHtml(options.settingsUrl)}">${escapeHtml(copy.settings)}</a> ·
<a href="${escapeHtml(options.unsubscribeUrl)}">${escapeHtml(copy.unsubscribe)}</a></p>
</body></html>`,
  };
}
