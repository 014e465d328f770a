import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { runMigrations } from '../../server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to a maintenance database, for creating per-file databases. */
    adminUrl: string;
    /** A migrated database each test file clones. */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the run: the embedded one (in a temporary folder) by default, or the
 * server in DATABASE_URL. A migrated template database makes each test file's clone cheap.
 */
export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  const template = `kindred_tpl_${runId}`;
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-test-pg-'));
    await fs.chmod(dataDir, 0o711); // as root, PostgreSQL runs as "postgres" and must reach it
    embedded = await startEmbeddedPostgres({ dataDir, isDurable: false });
    adminUrl = embedded.adminUrl;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const pool = new pg.Pool({ connectionString: templateUrl.href, max: 1 });
  await runMigrations(pool);
  await pool.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'kindred_t%' AND datname LIKE $1",
      [`%${runId}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
    if (embedded) await embedded.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}
