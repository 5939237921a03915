/**
 * Matchmaking events and everything hanging off them. Every change that a schedule depends on
 * (participants, wishes, requests, locks, the grid) bumps the event's revision in the same transaction,
 * so a scheduling run that started on an older revision knows not to overwrite newer decisions.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { AppError, notFound } from '../../engine/errors.ts';
import {
  DEFAULT_EVENT_SETTINGS,
  type EventMeeting,
  type EventParticipant,
  type EventSettings,
  type EventTable,
  type EventWish,
  type MatchmakingEvent,
  type MeetingOrigin,
  type MeetingRequest,
  type MeetingStatus,
  type RemovedMeeting,
  type RequestStatus,
  type Side,
  type WishKind,
} from '../../engine/events.ts';
import type { GridDay } from '../../engine/scheduling/grid.ts';
import type { Page } from '../../engine/model.ts';
import type { Database, EventMeetingRow, EventParticipantRow, EventRequestRow, EventRow, MeetingRemovalRow } from '../schema.ts';
import { orderedPair, pairKey } from '../../engine/pairs.ts';
import { chunks, parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Short random ids: readable in agendas and URLs, unguessable enough to not be enumerated. */
export const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;

const toEvent = (r: EventRow): MatchmakingEvent => ({
  id: r.id,
  name: r.name,
  venue: r.venue,
  timeZone: r.time_zone,
  slotMinutes: r.slot_minutes,
  days: parseJson<GridDay[]>(r.days, []),
  tables: parseJson<EventTable[]>(r.tables, []),
  settings: { ...DEFAULT_EVENT_SETTINGS, ...parseJson<Partial<EventSettings>>(r.settings, {}) },
  ownerKeyId: r.owner_key_id,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface EventSpec {
  name: string;
  venue?: string | null;
  timeZone: string;
  slotMinutes: number;
  days: GridDay[];
  tables: EventTable[];
  settings?: Partial<EventSettings>;
}

export async function createEvent(db: Db, spec: EventSpec, ownerKeyId: string, now = new Date().toISOString()): Promise<MatchmakingEvent> {
  const row: EventRow = {
    id: newId('ev'),
    name: spec.name,
    venue: spec.venue ?? null,
    time_zone: spec.timeZone,
    slot_minutes: spec.slotMinutes,
    days: toJson(spec.days),
    tables: toJson(spec.tables),
    settings: toJson({ ...DEFAULT_EVENT_SETTINGS, ...spec.settings }),
    owner_key_id: ownerKeyId,
    revision: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('events').values(row).execute();
  return toEvent(row);
}

export async function findEvent(db: Db, id: string): Promise<MatchmakingEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEvent(row) : undefined;
}

export async function getEvent(db: Db, id: string): Promise<MatchmakingEvent> {
  const event = await findEvent(db, id);
  if (!event) throw notFound('Event', id);
  return event;
}

/** An event's revision alone, without the rest of the event: to check that it exists, or that it has not changed. */
export async function eventRevision(db: Db, id: string): Promise<number> {
  const row = await db.selectFrom('events').select('revision').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Event', id);
  return row.revision;
}

export async function listEvents(db: Db, filter: { ownerKeyId?: string; limit: number; offset: number }): Promise<Page<MatchmakingEvent>> {
  let query = db.selectFrom('events');
  if (filter.ownerKeyId) query = query.where('owner_key_id', '=', filter.ownerKeyId);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  return { items: rows.map(toEvent), total, limit: filter.limit, offset: filter.offset };
}

export async function updateEvent(db: Db, id: string, spec: Partial<EventSpec> & { ownerKeyId?: string }, now = new Date().toISOString()): Promise<MatchmakingEvent> {
  const current = await getEvent(db, id);
  await db
    .updateTable('events')
    .set({
      name: spec.name ?? current.name,
      venue: spec.venue === undefined ? current.venue : spec.venue,
      time_zone: spec.timeZone ?? current.timeZone,
      slot_minutes: spec.slotMinutes ?? current.slotMinutes,
      days: toJson(spec.days ?? current.days),
      tables: toJson(spec.tables ?? current.tables),
      settings: toJson({ ...current.settings, ...spec.settings }),
      owner_key_id: spec.ownerKeyId ?? current.ownerKeyId,
      revision: current.revision + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  return getEvent(db, id);
}

export async function deleteEvent(db: Db, id: string): Promise<void> {
  for (const table of ['meeting_outcomes', 'event_meetings', 'event_meeting_removals', 'event_requests', 'event_wishes', 'event_participants'] as const) {
    await db.deleteFrom(table).where('event_id', '=', id).execute();
  }
  await db.deleteFrom('jobs').where('event_id', '=', id).execute();
  await db.deleteFrom('events').where('id', '=', id).execute();
}

export async function bumpRevision(db: Db, eventId: string, now = new Date().toISOString()): Promise<void> {
  await db
    .updateTable('events')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', eventId)
    .execute();
}

// Participants

const toParticipant = (r: EventParticipantRow): EventParticipant => ({
  id: r.id,
  eventId: r.event_id,
  name: r.name,
  kind: r.kind as EventParticipant['kind'],
  companyId: r.company_id,
  cityId: r.city_id,
  side: r.side as Side,
  attendees: parseJson(r.attendees, []),
  languages: parseJson(r.languages, []),
  interpreterNeeded: r.interpreter_needed === 1,
  unavailable: parseJson(r.unavailable, []),
  tableId: r.table_id,
  minMeetings: r.min_meetings,
  maxMeetings: r.max_meetings,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type ParticipantSpec = Omit<EventParticipant, 'id' | 'eventId' | 'createdAt' | 'updatedAt'>;

function participantRow(eventId: string, id: string, spec: ParticipantSpec, createdAt: string, now: string): EventParticipantRow {
  return {
    event_id: eventId,
    id,
    name: spec.name,
    kind: spec.kind,
    company_id: spec.companyId,
    city_id: spec.cityId,
    side: spec.side,
    attendees: toJson(spec.attendees),
    languages: toJson(spec.languages),
    interpreter_needed: spec.interpreterNeeded ? 1 : 0,
    unavailable: toJson(spec.unavailable),
    table_id: spec.tableId,
    min_meetings: spec.minMeetings,
    max_meetings: spec.maxMeetings,
    created_at: createdAt,
    updated_at: now,
  };
}

export async function addParticipants(db: Db, eventId: string, specs: ParticipantSpec[], now = new Date().toISOString()): Promise<EventParticipant[]> {
  const rows = specs.map((spec) => participantRow(eventId, newId('p'), spec, now, now));
  for (const part of chunks(rows, 50)) await db.insertInto('event_participants').values(part).execute();
  await bumpRevision(db, eventId, now);
  return rows.map(toParticipant);
}

export async function findParticipant(db: Db, eventId: string, id: string): Promise<EventParticipant | undefined> {
  const row = await db.selectFrom('event_participants').selectAll().where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
  return row ? toParticipant(row) : undefined;
}

export async function getParticipant(db: Db, eventId: string, id: string, field = 'participantId'): Promise<EventParticipant> {
  const p = await findParticipant(db, eventId, id);
  if (!p) throw notFound('Participant', id, field);
  return p;
}

export async function listParticipants(db: Db, eventId: string): Promise<EventParticipant[]> {
  const rows = await db.selectFrom('event_participants').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toParticipant);
}

/** How many participants an event has, without reading them. */
export async function countParticipants(db: Db, eventId: string): Promise<number> {
  const row = await db.selectFrom('event_participants').select((eb) => eb.fn.countAll().as('n')).where('event_id', '=', eventId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateParticipant(db: Db, eventId: string, id: string, spec: ParticipantSpec, now = new Date().toISOString()): Promise<EventParticipant> {
  const current = await getParticipant(db, eventId, id, 'id');
  const row = participantRow(eventId, id, spec, current.createdAt, now);
  await db.updateTable('event_participants').set(row).where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
  return toParticipant(row);
}

/** Removes a participant with its wishes, requests and meetings, either way round. */
export async function deleteParticipant(db: Db, eventId: string, id: string, now = new Date().toISOString()): Promise<void> {
  await getParticipant(db, eventId, id, 'id');
  const meetings = await db.selectFrom('event_meetings').select(['a_id', 'b_id', 'slot']).where('event_id', '=', eventId).where((eb) => eb.or([eb('a_id', '=', id), eb('b_id', '=', id)])).execute();
  await recordRemovals(db, eventId, meetings, now);
  await db.deleteFrom('event_wishes').where('event_id', '=', eventId).where((eb) => eb.or([eb('from_id', '=', id), eb('to_id', '=', id)])).execute();
  await db.deleteFrom('event_requests').where('event_id', '=', eventId).where((eb) => eb.or([eb('from_id', '=', id), eb('to_id', '=', id)])).execute();
  await db.deleteFrom('event_meetings').where('event_id', '=', eventId).where((eb) => eb.or([eb('a_id', '=', id), eb('b_id', '=', id)])).execute();
  await db.deleteFrom('meeting_outcomes').where('event_id', '=', eventId).where((eb) => eb.or([eb('participant_id', '=', id), eb('partner_id', '=', id)])).execute();
  await db.deleteFrom('event_participants').where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
}

// Wishes

export async function setWish(db: Db, eventId: string, from: string, to: string, kind: WishKind, now = new Date().toISOString()): Promise<EventWish> {
  await db
    .insertInto('event_wishes')
    .values({ event_id: eventId, from_id: from, to_id: to, kind, created_at: now })
    .onConflict((oc) => oc.columns(['event_id', 'from_id', 'to_id']).doUpdateSet({ kind, created_at: now }))
    .execute();
  await bumpRevision(db, eventId, now);
  return { from, to, kind, createdAt: now };
}

export async function deleteWish(db: Db, eventId: string, from: string, to: string, now = new Date().toISOString()): Promise<boolean> {
  const result = await db.deleteFrom('event_wishes').where('event_id', '=', eventId).where('from_id', '=', from).where('to_id', '=', to).executeTakeFirst();
  if (!Number(result.numDeletedRows)) return false;
  await bumpRevision(db, eventId, now);
  return true;
}

export async function listWishes(db: Db, eventId: string, from?: string): Promise<EventWish[]> {
  let query = db.selectFrom('event_wishes').selectAll().where('event_id', '=', eventId);
  if (from) query = query.where('from_id', '=', from);
  const rows = await query.orderBy('from_id').orderBy('to_id').execute();
  return rows.map((r) => ({ from: r.from_id, to: r.to_id, kind: r.kind as WishKind, createdAt: r.created_at }));
}

// Requests

const toRequest = (r: EventRequestRow): MeetingRequest => ({
  id: r.id,
  from: r.from_id,
  to: r.to_id,
  status: r.status as RequestStatus,
  message: r.message,
  createdAt: r.created_at,
  answeredAt: r.answered_at,
});

export async function createRequest(db: Db, eventId: string, from: string, to: string, message: string | null, now = new Date().toISOString()): Promise<MeetingRequest> {
  const open = await db
    .selectFrom('event_requests')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '!=', 'declined')
    .where((eb) => eb.or([eb.and([eb('from_id', '=', from), eb('to_id', '=', to)]), eb.and([eb('from_id', '=', to), eb('to_id', '=', from)])]))
    .executeTakeFirst();
  if (open) throw new AppError('conflict', `A request between ${from} and ${to} already exists (${open.id})`, { field: 'to' });
  const row: EventRequestRow = { event_id: eventId, id: newId('rq'), from_id: from, to_id: to, status: 'pending', message, created_at: now, answered_at: null };
  await db.insertInto('event_requests').values(row).execute();
  await bumpRevision(db, eventId, now);
  return toRequest(row);
}

export async function findRequest(db: Db, eventId: string, id: string): Promise<MeetingRequest | undefined> {
  const row = await db.selectFrom('event_requests').selectAll().where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function answerRequest(db: Db, eventId: string, id: string, status: 'accepted' | 'declined', now = new Date().toISOString()): Promise<MeetingRequest> {
  await db.updateTable('event_requests').set({ status, answered_at: now }).where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
  const request = await findRequest(db, eventId, id);
  if (!request) throw notFound('Request', id);
  return request;
}

export async function listRequests(db: Db, eventId: string, participantId?: string): Promise<MeetingRequest[]> {
  let query = db.selectFrom('event_requests').selectAll().where('event_id', '=', eventId);
  if (participantId) query = query.where((eb) => eb.or([eb('from_id', '=', participantId), eb('to_id', '=', participantId)]));
  return (await query.orderBy('created_at').orderBy('id').execute()).map(toRequest);
}

// Meetings

const toMeeting = (r: EventMeetingRow): EventMeeting => ({
  id: r.id,
  a: r.a_id,
  b: r.b_id,
  slot: r.slot,
  tableId: r.table_id,
  status: r.status as MeetingStatus,
  origin: r.origin as MeetingOrigin,
  value: r.value,
  jobId: r.job_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listMeetings(db: Db, eventId: string, participantId?: string): Promise<EventMeeting[]> {
  let query = db.selectFrom('event_meetings').selectAll().where('event_id', '=', eventId);
  if (participantId) query = query.where((eb) => eb.or([eb('a_id', '=', participantId), eb('b_id', '=', participantId)]));
  return (await query.orderBy('slot').orderBy('table_id').orderBy('id').execute()).map(toMeeting);
}

export async function findMeeting(db: Db, eventId: string, id: string): Promise<EventMeeting | undefined> {
  const row = await db.selectFrom('event_meetings').selectAll().where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

/**
 * Locks a meeting of two participants to a slot and table, replacing any meeting of the pair. Refuses
 * (conflict, naming the field) when either party or the table is already taken in that slot by a kept
 * meeting; scheduled meetings in the way are dropped, the next run re-plans them.
 */
export async function lockMeeting(db: Db, eventId: string, spec: { a: string; b: string; slot: number; tableId: string | null }, now = new Date().toISOString()): Promise<EventMeeting> {
  const { a, b, slot, tableId } = spec;
  await db
    .deleteFrom('event_meetings')
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb.and([eb('a_id', '=', a), eb('b_id', '=', b)]), eb.and([eb('a_id', '=', b), eb('b_id', '=', a)])]))
    .execute();
  const inSlot = await db.selectFrom('event_meetings').selectAll().where('event_id', '=', eventId).where('slot', '=', slot).execute();
  for (const m of inSlot) {
    const kept = m.status !== 'scheduled';
    const party = [a, b].find((p) => p === m.a_id || p === m.b_id);
    const table = tableId !== null && m.table_id === tableId;
    if (!party && !table) continue;
    if (kept) {
      throw new AppError('conflict', party ? `${party} already has a ${m.status} meeting (${m.id}) in that slot` : `table ${tableId} is taken by the ${m.status} meeting ${m.id} in that slot`, {
        field: party ? (party === a ? 'a' : 'b') : 'tableId',
      });
    }
    await db.deleteFrom('event_meetings').where('event_id', '=', eventId).where('id', '=', m.id).execute();
    await recordRemovals(db, eventId, [m], now);
  }
  const row: EventMeetingRow = { event_id: eventId, id: newId('m'), a_id: a, b_id: b, slot, table_id: tableId, status: 'locked', origin: 'kept', value: 0, job_id: null, created_at: now, updated_at: now };
  await db.insertInto('event_meetings').values(row).execute();
  await pruneRemovals(db, eventId);
  await bumpRevision(db, eventId, now);
  return toMeeting(row);
}

export async function setMeetingStatus(db: Db, eventId: string, id: string, status: MeetingStatus, now = new Date().toISOString()): Promise<EventMeeting> {
  await db.updateTable('event_meetings').set({ status, updated_at: now }).where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
  const meeting = await findMeeting(db, eventId, id);
  if (!meeting) throw notFound('Meeting', id);
  return meeting;
}

/** Puts a meeting into another slot and at another table, with a status (the caller has checked that it clashes with nothing). */
export async function placeMeeting(db: Db, eventId: string, id: string, place: { slot: number; tableId: string | null; status: MeetingStatus }, now = new Date().toISOString()): Promise<EventMeeting> {
  await db.updateTable('event_meetings').set({ slot: place.slot, table_id: place.tableId, status: place.status, updated_at: now }).where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
  const meeting = await findMeeting(db, eventId, id);
  if (!meeting) throw notFound('Meeting', id);
  return meeting;
}

export async function deleteMeeting(db: Db, eventId: string, id: string, now = new Date().toISOString()): Promise<void> {
  await recordRemovals(db, eventId, await db.selectFrom('event_meetings').select(['a_id', 'b_id', 'slot']).where('event_id', '=', eventId).where('id', '=', id).execute(), now);
  await db.deleteFrom('event_meetings').where('event_id', '=', eventId).where('id', '=', id).execute();
  await bumpRevision(db, eventId, now);
}

export interface PlannedMeetingSpec {
  a: string;
  b: string;
  slot: number;
  tableId: string;
  origin: MeetingOrigin;
  value: number;
  status: MeetingStatus;
}

/**
 * Stores a run's schedule: scheduled meetings are replaced, kept ones (locked, confirmed) get the table
 * the run gave them if they had none. Refused when the event changed since the run read it. `names`: the
 * participants' names as the run read them (current, since the revision is), for the removals; without
 * them they are read. Call inside a transaction.
 */
export async function saveSchedule(
  db: Db,
  eventId: string,
  jobId: string,
  expectedRevision: number,
  planned: PlannedMeetingSpec[],
  names?: ReadonlyMap<string, string>,
  now = new Date().toISOString(),
): Promise<void> {
  const revision = await eventRevision(db, eventId);
  if (revision !== expectedRevision) {
    throw new AppError('conflict', `The event changed while it was being scheduled (revision ${expectedRevision} → ${revision}); run the schedule again`, { field: 'revision' });
  }
  const kept = await db.selectFrom('event_meetings').selectAll().where('event_id', '=', eventId).where('status', '!=', 'scheduled').execute();
  const keptByPair = new Map(kept.map((m) => [pairKey(m.a_id, m.b_id), m]));
  const replaced = await db.selectFrom('event_meetings').select(['a_id', 'b_id', 'slot']).where('event_id', '=', eventId).where('status', '=', 'scheduled').execute();
  await db.deleteFrom('event_meetings').where('event_id', '=', eventId).where('status', '=', 'scheduled').execute();
  const rows: EventMeetingRow[] = [];
  for (const p of planned) {
    const k = keptByPair.get(pairKey(p.a, p.b));
    if (k) {
      if (k.table_id === null) await db.updateTable('event_meetings').set({ table_id: p.tableId, updated_at: now }).where('event_id', '=', eventId).where('id', '=', k.id).execute();
      continue;
    }
    rows.push({ event_id: eventId, id: newId('m'), a_id: p.a, b_id: p.b, slot: p.slot, table_id: p.tableId, status: 'scheduled', origin: p.origin, value: p.value, job_id: jobId, created_at: now, updated_at: now });
  }
  for (const part of chunks(rows, 60)) await db.insertInto('event_meetings').values(part).execute();
  // Pairs the run dropped: their calendar entries are to be cancelled.
  const plannedPairs = new Set(planned.map((p) => pairKey(p.a, p.b)));
  await recordRemovals(db, eventId, replaced.filter((m) => !plannedPairs.has(pairKey(m.a_id, m.b_id))), now, names);
  await pruneRemovals(db, eventId);
}

/** Remembers that these meetings were taken away (the latest removal per pair), with both names as they are now (given, or read). */
async function recordRemovals(db: Db, eventId: string, meetings: readonly { a_id: string; b_id: string; slot: number }[], now: string, knownNames?: ReadonlyMap<string, string>): Promise<void> {
  if (!meetings.length) return;
  const names = knownNames ?? (await participantNames(db, eventId, [...new Set(meetings.flatMap((m) => [m.a_id, m.b_id]))]));
  const rows = new Map<string, MeetingRemovalRow>();
  for (const m of meetings) {
    const [a, b] = orderedPair(m.a_id, m.b_id);
    rows.set(pairKey(a, b), { event_id: eventId, a_id: a, b_id: b, a_name: names.get(a) ?? a, b_name: names.get(b) ?? b, slot: m.slot, removed_at: now });
  }
  for (const part of chunks([...rows.values()], 100)) {
    await db
      .insertInto('event_meeting_removals')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['event_id', 'a_id', 'b_id']).doUpdateSet((eb) => ({ a_name: eb.ref('excluded.a_name'), b_name: eb.ref('excluded.b_name'), slot: eb.ref('excluded.slot'), removed_at: eb.ref('excluded.removed_at') })),
      )
      .execute();
  }
}

async function participantNames(db: Db, eventId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const part of chunks(ids, 500)) {
    for (const p of await db.selectFrom('event_participants').select(['id', 'name']).where('event_id', '=', eventId).where('id', 'in', part).execute()) names.set(p.id, p.name);
  }
  return names;
}

/** Forgets removals of pairs that have a meeting again: their calendar entry is live. */
async function pruneRemovals(db: Db, eventId: string): Promise<void> {
  await db
    .deleteFrom('event_meeting_removals')
    .where('event_id', '=', eventId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_meetings')
          .select('event_meetings.id')
          .whereRef('event_meetings.event_id', '=', 'event_meeting_removals.event_id')
          .where((m) =>
            m.or([
              m.and([m('event_meetings.a_id', '=', m.ref('event_meeting_removals.a_id')), m('event_meetings.b_id', '=', m.ref('event_meeting_removals.b_id'))]),
              m.and([m('event_meetings.a_id', '=', m.ref('event_meeting_removals.b_id')), m('event_meetings.b_id', '=', m.ref('event_meeting_removals.a_id'))]),
            ]),
          ),
      ),
    )
    .execute();
}

/** The meetings a participant lost and has not got back. */
export async function listRemovedMeetings(db: Db, eventId: string, participantId: string): Promise<RemovedMeeting[]> {
  const rows = await db
    .selectFrom('event_meeting_removals')
    .selectAll()
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb('a_id', '=', participantId), eb('b_id', '=', participantId)]))
    .orderBy('slot')
    .execute();
  return rows.map((r) => ({ a: r.a_id, b: r.b_id, names: { a: r.a_name, b: r.b_name }, slot: r.slot, removedAt: r.removed_at }));
}
