import { defineConfig } from 'vitest/config';

// The tests' stand-in push service serves HTTPS with a self-signed certificate: the test
// processes (forked from this one, and the servers they start) trust it, and nothing else does.
process.env.NODE_EXTRA_CA_CERTS = new URL(
  './test/fixtures/push-service/cert.pem',
  import.meta.url,
).pathname;

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
