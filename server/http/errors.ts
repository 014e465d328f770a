import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import type { TFieldError, TProblem, TProblemCode } from '../../common/problem.ts';
import { describeError } from '../log.ts';
import type { ValidationIssue } from './validation.ts';

/** An error with a stable code that the error handler turns into problem+json. */
export class AppError extends Error {
  readonly status: number;
  readonly code: TProblemCode;
  readonly errors: TFieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: TProblemCode,
    detail: string,
    extra: { errors?: TFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }
}

export const notFound = (what: string) =>
  new AppError(404, 'not-found', `That ${what} does not exist, or you cannot see it.`);
export const signInRequired = () => new AppError(401, 'sign-in-required', 'Sign in to do this.');
export const forbidden = (code: TProblemCode, detail: string) => new AppError(403, code, detail);
export const badRequest = (code: TProblemCode, detail: string, errors?: TFieldError[]) =>
  new AppError(400, code, detail, { errors });
export const conflict = (code: TProblemCode, detail: string) => new AppError(409, code, detail);
export const gone = (code: TProblemCode, detail: string) => new AppError(410, code, detail);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(
    429,
    'rate-limited',
    `Too many attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`,
    { headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) } },
  );

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const CODES: Record<number, TProblemCode> = {
  401: 'sign-in-required',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

export function sendProblem(reply: FastifyReply, problem: Omit<TProblem, 'title' | 'type'>) {
  const body: TProblem = {
    type: `urn:kindred:problem:${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    ...problem,
  };
  return reply.code(problem.status).type('application/problem+json').send(body);
}

function fieldName(context: string | undefined, instancePath: string) {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (context === 'body' || !context) return path || 'body';
  return path ? path : context;
}

/** One handler turns every error into application/problem+json; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(reply, {
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
    // Any schema's failure (zod's issues, or the NUL rule of validation.ts): 400 naming each field.
    if (Array.isArray(error.validation) && error.validation.length > 0) {
      const errors = (error.validation as ValidationIssue[]).map((issue) => ({
        field: fieldName(error.validationContext, issue.instancePath),
        code: issue.keyword,
        message: issue.message ?? 'Invalid value',
      }));
      const fields = [...new Set(errors.map((e) => e.field))].join(', ');
      return sendProblem(reply, {
        status: 400,
        code: 'invalid-input',
        detail: `Please check: ${fields}.`,
        errors,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ error: describeError(error.cause) }, 'response did not match its schema');
    } else if (
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      return sendProblem(reply, {
        status: error.statusCode,
        code: CODES[error.statusCode] ?? 'bad-request',
        detail: error.statusCode === 413 ? 'The request is too large.' : error.message,
      });
    } else {
      request.log.error({ error: describeError(error) }, 'unhandled error');
    }
    return sendProblem(reply, {
      status: 500,
      code: 'internal',
      detail: 'Something went wrong on our side. Nothing was lost; please try again in a moment.',
    });
  });
}

/**
 * Errors Fastify's router raises before a request reaches any hook or handler (a URL that is
 * not valid percent-encoding, a parameter longer than the router takes): problem+json too.
 * Security headers are set here because no onRequest hook has run.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const isTooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
  return sendProblem(reply, {
    status: isTooLong ? 414 : 400,
    code: isTooLong ? 'too-long' : 'bad-url',
    detail: isTooLong
      ? 'A part of this address is too long.'
      : 'This address is not valid: check that it was copied whole.',
  });
}
