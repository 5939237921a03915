/**
 * Periodic reports for a member city, a country's side or an investment-promotion organisation: produced
 * on request or by a schedule, kept, and served as JSON, CSV and a printable page in German, English and
 * Chinese. The scheduler produces every scheduled report whose period has ended, without a request.
 *
 * An organisation's scope: the member cities it serves. An organisation bound to a city (its record's
 * city) serves that city; one that is not (NRW.INVEST, GTAI, CIPA, CCID) serves its country's side, every
 * member city of its country, since the papers name no narrower area for any of them.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { AppError } from '../../engine/errors.ts';
import type { Page } from '../../engine/model.ts';
import {
  checkPeriod,
  countByMonth,
  endedPeriods,
  meanOf,
  monthsOf,
  periodBefore,
  REPORT_ITEM_LIMIT,
  tally,
  type Cadence,
  type LocalName,
  type Period,
  type ReportContent,
  type ReportLang,
  type ReportScope,
  type ReportScopeKind,
} from '../../engine/reports.ts';
import { FOLLOW_UP_STAGES } from '../../engine/tuning/relevance.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import {
  citiesOfCountry,
  citiesWithTowns,
  createSchedule,
  deleteSchedule,
  findReport,
  findSchedule,
  insertReport,
  listReports,
  listSchedules,
  meetingsHeldIn,
  newCompaniesIn,
  reportedPeriods,
  subjectNames,
  type ReportRecipient,
  type ReportSchedule,
  type ScopeCity,
  type ScopeRef,
  type StoredReport,
  type StoredReportWithContent,
} from '../../data/repositories/reports.ts';
import { usageOfCities } from '../../data/repositories/usage.ts';
import type { Database } from '../../data/schema.ts';
import type { AppContext } from '../context.ts';
import { assertMayProduceReport, assertMaySeeReport, reportAudience, type Principal, type ReportAudience } from '../policy.ts';

/** The kinds of organisation records that promote investment and may receive reports of their own. */
export const PROMOTION_ORG_TYPES = ['agency', 'chamber', 'association', 'government', 'research'] as const;

const COUNTRY_NAMES: Record<string, LocalName> = {
  DE: { de: 'Deutsche Seite', en: 'German side', zh: '德方' },
  CN: { de: 'Chinesische Seite', en: 'Chinese side', zh: '中方' },
};

type Db = Kysely<Database>;

const unknownScope = (field: string, message: string) => new AppError('validation_failed', message, { field });

/** The scope named by a request or schedule, with the cities it covers; unknown scopes are a 422 naming `field`. */
async function resolveScope(db: Db, ref: ScopeRef, field = 'scope'): Promise<{ scope: ReportScope; cities: ScopeCity[] }> {
  let name: LocalName;
  let cities: ScopeCity[];
  if (ref.kind === 'city') {
    const city = await findCityById(db, ref.id);
    if (!city) throw unknownScope(`${field}.id`, `City '${ref.id}' does not exist`);
    name = { de: city.name.de, en: city.name.en, zh: city.name.zh };
    cities = await citiesWithTowns(db, [city.id]);
  } else if (ref.kind === 'country') {
    const country = COUNTRY_NAMES[ref.id];
    if (!country) throw unknownScope(`${field}.id`, `'${ref.id}' is not a side of the alliance: DE or CN`);
    name = country;
    cities = await citiesOfCountry(db, ref.id, ['member']);
  } else {
    const org = await findCompanyById(db, ref.id);
    if (!org) throw unknownScope(`${field}.id`, `Organisation '${ref.id}' does not exist`);
    if (!(PROMOTION_ORG_TYPES as readonly string[]).includes(org.orgType)) {
      throw unknownScope(`${field}.id`, `'${org.name}' is a ${org.orgType}, not an investment-promotion organisation (${PROMOTION_ORG_TYPES.join(', ')})`);
    }
    name = { de: org.name, en: org.name, zh: null };
    cities = org.cityId ? await citiesWithTowns(db, [org.cityId]) : await citiesOfCountry(db, org.country, ['member']);
  }
  return { scope: { kind: ref.kind, id: ref.id, name, cities: cities.map((c) => ({ id: c.id, name: c.name })) }, cities };
}

/** What happened in the scope's cities over the period, read now. */
async function reportContent(db: Db, ref: ScopeRef, period: Period, field = 'scope'): Promise<ReportContent> {
  const { scope, cities } = await resolveScope(db, ref, field);
  const cityIds = cities.map((c) => c.id);
  const newCities = cities.filter((c) => c.createdAt.slice(0, 10) >= period.from && c.createdAt.slice(0, 10) <= period.to);
  const companies = await newCompaniesIn(db, cityIds, period, REPORT_ITEM_LIMIT);
  const usage = await usageOfCities(db, { ...period, cityIds, action: 'match_list' });
  const bySubject = new Map<string, { kind: 'company' | 'city'; id: string; count: number }>();
  for (const u of usage) {
    const key = `${u.subject.kind}:${u.subject.id}`;
    const entry = bySubject.get(key) ?? { ...u.subject, count: 0 };
    entry.count += u.count;
    bySubject.set(key, entry);
  }
  const topSubjects = [...bySubject.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)).slice(0, REPORT_ITEM_LIMIT);
  const names = await subjectNames(db, topSubjects);
  const { meetings, outcomes } = await meetingsHeldIn(db, cityIds, period);
  const events = new Map<string, { id: string; name: string; from: string; to: string; meetings: number }>();
  for (const m of meetings) {
    const e = events.get(m.eventId) ?? { id: m.eventId, name: m.eventName, from: m.date, to: m.date, meetings: 0 };
    e.meetings += 1;
    if (m.date < e.from) e.from = m.date;
    if (m.date > e.to) e.to = m.date;
    events.set(m.eventId, e);
  }
  const agreements = outcomes.filter((o) => o.followUp === 'agreement');
  return {
    scope,
    period,
    months: monthsOf(period),
    profiles: {
      cities: { total: newCities.length, items: newCities.map((c) => ({ id: c.id, name: c.name, country: c.country, createdAt: c.createdAt })) },
      companies: { total: companies.total, demo: companies.demo, byMonth: countByMonth(period, companies.byDay), byCity: companies.byCity, items: companies.items },
    },
    matchLists: {
      total: usage.reduce((sum, u) => sum + u.count, 0),
      byKind: {
        company: usage.filter((u) => u.subject.kind === 'company').reduce((sum, u) => sum + u.count, 0),
        city: usage.filter((u) => u.subject.kind === 'city').reduce((sum, u) => sum + u.count, 0),
      },
      byMonth: countByMonth(period, usage),
      bySubject: topSubjects.map((s) => ({ ...s, name: names.get(`${s.kind}:${s.id}`) ?? s.id })),
    },
    meetings: {
      total: meetings.length,
      byMonth: countByMonth(period, meetings.map((m) => ({ day: m.date }))),
      events: [...events.values()].sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id)),
      items: meetings.slice(0, REPORT_ITEM_LIMIT).map((m) => ({ eventId: m.eventId, eventName: m.eventName, date: m.date, party: m.party.name, partner: m.partner.name, status: m.status })),
    },
    outcomes: {
      accounts: outcomes.length,
      attended: outcomes.filter((o) => o.attended).length,
      meanRating: meanOf(outcomes.map((o) => o.rating)),
      byFollowUp: tally(FOLLOW_UP_STAGES, outcomes.map((o) => o.followUp)),
      agreements: agreements.slice(0, REPORT_ITEM_LIMIT).map((o) => ({ eventId: o.eventId, date: o.date, party: o.participantName, partner: o.partnerName, agreementType: o.agreementType, followUpDate: o.followUpDate })),
    },
  };
}

// ---------- who receives what ----------

/** The caller's audience for reports (undefined: every report), looked up from its key's city or organisation. */
async function audienceOf(ctx: AppContext, principal: Principal): Promise<ReportAudience | undefined> {
  const city = principal.role === 'city' && principal.cityId ? await findCityById(ctx.db, principal.cityId) : undefined;
  const company = principal.role === 'company' && principal.companyId ? await findCompanyById(ctx.db, principal.companyId) : undefined;
  return reportAudience(principal, { cityCountry: city?.country ?? null, organisation: !!company && (PROMOTION_ORG_TYPES as readonly string[]).includes(company.orgType) });
}

// ---------- reports ----------

export interface ReportRequest {
  scope: ScopeRef;
  from: string;
  to: string;
  lang: ReportLang;
}

/** Produces a report for a scope and period now, and keeps it. */
export async function produceReport(ctx: AppContext, principal: Principal, request: ReportRequest): Promise<StoredReportWithContent> {
  const period = checkPeriod({ from: request.from, to: request.to });
  assertMayProduceReport(principal, request.scope);
  const content = await reportContent(ctx.db, request.scope, period);
  const stored = await insertReport(ctx.db, { scope: request.scope, period, lang: request.lang, languages: [request.lang], scheduleId: null, recipients: [], createdBy: principal.keyId, content });
  return stored!;
}

export async function listReportsFor(ctx: AppContext, principal: Principal, filter: { scopeKind?: ReportScopeKind | undefined; scopeId?: string | undefined; limit: number; offset: number }): Promise<Page<StoredReport>> {
  const audience = await audienceOf(ctx, principal);
  return listReports(ctx.db, { scope: { kind: filter.scopeKind, id: filter.scopeId }, visibleTo: audience, limit: filter.limit, offset: filter.offset });
}

export async function readReport(ctx: AppContext, principal: Principal, id: string): Promise<StoredReportWithContent> {
  const report = await findReport(ctx.db, id);
  if (!report) throw new AppError('not_found', `Report '${id}' does not exist`, { field: 'id' });
  assertMaySeeReport(await audienceOf(ctx, principal), { id: report.id, scope: report.scope, recipients: report.recipients.map((r) => (r.kind === 'person' ? { kind: r.kind } : r)) });
  return report;
}

// ---------- schedules ----------

export interface ScheduleRequest {
  scope: ScopeRef;
  cadence: Cadence;
  languages: ReportLang[];
  recipients: ReportRecipient[];
  startsOn?: string | undefined;
}

/** Recipients must exist: an organisation among the organisation records, a city in the directory. */
async function checkRecipients(db: Db, recipients: readonly ReportRecipient[]): Promise<void> {
  for (const [i, r] of recipients.entries()) {
    if (r.kind === 'person') continue;
    if (r.kind === 'city' && !(await findCityById(db, r.id))) throw unknownScope(`recipients.${i}.id`, `City '${r.id}' does not exist`);
    if (r.kind === 'organisation') {
      const org = await findCompanyById(db, r.id);
      if (!org || !(PROMOTION_ORG_TYPES as readonly string[]).includes(org.orgType)) throw unknownScope(`recipients.${i}.id`, `'${r.id}' is no investment-promotion organisation`);
    }
  }
}

/** A new schedule; without startsOn it begins with the period just ended, so its first report comes at the next tick. */
export async function addSchedule(ctx: AppContext, principal: Principal, request: ScheduleRequest, now = new Date()): Promise<ReportSchedule> {
  await resolveScope(ctx.db, request.scope);
  await checkRecipients(ctx.db, request.recipients);
  const startsOn = request.startsOn ?? periodBefore(request.cadence, now.toISOString().slice(0, 10)).from;
  checkPeriod({ from: startsOn, to: startsOn }, { from: 'startsOn', to: 'startsOn' });
  return createSchedule(ctx.db, { scope: request.scope, cadence: request.cadence, languages: [...new Set(request.languages)], recipients: request.recipients, startsOn, createdBy: principal.keyId });
}

export const schedules = (ctx: AppContext) => listSchedules(ctx.db);

export async function removeSchedule(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteSchedule(ctx.db, id))) throw new AppError('not_found', `Report schedule '${id}' does not exist`, { field: 'id' });
}

export { findSchedule };

// ---------- the scheduler ----------

/**
 * Produces every scheduled report whose period has ended by `now` and is not stored yet. Safe to run
 * twice at once: the (schedule, period) key lets one of two producers store the report.
 */
export async function produceDueReports(db: Db, log: Logger, now: Date): Promise<StoredReport[]> {
  const produced: StoredReport[] = [];
  for (const schedule of await listSchedules(db)) {
    const done = await reportedPeriods(db, schedule.id);
    for (const period of endedPeriods(schedule.cadence, schedule.startsOn, now).filter((p) => !done.has(p.from))) {
      try {
        const content = await reportContent(db, schedule.scope, period);
        const stored = await insertReport(
          db,
          { scope: schedule.scope, period, lang: schedule.languages[0] ?? 'en', languages: schedule.languages, scheduleId: schedule.id, recipients: schedule.recipients, createdBy: null, content },
          now.toISOString(),
        );
        if (stored) produced.push(stored);
      } catch (err) {
        // One schedule whose scope went away must not stop the others.
        log.warn({ err, schedule: schedule.id, period }, 'could not produce a scheduled report');
      }
    }
  }
  if (produced.length) log.info({ reports: produced.map((r) => ({ id: r.id, schedule: r.scheduleId, period: r.period })) }, 'produced scheduled reports');
  return produced;
}

/**
 * Runs produceDueReports on start and then every `intervalMinutes` in the server process (an unref'd
 * timer: it never keeps the process alive); ticks never overlap, and close() waits for a running one.
 */
export class ReportScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<StoredReport[]> | undefined;

  constructor(
    private readonly deps: { db: Db; log: Logger },
    private readonly options: { intervalMinutes: number; now?: () => Date },
  ) {}

  start(): void {
    if (this.timer || this.options.intervalMinutes <= 0) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMinutes * 60_000);
    this.timer.unref();
  }

  /** One pass; a tick while one runs joins it. */
  tick(now: Date = this.options.now?.() ?? new Date()): Promise<StoredReport[]> {
    this.running ??= produceDueReports(this.deps.db, this.deps.log, now)
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'the report scheduler failed');
        return [];
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
