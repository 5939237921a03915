/**
 * An event's participants: a company or a city delegation, registered by the organiser one at a time or
 * many at once (all or none), with name and side taken from the linked company or city.
 */
import { AppError } from '../../engine/errors.ts';
import type { EventParticipant, MatchmakingEvent } from '../../engine/events.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import * as repository from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { pageFrom, type Page } from '../schemas/common.ts';
import type { ParticipantChange, ParticipantInput, ParticipantsInput } from '../schemas/events.ts';
import { eventForOrganiser, eventForReader } from './eventAccess.ts';

type ParticipantSpec = repository.ParticipantSpec;

const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });
const sideOf = (country: string) => (country === 'DE' ? 'DE' : country === 'CN' ? 'CN' : undefined);

/** Fills name and side from the linked company or city; refuses links that do not exist. `field` prefixes error fields. */
async function completeParticipant(ctx: AppContext, spec: ParticipantInput, field: string): Promise<ParticipantSpec> {
  let name = spec.name;
  let side = spec.side;
  const kind = spec.kind ?? (spec.cityId && !spec.companyId ? 'delegation' : 'company');
  if (spec.companyId) {
    const company = await findCompanyById(ctx.db, spec.companyId);
    if (!company) throw invalid(`${field}companyId`, `company '${spec.companyId}' does not exist`);
    name ??= company.name;
    side ??= sideOf(company.country);
  }
  if (spec.cityId) {
    const city = await findCityById(ctx.db, spec.cityId);
    if (!city) throw invalid(`${field}cityId`, `city '${spec.cityId}' does not exist`);
    name ??= kind === 'delegation' ? `Delegation of ${city.name.en}${city.name.zh ? ` (${city.name.zh})` : ''}` : undefined;
    side ??= sideOf(city.country);
  }
  if (!name) throw invalid(`${field}name`, 'a participant needs a name (or a companyId to take it from)');
  if (!side) throw invalid(`${field}side`, 'side (DE or CN) is needed when no German or Chinese company or city gives it');
  return {
    name,
    kind,
    side,
    companyId: spec.companyId ?? null,
    cityId: spec.cityId ?? null,
    attendees: spec.attendees,
    languages: spec.languages,
    interpreterNeeded: spec.interpreterNeeded,
    unavailable: spec.unavailable,
    tableId: spec.tableId,
    minMeetings: spec.minMeetings,
    maxMeetings: spec.maxMeetings,
  };
}

/** What zod cannot see: the table belongs to the event, the caps are in order, the ranges do not end before they start. */
function checkParticipant(event: MatchmakingEvent, spec: ParticipantSpec, field: string): void {
  if (spec.tableId && !event.tables.some((t) => t.id === spec.tableId)) throw invalid(`${field}tableId`, `table '${spec.tableId}' is not a table of the event`);
  if (spec.minMeetings !== null && spec.maxMeetings !== null && spec.minMeetings > spec.maxMeetings) throw invalid(`${field}minMeetings`, 'minMeetings exceeds maxMeetings');
  spec.unavailable.forEach((u, i) => {
    if (u.to <= u.from) throw invalid(`${field}unavailable.${i}.to`, `the range ends (${u.to}) before it starts (${u.from})`);
  });
}

/** One participant or a batch: every entry is checked before any is stored. */
export async function registerParticipants(ctx: AppContext, principal: Principal, eventId: string, input: ParticipantsInput): Promise<EventParticipant[]> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const list = 'participants' in input ? input.participants : [input];
  const prefix = (i: number) => ('participants' in input ? `participants.${i}.` : '');
  const specs: ParticipantSpec[] = [];
  for (const [i, spec] of list.entries()) {
    const complete = await completeParticipant(ctx, spec, prefix(i));
    checkParticipant(event, complete, prefix(i));
    specs.push(complete);
  }
  const existing = await repository.listParticipants(ctx.db, event.id);
  const linked = new Set(existing.flatMap((p) => (p.companyId ? [p.companyId] : [])));
  specs.forEach((s, i) => {
    if (s.companyId && linked.has(s.companyId)) throw new AppError('conflict', `company '${s.companyId}' is already a participant`, { field: `${prefix(i)}companyId` });
    if (s.companyId) linked.add(s.companyId);
  });
  return ctx.db.transaction().execute((trx) => repository.addParticipants(trx, event.id, specs));
}

export async function listParticipants(ctx: AppContext, principal: Principal, eventId: string, page: Page) {
  const { event } = await eventForReader(ctx, principal, eventId);
  return pageFrom(await repository.listParticipants(ctx.db, event.id), page);
}

export async function readParticipant(ctx: AppContext, principal: Principal, eventId: string, participantId: string): Promise<EventParticipant> {
  const { event } = await eventForReader(ctx, principal, eventId);
  return repository.getParticipant(ctx.db, event.id, participantId, 'pid');
}

export async function changeParticipant(ctx: AppContext, principal: Principal, eventId: string, participantId: string, change: ParticipantChange): Promise<EventParticipant> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const current = await repository.getParticipant(ctx.db, event.id, participantId, 'pid');
  const { id: _id, eventId: _e, createdAt: _c, updatedAt: _u, ...rest } = current;
  const spec: ParticipantSpec = { ...rest, ...change };
  checkParticipant(event, spec, '');
  return ctx.db.transaction().execute((trx) => repository.updateParticipant(trx, event.id, current.id, spec));
}

/** Removes the participant with its wishes, requests and meetings (its partners' calendars cancel them). */
export async function removeParticipant(ctx: AppContext, principal: Principal, eventId: string, participantId: string): Promise<void> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.getParticipant(trx, event.id, participantId, 'pid');
    await repository.deleteParticipant(trx, event.id, participantId);
  });
}
