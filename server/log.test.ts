import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/support/app.ts';
import { makeUser } from '../test/support/factories.ts';
import { users } from './db/schema/index.ts';
import { describeError } from './log.ts';

// A route that fails the way a real bug would: a query that breaks a constraint.
const t = useTestApp({}, (app, deps) => {
  app.post('/api/test/boom', async (request) => {
    const { email } = request.body as { email: string };
    await deps.db.insert(users).values({ email, displayName: 'Again' });
  });
});

describe('logging an unexpected error (SAFETY 22)', () => {
  it('keeps the kind and code of a failed query, never its values', async () => {
    const user = await makeUser(t.deps);
    const failure = await t.db
      .insert(users)
      .values({ email: user.email, displayName: 'Second' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(String((failure as Error).message)).toContain(user.email); // what drizzle would have logged
    const logged = JSON.stringify(describeError(failure));
    expect(logged).toContain('23505');
    expect(logged).toContain('users_email_unique');
    expect(logged).not.toContain(user.email);
  });

  it('answers a 500 with a plain problem and logs no values', async () => {
    const user = await makeUser(t.deps);
    const response = await t.request({
      method: 'POST',
      url: '/api/test/boom',
      payload: { email: user.email },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'internal', status: 500 });
    expect(response.body).not.toContain(user.email);
    expect(response.body).not.toMatch(/\.ts:\d+/);
    const logs = t.logs.join('\n');
    expect(logs).toContain('unhandled error');
    expect(logs).not.toContain(user.email);
  });
});
