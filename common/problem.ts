import { z } from 'zod';

/** One field that failed validation, named as the client sent it (e.g. "email"). */
export const ZFieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type TFieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details: the body of every error response. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(ZFieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;
