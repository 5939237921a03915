/**
 * Repository tests, run on SQLite always and on PostgreSQL when a server answers (CI starts one; a
 * local run without one reports the PostgreSQL suite as skipped, with the reason in its name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { seedDatabase } from '../../data/seed/seed.ts';
import { findCityById, listCities } from '../../data/repositories/cities.ts';
import { sql } from 'kysely';
import { countCompanies, deleteCompany, findCompanyById, insertCompanies, listCompanies, updateCompany } from '../../data/repositories/companies.ts';
import { listAllianceEvents } from '../../data/repositories/allianceEvents.ts';
import { createApiKey, findActiveKeyBySecret, revokeApiKey } from '../../data/repositories/apiKeys.ts';
import { companiesVersion } from '../../data/repositories/meta.ts';
import { countUsage, flushUsage, usageOfCities } from '../../data/repositories/usage.ts';
import { addParticipants, createEvent, deleteParticipant, getEvent, listRemovedMeetings, saveSchedule } from '../../data/repositories/events.ts';
import type { Company } from '../../engine/model.ts';
import { availableDialects, freshDatabase, POSTGRES_URL, type TestDatabase } from '../helpers.ts';

const { taxonomy } = loadTaxonomy();
const dialects = await availableDialects('repository tests');
if (dialects.length === 1) {
  describe('PostgreSQL repository suite', () => {
    it.skip(`skipped: no PostgreSQL at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')}; run .ci/postgres.sh or set TEST_DATABASE_URL`, () => {});
  });
}

const company = (id: string, overrides: Partial<Company> = {}): Company => ({
  id,
  name: `Test ${id}`,
  orgType: 'company',
  country: 'DE',
  cityId: 'de-ingolstadt',
  cityName: 'Ingolstadt',
  groupId: null,
  size: { employees: 120, sizeClass: 'medium', revenueBand: '10m-50m' },
  foundedYear: 1990,
  industries: [{ scheme: 'NACE', code: '29.31', nace: [{ code: '29.31', weight: 1 }] }],
  industryText: 'Kabelbäume für Elektrofahrzeuge',
  description: { de: 'Zulieferer', en: 'Supplier' },
  languages: ['de', 'en'],
  wishes: [{ direction: 'request', type: 'distribution', clusters: ['new-energy-vehicles'], targetCountry: 'CN', description: {}, provenance: 'api' }],
  contact: { email: 'a@example.org' },
  facts: [],
  demo: false,
  provenance: ['api'],
  fieldProvenance: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe.each(dialects)('repositories on %s', (dialect) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    await seedDatabase(t.handle, { taxonomy, demoCompanies: 200 });
  });
  afterAll(async () => t?.cleanup());

  it('runs on the dialect it was asked for', () => {
    expect(t.handle.dialect).toBe(dialect);
  });

  it('seeds once: a second seed changes nothing', async () => {
    const before = await countCompanies(t.handle.db);
    const report = await seedDatabase(t.handle, { taxonomy, demoCompanies: 200 });
    expect(report.alliance).toBe('present');
    expect(await countCompanies(t.handle.db)).toBe(before);
    expect(report).toMatchObject({ cities: 56, seedCompanies: 88, events: 71, demoCompanies: 200 });
  });

  it('lists cities with filters and a total', async () => {
    // 25 Chinese members by the latest list (004 L9); Yunfu, no longer listed, is a former member.
    const cn = await listCities(t.handle.db, { country: 'CN', status: 'member', limit: 100, offset: 0 });
    expect(cn.total).toBe(25);
    expect(cn.items.every((c) => c.country === 'CN' && c.status.current === 'member')).toBe(true);
    const page = await listCities(t.handle.db, { country: 'CN', limit: 5, offset: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.total).toBe(26);
    const nev = await listCities(t.handle.db, { clusters: ['new-energy-vehicles'], limit: 100, offset: 0 });
    expect(nev.total).toBeGreaterThan(0);
    expect(nev.items.every((c) => c.clusters.some((k) => k.id === 'new-energy-vehicles'))).toBe(true);
    const none = await listCities(t.handle.db, { clusters: [], limit: 10, offset: 0 });
    expect(none.total).toBe(0);
  });

  it('finds cities by folded names in any language', async () => {
    for (const q of ['Köln', 'koeln', 'Koln', 'Cologne']) {
      const page = await listCities(t.handle.db, { q, limit: 10, offset: 0 });
      expect(page.items.map((c) => c.id), q).toContain('de-koeln');
    }
    const zh = await listCities(t.handle.db, { q: '佛山', limit: 10, offset: 0 });
    expect(zh.items.map((c) => c.id)).toContain('cn-foshan');
  });

  it('loads a whole city with history, clusters, cooperations and wishes', async () => {
    const city = await findCityById(t.handle.db, 'cn-xuchang');
    expect(city).toBeDefined();
    expect(city!.name.zh).toBe('许昌市');
    expect(city!.statusHistory.length).toBeGreaterThan(0);
    expect(city!.keyData.population).toMatchObject({ value: 5_000_000 });
    expect(city!.clusters.map((c) => c.id)).toEqual(expect.arrayContaining(['consumer-goods', 'new-materials']));
    expect(await findCityById(t.handle.db, 'nowhere')).toBeUndefined();
  });

  it('writes, reads, updates and deletes a company with its industries and wishes', async () => {
    await t.handle.db.transaction().execute((trx) => insertCompanies(trx, [company('repo-1')], taxonomy));
    const read = await findCompanyById(t.handle.db, 'repo-1');
    expect(read).toMatchObject({ id: 'repo-1', name: 'Test repo-1', size: { sizeClass: 'medium' }, languages: ['de', 'en'] });
    expect(read!.industries).toEqual([{ scheme: 'NACE', code: '29.31', nace: [{ code: '29.31', weight: 1 }] }]);
    expect(read!.wishes[0]).toMatchObject({ type: 'distribution', direction: 'request', clusters: ['new-energy-vehicles'] });

    const changed = company('repo-1', {
      name: 'Renamed',
      industries: [{ scheme: 'GBT4754', code: '38', nace: taxonomy.toNace('GBT4754', '38') }],
      wishes: [],
    });
    await t.handle.db.transaction().execute((trx) => updateCompany(trx, changed, taxonomy));
    const updated = await findCompanyById(t.handle.db, 'repo-1');
    expect(updated!.name).toBe('Renamed');
    expect(updated!.industries).toHaveLength(1);
    expect(updated!.industries[0]!.scheme).toBe('GBT4754');
    expect(updated!.industries[0]!.nace.length).toBeGreaterThan(0);
    expect(updated!.wishes).toEqual([]);

    expect(await deleteCompany(t.handle.db, 'repo-1')).toBe(true);
    expect(await findCompanyById(t.handle.db, 'repo-1')).toBeUndefined();
    expect(await deleteCompany(t.handle.db, 'repo-1')).toBe(false);
  });

  it('rolls a failed write back whole', async () => {
    const before = await countCompanies(t.handle.db);
    // The second record repeats the first id: the transaction must leave neither behind.
    await expect(
      t.handle.db.transaction().execute((trx) => insertCompanies(trx, [company('dup-1'), company('dup-1')], taxonomy)),
    ).rejects.toThrow();
    expect(await countCompanies(t.handle.db)).toBe(before);
    const rows = await t.handle.db.selectFrom('company_industries').select('company_id').where('company_id', '=', 'dup-1').execute();
    expect(rows).toEqual([]);
  });

  it('filters companies by industry at every NACE level, cluster codes, size and wish', async () => {
    await t.handle.db.transaction().execute((trx) =>
      insertCompanies(trx, [company('f-1'), company('f-2', { industries: [{ scheme: 'NACE', code: '62.01', nace: [{ code: '62.01', weight: 1 }] }], size: { employees: 5, sizeClass: 'micro', revenueBand: null }, wishes: [] })], taxonomy),
    );
    const byLevel = async (code: string, level: 1 | 2 | 3 | 4) =>
      (await listCompanies(t.handle.db, { industries: [{ code, level }], q: 'Test f-', limit: 50, offset: 0 })).items.map((c) => c.id);
    expect(await byLevel('C', 1)).toEqual(['f-1']);
    expect(await byLevel('29', 2)).toEqual(['f-1']);
    expect(await byLevel('29.3', 3)).toEqual(['f-1']);
    expect(await byLevel('29.31', 4)).toEqual(['f-1']);
    expect(await byLevel('62', 2)).toEqual(['f-2']);
    const micro = await listCompanies(t.handle.db, { sizeClass: 'micro', q: 'Test f-', limit: 50, offset: 0 });
    expect(micro.items.map((c) => c.id)).toEqual(['f-2']);
    const seekers = await listCompanies(t.handle.db, { wish: { type: 'distribution', direction: 'request' }, q: 'Test f-', limit: 50, offset: 0 });
    expect(seekers.items.map((c) => c.id)).toEqual(['f-1']);
    const demo = await listCompanies(t.handle.db, { demo: true, limit: 1, offset: 0 });
    expect(demo.total).toBe(200);
    expect(demo.items[0]!.demo).toBe(true);
  });

  it('lists the alliance events by city', async () => {
    const all = await listAllianceEvents(t.handle.db, { limit: 200, offset: 0 });
    expect(all.total).toBe(71);
    const foshan = await listAllianceEvents(t.handle.db, { cityId: 'cn-foshan', limit: 200, offset: 0 });
    expect(foshan.total).toBeGreaterThan(0);
    expect(foshan.items.every((e) => e.cityIds.includes('cn-foshan'))).toBe(true);
    expect(foshan.items[0]!.sources[0]).toMatch(/^seed:00[0-4]_[0-9a-f]{16}\.txt:\d+$/);
  });

  it('remembers meetings a schedule drops or a leaving participant takes along, until the pair meets again', async () => {
    const db = t.handle.db;
    const event = await createEvent(db, { name: 'Removals', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2027-01-12', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }], tables: [{ id: 'T1', name: '1', reservedFor: null }] }, 'owner');
    const spec = (name: string, side: 'DE' | 'CN') => ({ name, kind: 'company' as const, companyId: null, cityId: null, side, attendees: [], languages: [], interpreterNeeded: false, unavailable: [], tableId: null, minMeetings: null, maxMeetings: null });
    const [a, b, c, d] = await addParticipants(db, event.id, [spec('A', 'DE'), spec('B', 'CN'), spec('C', 'DE'), spec('D', 'CN')]);
    const save = async (pairs: [string, string][]) => {
      const { revision } = await getEvent(db, event.id);
      const planned = pairs.map(([x, y], slot) => ({ a: x, b: y, slot, tableId: 'T1', origin: 'wish' as const, value: 1, status: 'scheduled' as const }));
      await db.transaction().execute((trx) => saveSchedule(trx, event.id, 'job-removals', revision, planned));
    };
    const removed = async (p: { id: string }) => (await listRemovedMeetings(db, event.id, p.id)).map((r) => ({ pair: [r.a, r.b].sort(), names: [r.names.a, r.names.b].sort(), slot: r.slot }));
    await save([[a!.id, b!.id], [c!.id, d!.id]]);
    expect(await removed(c!)).toEqual([]);
    await save([[a!.id, b!.id]]);
    expect(await removed(c!)).toEqual([{ pair: [c!.id, d!.id].sort(), names: ['C', 'D'], slot: 1 }]);
    expect(await removed(d!)).toHaveLength(1);
    expect(await removed(a!)).toEqual([]);
    // The pair meets again (the other way round, in another slot): nothing to cancel; A–B is dropped now.
    await save([[d!.id, c!.id]]);
    expect(await removed(c!)).toEqual([]);
    expect(await removed(b!)).toEqual([{ pair: [a!.id, b!.id].sort(), names: ['A', 'B'], slot: 0 }]);
    // A participant who leaves takes its meetings along, and its name stays on its partner's removal.
    await deleteParticipant(db, event.id, d!.id);
    expect(await removed(c!)).toEqual([{ pair: [c!.id, d!.id].sort(), names: ['C', 'D'], slot: 0 }]);
  });

  it('stores API keys hashed, finds them by secret, and honours revocation', async () => {
    const { key, secret } = await createApiKey(t.handle.db, { name: 'k', role: 'analyst' });
    const row = await t.handle.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(secret);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await findActiveKeyBySecret(t.handle.db, secret))?.id).toBe(key.id);
    expect(await revokeApiKey(t.handle.db, key.id)).toBe(true);
    expect(await findActiveKeyBySecret(t.handle.db, secret)).toBeUndefined();
  });

  it('changes the companies version with every write to the companies, and with nothing else', async () => {
    const db = t.handle.db;
    const v0 = await companiesVersion(db);
    await createApiKey(db, { name: 'not a company write', role: 'analyst' });
    expect(await companiesVersion(db)).toBe(v0);
    await insertCompanies(db, [company('version-probe')], taxonomy);
    const v1 = await companiesVersion(db);
    expect(v1).not.toBe(v0);
    await db.transaction().execute((trx) => updateCompany(trx, company('version-probe', { name: 'Renamed' }), taxonomy));
    const v2 = await companiesVersion(db);
    expect(v2).not.toBe(v1);
    await deleteCompany(db, 'version-probe');
    expect(await companiesVersion(db)).not.toBe(v2);
    // The instance part stays: it names the database, not the version.
    expect((await companiesVersion(db)).split(':')[0]).toBe(v0.split(':')[0]);
  });

  it("changes the companies version with a plain write to a company's industries or wishes alone", async () => {
    const db = t.handle.db;
    await insertCompanies(db, [company('version-parts')], taxonomy);
    const v0 = await companiesVersion(db);
    await sql`update company_industries set weight = 0.5 where company_id = 'version-parts'`.execute(db);
    const v1 = await companiesVersion(db);
    expect(v1).not.toBe(v0);
    await sql`update wishes set target_country = 'DE' where owner_type = 'company' and owner_id = 'version-parts'`.execute(db);
    const v2 = await companiesVersion(db);
    expect(v2).not.toBe(v1);
    await sql`delete from wishes where owner_type = 'company' and owner_id = 'version-parts'`.execute(db);
    expect(await companiesVersion(db)).not.toBe(v2);
    await deleteCompany(db, 'version-parts');
  });

  it('keeps usage counts in memory and writes them together, before they are read', async () => {
    const db = t.handle.db;
    const day = new Date('2031-02-03T10:00:00Z');
    const stored = () => db.selectFrom('usage_counts').select(['subject_id', 'count']).where('day', '=', '2031-02-03').orderBy('subject_id').execute();
    for (let i = 0; i < 3; i++) await countUsage(db, { kind: 'city', id: 'cn-foshan' }, 'match_list', day);
    await countUsage(db, { kind: 'city', id: 'de-koeln' }, 'match_list', day);
    expect(await stored()).toEqual([]);
    await flushUsage(db);
    expect((await stored()).map((r) => [r.subject_id, Number(r.count)])).toEqual([['cn-foshan', 3], ['de-koeln', 1]]);
    await countUsage(db, { kind: 'city', id: 'cn-foshan' }, 'match_list', day);
    const read = await usageOfCities(db, { from: '2031-02-03', to: '2031-02-03', cityIds: ['cn-foshan'], action: 'match_list' });
    expect(read).toEqual([{ day: '2031-02-03', subject: { kind: 'city', id: 'cn-foshan' }, count: 4 }]);
  });
});
