/** Whether an error (or one it was caused by) is PostgreSQL refusing a duplicate in `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: string; constraint?: string };
    if (pgError.code === '23505' && pgError.constraint === constraint) return true;
  }
  return false;
}
