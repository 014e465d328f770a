import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ZDisplayName, ZEmail } from '../common/accounts.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { runMigrations } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { AppError } from './http/errors.ts';
import { createAccessToken } from './modules/accounts/access-tokens.ts';
import { hashPassword } from './modules/accounts/passwords.ts';
import * as accounts from './modules/accounts/store.ts';
import { createUser, disableUser, enableUser } from './modules/accounts/users.ts';
import { detectFormat, parseRows, toCsv, toGeoJson } from './modules/directory/formats.ts';
import { importGroups } from './modules/directory/import.ts';
import { searchDirectory } from './modules/directory/store.ts';
import { presentSummary } from './modules/groups/present.ts';
import * as groupStore from './modules/groups/store.ts';
import { loadSecret } from './secret.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, demoEmail } from './seed/demo.ts';
import { SCALES, SeedRefused, seedDatabase } from './seed/seed.ts';
import { ensureWebBuild } from './web-build.ts';

const HELP = `Kindred: software for mutual aid groups.

Usage: npx kindred <command> [options]

  start                                   run the server (what \`npm start\` does)
  migrate                                 apply database migrations and exit
  user create --email E --name N [--admin] create an account (--admin: instance administrator)
  user disable --email E                  disable an account and end its sessions
  user enable --email E                   enable a disabled account
  token create --email E [--name N]       print a personal access token for the API
  token list --email E                    list an account's tokens
  token revoke --id ID                    revoke one token
  token revoke --email E --all            revoke every token of an account
  groups import FILE [--network SLUG] [--dry-run]
                                          import groups from CSV, JSON or GeoJSON into the
                                          directory (columns: name, description, location_name,
                                          latitude, longitude, website, facebook, email, phone,
                                          external_id); bad rows are reported, good rows go in
  groups export [--format csv|geojson] [--network SLUG]
                                          print the public directory
  seed --scale demo|victoria|national [--seed N] [--force]
                                          load made-up data: demo (a small network to try
                                          Kindred with), victoria (one group of 11,000) or
                                          national (400 groups, 1,000,000 posts); refuses a
                                          database with real data unless --force

Settings come from the environment (see .env.example). Commands use the running server's
embedded PostgreSQL when there is one, and start it for the command when there is not.
`;

class UsageError extends Error {}

function read<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  if (value === undefined) throw new UsageError(`Missing --${flag}.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

async function withDatabase<T>(
  config: Config,
  work: (deps: {
    db: Awaited<ReturnType<typeof openDatabase>>['db'];
    pool: Awaited<ReturnType<typeof openDatabase>>['pool'];
    secret: string;
  }) => Promise<T>,
) {
  const database = await openDatabase({ config, ownsEmbedded: false });
  try {
    await runMigrations(database.pool);
    return await work({ db: database.db, pool: database.pool, secret: await loadSecret(config) });
  } finally {
    await database.close();
  }
}

async function findUser(db: Parameters<typeof accounts.findUserByEmail>[0], email: string) {
  const user = await accounts.findUserByEmail(db, email);
  if (!user) throw new UsageError(`No account has the email ${email}.`);
  return user;
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      admin: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      network: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      'dry-run': { type: 'boolean', default: false },
      scale: { type: 'string' },
      seed: { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, action] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = loadConfig();

  switch (`${command} ${action ?? ''}`.trim()) {
    case 'start': {
      await ensureWebBuild((message) => process.stdout.write(`${message}\n`));
      const { startServer } = await import('./main.ts');
      const server = await startServer(config);
      const onSignal = () => {
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      return;
    }
    case 'migrate':
      await withDatabase(config, async () => undefined);
      process.stdout.write('The database is up to date.\n');
      return;
    case 'user create': {
      const email = read(ZEmail, values.email, 'email');
      const displayName = read(ZDisplayName, values.name, 'name');
      const user = await withDatabase(config, (deps) =>
        createUser(deps, { email, displayName, isAdmin: values.admin }),
      );
      process.stdout.write(
        `Created ${user.isAdmin ? 'administrator' : 'account'} ${user.email} (${user.id}). They sign in with an emailed link.\n`,
      );
      return;
    }
    case 'user disable':
    case 'user enable': {
      const email = read(ZEmail, values.email, 'email');
      await withDatabase(config, async (deps) => {
        const user = await findUser(deps.db, email);
        if (action === 'disable') await disableUser(deps, user.id);
        else await enableUser(deps, user.id);
      });
      process.stdout.write(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${email}.\n`);
      return;
    }
    case 'token create': {
      const email = read(ZEmail, values.email, 'email');
      const name = values.name ?? 'cli';
      const created = await withDatabase(config, async (deps) => {
        const user = await findUser(deps.db, email);
        return createAccessToken(deps, { userId: user.id, name });
      });
      process.stderr.write(
        `Token ${created.id} for ${email}. Shown once; keep it secret. Use it as: Authorization: Bearer <token>\n`,
      );
      process.stdout.write(`${created.token}\n`);
      return;
    }
    case 'token list': {
      const email = read(ZEmail, values.email, 'email');
      const tokens = await withDatabase(config, async (deps) =>
        accounts.listAccessTokens(deps.db, (await findUser(deps.db, email)).id),
      );
      if (tokens.length === 0) process.stdout.write('No tokens.\n');
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
        process.stdout.write(
          `${t.id}  ${t.name}  created ${t.createdAt.toISOString()}  ${state}\n`,
        );
      }
      return;
    }
    case 'token revoke': {
      const count = await withDatabase(config, async (deps) => {
        if (values.id) {
          const id = read(
            z.uuid({ error: 'must be a token id from `token list`' }),
            values.id,
            'id',
          );
          const rows = await deps.db.query.accessTokens.findFirst({
            where: (t, { eq }) => eq(t.id, id),
          });
          if (!rows) throw new UsageError(`No token has the id ${id}.`);
          return accounts.revokeAccessTokens(deps.db, { userId: rows.userId, id });
        }
        if (values.email && values.all) {
          const user = await findUser(deps.db, read(ZEmail, values.email, 'email'));
          return accounts.revokeAccessTokens(deps.db, { userId: user.id });
        }
        throw new UsageError(
          "Name a token with --id, or revoke all of an account's with --email E --all.",
        );
      });
      process.stdout.write(`Revoked ${count} token(s).\n`);
      return;
    }
    case 'groups import': {
      const file = positionals[2];
      if (!file) throw new UsageError('Name the file to import: groups import FILE.');
      const content = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`Cannot read ${file}.`);
      });
      const dryRun = values['dry-run'];
      const report = await withDatabase(config, async (deps) => {
        let networkId: string | null = null;
        if (values.network) {
          const network = await groupStore.findGroupBySlug(deps.db, values.network);
          if (network?.kind !== 'network') {
            throw new UsageError(`No network has the slug "${values.network}".`);
          }
          networkId = network.id;
        }
        const rows = parseRows(content, detectFormat(content, file));
        return importGroups(deps, {
          rows,
          networkId,
          importedBy: null,
          dryRun,
          onProgress: ({ done, total }) => {
            process.stderr.write(`\r${dryRun ? 'Checked' : 'Imported'} ${done} of ${total} rows`);
          },
        });
      });
      process.stderr.write('\n');
      for (const error of report.errors) {
        process.stdout.write(`row ${error.row}, ${error.field}: ${error.reason}\n`);
      }
      process.stdout.write(
        `${dryRun ? 'Dry run, nothing saved: would create' : 'Created'} ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed} (of ${report.total} rows).\n`,
      );
      return;
    }
    case 'groups export': {
      const format = read(z.enum(['csv', 'geojson']), values.format, 'format');
      const output = await withDatabase(config, async (deps) => {
        const network = values.network
          ? await groupStore.findGroupBySlug(deps.db, values.network)
          : undefined;
        if (values.network && (!network || network.visibility === 'hidden')) {
          throw new UsageError(`No network has the slug "${values.network}".`);
        }
        const rows = await searchDirectory(deps.db, {
          networkId: network?.id,
          limit: 1_000_000,
          offset: 0,
        });
        const groups = rows.map((row) => presentSummary(row.group, config));
        return format === 'csv' ? toCsv(groups) : `${JSON.stringify(toGeoJson(groups), null, 1)}\n`;
      });
      process.stdout.write(output);
      return;
    }
    case 'seed': {
      const scale = read(z.enum(SCALES), values.scale, 'scale');
      const seed = read(
        z.coerce
          .number()
          .int()
          .min(0)
          .max(2 ** 31),
        values.seed,
        'seed',
      );
      const production = config.isProduction;
      // Demo people get a known password to try things out, never on a production server.
      const passwordHash =
        scale === 'demo' && !production ? await hashPassword(DEMO_PASSWORD) : null;
      const result = await withDatabase(config, async (deps) => {
        try {
          return await seedDatabase(deps.pool, {
            scale,
            seed,
            force: values.force,
            passwordHash,
            onProgress: (message) => process.stderr.write(`  ${message}\n`),
          });
        } catch (error) {
          if (error instanceof SeedRefused) throw new UsageError(error.message);
          throw error;
        }
      });
      process.stdout.write(
        `Seeded ${scale} (seed ${seed}) in ${result.seconds.toFixed(1)} s: ${Object.entries(
          result.counts,
        )
          .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
          .join(', ')}.\n`,
      );
      if (scale === 'demo') {
        process.stdout.write(
          passwordHash
            ? `Sign in as any of ${DEMO_PEOPLE.map((p) => demoEmail(p.key)).join(', ')} with the password "${DEMO_PASSWORD}" (amara runs Fernwood Neighbours; elif dispatches in James Bay; ines and chloe use Kindred in French).\n`
            : `The demo people sign in by emailed link (no demo password in production): ${demoEmail('amara')}, …\n`,
        );
      }
      return;
    }
    default:
      throw new UsageError(`Unknown command "${positionals.join(' ')}". Run \`npx kindred help\`.`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof AppError) {
    process.stderr.write(`${error.message}\n`);
  } else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`${(error as Error).message}. Run \`npx kindred help\`.\n`);
  } else {
    process.stderr.write(`Kindred stopped on an unexpected error: ${(error as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  }
  process.exit(1);
});
