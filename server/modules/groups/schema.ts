import { z } from 'zod';
import { ZProblem } from '../../../common/problem.ts';

// Route parameters and the problems group routes answer with; bodies live in common/groups.ts.
export const problems = {
  400: ZProblem,
  401: ZProblem,
  403: ZProblem,
  404: ZProblem,
  409: ZProblem,
  429: ZProblem,
};
export const ZSlugParam = z.object({ slug: z.string().max(100) });
export const ZMemberParams = ZSlugParam.extend({ userId: z.uuid() });
export const tags = ['groups'];
