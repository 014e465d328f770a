import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';

/** One input that failed validation, as Fastify hands it to the error handler (`error.validation`). */
export type ValidationIssue = { keyword: string; instancePath: string; message: string };

/** Deep enough for any request Kindred takes; deeper input is refused, not walked. */
const MAX_DEPTH = 32;

/**
 * Where a NUL character (U+0000) is in a request's input: keys and values, at any depth.
 * PostgreSQL refuses it in text, so it must be refused before any query (SAFETY 17).
 */
export function findNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || path.length > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '')];
    const found = findNul(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Every route's schema validates with zod, after one rule for every text input: no NUL
 * character anywhere in the body, query, parameters or headers. The answer is the same 400 as
 * for any invalid field, naming it.
 */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = (route) => {
  const validate = zodValidatorCompiler(route as Parameters<typeof zodValidatorCompiler>[0]);
  return (data: unknown) => {
    const path = findNul(data);
    if (path) {
      const issue: ValidationIssue = {
        keyword: 'nul-character',
        instancePath: `/${path.join('/')}`,
        message: 'Text cannot contain the NUL character (U+0000).',
      };
      return { error: [issue] as never };
    }
    return validate(data);
  };
};
