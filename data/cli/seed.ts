/**
 * `npm run seed -- [--companies N] [--seed S]`: seeds the alliance's data if missing and replaces the
 * demo companies with N deterministic ones (default 2,000; 100000 for large data).
 */
import { pino } from 'pino';
import { migrateToLatest, openDatabase } from '../db.ts';
import { loadTaxonomy } from '../taxonomy.ts';
import { DEFAULT_DEMO_COMPANIES, replaceDemoCompanies, seedDatabase } from '../seed/seed.ts';
import { cliArgs, databaseOptions } from './args.ts';

const USAGE = 'usage: npm run seed -- [--companies N] [--seed S]';
const { values } = cliArgs({ companies: { type: 'string' }, seed: { type: 'string' } }, USAGE);
const count = values.companies === undefined ? DEFAULT_DEMO_COMPANIES : Number(values.companies);
const demoSeed = values.seed === undefined ? undefined : Number(values.seed);
if (!Number.isInteger(count) || count < 0 || count > 2_000_000) {
  console.error(`--companies must be a whole number from 0 to 2000000\n\n${USAGE}`);
  process.exit(2);
}
if (demoSeed !== undefined && !Number.isInteger(demoSeed)) {
  console.error(`--seed must be a whole number\n\n${USAGE}`);
  process.exit(2);
}

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const handle = openDatabase(databaseOptions());
try {
  await migrateToLatest(handle.db);
  const { taxonomy } = loadTaxonomy();
  await seedDatabase(handle, { taxonomy, demoCompanies: 0, log });
  const made = await replaceDemoCompanies(handle, { taxonomy, demoCompanies: count, demoSeed, log });
  console.log(`${handle.location}: ${made} demo companies`);
} finally {
  await handle.close();
}
