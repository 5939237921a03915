/**
 * Meetings of an event: lock one to a slot and table, move one (refusing clashes), unlock it, confirm
 * or release a scheduled one, list them; and scheduling runs: start one (a job), read the schedule with the last run's report.
 */
import { AppError } from '../../engine/errors.ts';
import { blockedSlots, type EventMeeting, type EventParticipant } from '../../engine/events.ts';
import { clashesOfMove, type Clash } from '../../engine/scheduling/clashes.ts';
import { gridSlots, type GridSlot } from '../../engine/scheduling/grid.ts';
import { countParticipants, findMeeting, getParticipant, listMeetings, lockMeeting, placeMeeting, setMeetingStatus } from '../../data/repositories/events.ts';
import { latestJob } from '../../data/repositories/jobs.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { pageFrom, type Page } from '../schemas/common.ts';
import { eventForOrganiser, eventForReader } from './eventAccess.ts';
import { checkGrid } from './events.ts';
import { presentJob } from './jobs.ts';
import { SCHEDULE_JOB } from './scheduling.ts';

/** A meeting with its slot's number and local times; `slots` is the event's grid, unrolled once per request. */
export function presentMeeting(slots: readonly GridSlot[], m: EventMeeting) {
  const slot = slots[m.slot];
  return { ...m, slotNumber: m.slot + 1, date: slot?.date ?? null, start: slot?.start ?? null, end: slot?.end ?? null };
}

/** The organiser sees every meeting; a participant's key its own. */
function visibleTo(reader: { organiser: boolean; actingFor: readonly { id: string }[] }, meetings: readonly EventMeeting[]) {
  if (reader.organiser) return meetings;
  const mine = new Set(reader.actingFor.map((p) => p.id));
  return meetings.filter((m) => mine.has(m.a) || mine.has(m.b));
}

export interface LockRequest {
  a: string;
  b: string;
  /** 1-based, as the slots list numbers them. */
  slot: number;
  tableId: string | null;
}

export async function lockEventMeeting(ctx: AppContext, principal: Principal, eventId: string, lock: LockRequest) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const slots = gridSlots(event);
  if (lock.slot > slots.length) throw new AppError('validation_failed', `slot ${lock.slot} does not exist; the event has ${slots.length}`, { field: 'slot' });
  if (lock.a === lock.b) throw new AppError('validation_failed', 'a meeting needs two different participants', { field: 'b' });
  const a = await getParticipant(ctx.db, event.id, lock.a, 'a');
  const b = await getParticipant(ctx.db, event.id, lock.b, 'b');
  if (lock.tableId && !event.tables.some((t) => t.id === lock.tableId)) throw new AppError('validation_failed', `table '${lock.tableId}' is not a table of the event`, { field: 'tableId' });
  const slotIndex = lock.slot - 1;
  for (const [p, field] of [[a, 'a'], [b, 'b']] as const) {
    if (blockedSlots([slots[slotIndex]!], p.unavailable).length) throw new AppError('infeasible', `${p.name} is unavailable in slot ${lock.slot}`, { field });
  }
  const meeting = await ctx.db.transaction().execute((trx) => lockMeeting(trx, event.id, { a: a.id, b: b.id, slot: slotIndex, tableId: lock.tableId }));
  return presentMeeting(slots, meeting);
}

export async function unlockEventMeeting(ctx: AppContext, principal: Principal, eventId: string, meetingId: string) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const meeting = await findMeeting(ctx.db, event.id, meetingId);
  if (!meeting || meeting.status !== 'locked') throw new AppError('not_found', `No locked meeting '${meetingId}'`, { field: 'mid' });
  return presentMeeting(gridSlots(event), await ctx.db.transaction().execute((trx) => setMeetingStatus(trx, event.id, meeting.id, 'scheduled')));
}

export interface MoveRequest {
  /** 1-based, as the slots list numbers them. */
  slot: number;
  tableId: string | null;
  /** Lock it there, so that runs keep it (else its status stays). */
  lock: boolean;
}

/**
 * Moves a meeting to another slot and table. Refused, naming the field, when the slot or table does not
 * exist, a participant is unavailable then (slot), a participant meets somebody else then (slot), the
 * table is taken then or reserved for the other side (tableId): a move never leaves a clash behind.
 */
export async function moveEventMeeting(ctx: AppContext, principal: Principal, eventId: string, meetingId: string, move: MoveRequest) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const slots = gridSlots(event);
  if (move.slot > slots.length) throw new AppError('validation_failed', `slot ${move.slot} does not exist; the event has ${slots.length}`, { field: 'slot' });
  const table = move.tableId === null ? undefined : event.tables.find((t) => t.id === move.tableId);
  if (move.tableId !== null && !table) throw new AppError('validation_failed', `table '${move.tableId}' is not a table of the event`, { field: 'tableId' });
  return ctx.db.transaction().execute(async (trx) => {
    const meeting = await findMeeting(trx, event.id, meetingId);
    if (!meeting) throw new AppError('not_found', `Meeting '${meetingId}' does not exist`, { field: 'mid' });
    const parties = [await getParticipant(trx, event.id, meeting.a, 'a'), await getParticipant(trx, event.id, meeting.b, 'b')];
    const moved = { id: meeting.id, a: meeting.a, b: meeting.b, slot: move.slot - 1, tableId: move.tableId };
    const rules = {
      blocked: new Map(parties.map((p) => [p.id, new Set(blockedSlots(slots, p.unavailable))])),
      sides: new Map(parties.map((p) => [p.id, p.side])),
      reservedFor: new Map(table?.reservedFor ? [[table.id, table.reservedFor]] : []),
    };
    const clash = clashesOfMove(await listMeetings(trx, event.id), moved, rules)[0];
    if (clash) throw clashError(clash, parties, move);
    const status = move.lock ? 'locked' : meeting.status;
    return presentMeeting(slots, await placeMeeting(trx, event.id, meeting.id, { slot: moved.slot, tableId: moved.tableId, status }));
  });
}

/** A move's first clash as the problem to show, naming the field to change. */
function clashError(clash: Clash, parties: readonly EventParticipant[], move: MoveRequest): AppError {
  const name = (id: string) => parties.find((p) => p.id === id)?.name ?? id;
  switch (clash.kind) {
    case 'unavailable':
      return new AppError('infeasible', `${name(clash.participant)} is unavailable in slot ${move.slot}`, { field: 'slot' });
    case 'participant':
      return new AppError('conflict', `${name(clash.participant)} already has a meeting in slot ${move.slot}`, { field: 'slot' });
    case 'table':
      return new AppError('conflict', `table ${clash.table} is taken in slot ${move.slot}`, { field: 'tableId' });
    case 'reservedTable':
      return new AppError('validation_failed', `table ${clash.table} is reserved for meetings with a participant from ${clash.side}`, { field: 'tableId' });
  }
}

/** Confirm a scheduled meeting (runs keep it) or release a confirmed one. */
export async function setEventMeetingStatus(ctx: AppContext, principal: Principal, eventId: string, meetingId: string, status: 'confirmed' | 'scheduled') {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const meeting = await findMeeting(ctx.db, event.id, meetingId);
  if (!meeting) throw new AppError('not_found', `Meeting '${meetingId}' does not exist`, { field: 'mid' });
  if (meeting.status === 'locked') throw new AppError('conflict', 'The meeting is locked: unlock it first (DELETE /events/:id/locks/:mid)', { field: 'status' });
  return presentMeeting(gridSlots(event), await ctx.db.transaction().execute((trx) => setMeetingStatus(trx, event.id, meeting.id, status)));
}

export async function listEventMeetings(ctx: AppContext, principal: Principal, eventId: string, page: Page) {
  const reader = await eventForReader(ctx, principal, eventId);
  const slots = gridSlots(reader.event);
  const visible = pageFrom(visibleTo(reader, await listMeetings(ctx.db, reader.event.id)), page);
  return { ...visible, items: visible.items.map((m) => presentMeeting(slots, m)) };
}

/** Starts a scheduling run as a job; the event's settings give the time limit unless the request does. */
export async function startScheduleRun(ctx: AppContext, principal: Principal, eventId: string, options: { timeLimitSeconds?: number | undefined; seed: number }) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  checkGrid(event);
  // A count, not the list: an event may have thousands, and the run reads them itself.
  if ((await countParticipants(ctx.db, event.id)) < 2) throw new AppError('validation_failed', 'the event needs at least two participants to schedule', { field: 'participants' });
  const job = await ctx.scheduling.start(event.id, principal.keyId, { timeLimitSeconds: options.timeLimitSeconds ?? event.settings.timeLimitSeconds, seed: options.seed });
  return presentJob(job);
}

/** The schedule as the caller may see it: the organiser with the last run's report, a participant its own meetings. */
export async function getSchedule(ctx: AppContext, principal: Principal, eventId: string) {
  const reader = await eventForReader(ctx, principal, eventId);
  const { event } = reader;
  const [last, current, meetings] = await Promise.all([
    // The last run that stored a schedule: one that succeeded, or one cancelled after it had found a timetable.
    latestJob(ctx.db, event.id, SCHEDULE_JOB, ['succeeded', 'cancelled'], { withResult: true }),
    latestJob(ctx.db, event.id, SCHEDULE_JOB),
    listMeetings(ctx.db, event.id),
  ]);
  const result = last?.result as { revision: number; report: unknown; partial?: boolean } | null | undefined;
  const slots = gridSlots(event);
  return {
    eventId: event.id,
    revision: event.revision,
    stale: result ? result.revision !== event.revision : null,
    lastRun: last ? { jobId: last.id, finishedAt: last.finishedAt, status: last.status as 'succeeded' | 'cancelled', partial: result?.partial ?? false } : null,
    currentJob: current && current.id !== last?.id ? presentJob(current) : null,
    report: reader.organiser ? (result?.report ?? null) : null,
    meetings: visibleTo(reader, meetings).map((m) => presentMeeting(slots, m)),
  };
}
