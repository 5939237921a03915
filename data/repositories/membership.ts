/**
 * The membership registry: rolls, stated counts, dated statements, applications and votes; and the
 * cities' served status, which is derived from them (saveCityStandings).
 */
import type { Kysely, Transaction } from 'kysely';
import type { ApplicationContent, ApplicationState, ConsentRule, Decision, Vote, VoteValue } from '../../engine/alliance/applications.ts';
import { cityStandings, statusHistoryOf } from '../../engine/alliance/membership.ts';
import type { CityStandingSummary, CountStatement, MemberStatus, MembershipStatement, Registry, RegistryCity, Roll, StatedCount, StatementKind } from '../../engine/alliance/membership.ts';
import type { LocalizedText } from '../../engine/model.ts';
import type { Database, MembershipApplicationRow, MembershipStatementRow } from '../schema.ts';
import { parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

const toStatement = (r: MembershipStatementRow): MembershipStatement => ({
  id: r.id,
  cityId: r.city_id,
  kind: r.kind as StatementKind,
  date: r.date,
  dateAsWritten: r.date_as_written,
  status: r.status as MemberStatus | null,
  rollId: r.roll_id,
  applicationId: r.application_id,
  provenance: r.provenance,
  quote: r.quote,
  note: r.note,
});

export async function loadRegistry(db: Db): Promise<Registry> {
  const [rolls, counts, statements] = await Promise.all([
    db.selectFrom('membership_rolls').selectAll().orderBy('date').orderBy('id').execute(),
    db.selectFrom('membership_counts').selectAll().orderBy('date').execute(),
    db.selectFrom('membership_statements').selectAll().orderBy('recorded_at').orderBy('id').execute(),
  ]);
  return {
    rolls: rolls.map(
      (r): Roll => ({
        id: r.id,
        date: r.date,
        dateAsWritten: r.date_as_written,
        title: parseJson<LocalizedText>(r.title, {}),
        stated: parseJson<StatedCount[]>(r.stated, []),
        unnamed: parseJson<StatedCount[]>(r.unnamed, []),
        provenance: r.provenance,
        quote: r.quote,
      }),
    ),
    counts: counts.map(
      (c): CountStatement => ({ id: c.id, date: c.date, dateAsWritten: c.date_as_written, counts: parseJson<Record<string, number>>(c.counts, {}), provenance: c.provenance, quote: c.quote }),
    ),
    statements: statements.map(toStatement),
  };
}

export async function listRegistryCities(db: Db): Promise<RegistryCity[]> {
  const rows = await db.selectFrom('cities').select(['id', 'country', 'kind', 'network_id', 'name_de', 'name_en', 'name_zh']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, country: r.country, kind: r.kind, networkId: r.network_id, name: { de: r.name_de, en: r.name_en, zh: r.name_zh } }));
}

export interface NewStatement extends Omit<MembershipStatement, 'rollId'> {
  recordedBy: string | null;
}

export async function insertStatement(db: Db, s: NewStatement, now: string): Promise<void> {
  await db
    .insertInto('membership_statements')
    .values({
      id: s.id,
      city_id: s.cityId,
      kind: s.kind,
      date: s.date,
      date_as_written: s.dateAsWritten,
      status: s.status,
      roll_id: null,
      application_id: s.applicationId,
      provenance: s.provenance,
      quote: s.quote,
      note: s.note,
      recorded_by: s.recordedBy,
      recorded_at: now,
    })
    .execute();
}

export interface StatementFilter {
  cityId?: string;
  kinds?: readonly string[];
  from?: string;
  to?: string;
}

export async function listStatements(db: Db, f: StatementFilter = {}): Promise<(MembershipStatement & { recordedAt: string })[]> {
  let q = db.selectFrom('membership_statements').selectAll();
  if (f.cityId) q = q.where('city_id', '=', f.cityId);
  if (f.kinds?.length) q = q.where('kind', 'in', [...f.kinds]);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  const rows = await q.orderBy('date').orderBy('id').execute();
  return rows.map((r) => ({ ...toStatement(r), recordedAt: r.recorded_at }));
}

/** A membership change for reports: what happened to which city, when, and on what source. */
export interface MembershipChange {
  date: string;
  dateAsWritten: string | null;
  cityId: string;
  cityName: LocalizedText;
  country: string;
  kind: StatementKind;
  status: MemberStatus | null;
  provenance: string;
  note: string | null;
}

/** The changes dated within [from, to] (ISO days; partial dates compare by their first day). */
export async function listMembershipChanges(db: Db, f: { from: string; to: string; country?: string; cityIds?: readonly string[] }): Promise<MembershipChange[]> {
  let q = db
    .selectFrom('membership_statements as s')
    .innerJoin('cities as c', 'c.id', 's.city_id')
    .select(['s.date', 's.date_as_written', 's.city_id', 's.kind', 's.status', 's.provenance', 's.note', 'c.country', 'c.name_de', 'c.name_en', 'c.name_zh'])
    .where('s.kind', 'in', ['admitted', 'observer-admitted', 'converted-to-observer', 'withdrawn', 'applied', 'rejected', 'announced', 'guest-status'])
    .where('s.date', '>=', f.from.slice(0, 4))
    .where('s.date', '<=', f.to);
  if (f.country) q = q.where('c.country', '=', f.country);
  if (f.cityIds?.length) q = q.where('s.city_id', 'in', [...f.cityIds]);
  const rows = await q.orderBy('s.date').orderBy('s.city_id').execute();
  const firstDay = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
  return rows
    .filter((r) => firstDay(r.date) >= f.from && firstDay(r.date) <= f.to)
    .map((r) => ({
      date: r.date,
      dateAsWritten: r.date_as_written,
      cityId: r.city_id,
      cityName: { de: r.name_de, en: r.name_en, ...(r.name_zh ? { zh: r.name_zh } : {}) },
      country: r.country,
      kind: r.kind as StatementKind,
      status: r.status as MemberStatus | null,
      provenance: r.provenance,
      note: r.note,
    }));
}

// ---------- applications ----------

export interface Application {
  id: string;
  cityId: string;
  state: ApplicationState;
  filedOn: string;
  content: ApplicationContent;
  consentRule: ConsentRule | null;
  circulatedOn: string | null;
  electorate: string[];
  decidedOn: string | null;
  decision: Decision | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const toApplication = (r: MembershipApplicationRow): Application => ({
  id: r.id,
  cityId: r.city_id,
  state: r.state as ApplicationState,
  filedOn: r.filed_on,
  content: parseJson<ApplicationContent>(r.content, { keyData: '', industrialCharacteristics: '', cooperations: { national: [], international: [] }, wishes: [], document: null }),
  consentRule: r.consent_rule as ConsentRule | null,
  circulatedOn: r.circulated_on,
  electorate: parseJson<string[]>(r.electorate, []),
  decidedOn: r.decided_on,
  decision: parseJson<Decision | null>(r.decision, null),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertApplication(db: Db, a: Application): Promise<void> {
  await db
    .insertInto('membership_applications')
    .values({
      id: a.id,
      city_id: a.cityId,
      state: a.state,
      filed_on: a.filedOn,
      content: toJson(a.content),
      consent_rule: a.consentRule,
      circulated_on: a.circulatedOn,
      electorate: toJson(a.electorate),
      decided_on: a.decidedOn,
      decision: a.decision ? toJson(a.decision) : null,
      created_by: a.createdBy,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    })
    .execute();
}

export async function updateApplication(db: Db, a: Application): Promise<void> {
  await db
    .updateTable('membership_applications')
    .set({
      state: a.state,
      consent_rule: a.consentRule,
      circulated_on: a.circulatedOn,
      electorate: toJson(a.electorate),
      decided_on: a.decidedOn,
      decision: a.decision ? toJson(a.decision) : null,
      updated_at: a.updatedAt,
    })
    .where('id', '=', a.id)
    .execute();
}

export async function findApplication(db: Db, id: string): Promise<Application | null> {
  const row = await db.selectFrom('membership_applications').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toApplication(row) : null;
}

export async function listApplications(db: Db, f: { cityId?: string; states?: readonly string[]; limit: number; offset: number }): Promise<{ items: Application[]; total: number }> {
  let q = db.selectFrom('membership_applications');
  if (f.cityId) q = q.where('city_id', '=', f.cityId);
  if (f.states?.length) q = q.where('state', 'in', [...f.states]);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('filed_on', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toApplication), total: Number(total.n) };
}

/** Cities with an application still open (filed or circulated). */
export async function openApplicationCities(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('membership_applications').select('city_id').where('state', 'in', ['filed', 'circulated']).execute();
  return new Set(rows.map((r) => r.city_id));
}

export async function upsertVote(db: Db, applicationId: string, v: Vote & { note: string | null; recordedBy: string | null }, now: string): Promise<void> {
  await db.deleteFrom('membership_votes').where('application_id', '=', applicationId).where('city_id', '=', v.cityId).execute();
  await db
    .insertInto('membership_votes')
    .values({ application_id: applicationId, city_id: v.cityId, vote: v.vote, in_writing: v.inWriting ? 1 : 0, document: v.document, date: v.date, note: v.note, recorded_by: v.recordedBy, recorded_at: now })
    .execute();
}

export async function listVotes(db: Db, applicationId: string): Promise<(Vote & { note: string | null; recordedAt: string })[]> {
  const rows = await db.selectFrom('membership_votes').selectAll().where('application_id', '=', applicationId).orderBy('city_id').execute();
  return rows.map((r) => ({ cityId: r.city_id, vote: r.vote as VoteValue, inWriting: r.in_writing === 1, document: r.document, date: r.date, note: r.note, recordedAt: r.recorded_at }));
}

// ---------- the served status ----------


/** Recomputes every city's status from the registry as of `day` and stores what changed. */
export async function refreshCityStandings(db: Db, day: string, now: string): Promise<string[]> {
  const [registry, cities, open] = await Promise.all([loadRegistry(db), listRegistryCities(db), openApplicationCities(db)]);
  return saveCityStandings(db, cityStandings(registry, cities, day, open), registry, now);
}

/**
 * Writes every city's derived status where it changed, and its status history (the registry's
 * statements about it, in date order). Returns the ids of the cities whose status changed.
 */
export async function saveCityStandings(db: Db, standings: Map<string, CityStandingSummary>, registry: Registry, now: string): Promise<string[]> {
  const rows = await db.selectFrom('cities').select(['id', 'status', 'status_since', 'status_as_of', 'status_detail']).execute();
  const changed: string[] = [];
  const byCity = new Map<string, MembershipStatement[]>();
  for (const s of registry.statements) byCity.set(s.cityId, [...(byCity.get(s.cityId) ?? []), s]);
  for (const row of rows) {
    const s = standings.get(row.id);
    if (!s) continue;
    const detail = toJson({ disputes: s.disputes, note: s.note });
    if (row.status === s.current && row.status_since === s.since && row.status_as_of === s.asOf && row.status_detail === detail) continue;
    changed.push(row.id);
    await db.updateTable('cities').set({ status: s.current, status_since: s.since, status_as_of: s.asOf, status_detail: detail, updated_at: now }).where('id', '=', row.id).execute();
    await db.deleteFrom('city_status').where('city_id', '=', row.id).execute();
    const history = statusHistoryOf(byCity.get(row.id) ?? []);
    if (history.length) {
      await db
        .insertInto('city_status')
        .values(history.map((h, seq) => ({ city_id: row.id, seq, status: h.status, since: h.since, as_of: h.asOf, provenance: h.provenance, note: h.note })))
        .execute();
    }
  }
  return changed;
}
