/**
 * Fills a fresh database: the alliance's cities, organisations and events (once), then N demo companies
 * and a simulated history of past matchmaking events among them (pastEvents.ts).
 * Each step runs in a transaction, so an interrupted seed leaves either nothing or a whole step.
 */
import type { Logger } from 'pino';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { DatabaseHandle } from '../db.ts';
import { analyze, nowIso } from '../db.ts';
import { countCities, insertCity, listCities } from '../repositories/cities.ts';
import { countCompanies, deleteDemoCompanies, insertCompanies } from '../repositories/companies.ts';
import { insertAllianceEvents } from '../repositories/allianceEvents.ts';
import { getMeta, setMeta } from '../repositories/meta.ts';
import { findWeightProfile, saveWeightProfile } from '../repositories/weightProfiles.ts';
import { DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { generateDemoCompanies } from './demo.ts';
import { DEFAULT_PAST_EVENTS, hasSimulatedHistory, seedSimulatedHistory } from './pastEvents.ts';
import { loadAllianceData } from './isaFacts.ts';
import { refreshCityStandings } from '../repositories/membership.ts';
import { seedProjects } from './projects.ts';

export const DEFAULT_DEMO_COMPANIES = 2000;

export interface SeedOptions {
  taxonomy: Taxonomy;
  /** Demo companies to make when the database has none; 0 for none. */
  demoCompanies?: number;
  demoSeed?: number;
  /** Simulated past events among the demo companies (default 12); 0 for none. */
  pastEvents?: number;
  log?: Logger;
}

export interface SeedReport {
  alliance: 'seeded' | 'present';
  cities: number;
  seedCompanies: number;
  events: number;
  demoCompanies: number;
  /** Simulated past events made in this start (0 when they were already there). */
  simulatedEvents: number;
}

/** Seeds the alliance's facts if they are missing, and demo companies if there are none yet. */
export async function seedDatabase(handle: DatabaseHandle, options: SeedOptions): Promise<SeedReport> {
  const { db } = handle;
  const now = nowIso();
  let alliance: SeedReport['alliance'] = 'present';
  if (!(await getMeta(db, 'alliance_seeded_at'))) {
    const data = loadAllianceData(options.taxonomy, now);
    await db.transaction().execute(async (trx) => {
      for (const city of data.cities) await insertCity(trx, city, now);
      await insertCompanies(trx, data.companies, options.taxonomy);
      await insertAllianceEvents(trx, data.events);
      await setMeta(trx, 'alliance_seeded_at', now);
    });
    alliance = 'seeded';
    await analyze(handle);
    options.log?.info({ cities: data.cities.length, companies: data.companies.length, events: data.events.length }, 'seeded the alliance data');
  }
  // Every city's status follows the membership registry (a cheap recomputation, stored where it changed).
  const restated = await db.transaction().execute((trx) => refreshCityStandings(trx, now.slice(0, 10), now));
  if (restated.length) options.log?.info({ cities: restated.length }, 'city statuses follow the membership registry');
  // A step of its own, so that a database seeded before projects existed gets them on its next start.
  const projects = await seedProjects(db, options.taxonomy, now);
  if (projects) options.log?.info({ projects }, 'seeded the cooperation projects of the papers');
  if (!(await findWeightProfile(db))) {
    await saveWeightProfile(db, { ...DEFAULT_PROFILE, name: 'default', note: 'the engine default', isDefault: true });
  }
  const wanted = options.demoCompanies ?? DEFAULT_DEMO_COMPANIES;
  let demo = await countCompanies(db, true);
  if (demo === 0 && wanted > 0) {
    demo = await replaceDemoCompanies(handle, { ...options, demoCompanies: wanted });
  }
  let simulatedEvents = 0;
  if (demo > 0 && !(await hasSimulatedHistory(db))) simulatedEvents = await seedPastEvents(handle, options);
  const eventsRow = await db.selectFrom('alliance_events').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return {
    alliance,
    cities: await countCities(db),
    seedCompanies: await countCompanies(db, false),
    events: Number(eventsRow.n),
    demoCompanies: demo,
    simulatedEvents,
  };
}

/** Replaces every demo company with a fresh deterministic set of `demoCompanies`. */
export async function replaceDemoCompanies(handle: DatabaseHandle, options: SeedOptions): Promise<number> {
  const { db } = handle;
  const count = options.demoCompanies ?? DEFAULT_DEMO_COMPANIES;
  const cities = (await listCities(db, { limit: 10_000, offset: 0 })).items;
  const companies = generateDemoCompanies(cities, options.taxonomy, { count, seed: options.demoSeed, now: nowIso() });
  const started = Date.now();
  await db.transaction().execute(async (trx) => {
    const removed = await deleteDemoCompanies(trx);
    if (removed) options.log?.info({ removed }, 'removed demo companies');
    await insertCompanies(trx, companies, options.taxonomy);
  });
  await analyze(handle);
  options.log?.info({ demoCompanies: count, ms: Date.now() - started }, 'generated demo companies');
  return count;
}

/** (Re)makes the simulated history among the demo companies now stored; returns the events made. */
export async function seedPastEvents(handle: DatabaseHandle, options: SeedOptions): Promise<number> {
  const events = options.pastEvents ?? DEFAULT_PAST_EVENTS.events;
  const started = Date.now();
  const report = await handle.db.transaction().execute((trx) => seedSimulatedHistory(trx, options.taxonomy, { ...DEFAULT_PAST_EVENTS, events }));
  if (report.events) options.log?.info({ ...report, ms: Date.now() - started }, 'simulated a history of past events among the demo companies');
  return report.events;
}
