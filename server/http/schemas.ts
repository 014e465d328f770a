// Route parameters and problem responses every module's routes share; bodies live in common/.
import { z } from 'zod';
import { ZProblem } from '../../common/problem.ts';

/** The problems a route may answer with (each documented in the OpenAPI document). */
export const problems = {
  400: ZProblem,
  401: ZProblem,
  403: ZProblem,
  404: ZProblem,
  409: ZProblem,
  429: ZProblem,
};
/** For a POST that takes an Idempotency-Key: a key reused with another body is a 422. */
export const withReplay = { ...problems, 422: ZProblem };

export const ZSlugParam = z.object({ slug: z.string().max(100) });
export const ZMemberParams = ZSlugParam.extend({ userId: z.uuid() });
/** `/…/:id` of a post, a match, a response: ids are UUIDs (anything else is a 400). */
export const ZIdParam = z.object({ id: z.uuid() });
