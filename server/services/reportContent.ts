/**
 * What a report says: the scope resolved into its member cities, and what happened in them over the
 * period (new profiles, match lists requested, meetings held and their outcomes, projects started, advanced
 * and completed, membership changes), read
 * from the database. A side's cities are its member cities with the towns of its member networks.
 *
 * An organisation's scope: the member cities it serves. An organisation bound to a city (its record's
 * city) serves that city; one that is not (NRW.INVEST, GTAI, CIPA, CCID) serves its country's side, every
 * member city of its country, since the papers name no narrower area for any of them.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import { countByMonth, meanOf, monthsOf, projectChangeKind, REPORT_ITEM_LIMIT, tally, type ProjectChangeKind, type ReportProjectChange, type LocalName, type Period, type ReportContent, type ReportScope } from '../../engine/reports.ts';
import { FOLLOW_UP_STAGES } from '../../engine/tuning/relevance.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { citiesOfCountry, citiesWithTowns, meetingsHeldIn, newCompaniesIn, subjectNames, type ScopeCity, type ScopeRef } from '../../data/repositories/reports.ts';
import { listMembershipChanges } from '../../data/repositories/membership.ts';
import { listProjectStatusChanges } from '../../data/repositories/projects.ts';
import { usageOfCities } from '../../data/repositories/usage.ts';
import type { Database } from '../../data/schema.ts';

/** The kinds of organisation records that promote investment and may receive reports of their own. */
export const PROMOTION_ORG_TYPES = ['agency', 'chamber', 'association', 'government', 'research'] as const;

export const COUNTRY_NAMES: Record<string, LocalName> = {
  DE: { de: 'Deutsche Seite', en: 'German side', zh: '德方' },
  CN: { de: 'Chinesische Seite', en: 'Chinese side', zh: '中方' },
};

type Db = Kysely<Database>;

export const unknownScope = (field: string, message: string) => new AppError('validation_failed', message, { field });

/** The scope named by a request or schedule, with the cities it covers; unknown scopes are a 422 naming `field`. */
/** A side's member cities with the towns of its member networks (the towns' companies and delegations count for the network). */
async function membersWithTowns(db: Db, country: string): Promise<ScopeCity[]> {
  return citiesWithTowns(db, (await citiesOfCountry(db, country, ['member'])).map((c) => c.id));
}

export async function resolveScope(db: Db, ref: ScopeRef, field = 'scope'): Promise<{ scope: ReportScope; cities: ScopeCity[]; country: string | undefined }> {
  let name: LocalName;
  let cities: ScopeCity[];
  /** Whose membership changes the report lists: a side's or an unbound organisation's by country (cities that left or applied are no members now). */
  let country: string | undefined;
  if (ref.kind === 'city') {
    const city = await findCityById(db, ref.id);
    if (!city) throw unknownScope(`${field}.id`, `City '${ref.id}' does not exist`);
    name = { de: city.name.de, en: city.name.en, zh: city.name.zh };
    cities = await citiesWithTowns(db, [city.id]);
  } else if (ref.kind === 'country') {
    const sideName = COUNTRY_NAMES[ref.id];
    if (!sideName) throw unknownScope(`${field}.id`, `'${ref.id}' is not a side of the alliance: DE or CN`);
    name = sideName;
    country = ref.id;
    cities = await membersWithTowns(db, ref.id);
  } else {
    const org = await findCompanyById(db, ref.id);
    if (!org) throw unknownScope(`${field}.id`, `Organisation '${ref.id}' does not exist`);
    if (!(PROMOTION_ORG_TYPES as readonly string[]).includes(org.orgType)) {
      throw unknownScope(`${field}.id`, `'${org.name}' is a ${org.orgType}, not an investment-promotion organisation (${PROMOTION_ORG_TYPES.join(', ')})`);
    }
    name = { de: org.name, en: org.name, zh: null };
    if (!org.cityId) country = org.country;
    cities = org.cityId ? await citiesWithTowns(db, [org.cityId]) : await membersWithTowns(db, org.country);
  }
  return { scope: { kind: ref.kind, id: ref.id, name, cities: cities.map((c) => ({ id: c.id, name: c.name })) }, cities, country };
}

/** What happened in the scope's cities over the period, read now. */
export async function reportContent(db: Db, ref: ScopeRef, period: Period, field = 'scope'): Promise<ReportContent> {
  const { scope, cities, country } = await resolveScope(db, ref, field);
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
  // One row per meeting: both sides may report the same agreement.
  const changes = await listMembershipChanges(db, { ...period, ...(country ? { country } : { cityIds }) });
  const projectChanges: ReportProjectChange[] = (await listProjectStatusChanges(db, { ...period, ...(country ? { country } : { cityIds }) })).map((p) => ({
    projectId: p.projectId,
    title: { de: p.title.de ?? p.title.en ?? p.projectId, en: p.title.en ?? p.title.de ?? p.projectId, zh: p.title.zh ?? null },
    type: p.type,
    change: projectChangeKind(p.previousStatus, p.entry.status),
    date: p.entry.date,
    status: p.entry.status,
    previousStatus: p.previousStatus,
    parties: p.parties.map((party) => party.name),
    provenance: p.entry.provenance,
  }));
  // Projects, not entries: a project moved on twice in the period counts once as advanced.
  const projectsThat = (kind: ProjectChangeKind) => new Set(projectChanges.filter((p) => p.change === kind).map((p) => p.projectId)).size;
  const agreements = [...new Map(outcomes.filter((o) => o.followUp === 'agreement').map((o) => [[o.eventId, ...[o.participantName, o.partnerName].sort()].join('\u0000'), o])).values()];
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
      meetingsWithAgreement: agreements.length,
      agreements: agreements.slice(0, REPORT_ITEM_LIMIT).map((o) => ({ eventId: o.eventId, date: o.date, party: o.participantName, partner: o.partnerName, agreementType: o.agreementType, followUpDate: o.followUpDate })),
    },
    projects: {
      started: projectsThat('started'),
      advanced: projectsThat('advanced'),
      completed: projectsThat('completed'),
      abandoned: projectsThat('abandoned'),
      entries: projectChanges.length,
      items: projectChanges.slice(0, REPORT_ITEM_LIMIT),
    },
    membership: {
      total: changes.length,
      byKind: tally([], changes.map((c) => c.kind)),
      items: changes.slice(0, REPORT_ITEM_LIMIT).map((c) => ({
        date: c.date,
        dateAsWritten: c.dateAsWritten,
        cityId: c.cityId,
        cityName: { de: c.cityName.de ?? c.cityId, en: c.cityName.en ?? c.cityId, zh: c.cityName.zh ?? null },
        kind: c.kind,
        status: c.status,
        provenance: c.provenance,
        note: c.note,
      })),
    },
  };
}

