/**
 * Who may do what: the one authorisation policy. Routes declare the roles that may call them (checked
 * here before the handler runs); services ask the rules about a particular record (this company, that
 * event) here too. Nothing else in the server decides access.
 *
 * Roles: admin (everything), secretariat (the alliance's registry: applications, membership, projects,
 * reports), organiser (events it created, companies), analyst (outcomes, evaluations,
 * tuning, weight profiles), company and city (keys bound to one company or one city, acting for it).
 */
import { AppError } from '../engine/errors.ts';
import type { EventParticipant, MatchmakingEvent } from '../engine/events.ts';
import type { Company } from '../engine/model.ts';
import type { Role } from '../engine/model.ts';

/** The caller: an API key with its role, and the company or city a company or city key acts for. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  companyId: string | null;
  cityId: string | null;
}

/** Who may call a route: anyone, any valid key, or keys of these roles. */
export type Access = 'public' | 'key' | readonly Role[];

export const ANALYSTS = ['admin', 'analyst'] as const satisfies readonly Role[];
export const ORGANISERS = ['admin', 'organiser'] as const satisfies readonly Role[];
export const ADMINS = ['admin'] as const satisfies readonly Role[];
/** Who keeps the alliance's registry (003 §2.2: the secretariat runs the alliance's administration). */
export const SECRETARIAT = ['admin', 'secretariat'] as const satisfies readonly Role[];
/** Who maintains the directory: admins, organisers, and city keys within their city (the record rules below). */
export const DIRECTORY_EDITORS = ['admin', 'organiser', 'city'] as const satisfies readonly Role[];
/** …and company keys, for their own company. */
export const COMPANY_EDITORS = [...DIRECTORY_EDITORS, 'company'] as const satisfies readonly Role[];

const forbidden = (message: string, field?: string) => new AppError('forbidden', message, field ? { field } : {});
/**
 * Where existence is private (events, jobs, reports, applications), a caller who may not see a thing
 * gets the answer a missing one gets: 404, so that ids cannot be probed.
 */
const hidden = (what: string, id: string) => new AppError('not_found', `No ${what} '${id}' that this key may see`);

export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) throw new AppError('unauthenticated', 'This request needs an API key (Authorization: Bearer <key>)', { field: 'authorization' });
  return principal;
}

/** The route-level gate: returns the caller (undefined only on public routes without a key). */
export function requireAccess(principal: Principal | undefined, access: Access): Principal | undefined {
  if (access === 'public') return principal;
  const p = requirePrincipal(principal);
  if (access !== 'key' && !access.includes(p.role)) throw forbidden(`The role '${p.role}' may not do this; it needs one of: ${access.join(', ')}`);
  return p;
}

// ---------- companies ----------

/** Creating a company: admins and organisers anywhere, a city key only in its own city. */
export function assertMayCreateCompany(p: Principal, cityId: string | null | undefined): void {
  if (p.role === 'admin' || p.role === 'organiser') return;
  if (p.role === 'city' && cityId && cityId === p.cityId) return;
  if (p.role === 'city') throw forbidden('A city key may create companies only in its own city', 'cityId');
  throw forbidden(`The role '${p.role}' may not create companies`);
}

/** Changing a company: admins, organisers, the company itself, or the city it sits in (which may not move it away). */
export function assertMayChangeCompany(p: Principal, company: Company, newCityId?: string | null): void {
  const allowed = p.role === 'admin' || p.role === 'organiser' || (p.role === 'company' && p.companyId === company.id) || (p.role === 'city' && !!p.cityId && company.cityId === p.cityId);
  if (!allowed) throw forbidden(`This key may not change company '${company.id}'`);
  if (p.role === 'city' && newCityId !== undefined && newCityId !== company.cityId) throw forbidden('A city key may not move a company to another city', 'cityId');
}

export function assertMayDeleteCompany(p: Principal, company: Company): void {
  if (p.role === 'admin' || p.role === 'organiser') return;
  throw forbidden(`The role '${p.role}' may not delete company '${company.id}'`);
}

/** Private fields (contact data) are the company's own business and the admins'. */
export function maySeePrivate(p: Principal | undefined, company: Company): boolean {
  return !!p && (p.role === 'admin' || (p.role === 'company' && p.companyId === company.id));
}

// ---------- cities ----------

/** A city's facts: admins and organisers, or the city's own key. */
export function assertMayChangeCity(p: Principal, cityId: string): void {
  if (p.role === 'city' && p.cityId !== cityId) throw forbidden('A city key may change only its own city');
}

// ---------- search ----------

/** Cities are public; companies need a key, like the company directory. Without a kind: what the caller may see. */
export function searchableKinds(p: Principal | undefined, kind: 'company' | 'city' | undefined): ('company' | 'city')[] {
  if (kind === 'company' && !p) throw new AppError('unauthenticated', 'Searching companies needs an API key (Authorization: Bearer <key>)', { field: 'authorization' });
  return kind ? [kind] : p ? ['company', 'city'] : ['city'];
}

// ---------- matches ----------

/** A company key sees only its own matches; a city key those of its city and its companies. */
export function assertMaySeeMatches(p: Principal, subject: { kind: 'company' | 'city'; id: string; cityId: string | null }): void {
  if (p.role === 'company' && !(subject.kind === 'company' && subject.id === p.companyId)) throw forbidden('A company key sees only its own matches');
  if (p.role === 'city' && subject.cityId !== p.cityId) throw forbidden('A city key sees only the matches of its city and its companies');
}

/**
 * What-if scoring (weights or a fusion that no stored profile has) is the analysts' tool for judging
 * profiles; companies and cities see lists scored by stored profiles only.
 */
export function assertMayScoreWhatIf(p: Principal, field: string): void {
  if (p.role === 'admin' || p.role === 'analyst') return;
  throw forbidden(`The role '${p.role}' may not score with what-if weights or fusion; only analysts and admins may`, field);
}

// ---------- a company's or city's own affairs ----------

/**
 * Acting for a company or city in its own affairs ("not interested" marks, the events it takes part in):
 * admins for any, a company key for its company, a city key for its city.
 */
export function assertActsForSubject(p: Principal, subject: { kind: 'company' | 'city'; id: string }): void {
  if (p.role === 'admin') return;
  if (subject.kind === 'company' && p.role === 'company' && p.companyId === subject.id) return;
  if (subject.kind === 'city' && p.role === 'city' && p.cityId === subject.id) return;
  throw forbidden(`This key may not act for ${subject.kind} '${subject.id}'`);
}

// ---------- events ----------

/** Whose events a caller lists: an admin everybody's (undefined), an organiser its own. */
export const eventOwnerFilter = (p: Principal): string | undefined => (p.role === 'admin' ? undefined : p.keyId);

export const isOrganiserOf = (p: Principal, event: MatchmakingEvent) => p.role === 'admin' || (p.role === 'organiser' && p.keyId === event.ownerKeyId);

/** A company key acts for the participant of its company; a city key for its city's delegation. */
export const actsFor = (p: Principal, participant: EventParticipant) =>
  (p.role === 'company' && !!p.companyId && p.companyId === participant.companyId) ||
  (p.role === 'city' && !!p.cityId && participant.kind === 'delegation' && p.cityId === participant.cityId);

/** The organiser's own actions: a participant is told it may not; a stranger that there is no such event. */
export function assertOrganiserOf(p: Principal, event: MatchmakingEvent, participants: readonly EventParticipant[]): void {
  if (isOrganiserOf(p, event)) return;
  if (participants.some((participant) => actsFor(p, participant))) throw forbidden(`Only the organiser of event '${event.id}' may do this`);
  throw hidden('event', event.id);
}

/** Reading an event: its organiser, or a key acting for one of its participants (returned). */
export function readerOf(p: Principal, event: MatchmakingEvent, participants: readonly EventParticipant[]): { organiser: boolean; actingFor: EventParticipant[] } {
  if (isOrganiserOf(p, event)) return { organiser: true, actingFor: [] };
  const actingFor = participants.filter((participant) => actsFor(p, participant));
  if (!actingFor.length) throw hidden('event', event.id);
  return { organiser: false, actingFor };
}

/** Acting for one participant: the organiser, or the key bound to it. */
export function assertActsFor(p: Principal, event: MatchmakingEvent, participant: EventParticipant, field: string, participants: readonly EventParticipant[]): void {
  if (isOrganiserOf(p, event) || actsFor(p, participant)) return;
  if (participants.some((other) => actsFor(p, other))) throw forbidden(`This key may not act for participant '${participant.id}'`, field);
  throw hidden('event', event.id);
}

/** A participant reads only its own requests; the organiser all. */
export function assertMayReadRequests(reader: { organiser: boolean; actingFor: readonly EventParticipant[] }, participant: string | undefined): void {
  if (reader.organiser) return;
  if (!participant || !reader.actingFor.some((p) => p.id === participant)) {
    throw forbidden('A participant reads only its own requests: add ?participant=<its id>', 'query.participant');
  }
}

// ---------- jobs ----------

/**
 * A job: whoever started it, admins, the organiser of its event; tuning runs belong to the analysts
 * together, so any analyst may follow or cancel one.
 */
export function mayFollowJob(p: Principal, job: { ownerKeyId: string | null; kind: string }, event: MatchmakingEvent | undefined, sharedWithAnalysts: boolean): boolean {
  if (p.role === 'admin' || p.keyId === job.ownerKeyId) return true;
  if (sharedWithAnalysts && p.role === 'analyst') return true;
  return !!event && isOrganiserOf(p, event);
}

// ---------- outcomes ----------

/** Who may record, read or delete outcomes at all; which events' outcomes, assertMayUseOutcomes says. */
export const OUTCOME_KEEPERS = ['admin', 'analyst', 'organiser'] as const satisfies readonly Role[];

/** Organisers reach their own events' outcomes; analysts and admins every event's. */
export function assertMayUseOutcomes(p: Principal, event: MatchmakingEvent): void {
  const allowed = p.role === 'admin' || p.role === 'analyst' || (p.role === 'organiser' && p.keyId === event.ownerKeyId);
  if (!allowed) throw forbidden(`Only the organiser of event '${event.id}', analysts and admins may see or record its outcomes`);
}

// ---------- periodic reports ----------

/** Who may ask for reports at all; which ones, reportAudience says. */
export const REPORT_READERS = ['admin', 'secretariat', 'city', 'company'] as const satisfies readonly Role[];

export interface ReportScopeRef {
  kind: 'city' | 'country' | 'organisation';
  id: string;
}

/** The reports a key receives: those of these scopes, and those addressed to these recipients. */
export interface ReportAudience {
  scopes: ReportScopeRef[];
  recipients: { kind: 'organisation' | 'city'; id: string }[];
}

/**
 * Whose reports a caller sees (003 L244: the data go regularly to the member cities and the
 * investment-promotion organisations). The secretariat and admins: every report (undefined). A city key:
 * its city's reports, its country's side's (its own city is part of that side) and those addressed to
 * it; not the other side's nor an organisation's. A company key bound to an investment-promotion
 * organisation: the organisation's reports and those addressed to it. Other keys receive none.
 */
export function reportAudience(p: Principal, bound: { cityCountry: string | null; organisation: boolean }): ReportAudience | undefined {
  if (isSecretariat(p)) return undefined;
  if (p.role === 'city' && p.cityId) {
    return { scopes: [{ kind: 'city', id: p.cityId }, ...(bound.cityCountry ? [{ kind: 'country' as const, id: bound.cityCountry }] : [])], recipients: [{ kind: 'city', id: p.cityId }] };
  }
  if (p.role === 'company' && p.companyId && bound.organisation) {
    return { scopes: [{ kind: 'organisation', id: p.companyId }], recipients: [{ kind: 'organisation', id: p.companyId }] };
  }
  throw forbidden('Reports go to the secretariat, the member cities and the investment-promotion organisations; this key is none of them');
}

export function assertMaySeeReport(audience: ReportAudience | undefined, report: { id: string; scope: ReportScopeRef; recipients: readonly { kind: string; id?: string }[] }): void {
  if (!audience) return;
  const ofScope = audience.scopes.some((s) => s.kind === report.scope.kind && s.id === report.scope.id);
  const addressed = report.recipients.some((r) => audience.recipients.some((a) => a.kind === r.kind && a.id === r.id));
  if (!ofScope && !addressed) throw hidden('report', report.id);
}

/** Producing a report now: the secretariat and admins for any scope, a city or organisation key for its own scope. */
export function assertMayProduceReport(p: Principal, scope: ReportScopeRef): void {
  if (isSecretariat(p)) return;
  if (p.role === 'city' && scope.kind === 'city' && scope.id === p.cityId) return;
  if (p.role === 'company' && scope.kind === 'organisation' && scope.id === p.companyId) return;
  throw forbidden('A city or organisation key may produce only its own reports; other scopes are the secretariat’s', 'scope.id');
}

// ---------- the alliance's registry ----------

export const isSecretariat = (p: Principal): boolean => p.role === 'admin' || p.role === 'secretariat';

/** Applications and withdrawals: the secretariat, or the city acting for itself. */
export function assertMayFileApplication(p: Principal, cityId: string): void {
  if (isSecretariat(p) || (p.role === 'city' && p.cityId === cityId)) return;
  throw forbidden(p.role === 'city' ? 'A city key acts only for its own city' : `The role '${p.role}' may not act for a city in the alliance's registry`, 'cityId');
}

/** An application: the secretariat, the applicant, and the member cities asked for their consent. */
export function assertMayReadApplication(p: Principal, application: { id: string; cityId: string; electorate: readonly string[] }): void {
  if (isSecretariat(p)) return;
  if (p.role === 'city' && p.cityId && (p.cityId === application.cityId || application.electorate.includes(p.cityId))) return;
  throw hidden('application', application.id);
}

/** A member city records its own consent or objection; the secretariat records a letter it received. */
export function assertMayVote(p: Principal, cityId: string): void {
  if (isSecretariat(p) || (p.role === 'city' && p.cityId === cityId)) return;
  throw forbidden('A city records only its own consent or objection', 'cityId');
}

// ---------- cooperation projects ----------

/** Who may write projects at all; which projects, assertMayKeepProject says. */
export const PROJECT_KEEPERS = ['admin', 'secretariat', 'organiser', 'city', 'company'] as const satisfies readonly Role[];

/**
 * Creating, changing or advancing a project: the secretariat, admins and organisers any; a city key a
 * project with its city as a party, a company key one with its company as a party. `parties` are the
 * project's parties after the change, so a key cannot write itself out of a project it keeps.
 */
export function assertMayKeepProject(p: Principal, parties: readonly { kind: string; id: string | null }[], field = 'parties'): void {
  if (p.role === 'admin' || p.role === 'secretariat' || p.role === 'organiser') return;
  if (p.role === 'city' && p.cityId && parties.some((x) => x.kind === 'city' && x.id === p.cityId)) return;
  if (p.role === 'company' && p.companyId && parties.some((x) => x.kind === 'company' && x.id === p.companyId)) return;
  if (p.role === 'city' || p.role === 'company') throw forbidden(`A ${p.role} key keeps only projects its ${p.role} is a party of`, field);
  throw forbidden(`The role '${p.role}' may not keep cooperation projects`);
}

/** Drafts from an event's agreement outcomes: its organiser, the secretariat and admins. */
export function assertMayDraftProjects(p: Principal, event: MatchmakingEvent): void {
  if (p.role === 'admin' || p.role === 'secretariat' || isOrganiserOf(p, event)) return;
  throw forbidden(`Only the organiser of event '${event.id}', the secretariat and admins may draft projects from its outcomes`);
}
