/**
 * Periodic reports: the schedules, the reports produced and kept, and what a report reads about its
 * scope's cities over a period (new profiles, meetings held at events with their outcomes). A schedule's
 * period is stored once: the unique (schedule_id, period_from) makes a second producer's insert a no-op.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Page } from '../../engine/model.ts';
import type { Cadence, LocalName, Period, ReportContent, ReportLang, ReportScopeKind } from '../../engine/reports.ts';
import { nextDay } from '../../engine/reports.ts';
import { gridSlots, type GridDay } from '../../engine/scheduling/grid.ts';
import type { Database, ReportRow, ReportScheduleRow } from '../schema.ts';
import { newId } from './events.ts';
import { chunks, containsText, parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Who receives a schedule's reports: an organisation (its company record), a member city, or a person by name. */
export type ReportRecipient = { kind: 'organisation' | 'city'; id: string } | { kind: 'person'; name: string };

/** The recipient with its keys in one order, so that a stored list can be searched for one of them. */
const canonicalRecipient = (r: ReportRecipient): ReportRecipient => (r.kind === 'person' ? { kind: 'person', name: r.name } : { kind: r.kind, id: r.id });
const recipientText = (r: { kind: 'organisation' | 'city'; id: string }) => JSON.stringify(canonicalRecipient(r)).slice(1, -1);

export interface ScopeRef {
  kind: ReportScopeKind;
  id: string;
}

export interface ReportSchedule {
  id: string;
  scope: ScopeRef;
  cadence: Cadence;
  languages: ReportLang[];
  recipients: ReportRecipient[];
  startsOn: string;
  createdBy: string | null;
  createdAt: string;
}

const toSchedule = (r: ReportScheduleRow): ReportSchedule => ({
  id: r.id,
  scope: { kind: r.scope_kind as ReportScopeKind, id: r.scope_id },
  cadence: r.cadence as Cadence,
  languages: parseJson<ReportLang[]>(r.languages, ['en']),
  recipients: parseJson<ReportRecipient[]>(r.recipients, []),
  startsOn: r.starts_on,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function createSchedule(db: Db, spec: Omit<ReportSchedule, 'id' | 'createdAt'>, now = new Date().toISOString()): Promise<ReportSchedule> {
  const row: ReportScheduleRow = {
    id: newId('rs'),
    scope_kind: spec.scope.kind,
    scope_id: spec.scope.id,
    cadence: spec.cadence,
    languages: toJson(spec.languages),
    recipients: toJson(spec.recipients.map(canonicalRecipient)),
    starts_on: spec.startsOn,
    created_by: spec.createdBy,
    created_at: now,
  };
  await db.insertInto('report_schedules').values(row).execute();
  return toSchedule(row);
}

/** Every schedule, oldest first (the scheduler walks them all; there are a few dozen at most). */
export async function listSchedules(db: Db): Promise<ReportSchedule[]> {
  return (await db.selectFrom('report_schedules').selectAll().orderBy('created_at').orderBy('id').execute()).map(toSchedule);
}

export async function findSchedule(db: Db, id: string): Promise<ReportSchedule | undefined> {
  const row = await db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSchedule(row) : undefined;
}

/** Stops a schedule; the reports it produced stay. */
export async function deleteSchedule(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('report_schedules').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---------- reports ----------

export interface StoredReport {
  id: string;
  scope: ScopeRef & { name: LocalName };
  period: Period;
  lang: ReportLang;
  languages: ReportLang[];
  scheduleId: string | null;
  recipients: ReportRecipient[];
  createdBy: string | null;
  createdAt: string;
}

export interface StoredReportWithContent extends StoredReport {
  content: ReportContent;
}

const toReport = (r: Omit<ReportRow, 'content'>): StoredReport => ({
  id: r.id,
  scope: { kind: r.scope_kind as ReportScopeKind, id: r.scope_id, name: parseJson<LocalName>(r.scope_name, { de: r.scope_id, en: r.scope_id, zh: null }) },
  period: { from: r.period_from, to: r.period_to },
  lang: r.lang as ReportLang,
  languages: parseJson<ReportLang[]>(r.languages, [r.lang as ReportLang]),
  scheduleId: r.schedule_id,
  recipients: parseJson<ReportRecipient[]>(r.recipients, []),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export type NewReport = Omit<StoredReportWithContent, 'id' | 'createdAt' | 'scope'> & { scope: ScopeRef };

/**
 * Stores a report. A scheduled one whose (schedule, period) is stored already is not stored again:
 * undefined then (another tick or another server instance was first).
 */
export async function insertReport(db: Db, report: NewReport, now = new Date().toISOString()): Promise<StoredReportWithContent | undefined> {
  const scope = { kind: report.scope.kind, id: report.scope.id, name: report.content.scope.name };
  const row: ReportRow = {
    id: newId('rep'),
    scope_kind: report.scope.kind,
    scope_id: report.scope.id,
    scope_name: toJson(scope.name),
    period_from: report.period.from,
    period_to: report.period.to,
    lang: report.lang,
    languages: toJson(report.languages),
    schedule_id: report.scheduleId,
    recipients: toJson(report.recipients.map(canonicalRecipient)),
    content: toJson(report.content),
    created_by: report.createdBy,
    created_at: now,
  };
  const inserted = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.columns(['schedule_id', 'period_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  return { ...toReport(row), content: report.content };
}

export async function findReport(db: Db, id: string): Promise<StoredReportWithContent | undefined> {
  const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...toReport(row), content: parseJson<ReportContent>(row.content, {} as ReportContent) } : undefined;
}

/** The first days of the periods a schedule has reports for. */
export async function reportedPeriods(db: Db, scheduleId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('reports').select('period_from').where('schedule_id', '=', scheduleId).execute();
  return new Set(rows.map((r) => r.period_from));
}

/** Which reports a caller may list: every one (undefined), or those of these scopes or addressed to these recipients. */
export interface ReportVisibility {
  scopes: ScopeRef[];
  recipients: { kind: 'organisation' | 'city'; id: string }[];
}

export interface ReportFilter {
  scope?: Partial<ScopeRef>;
  visibleTo?: ReportVisibility;
  limit: number;
  offset: number;
}

/** Reports without their content, the latest period first. */
export async function listReports(db: Db, f: ReportFilter): Promise<Page<StoredReport>> {
  let query = db.selectFrom('reports');
  if (f.scope?.kind) query = query.where('scope_kind', '=', f.scope.kind);
  if (f.scope?.id) query = query.where('scope_id', '=', f.scope.id);
  const visible = f.visibleTo;
  if (visible) {
    query = query.where((eb) =>
      eb.or([
        ...visible.scopes.map((s) => eb.and([eb('scope_kind', '=', s.kind), eb('scope_id', '=', s.id)])),
        ...visible.recipients.map((r) => containsText('recipients', recipientText(r))),
      ]),
    );
    if (!visible.scopes.length && !visible.recipients.length) return { items: [], total: 0, limit: f.limit, offset: f.offset };
  }
  const counted = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['id', 'scope_kind', 'scope_id', 'scope_name', 'period_from', 'period_to', 'lang', 'languages', 'schedule_id', 'recipients', 'created_by', 'created_at'])
    .orderBy('period_to', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: rows.map(toReport), total: Number(counted.n), limit: f.limit, offset: f.offset };
}

// ---------- what a report reads ----------

export interface ScopeCity {
  id: string;
  name: LocalName;
  country: string;
  status: string;
  networkId: string | null;
  createdAt: string;
}

const toScopeCity = (r: { id: string; name_de: string; name_en: string; name_zh: string | null; country: string; status: string; network_id: string | null; created_at: string }): ScopeCity => ({
  id: r.id,
  name: { de: r.name_de, en: r.name_en, zh: r.name_zh },
  country: r.country,
  status: r.status,
  networkId: r.network_id,
  createdAt: r.created_at,
});

const CITY_COLUMNS = ['id', 'name_de', 'name_en', 'name_zh', 'country', 'status', 'network_id', 'created_at'] as const;

/** Cities by id, with the towns of a network among them when the network is. */
export async function citiesWithTowns(db: Db, ids: readonly string[]): Promise<ScopeCity[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('cities')
    .select(CITY_COLUMNS)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('network_id', 'in', ids)]))
    .orderBy('id')
    .execute();
  return rows.map(toScopeCity);
}

/** A country's cities of these statuses (its side of the alliance). */
export async function citiesOfCountry(db: Db, country: string, statuses: readonly string[]): Promise<ScopeCity[]> {
  const rows = await db.selectFrom('cities').select(CITY_COLUMNS).where('country', '=', country).where('status', 'in', statuses).orderBy('id').execute();
  return rows.map(toScopeCity);
}

/** created_at within the period: from its first day's midnight to before the midnight after its last day. */
const within = (period: Period) => [period.from, nextDay(period.to)] as const;

/** Companies of the cities created in the period: how many, by city and by day, and the newest `limit` of them. */
export async function newCompaniesIn(db: Db, cityIds: readonly string[], period: Period, limit: number) {
  if (!cityIds.length) return { total: 0, demo: 0, byCity: [], byDay: [], items: [] };
  const [start, end] = within(period);
  const base = db.selectFrom('companies').where('city_id', 'in', cityIds).where('created_at', '>=', start).where('created_at', '<', end);
  const byCity = await base.select(['city_id', (eb) => eb.fn.countAll<string | number>().as('n')]).groupBy('city_id').orderBy('city_id').execute();
  // The day as literal text in both places: PostgreSQL matches a grouped expression by its text.
  const createdDay = sql<string>`substr(created_at, 1, 10)`;
  const byDay = await base.select([createdDay.as('day'), (eb) => eb.fn.countAll<string | number>().as('n')]).groupBy(createdDay).execute();
  const demo = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).where('demo', '=', 1).executeTakeFirstOrThrow();
  const items = await base.select(['id', 'name', 'city_id', 'org_type', 'demo', 'created_at']).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return {
    total: byCity.reduce((sum, r) => sum + Number(r.n), 0),
    demo: Number(demo.n),
    byCity: byCity.map((r) => ({ cityId: r.city_id!, count: Number(r.n) })),
    byDay: byDay.map((r) => ({ day: String(r.day), count: Number(r.n) })),
    items: items.map((r) => ({ id: r.id, name: r.name, cityId: r.city_id, orgType: r.org_type, demo: r.demo === 1, createdAt: r.created_at })),
  };
}

/** Names of companies and cities by id, for lists of subjects. */
export async function subjectNames(db: Db, subjects: readonly { kind: 'company' | 'city'; id: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(subjects.filter((s) => s.kind === 'company').map((s) => s.id), 500)) {
    for (const r of await db.selectFrom('companies').select(['id', 'name']).where('id', 'in', part).execute()) out.set(`company:${r.id}`, r.name);
  }
  for (const part of chunks(subjects.filter((s) => s.kind === 'city').map((s) => s.id), 500)) {
    for (const r of await db.selectFrom('cities').select(['id', 'name_en']).where('id', 'in', part).execute()) out.set(`city:${r.id}`, r.name_en);
  }
  return out;
}

export interface HeldMeeting {
  eventId: string;
  eventName: string;
  date: string;
  /** The participant within the scope (when both are, a), and its partner. */
  party: { id: string; name: string };
  partner: { id: string; name: string };
  status: string;
}

export interface HeldOutcome {
  eventId: string;
  date: string;
  participantName: string;
  partnerName: string;
  attended: boolean;
  rating: number | null;
  followUp: string;
  agreementType: string | null;
  followUpDate: string | null;
}

/**
 * The meetings at the alliance's events whose slot falls within the period and in which a delegation of
 * the cities, or a company sitting in them, takes part; with every account either side gave of them.
 */
export async function meetingsHeldIn(db: Db, cityIds: readonly string[], period: Period): Promise<{ meetings: HeldMeeting[]; outcomes: HeldOutcome[] }> {
  if (!cityIds.length) return { meetings: [], outcomes: [] };
  const participants = await db
    .selectFrom('event_participants')
    .select(['event_id', 'id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'delegation'), eb('city_id', 'in', cityIds)]),
        eb('company_id', 'in', eb.selectFrom('companies').select('id').where('city_id', 'in', cityIds)),
      ]),
    )
    .execute();
  if (!participants.length) return { meetings: [], outcomes: [] };
  const inScope = new Set(participants.map((p) => `${p.event_id}\u0000${p.id}`));
  const eventIds = [...new Set(participants.map((p) => p.event_id))];
  const meetings: HeldMeeting[] = [];
  const outcomes: HeldOutcome[] = [];
  for (const part of chunks(eventIds, 200)) {
    const events = await db.selectFrom('events').select(['id', 'name', 'slot_minutes', 'days']).where('id', 'in', part).execute();
    // A slot's day comes from the event's grid: the grid is JSON, so the period is applied here.
    const slotDays = new Map<string, string[]>();
    for (const e of events) {
      try {
        slotDays.set(e.id, gridSlots({ slotMinutes: e.slot_minutes, days: parseJson<GridDay[]>(e.days, []) }).map((s) => s.date));
      } catch {
        // An event stored before its grid was checked has no slots to date its meetings by.
      }
    }
    const eventOf = new Map(events.map((e) => [e.id, e.name]));
    const rows = await db
      .selectFrom('event_meetings as m')
      .innerJoin('event_participants as a', (j) => j.onRef('a.event_id', '=', 'm.event_id').onRef('a.id', '=', 'm.a_id'))
      .innerJoin('event_participants as b', (j) => j.onRef('b.event_id', '=', 'm.event_id').onRef('b.id', '=', 'm.b_id'))
      .select(['m.event_id', 'm.slot', 'm.status', 'a.id as aId', 'a.name as aName', 'b.id as bId', 'b.name as bName'])
      .where('m.event_id', 'in', part)
      .orderBy('m.event_id')
      .orderBy('m.slot')
      .orderBy('m.id')
      .execute();
    const held = new Map<string, string>();
    for (const r of rows) {
      const date = slotDays.get(r.event_id)?.[r.slot];
      if (!date || date < period.from || date > period.to) continue;
      const aIn = inScope.has(`${r.event_id}\u0000${r.aId}`);
      if (!aIn && !inScope.has(`${r.event_id}\u0000${r.bId}`)) continue;
      const [party, partner] = aIn ? [{ id: r.aId, name: r.aName }, { id: r.bId, name: r.bName }] : [{ id: r.bId, name: r.bName }, { id: r.aId, name: r.aName }];
      meetings.push({ eventId: r.event_id, eventName: eventOf.get(r.event_id) ?? r.event_id, date, party, partner, status: r.status });
      held.set(`${r.event_id}\u0000${r.aId}\u0000${r.bId}`, date);
      held.set(`${r.event_id}\u0000${r.bId}\u0000${r.aId}`, date);
    }
    if (!held.size) continue;
    const names = new Map(rows.flatMap((r) => [[`${r.event_id}\u0000${r.aId}`, r.aName] as const, [`${r.event_id}\u0000${r.bId}`, r.bName] as const]));
    const accounts = await db.selectFrom('meeting_outcomes').selectAll().where('event_id', 'in', part).orderBy('event_id').orderBy('participant_id').orderBy('partner_id').execute();
    for (const o of accounts) {
      const date = held.get(`${o.event_id}\u0000${o.participant_id}\u0000${o.partner_id}`);
      if (!date) continue;
      outcomes.push({
        eventId: o.event_id,
        date,
        participantName: names.get(`${o.event_id}\u0000${o.participant_id}`) ?? o.participant_id,
        partnerName: names.get(`${o.event_id}\u0000${o.partner_id}`) ?? o.partner_id,
        attended: o.attended === 1,
        rating: o.rating,
        followUp: o.follow_up,
        agreementType: o.agreement_type,
        followUpDate: o.follow_up_date,
      });
    }
  }
  meetings.sort((x, y) => x.date.localeCompare(y.date) || x.eventId.localeCompare(y.eventId) || x.party.name.localeCompare(y.party.name));
  return { meetings, outcomes };
}

/** The organisation records of these kinds (not generated ones), by name. */
export async function listOrganisations(db: Db, orgTypes: readonly string[]): Promise<{ id: string; name: string; country: string; cityId: string | null; orgType: string }[]> {
  const rows = await db.selectFrom('companies').select(['id', 'name', 'country', 'city_id', 'org_type']).where('org_type', 'in', orgTypes).where('demo', '=', 0).orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, country: r.country, cityId: r.city_id, orgType: r.org_type }));
}
