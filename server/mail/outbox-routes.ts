import { desc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { devOutbox } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { sessionCookieName } from '../http/auth.ts';
import { notFound } from '../http/errors.ts';
import { resumeSession } from '../modules/accounts/sessions.ts';
import { escapeHtml } from './mailer.ts';

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
export const isLoopback = (ip: string) =>
  ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');

const ZOutboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

/**
 * The local outbox, for development without a mail server. Never registered in production, and
 * even in development only for this machine (the client address, as TRUST_PROXY decides it) or
 * an instance administrator: its emails hold sign-in links to anyone's account.
 */
export async function outboxRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieName = sessionCookieName(deps.config);
  // Registered in a scope of its own (app.ts), so this hook guards these routes only.
  app.addHook('onRequest', async (request) => {
    if (isLoopback(request.ip)) return;
    const token = request.cookies[cookieName];
    const session = token ? await resumeSession(deps, token) : undefined;
    if (!session?.user.isAdmin) throw notFound('page');
  });
  const latest = () =>
    deps.db.select().from(devOutbox).orderBy(desc(devOutbox.createdAt)).limit(50);

  api.get(
    '/dev/outbox.json',
    { schema: { hide: true, response: { 200: z.array(ZOutboxMessage) } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return (await latest()).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
    },
  );

  api.get('/dev/outbox', { schema: { hide: true } }, async (_request, reply) => {
    const messages = await latest();
    const linkify = (text: string) =>
      escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
    const items = messages
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p>To ${escapeHtml(m.to)} · ${m.createdAt.toISOString()}</p>
<pre>${linkify(m.text)}</pre></article>`,
      )
      .join('\n');
    reply.header('cache-control', 'no-store').type('text/html');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Outbox · Kindred (development)</title></head><body><main>
<h1>Outbox</h1><p>Emails Kindred would have sent. Set SMTP_URL to send real email. Newest first.</p>
${items || '<p>No emails yet. Sign up or ask for a sign-in link, then reload this page.</p>'}
</main></body></html>`;
  });
}
