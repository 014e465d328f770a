import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/client.ts';
import { devOutbox } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { sealMail } from './seal.ts';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link that matters, printed to the log in outbox mode so a developer can click it. */
  link?: string;
  /** Whose address it is, when it is a person's notification: refusals count against it. */
  userId?: string;
  /** Extra headers (List-Unsubscribe, Content-Language). */
  headers?: Record<string, string>;
};

export type Mailer = {
  /** Sends now and waits: the email job's handler (and tests). Commands use `queueEmail`. */
  send(mail: Mail): Promise<void>;
  close(): void;
};

/**
 * Sends an email by a job enqueued in the command's transaction: sent once the command commits,
 * retried while the mail server is away, never sent for a command that rolled back.
 */
export function queueEmail(deps: Pick<Deps, 'jobs' | 'secret'>, tx: Tx, mail: Mail) {
  return deps.jobs.send(tx, 'email', { sealed: sealMail(deps.secret, mail) });
}

export function createMailer(options: { config: Config; db: Db; log: FastifyBaseLogger }): Mailer {
  const { config, db, log } = options;
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({
          from: config.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.headers ? { headers: mail.headers } : {}),
        });
      },
      close: () => transport.close(),
    };
  }
  return {
    async send(mail) {
      await db.insert(devOutbox).values({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      log.info(
        { link: mail.link, outbox: new URL('/dev/outbox', config.publicUrl).href },
        'email kept in the local outbox (SMTP_URL is not set)',
      );
    },
    close: () => undefined,
  };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
