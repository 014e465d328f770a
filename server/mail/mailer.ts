import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { devOutbox } from '../db/schema/index.ts';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link that matters, printed to the log in outbox mode so a developer can click it. */
  link?: string;
};

export type Mailer = {
  /** Sends in the background: a slow mail server never slows or changes an HTTP answer. */
  deliver(mail: Mail): void;
  /** Sends and waits (CLI commands and tests). */
  send(mail: Mail): Promise<void>;
  close(): void;
};

export function createMailer(options: { config: Config; db: Db; log: FastifyBaseLogger }): Mailer {
  const { config, db, log } = options;
  let send: (mail: Mail) => Promise<void>;
  let close: () => void = () => undefined;
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    send = async (mail) => {
      await transport.sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    };
    close = () => transport.close();
  } else {
    send = async (mail) => {
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
    };
  }
  return {
    send,
    deliver(mail) {
      send(mail).catch((error: Error & { code?: string; responseCode?: number }) => {
        // Codes only: a mail server's refusal quotes the recipient's address (SAFETY 22).
        log.error(
          { code: error.code, responseCode: error.responseCode },
          'could not send an email',
        );
      });
    },
    close,
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
