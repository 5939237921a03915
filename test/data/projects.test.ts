/**
 * The projects repository and seed step on both dialects: a database seeded before projects existed gets
 * the papers' projects once on its next start, with the parties' ids linked to the stored companies and
 * cities; status entries are appended in order and the period filter reads month-only dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendProjectStatus, countProjects, getProject, listProjects, listProjectStatusChanges } from '../../data/repositories/projects.ts';
import { readSeedProjects } from '../../data/seed/projects.ts';
import { seedDatabase } from '../../data/seed/seed.ts';
import { loadTaxonomy } from '../../data/taxonomy.ts';
import { availableDialects, freshDatabase, type TestDatabase } from '../helpers.ts';

const { taxonomy } = loadTaxonomy();
const dialects = await availableDialects('project repository tests');

describe.each(dialects)('cooperation projects repository on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(dialect);
    await seedDatabase(t.handle, { taxonomy, demoCompanies: 0, pastEvents: 0 });
  }, 60_000);
  afterAll(async () => t?.cleanup());

  it('seeds the projects on first start, and once more only for a database seeded before they existed', async () => {
    const seeded = readSeedProjects().projects.length;
    expect(await countProjects(t.handle.db)).toBe(seeded);
    // Every party id the seed file names is stored as a company or city.
    const page = await listProjects(t.handle.db, { limit: 50, offset: 0 });
    const named = readSeedProjects().projects.flatMap((p) => p.parties.filter((x) => x.id).map((x) => x.id));
    expect(page.items.flatMap((p) => p.parties.filter((x) => x.id).map((x) => x.id))).toEqual(expect.arrayContaining(named));
    expect(page.items.flatMap((p) => p.parties.filter((x) => x.id).map((x) => x.id))).toHaveLength(named.length);

    // A start again changes nothing.
    await seedDatabase(t.handle, { taxonomy, demoCompanies: 0, pastEvents: 0 });
    expect(await countProjects(t.handle.db)).toBe(seeded);

    // A database seeded before projects existed: no projects, no mark; its next start seeds them.
    for (const table of ['project_sectors', 'project_links', 'project_status_history', 'project_parties', 'cooperation_projects'] as const) await t.handle.db.deleteFrom(table).execute();
    await t.handle.db.deleteFrom('meta').where('key', '=', 'projects_seeded_at').execute();
    const report = await seedDatabase(t.handle, { taxonomy, demoCompanies: 0, pastEvents: 0 });
    expect(report.alliance).toBe('present');
    expect(await countProjects(t.handle.db)).toBe(seeded);
  });

  it('appends status entries, keeps the latest as the current status, and reports them by period', async () => {
    await appendProjectStatus(t.handle.db, 'wfk-foshan-office', { seq: 1, status: 'completed', date: '2022-03', provenance: 'curated', quote: null, note: 'test', recordedBy: 'test', recordedAt: '2026-01-01T00:00:00.000Z' });
    const project = (await getProject(t.handle.db, 'wfk-foshan-office'))!;
    expect(project).toMatchObject({ status: 'completed', statusDate: '2022-03' });
    expect(project.history.map((h) => h.status)).toEqual(['running', 'completed']);
    const changes = await listProjectStatusChanges(t.handle.db, { from: '2022-03-31', to: '2022-12-31', cityIds: ['de-kaiserslautern'] });
    expect(changes).toEqual([expect.objectContaining({ projectId: 'wfk-foshan-office', previousStatus: 'running', entry: expect.objectContaining({ status: 'completed', date: '2022-03' }) })]);
    expect(await listProjectStatusChanges(t.handle.db, { from: '2022-04-01', to: '2022-12-31' })).toEqual([]);
    expect(await listProjectStatusChanges(t.handle.db, { from: '2022-01-01', to: '2022-12-31', cityIds: [] })).toEqual([]);
  });
});
