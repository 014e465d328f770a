import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZFollowUpAnswer, ZFollowUpLink } from '../../../common/notifications.ts';
import type { Deps } from '../../deps.ts';
import { problems } from '../../http/schemas.ts';
import { answerFollowUp, readFollowUp } from './follow-ups.ts';

const tags = ['matching'];
/** A "Did it happen?" token as emails carry it; anything else is the same "no longer valid". */
const ZToken = z.object({ token: z.string().min(1).max(200) });

// The two answers of a "Did it happen?" email. Its pages (the web app's /did-it-happen/:token)
// ask first: a GET changes nothing, whoever or whatever follows the link (a mail scanner).
// Only the POST answers, signed in or not: the link is the person helped's own.
export async function followUpRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/follow-ups/:token',
    {
      schema: {
        tags,
        summary: 'Where the match of a "Did it happen?" link is (changes nothing)',
        params: ZToken,
        response: { 200: ZFollowUpLink, ...problems },
      },
    },
    async (request) => readFollowUp(deps.db, deps.secret, request.params.token),
  );
  api.post(
    '/api/v1/follow-ups/:token',
    {
      schema: {
        tags,
        summary: 'Answer "Did it happen?": yes confirms the match, no gives it back to the helper',
        params: ZToken,
        body: ZFollowUpAnswer,
        response: { 200: ZFollowUpLink, ...problems },
      },
    },
    async (request) => answerFollowUp(deps, deps.secret, request.params.token, request.body.answer),
  );
}
