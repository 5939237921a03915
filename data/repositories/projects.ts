/**
 * Cooperation projects: records with their parties, dated status history, links and NACE sectors.
 * Status entries are only appended; the project row keeps the latest entry's status and date for lists.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Page } from '../../engine/model.ts';
import type { NaceLevel, Taxonomy } from '../../engine/taxonomy.ts';
import {
  type CooperationProject,
  type LinkKind,
  type PartyKind,
  type PartyRole,
  type ProjectLink,
  type ProjectParty,
  type ProjectStatus,
  type ProjectStatusEntry,
  type ProjectType,
} from '../../engine/projects.ts';
import { searchKey } from '../../engine/text.ts';
import type { CooperationProjectRow, Database, ProjectPartyRow, ProjectSectorRow, ProjectStatusRow } from '../schema.ts';
import { chunks, containsText, parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

const LEVEL_COLUMN = { 1: 'nace_section', 2: 'nace_division', 3: 'nace_group', 4: 'nace_class' } as const;

export interface ProjectFilter {
  /** Projects with this city as a party, or a party company sitting in it (or, for a network, in one of its towns). */
  cityId?: string;
  /** Projects with a party of this country. */
  country?: string;
  /** Projects with a sector inside this NACE subtree. */
  sector?: { code: string; level: NaceLevel };
  status?: ProjectStatus;
  type?: ProjectType;
  /** Projects with a status entry in [from, to] (YYYY-MM-DD; a month-only entry counts when its month overlaps). */
  from?: string;
  to?: string;
  /** Words of the title (any language). */
  q?: string;
  limit: number;
  offset: number;
}

/** One status entry dated within a period, with what a report needs of its project. */
export interface ProjectStatusChange {
  projectId: string;
  title: CooperationProject['title'];
  type: ProjectType;
  entry: ProjectStatusEntry;
  /** The status before this entry, null for a project's first entry. */
  previousStatus: ProjectStatus | null;
  parties: ProjectParty[];
}

/** The period condition on a status entry's date, the same on SQLite and PostgreSQL (dates are text). */
function overlaps(from: string | undefined, to: string | undefined) {
  // A month "2021-04" is stored as written: it starts at "2021-04" (text order puts it before every day
  // of the month) and ends after all of them ("2021-04-31" is never a real day, so it is safe as an end).
  const end = sql<string>`case when length(date) = 7 then date || '-31' else date end`;
  return { from: from ? sql<boolean>`${end} >= ${from}` : undefined, to: to ? sql<boolean>`date <= ${to}` : undefined };
}

function sectorRows(projectId: string, codes: readonly string[], taxonomy: Taxonomy): ProjectSectorRow[] {
  return codes.flatMap((code) => {
    const path = taxonomy.path(code);
    if (!path.length) return [];
    return [{ project_id: projectId, nace_code: code, nace_section: path[0]!, nace_division: path[1] ?? null, nace_group: path[2] ?? null, nace_class: path[3] ?? null }];
  });
}

const partyRows = (projectId: string, parties: readonly ProjectParty[]): ProjectPartyRow[] =>
  parties.map((p, seq) => ({ project_id: projectId, seq, party_kind: p.kind, party_id: p.id, name: p.name, country: p.country, role: p.role }));

const statusRow = (projectId: string, e: ProjectStatusEntry): ProjectStatusRow => ({
  project_id: projectId,
  seq: e.seq,
  status: e.status,
  date: e.date,
  provenance: e.provenance,
  quote: e.quote,
  note: e.note,
  recorded_by: e.recordedBy,
  recorded_at: e.recordedAt,
});

const searchText = (p: Pick<CooperationProject, 'title' | 'parties'>) =>
  [p.title.de ?? '', p.title.en ?? '', p.title.zh ?? '', ...p.parties.map((x) => x.name)].map(searchKey).join(' | ');

function projectRow(p: CooperationProject): CooperationProjectRow {
  const last = p.history[p.history.length - 1]!;
  return {
    id: p.id,
    title: toJson(p.title),
    summary: toJson(p.summary),
    type: p.type,
    nace_codes: toJson(p.naceCodes),
    volume: p.volume ? toJson(p.volume) : null,
    status: last.status,
    status_date: last.date,
    sources: toJson(p.sources),
    search_text: searchText(p),
    created_by: p.createdBy,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** Writes a new project with everything it has (call inside a transaction). */
export async function insertProject(db: Db, project: CooperationProject, taxonomy: Taxonomy): Promise<void> {
  await db.insertInto('cooperation_projects').values(projectRow(project)).execute();
  if (project.parties.length) await db.insertInto('project_parties').values(partyRows(project.id, project.parties)).execute();
  await db.insertInto('project_status_history').values(project.history.map((e) => statusRow(project.id, e))).execute();
  if (project.links.length) await db.insertInto('project_links').values(project.links.map((l) => ({ project_id: project.id, kind: l.kind, ref_id: l.refId }))).execute();
  const sectors = sectorRows(project.id, project.naceCodes, taxonomy);
  if (sectors.length) await db.insertInto('project_sectors').values(sectors).execute();
}

/** Replaces a project's fields and parties (not its history: see appendProjectStatus). */
export async function updateProject(db: Db, project: CooperationProject, taxonomy: Taxonomy): Promise<void> {
  const { id, created_at: _created, created_by: _by, status: _status, status_date: _date, ...fields } = projectRow(project);
  await db.updateTable('cooperation_projects').set(fields).where('id', '=', id).execute();
  await db.deleteFrom('project_parties').where('project_id', '=', id).execute();
  if (project.parties.length) await db.insertInto('project_parties').values(partyRows(id, project.parties)).execute();
  await db.deleteFrom('project_sectors').where('project_id', '=', id).execute();
  const sectors = sectorRows(id, project.naceCodes, taxonomy);
  if (sectors.length) await db.insertInto('project_sectors').values(sectors).execute();
}

/** Appends a status entry and makes it the project's current status (call inside a transaction). */
export async function appendProjectStatus(db: Db, projectId: string, entry: ProjectStatusEntry): Promise<void> {
  await db.insertInto('project_status_history').values(statusRow(projectId, entry)).execute();
  await db.updateTable('cooperation_projects').set({ status: entry.status, status_date: entry.date, updated_at: entry.recordedAt }).where('id', '=', projectId).execute();
}

export async function addProjectLinks(db: Db, projectId: string, links: readonly ProjectLink[]): Promise<void> {
  for (const link of links) {
    await db.insertInto('project_links').values({ project_id: projectId, kind: link.kind, ref_id: link.refId }).onConflict((oc) => oc.doNothing()).execute();
  }
}

function filtered(db: Db, f: Omit<ProjectFilter, 'limit' | 'offset'>) {
  let query = db.selectFrom('cooperation_projects');
  if (f.status) query = query.where('status', '=', f.status);
  if (f.type) query = query.where('type', '=', f.type);
  if (f.cityId) {
    const cityId = f.cityId;
    const cities = db.selectFrom('cities').select('id').where((eb) => eb.or([eb('id', '=', cityId), eb('network_id', '=', cityId), eb('parent_id', '=', cityId)]));
    const companies = db.selectFrom('companies').select('id').where('city_id', 'in', cities);
    const parties = db
      .selectFrom('project_parties')
      .select('project_id')
      .where((eb) => eb.or([eb.and([eb('party_kind', '=', 'city'), eb('party_id', 'in', cities)]), eb.and([eb('party_kind', '=', 'company'), eb('party_id', 'in', companies)])]));
    query = query.where('id', 'in', parties);
  }
  if (f.country) query = query.where('id', 'in', db.selectFrom('project_parties').select('project_id').where('country', '=', f.country.toUpperCase()));
  if (f.sector) query = query.where('id', 'in', db.selectFrom('project_sectors').select('project_id').where(LEVEL_COLUMN[f.sector.level], '=', f.sector.code));
  if (f.from || f.to) {
    const period = overlaps(f.from, f.to);
    let entries = db.selectFrom('project_status_history').select('project_id');
    if (period.from) entries = entries.where(period.from);
    if (period.to) entries = entries.where(period.to);
    query = query.where('id', 'in', entries);
  }
  if (f.q) for (const term of searchKey(f.q).split(/\s+/).filter(Boolean)) query = query.where(containsText('search_text', term));
  return query;
}

/** Projects matching the filter, the latest status date first. */
export async function listProjects(db: Db, filter: ProjectFilter): Promise<Page<CooperationProject>> {
  const counted = await filtered(db, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered(db, filter).selectAll().orderBy('status_date', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  return { items: await hydrate(db, rows), total: Number(counted.n), limit: filter.limit, offset: filter.offset };
}

export async function getProject(db: Db, id: string): Promise<CooperationProject | undefined> {
  const row = await db.selectFrom('cooperation_projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function projectExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('cooperation_projects').select('id').where('id', '=', id).executeTakeFirst());
}

/** Projects linked to any of these references of a kind (e.g. outcomes), by reference. */
export async function projectsLinkedTo(db: Db, kind: LinkKind, refIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(refIds)], 500)) {
    if (!part.length) continue;
    for (const r of await db.selectFrom('project_links').select(['ref_id', 'project_id']).where('kind', '=', kind).where('ref_id', 'in', part).execute()) out.set(r.ref_id, r.project_id);
  }
  return out;
}

export async function countProjects(db: Db): Promise<number> {
  return Number((await db.selectFrom('cooperation_projects').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

/**
 * Status entries dated within [from, to] (YYYY-MM-DD), with their projects' titles, types and parties;
 * optionally only projects with a party in one of the cities (or a party company sitting there) or of a
 * country. Ordered by date, then project, then entry. For periodic reports: started (first entry),
 * advanced, completed.
 */
export async function listProjectStatusChanges(db: Db, f: { from: string; to: string; cityIds?: readonly string[]; country?: string }): Promise<ProjectStatusChange[]> {
  const period = overlaps(f.from, f.to);
  let query = db.selectFrom('project_status_history').selectAll().where(period.from!).where(period.to!);
  if (f.cityIds) {
    if (!f.cityIds.length) return [];
    const ids = [...f.cityIds];
    const companies = db.selectFrom('companies').select('id').where('city_id', 'in', ids);
    const parties = db
      .selectFrom('project_parties')
      .select('project_id')
      .where((eb) => eb.or([eb.and([eb('party_kind', '=', 'city'), eb('party_id', 'in', ids)]), eb.and([eb('party_kind', '=', 'company'), eb('party_id', 'in', companies)])]));
    query = query.where('project_id', 'in', parties);
  }
  if (f.country) query = query.where('project_id', 'in', db.selectFrom('project_parties').select('project_id').where('country', '=', f.country.toUpperCase()));
  const rows = await query.orderBy('date').orderBy('project_id').orderBy('seq').execute();
  if (!rows.length) return [];
  const projectIds = [...new Set(rows.map((r) => r.project_id))];
  const projects = new Map<string, CooperationProjectRow>();
  const parties = new Map<string, ProjectParty[]>();
  const previous = new Map<string, ProjectStatus>();
  for (const part of chunks(projectIds, 500)) {
    for (const p of await db.selectFrom('cooperation_projects').selectAll().where('id', 'in', part).execute()) projects.set(p.id, p);
    for (const r of await db.selectFrom('project_parties').selectAll().where('project_id', 'in', part).orderBy('project_id').orderBy('seq').execute()) {
      parties.set(r.project_id, [...(parties.get(r.project_id) ?? []), toParty(r)]);
    }
    const earlier = await db.selectFrom('project_status_history').select(['project_id', 'seq', 'status']).where('project_id', 'in', part).orderBy('project_id').orderBy('seq').execute();
    for (const e of earlier) previous.set(`${e.project_id}#${e.seq + 1}`, e.status as ProjectStatus);
  }
  return rows.map((r) => {
    const project = projects.get(r.project_id)!;
    return {
      projectId: r.project_id,
      title: parseJson(project.title, {}),
      type: project.type as ProjectType,
      entry: toEntry(r),
      previousStatus: previous.get(`${r.project_id}#${r.seq}`) ?? null,
      parties: parties.get(r.project_id) ?? [],
    };
  });
}

const toParty = (r: ProjectPartyRow): ProjectParty => ({ kind: r.party_kind as PartyKind, id: r.party_id, name: r.name, country: r.country, role: r.role as PartyRole });

const toEntry = (r: ProjectStatusRow): ProjectStatusEntry => ({
  seq: r.seq,
  status: r.status as ProjectStatus,
  date: r.date,
  provenance: r.provenance,
  quote: r.quote,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

async function hydrate(db: Db, rows: readonly CooperationProjectRow[]): Promise<CooperationProject[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const parties = new Map<string, ProjectParty[]>();
  const history = new Map<string, ProjectStatusEntry[]>();
  const links = new Map<string, ProjectLink[]>();
  for (const part of chunks(ids, 500)) {
    for (const r of await db.selectFrom('project_parties').selectAll().where('project_id', 'in', part).orderBy('project_id').orderBy('seq').execute()) {
      parties.set(r.project_id, [...(parties.get(r.project_id) ?? []), toParty(r)]);
    }
    for (const r of await db.selectFrom('project_status_history').selectAll().where('project_id', 'in', part).orderBy('project_id').orderBy('seq').execute()) {
      history.set(r.project_id, [...(history.get(r.project_id) ?? []), toEntry(r)]);
    }
    for (const r of await db.selectFrom('project_links').selectAll().where('project_id', 'in', part).orderBy('project_id').orderBy('kind').orderBy('ref_id').execute()) {
      links.set(r.project_id, [...(links.get(r.project_id) ?? []), { kind: r.kind as LinkKind, refId: r.ref_id }]);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    title: parseJson(r.title, {}),
    summary: parseJson(r.summary, {}),
    type: r.type as ProjectType,
    naceCodes: parseJson<string[]>(r.nace_codes, []),
    volume: parseJson(r.volume, null),
    status: r.status as ProjectStatus,
    statusDate: r.status_date,
    parties: parties.get(r.id) ?? [],
    history: history.get(r.id) ?? [],
    links: links.get(r.id) ?? [],
    sources: parseJson(r.sources, []),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The names of these cities in every language, by id (for parties shown in the caller's language). */
export async function cityNamesOf(db: Db, ids: readonly string[]): Promise<Map<string, { de: string; en: string; zh: string | null; country: string }>> {
  const out = new Map<string, { de: string; en: string; zh: string | null; country: string }>();
  for (const part of chunks([...new Set(ids)], 500)) {
    if (!part.length) continue;
    for (const r of await db.selectFrom('cities').select(['id', 'name_de', 'name_en', 'name_zh', 'country']).where('id', 'in', part).execute()) {
      out.set(r.id, { de: r.name_de, en: r.name_en, zh: r.name_zh, country: r.country });
    }
  }
  return out;
}
