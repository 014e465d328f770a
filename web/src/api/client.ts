import type {
  CLIENT_PROBLEM_CODES,
  TFieldError,
  TProblem,
  TProblemCode,
} from '../../../common/problem.ts';

export type TErrorCode = TProblemCode | (typeof CLIENT_PROBLEM_CODES)[number] | 'unknown';

/** A failed API call, carrying the problem+json the server sent (or a network failure). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: TErrorCode;
  readonly errors: TFieldError[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    problem: Partial<Omit<TProblem, 'code'>> & { code?: TErrorCode },
    retryAfter?: string | null,
  ) {
    super(problem.detail ?? 'Request failed');
    this.status = status;
    this.code = problem.code ?? 'unknown';
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfter ? Number(retryAfter) : undefined;
  }
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(response.status, data as TProblem, response.headers.get('retry-after'));
  return data as T;
}
