import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Mail } from './mailer.ts';

/**
 * An email waiting in the job queue is sealed with AES-256-GCM under a key derived from the
 * instance secret: the queue's rows hold sign-in links and addresses, and a copy of the
 * database alone must not yield them (tokens are otherwise stored only as HMACs).
 */
const keyOf = (secret: string) => createHmac('sha256', secret).update('kindred mail seal').digest();

export function sealMail(secret: string, mail: Mail): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(mail), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unsealMail(secret: string, sealed: string): Mail {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
  return JSON.parse(json.toString('utf8')) as Mail;
}
