/**
 * Periodic reports, the pure part: periods (a month, a quarter, a year; days as YYYY-MM-DD in UTC, both
 * ends included), which of a schedule's periods have ended, the months a period spans, and the counting
 * of dated things into those months. The report's shape is here too, so that every face of it (JSON,
 * CSV, the printed page, the workbench) reads one definition.
 */
import { AppError } from './errors.ts';

export const REPORT_SCOPE_KINDS = ['city', 'country', 'organisation'] as const;
export type ReportScopeKind = (typeof REPORT_SCOPE_KINDS)[number];

export const CADENCES = ['monthly', 'quarterly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const REPORT_LANGS = ['de', 'en', 'zh'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

export interface Period {
  from: string;
  to: string;
}

/** The longest period one report covers: ten years (beyond, the lists stop being readable). */
export const MAX_PERIOD_DAYS = 3660;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The UTC midnight of a day, or undefined when the text is no day of the calendar. */
function dayMs(day: string): number | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : undefined;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The day after `day`. */
export const nextDay = (day: string) => dayOf(dayMs(day)! + MS_PER_DAY);

export const isDay = (text: string) => dayMs(text) !== undefined;

/** A period checked: both days of the calendar, `from` not after `to`, at most MAX_PERIOD_DAYS; errors name the field. */
export function checkPeriod(period: Period, fields: { from: string; to: string } = { from: 'from', to: 'to' }): Period {
  const from = dayMs(period.from);
  if (from === undefined) throw new AppError('validation_failed', `'${period.from}' is not a day of the calendar (YYYY-MM-DD)`, { field: fields.from });
  const to = dayMs(period.to);
  if (to === undefined) throw new AppError('validation_failed', `'${period.to}' is not a day of the calendar (YYYY-MM-DD)`, { field: fields.to });
  if (to < from) throw new AppError('validation_failed', `the period ends (${period.to}) before it begins (${period.from})`, { field: fields.to });
  if ((to - from) / MS_PER_DAY + 1 > MAX_PERIOD_DAYS) throw new AppError('validation_failed', `a report covers at most ${MAX_PERIOD_DAYS} days`, { field: fields.to });
  return period;
}

const MONTHS_PER: Record<Cadence, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The period of `cadence` that contains `day`: its month, its quarter (Jan–Mar, …) or its year. */
export function periodContaining(cadence: Cadence, day: string): Period {
  const ms = dayMs(day);
  if (ms === undefined) throw new AppError('validation_failed', `'${day}' is not a day of the calendar (YYYY-MM-DD)`, { field: 'startsOn' });
  const date = new Date(ms);
  const months = MONTHS_PER[cadence];
  const firstMonth = Math.floor(date.getUTCMonth() / months) * months;
  const from = Date.UTC(date.getUTCFullYear(), firstMonth, 1);
  const to = Date.UTC(date.getUTCFullYear(), firstMonth + months, 1) - MS_PER_DAY;
  return { from: dayOf(from), to: dayOf(to) };
}

/** The period of `cadence` after `period`. */
export const periodAfter = (cadence: Cadence, period: Period): Period => periodContaining(cadence, nextDay(period.to));

/** The period of `cadence` before the one containing `day`: a new schedule's first, the one just ended. */
export const periodBefore = (cadence: Cadence, day: string): Period => periodContaining(cadence, dayOf(dayMs(periodContaining(cadence, day).from)! - MS_PER_DAY));

/**
 * A schedule's periods from the one containing `startsOn` that have ended by `now` (their last day is
 * before today, UTC): the oldest first, at most `limit` (a schedule started long ago catches up a few
 * at a time rather than in one burst).
 */
export function endedPeriods(cadence: Cadence, startsOn: string, now: Date, limit = 12): Period[] {
  const today = now.toISOString().slice(0, 10);
  const out: Period[] = [];
  for (let p = periodContaining(cadence, startsOn); p.to < today && out.length < limit; p = periodAfter(cadence, p)) out.push(p);
  return out;
}

/** The months a period touches, as YYYY-MM. */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  for (let month = period.from.slice(0, 7); month <= period.to.slice(0, 7); ) {
    out.push(month);
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return out;
}

export interface MonthCount {
  month: string;
  count: number;
}

/** Dated amounts counted into the period's months (every month present, zeros included); days outside are left out. */
export function countByMonth(period: Period, dated: readonly { day: string; count?: number }[]): MonthCount[] {
  const counts = new Map(monthsOf(period).map((m) => [m, 0]));
  for (const d of dated) {
    const day = d.day.slice(0, 10);
    if (day < period.from || day > period.to) continue;
    const month = day.slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + (d.count ?? 1));
  }
  return [...counts].map(([month, count]) => ({ month, count }));
}

/** How many of each key, in the order of `keys` (zeros included), then any others met, by name. */
export function tally<K extends string>(keys: readonly K[], values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

// ---------- the report's shape ----------

export interface LocalName {
  de: string;
  en: string;
  zh: string | null;
}

export interface ReportScope {
  kind: ReportScopeKind;
  id: string;
  name: LocalName;
  /** The member cities it covers (for an organisation: the cities it serves). */
  cities: { id: string; name: LocalName }[];
}

export interface ReportCityRef {
  id: string;
  name: LocalName;
  country: string;
  createdAt: string;
}

export interface ReportCompanyRef {
  id: string;
  name: string;
  cityId: string | null;
  orgType: string;
  demo: boolean;
  createdAt: string;
}

export interface ReportMeeting {
  eventId: string;
  eventName: string;
  date: string;
  /** The side within the scope, and its partner. */
  party: string;
  partner: string;
  status: string;
}

export interface ReportAgreement {
  eventId: string;
  date: string;
  party: string;
  partner: string;
  agreementType: string | null;
  followUpDate: string | null;
}

/** What a project's status entry means for a report: begun, moved on, finished, or given up. */
export type ProjectChangeKind = 'started' | 'advanced' | 'completed' | 'abandoned';

/** A project's first entry starts it; a completed or abandoned one ends it; any other moves it on. */
export function projectChangeKind(previousStatus: string | null, status: string): ProjectChangeKind {
  if (status === 'completed') return 'completed';
  if (status === 'abandoned') return 'abandoned';
  return previousStatus === null ? 'started' : 'advanced';
}

export interface ReportProjectChange {
  projectId: string;
  title: LocalName;
  type: string;
  change: ProjectChangeKind;
  /** YYYY-MM-DD, or YYYY-MM where the source gives only the month. */
  date: string;
  status: string;
  previousStatus: string | null;
  parties: string[];
  provenance: string;
}

/** A dated, sourced change of a city's standing in the alliance (the membership registry's statement). */
export interface ReportMembershipChange {
  /** As precise as the source: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  dateAsWritten: string | null;
  cityId: string;
  cityName: LocalName;
  kind: string;
  status: string | null;
  provenance: string;
  note: string | null;
}

/** The sections every report has. */
export interface ReportContent {
  scope: ReportScope;
  period: Period;
  /** The months of the period, for every by-month series. */
  months: string[];
  profiles: {
    cities: { total: number; items: ReportCityRef[] };
    companies: { total: number; demo: number; byMonth: MonthCount[]; byCity: { cityId: string; count: number }[]; items: ReportCompanyRef[] };
  };
  matchLists: { total: number; byKind: { company: number; city: number }; byMonth: MonthCount[]; bySubject: { kind: 'company' | 'city'; id: string; name: string; count: number }[] };
  meetings: { total: number; byMonth: MonthCount[]; events: { id: string; name: string; from: string; to: string; meetings: number }[]; items: ReportMeeting[] };
  outcomes: {
    /** Accounts given by either side of the period's meetings, as recorded when the report was produced. */
    accounts: number;
    attended: number;
    meanRating: number | null;
    byFollowUp: Record<string, number>;
    /** Meetings of which either side reports an agreement (each meeting once, however many accounts say so). */
    meetingsWithAgreement: number;
    agreements: ReportAgreement[];
  };
  /** Status entries of cooperation projects with a party in the scope, dated in the period. */
  projects: { started: number; advanced: number; completed: number; abandoned: number; entries: number; items: ReportProjectChange[] };
  /** Admissions, observer seats, conversions, withdrawals, applications and their fate, announcements, guest status. */
  membership: { total: number; byKind: Record<string, number>; items: ReportMembershipChange[] };
}

/** Items listed by name in a section beyond which only the counts are given (the counts are always whole). */
export const REPORT_ITEM_LIMIT = 200;

/** The mean of the ratings given, to two decimals; null when none was. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const given = values.filter((v): v is number => v !== null);
  return given.length ? Math.round((given.reduce((a, b) => a + b, 0) / given.length) * 100) / 100 : null;
}
