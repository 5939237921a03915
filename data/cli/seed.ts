/**
 * `npm run seed -- [--companies N] [--seed S] [--past-events E] [--no-snapshot]`: seeds the alliance's data
 * if missing and replaces the demo companies with N deterministic ones (default 2,000; 100000 for large
 * data), and the simulated history of past events among them with E events (default 12). Then saves what
 * the server derives from the companies it wrote (data/snapshots/: the matcher's rows and index, the search
 * index), so that the server's first start loads them instead of building; --no-snapshot leaves that to
 * the server.
 */
import { pino } from 'pino';
import { migrateToLatest, openDatabase } from '../db.ts';
import { loadTaxonomy } from '../taxonomy.ts';
import { DEFAULT_PAST_EVENTS } from '../seed/pastEvents.ts';
import { DEFAULT_DEMO_COMPANIES, replaceDemoCompanies, seedDatabase, seedPastEvents } from '../seed/seed.ts';
import { cliArgs, databaseOptions } from './args.ts';
import { saveSnapshots } from './snapshots.ts';

const USAGE = 'usage: npm run seed -- [--companies N] [--seed S] [--past-events E] [--no-snapshot]';
const { values } = cliArgs({ companies: { type: 'string' }, seed: { type: 'string' }, 'past-events': { type: 'string' }, 'no-snapshot': { type: 'boolean', default: false } }, USAGE);
const count = values.companies === undefined ? DEFAULT_DEMO_COMPANIES : Number(values.companies);
const demoSeed = values.seed === undefined ? undefined : Number(values.seed);
if (!Number.isInteger(count) || count < 0 || count > 2_000_000) {
  console.error(`--companies must be a whole number from 0 to 2000000\n\n${USAGE}`);
  process.exit(2);
}
const pastEvents = values['past-events'] === undefined ? DEFAULT_PAST_EVENTS.events : Number(values['past-events']);
if (!Number.isInteger(pastEvents) || pastEvents < 0 || pastEvents > 1000) {
  console.error(`--past-events must be a whole number from 0 to 1000\n\n${USAGE}`);
  process.exit(2);
}
if (demoSeed !== undefined && !Number.isInteger(demoSeed)) {
  console.error(`--seed must be a whole number\n\n${USAGE}`);
  process.exit(2);
}

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const options = databaseOptions();
const handle = openDatabase(options);
try {
  await migrateToLatest(handle);
  const { taxonomy } = loadTaxonomy();
  await seedDatabase(handle, { taxonomy, demoCompanies: 0, pastEvents: 0, log });
  const made = await replaceDemoCompanies(handle, { taxonomy, demoCompanies: count, demoSeed, log });
  const simulated = await seedPastEvents(handle, { taxonomy, pastEvents, log });
  console.log(`${handle.location}: ${made} demo companies, ${simulated} simulated past events`);
  if (!values['no-snapshot']) await saveSnapshots(handle.db, taxonomy, options);
} finally {
  await handle.close();
}
