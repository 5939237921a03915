/**
 * Cooperation projects: listed and read by any key; created, changed and advanced by whoever policy.ts
 * lets keep them; every status change a dated, sourced entry appended in one transaction with nothing
 * written when a rule refuses it. An event's agreement outcomes offer pre-filled drafts.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { AppError, notFound, type FieldIssue } from '../../engine/errors.ts';
import { WISH_TYPE_LABELS } from '../../engine/cooperation.ts';
import type { EventParticipant } from '../../engine/events.ts';
import type { Page } from '../../engine/model.ts';
import { pairKey } from '../../engine/pairs.ts';
import {
  PROJECT_TYPE_OF_AGREEMENT,
  checkStatusChange,
  localText,
  seedCitation,
  type CooperationProject,
  type ProjectLink,
  type ProjectParty,
  type ProjectStatusEntry,
} from '../../engine/projects.ts';
import type { Lang, NaceLevel } from '../../engine/taxonomy.ts';
import { lockRow, todayIso as today } from '../../data/db.ts';
import { findAllianceEventById } from '../../data/repositories/allianceEvents.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { findEvent, findMeeting, getEvent, listParticipants } from '../../data/repositories/events.ts';
import { listOutcomes } from '../../data/repositories/outcomes.ts';
import {
  addProjectLinks,
  appendProjectStatus,
  cityNamesOf,
  getProject,
  insertProject,
  listProjects,
  projectsLinkedTo,
  updateProject,
} from '../../data/repositories/projects.ts';
import type { AppContext } from '../context.ts';
import { assertMayDraftProjects, assertMayKeepProject, type Principal } from '../policy.ts';
import { pageFrom } from '../schemas/common.ts';
import { inertCell } from './eventExports.ts';
import type { z } from 'zod';
import type { partyInput, projectCreateBody, projectListQuery, projectPatchBody, projectStatusBody } from '../schemas/projects.ts';

type ProjectInput = z.output<typeof projectCreateBody>;
type PartyInput = z.output<typeof partyInput>;
type CityNames = Awaited<ReturnType<typeof cityNamesOf>>;


// ---------- presenting ----------

function citationOf(provenance: string) {
  const c = seedCitation(provenance);
  return c ? { ...c, label: `seed ${c.file} L${c.line}` } : null;
}

function present(ctx: AppContext, p: CooperationProject, lang: Lang, cities: CityNames) {
  return {
    id: p.id,
    title: localText(p.title, lang) ?? p.id,
    titles: p.title,
    summary: localText(p.summary, lang),
    summaries: p.summary,
    type: p.type,
    naceCodes: p.naceCodes,
    sectors: p.naceCodes.map((code) => ({ code, label: ctx.taxonomy.label(code, lang) ?? code })),
    volume: p.volume,
    status: p.status,
    statusDate: p.statusDate,
    parties: p.parties.map((party) => {
      const city = party.kind === 'city' && party.id ? cities.get(party.id) : undefined;
      return { ...party, name: city ? ((lang === 'zh' ? city.zh : city[lang]) ?? city.de) : party.name };
    }),
    history: p.history.map((e) => ({ ...e, citation: citationOf(e.provenance) })),
    links: p.links,
    sources: p.sources.map((s) => ({ ...s, citation: citationOf(s.provenance) })),
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
export type PresentedProject = ReturnType<typeof present>;

async function presentAll(ctx: AppContext, projects: readonly CooperationProject[], lang: Lang): Promise<PresentedProject[]> {
  const cities = await cityNamesOf(ctx.db, projects.flatMap((p) => p.parties.filter((x) => x.kind === 'city' && x.id).map((x) => x.id!)));
  return projects.map((p) => present(ctx, p, lang, cities));
}

// ---------- reading ----------

/** The NACE subtree a sector filter names ('C27', '27', '27.1'), or a 400 naming query.sector. */
function sectorOf(ctx: AppContext, sector: string): { code: string; level: NaceLevel } {
  const code = ctx.taxonomy.normalizeNace(sector);
  if (!code) throw new AppError('bad_request', `Unknown NACE code '${sector}'`, { field: 'query.sector' });
  return { code, level: ctx.taxonomy.path(code).length as NaceLevel };
}

export async function listProjectsFor(ctx: AppContext, query: z.output<typeof projectListQuery>, lang: Lang): Promise<Page<PresentedProject>> {
  if (query.from && query.to && query.from > query.to) throw new AppError('bad_request', `the period ends (${query.to}) before it begins (${query.from})`, { field: 'query.to' });
  const page = await listProjects(ctx.db, {
    ...(query.city ? { cityId: query.city } : {}),
    ...(query.country ? { country: query.country } : {}),
    ...(query.sector ? { sector: sectorOf(ctx, query.sector) } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.q ? { q: query.q } : {}),
    limit: query.limit,
    offset: query.offset,
  });
  return { ...page, items: await presentAll(ctx, page.items, lang) };
}

export const PROJECTS_CSV_COLUMNS = ['id', 'title', 'type', 'status', 'status_date', 'first_date', 'parties', 'countries', 'nace_codes', 'volume', 'currency', 'sources'] as const;

/**
 * The filtered projects as CSV (every page of them), in the language asked for; UTF-8 with a byte-order
 * mark for spreadsheets, cells that would run as formulas made inert.
 */
export async function projectsCsv(ctx: AppContext, query: Omit<z.output<typeof projectListQuery>, 'limit' | 'offset'>, lang: Lang): Promise<string> {
  const rows: (string | number)[][] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await listProjectsFor(ctx, { ...query, limit: 200, offset }, lang);
    for (const p of page.items) {
      rows.push(
        [
          p.id,
          p.title,
          p.type,
          p.status,
          p.statusDate,
          p.history[0]?.date ?? '',
          p.parties.map((x) => `${x.name} (${x.role})`).join('; '),
          [...new Set(p.parties.map((x) => x.country))].join(' '),
          p.naceCodes.join(' '),
          p.volume?.amount ?? '',
          p.volume?.currency ?? '',
          [...p.history.map((e) => citationOf(e.provenance)?.label ?? e.provenance), ...p.sources.map((x) => citationOf(x.provenance)?.label ?? x.provenance)].filter((v, i, all) => all.indexOf(v) === i).join('; '),
        ].map(inertCell),
      );
    }
    if (offset + 200 >= page.total) break;
  }
  return '\uFEFF' + stringify([[...PROJECTS_CSV_COLUMNS], ...rows]);
}

async function projectOr404(ctx: AppContext, id: string): Promise<CooperationProject> {
  const project = await getProject(ctx.db, id);
  if (!project) throw notFound('Project', id);
  return project;
}

export async function getProjectFor(ctx: AppContext, id: string, lang: Lang): Promise<PresentedProject> {
  return (await presentAll(ctx, [await projectOr404(ctx, id)], lang))[0]!;
}

// ---------- checking input ----------

/** Parties as stored: companies and cities by their records (name, country), organisations as given. */
async function resolveParties(ctx: AppContext, inputs: readonly PartyInput[]): Promise<ProjectParty[]> {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const parties: ProjectParty[] = [];
  for (const [i, input] of inputs.entries()) {
    const field = `parties.${i}`;
    if (input.kind === 'organisation') {
      if (!input.name) issues.push({ field: `${field}.name`, message: "an organisation party needs its name" });
      if (!input.country) issues.push({ field: `${field}.country`, message: "an organisation party needs its country" });
      if (input.id) issues.push({ field: `${field}.id`, message: 'an organisation party has no id; give a company or city party instead' });
      if (input.name && input.country) parties.push({ kind: 'organisation', id: null, name: input.name, country: input.country, role: input.role });
      continue;
    }
    if (!input.id) {
      issues.push({ field: `${field}.id`, message: `a ${input.kind} party needs the ${input.kind}'s id` });
      continue;
    }
    if (seen.has(`${input.kind}:${input.id}`)) issues.push({ field, message: `${input.kind} '${input.id}' is a party twice` });
    seen.add(`${input.kind}:${input.id}`);
    if (input.kind === 'company') {
      const company = await findCompanyById(ctx.db, input.id);
      if (!company) issues.push({ field: `${field}.id`, message: `there is no company '${input.id}'` });
      else parties.push({ kind: 'company', id: company.id, name: company.name, country: company.country, role: input.role });
    } else {
      const city = (await cityNamesOf(ctx.db, [input.id])).get(input.id);
      if (!city) issues.push({ field: `${field}.id`, message: `there is no city '${input.id}'` });
      else parties.push({ kind: 'city', id: input.id, name: city.de, country: city.country, role: input.role });
    }
  }
  if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { issues });
  return parties;
}

function naceCodesOf(ctx: AppContext, codes: readonly string[]): string[] {
  const issues: FieldIssue[] = [];
  const out: string[] = [];
  codes.forEach((raw, i) => {
    const code = ctx.taxonomy.normalizeNace(raw);
    if (!code) issues.push({ field: `naceCodes.${i}`, message: `'${raw}' is not a NACE Rev. 2 code` });
    else if (!out.includes(code)) out.push(code);
  });
  if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { issues });
  return out;
}

/** Each link must name something that exists: a meeting, an outcome, an event, an alliance event. */
async function checkLinks(ctx: AppContext, links: readonly ProjectLink[]): Promise<void> {
  for (const [i, link] of links.entries()) {
    const [eventId = '', second = '', third = ''] = link.refId.split('/');
    let exists = false;
    if (link.kind === 'alliance-event') exists = !!(await findAllianceEventById(ctx.db, link.refId));
    else if (link.kind === 'event') exists = !!(await findEvent(ctx.db, link.refId));
    else if (link.kind === 'meeting') exists = !!second && !!(await findMeeting(ctx.db, eventId, second));
    else exists = !!third && (await listOutcomes(ctx.db, [eventId])).some((o) => o.participantId === second && o.partnerId === third);
    if (!exists) throw new AppError('validation_failed', `there is no ${link.kind} '${link.refId}'`, { field: `links.${i}.refId` });
  }
}

const volumeOf = (p: Principal, v: ProjectInput['volume']) => (v ? { amount: v.amount, currency: v.currency, asWritten: v.asWritten, provenance: `user:${p.keyId}` } : null);

// ---------- writing ----------

/** A new project with its first dated status entry; the caller's key is its provenance. */
export async function createProject(ctx: AppContext, principal: Principal, input: ProjectInput, lang: Lang): Promise<PresentedProject> {
  const parties = await resolveParties(ctx, input.parties);
  assertMayKeepProject(principal, parties);
  const naceCodes = naceCodesOf(ctx, input.naceCodes);
  prefixed('status', () => checkStatusChange(undefined, input.status, today()));
  await checkLinks(ctx, input.links);
  const now = new Date().toISOString();
  const entry: ProjectStatusEntry = { seq: 0, ...input.status, provenance: `user:${principal.keyId}`, recordedBy: principal.name, recordedAt: now };
  const project: CooperationProject = {
    id: `prj-${randomUUID().slice(0, 8)}`,
    title: input.title,
    summary: input.summary,
    type: input.type,
    naceCodes,
    volume: volumeOf(principal, input.volume),
    status: entry.status,
    statusDate: entry.date,
    parties,
    history: [entry],
    links: [],
    sources: [],
    createdBy: principal.name,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertProject(trx, project, ctx.taxonomy);
    await addProjectLinks(trx, project.id, input.links);
  });
  return getProjectFor(ctx, project.id, lang);
}

/** A rule's error about the status body, named as the request names it (status.date). */
function prefixed(prefix: string, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof AppError && err.field) throw new AppError(err.code, err.message, { field: `${prefix}.${err.field}` });
    throw err;
  }
}

export async function changeProject(ctx: AppContext, principal: Principal, id: string, patch: z.output<typeof projectPatchBody>, lang: Lang): Promise<PresentedProject> {
  assertMayKeepProject(principal, (await projectOr404(ctx, id)).parties, 'id');
  const parties = patch.parties ? await resolveParties(ctx, patch.parties) : undefined;
  if (parties) assertMayKeepProject(principal, parties);
  const naceCodes = patch.naceCodes ? naceCodesOf(ctx, patch.naceCodes) : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    // Locked and read again: a change made meanwhile (another field, a status) is kept, not overwritten.
    await lockRow(trx, ctx.database.dialect, 'cooperation_projects', id);
    const existing = (await getProject(trx, id))!;
    assertMayKeepProject(principal, existing.parties, 'id');
    await updateProject(
      trx,
      {
        ...existing,
        title: patch.title ?? existing.title,
        summary: patch.summary ?? existing.summary,
        type: patch.type ?? existing.type,
        naceCodes: naceCodes ?? existing.naceCodes,
        volume: patch.volume === undefined ? existing.volume : volumeOf(principal, patch.volume),
        parties: parties ?? existing.parties,
        updatedAt: new Date().toISOString(),
      },
      ctx.taxonomy,
    );
  });
  return getProjectFor(ctx, id, lang);
}

/** Appends a dated, sourced status entry (checkStatusChange's rules); nothing is written when refused. */
export async function advanceProjectStatus(ctx: AppContext, principal: Principal, id: string, body: z.output<typeof projectStatusBody>, lang: Lang): Promise<PresentedProject> {
  const existing = await projectOr404(ctx, id);
  assertMayKeepProject(principal, existing.parties, 'id');
  await ctx.db.transaction().execute(async (trx) => {
    // Locked and read again inside the transaction: the rules hold against the history as it is when
    // written, and two changes at once cannot both take the next place in it.
    await lockRow(trx, ctx.database.dialect, 'cooperation_projects', id);
    const current = (await getProject(trx, id))!;
    const last = current.history[current.history.length - 1];
    checkStatusChange(last, body, today());
    const { reopen: _reopen, ...status } = body;
    await appendProjectStatus(trx, id, { seq: (last?.seq ?? -1) + 1, ...status, provenance: `user:${principal.keyId}`, recordedBy: principal.name, recordedAt: new Date().toISOString() });
  });
  return getProjectFor(ctx, id, lang);
}

// ---------- drafts from agreement outcomes ----------

async function partyOf(ctx: AppContext, participant: EventParticipant): Promise<{ party: ProjectParty; nace: { code: string; weight: number }[] }> {
  if (participant.companyId) {
    const company = await findCompanyById(ctx.db, participant.companyId);
    if (company) {
      const nace = company.industries.flatMap((i) => i.nace);
      return { party: { kind: 'company', id: company.id, name: company.name, country: company.country, role: 'partner' }, nace };
    }
  }
  if (participant.cityId) {
    const city = (await cityNamesOf(ctx.db, [participant.cityId])).get(participant.cityId);
    if (city) return { party: { kind: 'city', id: participant.cityId, name: city.de, country: city.country, role: 'partner' }, nace: [] };
  }
  return { party: { kind: 'organisation', id: null, name: participant.name, country: participant.side, role: 'partner' }, nace: [] };
}

/**
 * The drafts an event's agreement outcomes offer, one per pair that reported one: the two parties, the
 * type from the agreement, sectors from the companies' industries, 'agreed' dated at the outcome, links
 * to the event, meeting and outcome; with the project already made from it, if any.
 */
export async function listProjectDrafts(ctx: AppContext, principal: Principal, eventId: string, page: { limit: number; offset: number }) {
  const event = await getEvent(ctx.db, eventId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? new AppError('not_found', `Event '${eventId}' does not exist`, { field: 'query.eventId' }) : err;
  });
  assertMayDraftProjects(principal, event);
  const participants = new Map((await listParticipants(ctx.db, eventId)).map((p) => [p.id, p]));
  const seen = new Set<string>();
  const agreements = (await listOutcomes(ctx.db, [eventId])).filter((o) => {
    if (o.followUp !== 'agreement' || !o.agreementType || !participants.has(o.participantId) || !participants.has(o.partnerId)) return false;
    const key = pairKey(o.participantId, o.partnerId);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const outcomeRef = (a: string, b: string) => `${eventId}/${a}/${b}`;
  const linked = await projectsLinkedTo(ctx.db, 'outcome', agreements.flatMap((o) => [outcomeRef(o.participantId, o.partnerId), outcomeRef(o.partnerId, o.participantId)]));
  const shown = pageFrom(agreements, page);
  const items = [];
  for (const o of shown.items) {
    const [a, b] = [await partyOf(ctx, participants.get(o.participantId)!), await partyOf(ctx, participants.get(o.partnerId)!)];
    const eventDay = event.days[0]?.date ?? o.updatedAt.slice(0, 10);
    const date = o.followUpDate ?? (eventDay > today() ? today() : eventDay);
    // A later scheduling run may have replaced the meeting row; link it only while it exists.
    const meeting = o.meetingId ? await findMeeting(ctx.db, eventId, o.meetingId) : undefined;
    const nace = [...a.nace, ...b.nace].sort((x, y) => y.weight - x.weight).map((n) => n.code);
    const labels = WISH_TYPE_LABELS[o.agreementType!];
    items.push({
      outcome: { eventId, eventName: event.name, participantId: o.participantId, partnerId: o.partnerId, meetingId: o.meetingId, agreementType: o.agreementType!, date },
      project: {
        title: { de: `${a.party.name} – ${b.party.name}: ${labels.de}`, en: `${a.party.name} – ${b.party.name}: ${labels.en}`, zh: `${a.party.name} – ${b.party.name}：${labels.zh}` },
        summary: {},
        type: PROJECT_TYPE_OF_AGREEMENT[o.agreementType!],
        naceCodes: [...new Set(nace)].slice(0, 4),
        parties: [a.party, b.party],
        status: { status: 'agreed' as const, date, note: `Agreement reported after the meeting at ${event.name}`, quote: null },
        links: [
          { kind: 'event' as const, refId: eventId },
          ...(meeting ? [{ kind: 'meeting' as const, refId: `${eventId}/${meeting.id}` }] : []),
          { kind: 'outcome' as const, refId: outcomeRef(o.participantId, o.partnerId) },
        ],
      },
      existingProjectId: linked.get(outcomeRef(o.participantId, o.partnerId)) ?? linked.get(outcomeRef(o.partnerId, o.participantId)) ?? null,
    });
  }
  return { ...shown, items };
}
