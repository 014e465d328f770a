import { defineConfig } from 'vitest/config';

// The tests' stand-in push service serves HTTPS with a self-signed certificate: the test
// processes (forked from this one, and the servers they start) trust it, and nothing else does.
process.env.NODE_EXTRA_CA_CERTS = new URL(
  '../../test/fixtures/push-service/cert.pem',
  import.meta.url,
).pathname;

// Browser journeys: one file at a time (two cores, one Chromium), generous timeouts.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
