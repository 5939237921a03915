/**
 * Periodic reports for a member city, a country's side or an investment-promotion organisation: produced
 * on request and kept, read by those who receive them, and the schedules on which the report scheduler
 * (reportScheduler.ts) produces them without a request. What a report says: reportContent.ts.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import type { Page } from '../../engine/model.ts';
import { checkPeriod, periodBefore, type Cadence, type LocalName, type ReportLang, type ReportScopeKind } from '../../engine/reports.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import {
  createSchedule,
  deleteSchedule,
  findReport,
  citiesOfCountry,
  insertReport,
  listOrganisations,
  listReports,
  listSchedules,
  type ReportRecipient,
  type ReportSchedule,
  type ScopeRef,
  type StoredReport,
  type StoredReportWithContent,
} from '../../data/repositories/reports.ts';
import type { Database } from '../../data/schema.ts';
import type { AppContext } from '../context.ts';
import { assertMayProduceReport, assertMaySeeReport, isSecretariat, reportAudience, type Principal, type ReportAudience } from '../policy.ts';
import { COUNTRY_NAMES, PROMOTION_ORG_TYPES, reportContent, resolveScope, unknownScope } from './reportContent.ts';

type Db = Kysely<Database>;

// ---------- who receives what ----------

/** The caller's audience for reports (undefined: every report), looked up from its key's city or organisation. */
async function audienceOf(ctx: AppContext, principal: Principal): Promise<ReportAudience | undefined> {
  const city = principal.role === 'city' && principal.cityId ? await findCityById(ctx.db, principal.cityId) : undefined;
  const company = principal.role === 'company' && principal.companyId ? await findCompanyById(ctx.db, principal.companyId) : undefined;
  return reportAudience(principal, { cityCountry: city?.country ?? null, organisation: !!company && (PROMOTION_ORG_TYPES as readonly string[]).includes(company.orgType) });
}

// ---------- reports ----------

export interface ScopeChoices {
  cities: { id: string; name: LocalName; country: string }[];
  countries: { id: string; name: LocalName }[];
  organisations: { id: string; name: string; country: string; cityId: string | null; orgType: string }[];
}

/** The scopes the caller may produce reports for: every member city, side and organisation for the secretariat, else its own. */
export async function reportScopes(ctx: AppContext, principal: Principal): Promise<ScopeChoices> {
  if (isSecretariat(principal)) {
    const cities = [...(await citiesOfCountry(ctx.db, 'DE', ['member'])), ...(await citiesOfCountry(ctx.db, 'CN', ['member']))];
    return {
      cities: cities.map((c) => ({ id: c.id, name: c.name, country: c.country })),
      countries: Object.entries(COUNTRY_NAMES).map(([id, name]) => ({ id, name })),
      organisations: await listOrganisations(ctx.db, PROMOTION_ORG_TYPES),
    };
  }
  const city = principal.role === 'city' && principal.cityId ? await findCityById(ctx.db, principal.cityId) : undefined;
  const organisation = principal.role === 'company' && principal.companyId ? (await listOrganisations(ctx.db, PROMOTION_ORG_TYPES)).find((o) => o.id === principal.companyId) : undefined;
  return {
    cities: city ? [{ id: city.id, name: { de: city.name.de, en: city.name.en, zh: city.name.zh }, country: city.country }] : [],
    countries: [],
    organisations: organisation ? [organisation] : [],
  };
}

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

