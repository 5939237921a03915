/**
 * Meetings of an event: lock one to a slot and table, unlock it, confirm or release a scheduled one, list
 * them; and scheduling runs: start one (a job), read the schedule with the last run's report.
 */
import { AppError } from '../../engine/errors.ts';
import { blockedSlots, type EventMeeting } from '../../engine/events.ts';
import { gridSlots, type GridSlot } from '../../engine/scheduling/grid.ts';
import { countParticipants, findMeeting, getParticipant, listMeetings, lockMeeting, setMeetingStatus } from '../../data/repositories/events.ts';
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
  const [last, current, meetings] = await Promise.all([latestJob(ctx.db, event.id, SCHEDULE_JOB, ['succeeded']), latestJob(ctx.db, event.id, SCHEDULE_JOB), listMeetings(ctx.db, event.id)]);
  const result = last?.result as { revision: number; report: unknown } | null | undefined;
  const slots = gridSlots(event);
  return {
    eventId: event.id,
    revision: event.revision,
    stale: result ? result.revision !== event.revision : null,
    lastRun: last ? { jobId: last.id, finishedAt: last.finishedAt } : null,
    currentJob: current && current.id !== last?.id ? presentJob(current) : null,
    report: reader.organiser ? (result?.report ?? null) : null,
    meetings: visibleTo(reader, meetings).map((m) => presentMeeting(slots, m)),
  };
}
