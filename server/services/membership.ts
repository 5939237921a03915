/**
 * The alliance's membership by its own rules (003 §5; 002 L75–80): composition on a date, the dated
 * statements behind it, applications with the member cities' consent, withdrawals, seat conversions
 * and the announcement of new members. Every change is a new statement; nothing is deleted. After a
 * change the cities' served status is recomputed in the same transaction and the indexes follow.
 */
import { randomUUID } from 'node:crypto';
import { assertTransition, decide, type ApplicationContent, type ConsentRule, type Decision, type VoteValue } from '../../engine/alliance/applications.ts';
import { compose, dayOf, type Composition, type MembershipStatement, type RECORDABLE_KINDS, type StatementKind } from '../../engine/alliance/membership.ts';
import { AppError, invalid, notFound } from '../../engine/errors.ts';
import type { City } from '../../engine/model.ts';
import { lockRow, nowIso, todayIso as today } from '../../data/db.ts';
import { findCityById, findCitiesByIds } from '../../data/repositories/cities.ts';
import {
  findApplication,
  insertApplication,
  insertStatement,
  listApplications,
  listRegistryCities,
  listStatements,
  listVotes,
  loadRegistry,
  refreshCityStandings,
  updateApplication,
  upsertVote,
  type Application,
} from '../../data/repositories/membership.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../data/schema.ts';
import type { AppContext } from '../context.ts';
import { assertMayFileApplication, assertMayReadApplication, assertMayVote, isSecretariat, type Principal } from '../policy.ts';


/** A day given by the caller: not in the future, and not before `notBefore` (named in the message). */
function dayIn(field: string, value: string | undefined, notBefore?: { day: string; what: string }): string {
  const day = value ?? today();
  if (day > today()) throw invalid(field, `${field} ${day} lies in the future`);
  if (notBefore && day < dayOf(notBefore.day)) throw invalid(field, `${field} ${day} lies before ${notBefore.what} (${notBefore.day})`);
  return day;
}

export async function getComposition(ctx: AppContext, date: string | undefined) {
  const day = date ?? today();
  const [registry, cities] = await Promise.all([loadRegistry(ctx.db), listRegistryCities(ctx.db)]);
  const composition = compose(registry, cities, day);
  const names = new Map(cities.map((c) => [c.id, c.name]));
  return {
    ...composition,
    entries: composition.entries.map((e) => ({ ...e, name: names.get(e.cityId) ?? { de: e.cityId, en: e.cityId, zh: null } })),
    awaitingAnnouncement: awaitingAnnouncement(registry.statements, day),
  };
}

/** The rules in force, with both readings of the consent rule and their sources. */
export function getMembershipRules(ctx: AppContext) {
  return {
    consentRule: ctx.consentRule,
    readings: [
      {
        rule: 'all-written' as const,
        text: 'Every member city asked must consent in writing; one objection rejects ("Mit schriftlicher Zustimmung aller Mitgliedsstädte wird der Beitritt der Bewerberstadt akzeptiert").',
        source: { provenance: 'seed:003_bd051098fc9e533c.txt:204', quote: 'Mit schriftlicher Zustimmung aller Mitgliedsstädte' },
      },
      {
        rule: 'majority' as const,
        text: 'The member cities consent as a body: more than half of those asked, in writing or not ("Mit Zustimmung der Mitgliedsstädte wird der Beitritt der Bewerberstadt akzeptiert" names neither "all" nor "written").',
        source: { provenance: 'seed:002_149451d3eb973286.txt:79', quote: 'Mit Zustimmung der Mitgliedsstädte' },
      },
    ],
    ratio: {
      limit: 2,
      text: 'Chinese to German members may not exceed 2:1; an applicant the ratio keeps out may join for the time being as an observer.',
      source: { provenance: 'seed:003_bd051098fc9e533c.txt:206', quote: 'das Verhältnis von chinesischen und deutschen Mitgliedsstädten 2:1 nicht übersteigen' },
    },
  };
}

/** The counts on every day the composition changed within [from, to], for a chart over time. */
export async function getCompositionHistory(ctx: AppContext, from: string, until: string | undefined): Promise<{ date: string; counts: Composition['counts']; stated: Composition['stated']; agrees: boolean }[]> {
  const to = until ?? today();
  if (from > to) throw invalid('from', `from ${from} lies after to ${to}`);
  const [registry, cities] = await Promise.all([loadRegistry(ctx.db), listRegistryCities(ctx.db)]);
  const days = new Set<string>([dayOf(from), dayOf(to)]);
  for (const r of registry.rolls) days.add(dayOf(r.date));
  for (const c of registry.counts) days.add(dayOf(c.date));
  for (const s of registry.statements) days.add(dayOf(s.date));
  return [...days]
    .filter((d) => d >= dayOf(from) && d <= dayOf(to))
    .sort()
    .map((d) => {
      const c = compose(registry, cities, d);
      return { date: d, counts: c.counts, stated: c.stated, agrees: c.agrees };
    });
}

/** New members admitted by the rules whose admission no joint meeting has announced yet (003 L206). */
function awaitingAnnouncement(statements: readonly MembershipStatement[], day: string): MembershipStatement[] {
  return statements.filter(
    (s) =>
      (s.kind === 'admitted' || s.kind === 'observer-admitted') &&
      s.applicationId &&
      dayOf(s.date) <= day &&
      !statements.some((a) => a.kind === 'announced' && a.cityId === s.cityId && dayOf(a.date) >= dayOf(s.date)),
  );
}

export async function listMembershipStatements(ctx: AppContext, query: { cityId?: string; kind?: StatementKind; from?: string; to?: string }) {
  return listStatements(ctx.db, { cityId: query.cityId, kinds: query.kind ? [query.kind] : undefined, from: query.from, to: query.to });
}


export async function recordStatement(
  ctx: AppContext,
  principal: Principal,
  input: { cityId: string; kind: (typeof RECORDABLE_KINDS)[number]; date: string; dateAsWritten?: string; source: string; quote?: string; note?: string },
): Promise<MembershipStatement> {
  return write(ctx, async (trx) => {
    await cityOrFail(trx, input.cityId, 'cityId');
    const statement = newStatement(input.cityId, input.kind, dayIn('date', input.date), {
      dateAsWritten: input.dateAsWritten ?? null,
      status: input.kind === 'guest-status' ? 'guest' : input.kind === 'mentioned-as-member' ? 'member' : null,
      provenance: input.source,
      quote: input.quote ?? null,
      note: input.note ?? null,
    });
    await insertStatement(trx, { ...statement, recordedBy: principal.keyId }, nowIso());
    return statement;
  });
}

// ---------- applications ----------

export async function listMembershipApplications(ctx: AppContext, principal: Principal, query: { cityId?: string; state?: string; limit: number; offset: number }) {
  // A city key sees its own applications and those circulated to it for consent.
  if (!isSecretariat(principal)) {
    const all = await listApplications(ctx.db, { cityId: query.cityId, states: query.state ? [query.state] : undefined, limit: 10_000, offset: 0 });
    const visible = all.items.filter((a) => a.cityId === principal.cityId || a.electorate.includes(principal.cityId ?? ''));
    return { items: await withVotes(ctx, visible.slice(query.offset, query.offset + query.limit)), total: visible.length, limit: query.limit, offset: query.offset };
  }
  const page = await listApplications(ctx.db, { cityId: query.cityId, states: query.state ? [query.state] : undefined, limit: query.limit, offset: query.offset });
  return { items: await withVotes(ctx, page.items), total: page.total, limit: query.limit, offset: query.offset };
}

/** Applications with their votes and, while circulated, the decision a day's composition would give. */
async function withVotes(ctx: AppContext, applications: Application[]) {
  // One composition for the whole page, and only when a circulated application needs it.
  const needed = applications.some((a) => a.state === 'circulated');
  const [registry, cities] = needed ? await Promise.all([loadRegistry(ctx.db), listRegistryCities(ctx.db)]) : [null, []];
  const composition = registry ? compose(registry, cities, today()) : null;
  return Promise.all(
    applications.map(async (a) => {
      const votes = await listVotes(ctx.db, a.id);
      const country = cities.find((c) => c.id === a.cityId)?.country ?? '';
      const preview = composition && a.state === 'circulated' && a.consentRule ? decide(votes, a.electorate, a.consentRule, country, memberCounts(composition, a.cityId)) : null;
      return { ...a, votes, preview };
    }),
  );
}

export async function getMembershipApplication(ctx: AppContext, principal: Principal, id: string) {
  const application = await findApplication(ctx.db, id);
  if (!application) throw notFound('Application', id);
  assertMayReadApplication(principal, application);
  return (await withVotes(ctx, [application]))[0]!;
}

export async function fileApplication(ctx: AppContext, principal: Principal, input: { cityId: string; filedOn?: string; content: ApplicationContent }) {
  assertMayFileApplication(principal, input.cityId);
  const id = randomUUID();
  await write(ctx, async (trx) => {
    await lockRow(trx, ctx.database.dialect, 'cities', input.cityId);
    const city = await cityOrFail(trx, input.cityId, 'cityId');
    if (city.status.current === 'member') throw new AppError('conflict', `${input.cityId} is already a member`, { field: 'cityId' });
    if (city.status.current === 'network') throw new AppError('conflict', `${input.cityId} belongs through its member network ${city.networkId}; the network is the member`, { field: 'cityId' });
    const open = await listApplications(trx, { cityId: input.cityId, states: ['filed', 'circulated'], limit: 1, offset: 0 });
    if (open.total) throw new AppError('conflict', `${input.cityId} has an open application (${open.items[0]!.id})`, { field: 'cityId' });
    const filedOn = dayIn('filedOn', input.filedOn);
    const now = nowIso();
    await insertApplication(trx, { id, cityId: input.cityId, state: 'filed', filedOn, content: input.content, consentRule: null, circulatedOn: null, electorate: [], decidedOn: null, decision: null, createdBy: principal.keyId, createdAt: now, updatedAt: now });
    const reapplying = city.status.current === 'observer' || city.status.current === 'former';
    await insertStatement(trx, { ...newStatement(input.cityId, 'applied', filedOn, { provenance: `registry:application:${id}`, applicationId: id, note: reapplying ? `re-application (was ${city.status.current})` : null }), recordedBy: principal.keyId }, now);
  });
  return getMembershipApplication(ctx, principal, id);
}

/** The secretariat circulates the application to every member city (the network votes once). */
export async function circulateApplication(ctx: AppContext, principal: Principal, id: string, input: { date?: string }) {
  await write(ctx, async (trx) => {
    const a = await applicationOrFail(trx, id);
    assertTransition(a.state, 'circulated');
    const day = dayIn('date', input.date, { day: a.filedOn, what: 'the filing' });
    const composition = compose(await loadRegistry(trx), await listRegistryCities(trx), day);
    const electorate = composition.entries.filter((e) => e.status === 'member' && e.cityId !== a.cityId).map((e) => e.cityId);
    await updateApplication(trx, { ...a, state: 'circulated', circulatedOn: day, electorate, consentRule: ctx.consentRule, updatedAt: nowIso() });
  });
  return getMembershipApplication(ctx, principal, id);
}

/** A member city's written answer: by its own key, or recorded by the secretariat from its letter. */
export async function recordVote(ctx: AppContext, principal: Principal, id: string, cityId: string, input: { vote: VoteValue; inWriting: boolean; document?: string; date?: string; note?: string }) {
  assertMayVote(principal, cityId);
  await write(ctx, async (trx) => {
    const a = await applicationOrFail(trx, id);
    if (a.state !== 'circulated') throw new AppError('conflict', `Votes are taken while an application is circulated; this one is '${a.state}'`, { field: 'state' });
    if (!a.electorate.includes(cityId)) throw new AppError('validation_failed', `${cityId} was not asked: only the member cities on the day of circulation vote`, { field: 'cityId' });
    const date = dayIn('date', input.date, { day: a.circulatedOn!, what: 'the circulation' });
    await upsertVote(trx, id, { cityId, vote: input.vote, inWriting: input.inWriting, document: input.document ?? null, date, note: input.note ?? null, recordedBy: principal.keyId }, nowIso());
  });
  return getMembershipApplication(ctx, principal, id);
}

const memberCounts = (c: Composition, applicantId: string) => {
  const applicant = c.entries.find((e) => e.cityId === applicantId && e.status === 'member');
  return {
    DE: (c.counts.DE?.members ?? 0) - (applicant?.country === 'DE' ? 1 : 0),
    CN: (c.counts.CN?.members ?? 0) - (applicant?.country === 'CN' ? 1 : 0),
  };
};

/**
 * Decides by the rule recorded at circulation: admitted as a member, offered an observer seat (2:1),
 * or rejected. While answers are missing the decision is refused and names who has not answered.
 */
export async function decideApplication(ctx: AppContext, principal: Principal, id: string, input: { date?: string }) {
  await write(ctx, async (trx) => {
    const a = await applicationOrFail(trx, id);
    if (a.state !== 'circulated') throw new AppError('conflict', `Only a circulated application can be decided; this one is '${a.state}'`, { field: 'state' });
    const day = dayIn('date', input.date, { day: a.circulatedOn!, what: 'the circulation' });
    const registry = await loadRegistry(trx);
    const cities = await listRegistryCities(trx);
    const country = cities.find((c) => c.id === a.cityId)?.country ?? '';
    const decision: Decision = decide(await listVotes(trx, id), a.electorate, a.consentRule ?? ctx.consentRule, country, memberCounts(compose(registry, cities, day), a.cityId));
    if (decision.outcome === 'pending') throw new AppError('conflict', `Not decidable yet: ${decision.message}`, { field: 'votes', issues: decision.missing.map((c) => ({ field: `votes.${c}`, message: `${c} has not answered` })) });
    const state = decision.outcome;
    assertTransition(a.state, state);
    await updateApplication(trx, { ...a, state, decidedOn: day, decision, updatedAt: nowIso() });
    const kind: StatementKind = state === 'member' ? 'admitted' : state === 'observer' ? 'observer-admitted' : 'rejected';
    await insertStatement(
      trx,
      { ...newStatement(a.cityId, kind, day, { status: state === 'rejected' ? null : state, provenance: `registry:application:${id}`, applicationId: id, note: decision.message }), recordedBy: principal.keyId },
      nowIso(),
    );
  });
  return getMembershipApplication(ctx, principal, id);
}

export async function withdrawApplication(ctx: AppContext, principal: Principal, id: string, input: { date?: string; note?: string }) {
  await write(ctx, async (trx) => {
    const a = await applicationOrFail(trx, id);
    assertMayFileApplication(principal, a.cityId);
    assertTransition(a.state, 'withdrawn');
    const day = dayIn('date', input.date, { day: a.filedOn, what: 'the filing' });
    await updateApplication(trx, { ...a, state: 'withdrawn', decidedOn: day, decision: null, updatedAt: nowIso() });
  });
  return getMembershipApplication(ctx, principal, id);
}

// ---------- leaving, seat conversion, announcement ----------

/** Withdrawal by written request; effective when the secretariat has told all member cities (003 L210). */
export async function recordWithdrawal(ctx: AppContext, principal: Principal, cityId: string, input: { requestedOn: string; communicatedOn: string; document: string; note?: string }) {
  assertMayFileApplication(principal, cityId);
  const statement = await write(ctx, async (trx) => {
    const requested = dayIn('requestedOn', input.requestedOn);
    const communicated = dayIn('communicatedOn', input.communicatedOn, { day: requested, what: 'the written request' });
    const entry = await standingOn(trx, cityId, communicated);
    if (!entry || entry.status === 'guest') throw new AppError('conflict', `${cityId} is not a member or observer on ${communicated}`, { field: 'cityId' });
    const s = newStatement(cityId, 'withdrawn', communicated, {
      provenance: `registry:letter:${input.document}`,
      note: [`written request of ${requested} (${input.document}), communicated to all member cities on ${communicated}`, input.note].filter(Boolean).join('; '),
    });
    await insertStatement(trx, { ...s, recordedBy: principal.keyId }, nowIso());
    return s;
  });
  return statement;
}

/** The secretariat's motion at a meeting turns a member's seat into an observer seat (003 L212). */
export async function convertSeat(ctx: AppContext, principal: Principal, cityId: string, input: { date: string; meeting: string; reason: string }) {
  const statement = await write(ctx, async (trx) => {
    const day = dayIn('date', input.date);
    const entry = await standingOn(trx, cityId, day);
    if (entry?.status !== 'member') throw new AppError('conflict', `${cityId} holds no member seat on ${day}`, { field: 'cityId' });
    const s = newStatement(cityId, 'converted-to-observer', day, {
      status: 'observer',
      provenance: `registry:meeting:${input.meeting}`,
      note: `motion of the secretariat at ${input.meeting}: ${input.reason}. To regain a member seat the city applies again.`,
    });
    await insertStatement(trx, { ...s, recordedBy: principal.keyId }, nowIso());
    return s;
  });
  return statement;
}

/** The list of new members is announced at the next joint meeting (003 L206). */
export async function announceNewMembers(ctx: AppContext, principal: Principal, input: { date: string; meeting: string }) {
  return write(ctx, async (trx) => {
    const day = dayIn('date', input.date);
    const pending = awaitingAnnouncement((await loadRegistry(trx)).statements, day);
    if (!pending.length) throw new AppError('conflict', `No admission awaits announcement on ${day}`, { field: 'date' });
    const made: MembershipStatement[] = [];
    for (const p of pending) {
      const s = newStatement(p.cityId, 'announced', day, { provenance: `registry:meeting:${input.meeting}`, applicationId: p.applicationId, note: `announced at ${input.meeting}` });
      await insertStatement(trx, { ...s, recordedBy: principal.keyId }, nowIso());
      made.push(s);
    }
    return made;
  });
}

// ---------- helpers ----------

function newStatement(
  cityId: string,
  kind: StatementKind,
  date: string,
  more: Partial<Pick<MembershipStatement, 'dateAsWritten' | 'status' | 'applicationId' | 'quote' | 'note'>> & { provenance: string },
): MembershipStatement {
  return {
    id: `${kind}:${cityId}:${date}:${randomUUID().slice(0, 8)}`,
    cityId,
    kind,
    date,
    dateAsWritten: more.dateAsWritten ?? null,
    status: more.status ?? null,
    rollId: null,
    applicationId: more.applicationId ?? null,
    provenance: more.provenance,
    quote: more.quote ?? null,
    note: more.note ?? null,
  };
}

async function cityOrFail(trx: Transaction<Database>, id: string, field: string): Promise<City> {
  const city = await findCityById(trx, id);
  if (!city) throw notFound('City', id, field);
  return city;
}

async function applicationOrFail(trx: Transaction<Database>, id: string): Promise<Application> {
  const a = await findApplication(trx, id);
  if (!a) throw notFound('Application', id);
  return a;
}

async function standingOn(trx: Transaction<Database>, cityId: string, day: string) {
  await cityOrFail(trx, cityId, 'cityId');
  return compose(await loadRegistry(trx), await listRegistryCities(trx), day).entries.find((e) => e.cityId === cityId) ?? null;
}

/** One transaction per action; the statuses follow inside it, so they never disagree with the registry. */
async function write<T>(ctx: AppContext, action: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const { result, changed } = await ctx.db.transaction().execute(async (trx) => {
    const result = await action(trx);
    return { result, changed: await refreshCityStandings(trx, today(), nowIso()) };
  });
  await followIndexes(ctx, changed);
  return result;
}

/** After a status change the match and search indexes take the cities' new standing. */
async function followIndexes(ctx: AppContext, ids: string[]): Promise<void> {
  const cities = await findCitiesByIds(ctx.db, ids);
  for (const city of cities) {
    ctx.matching.upsertCity(city);
    ctx.search.upsertCity(city);
  }
}

export type { ConsentRule };
