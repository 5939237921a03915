/**
 * Matchmaking events: create, list, read, change, delete, and the grid unrolled into slots. Every write
 * checks that the grid unrolls and that each of its times exists in the event's time zone.
 */
import { DateTime } from 'luxon';
import { AppError } from '../../engine/errors.ts';
import type { EventTable, MatchmakingEvent } from '../../engine/events.ts';
import { gridSlots, type EventGrid, type GridSlot } from '../../engine/scheduling/grid.ts';
import * as repository from '../../data/repositories/events.ts';
import { latestJob } from '../../data/repositories/jobs.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { eventOwnerFilter } from '../policy.ts';
import type { Page } from '../schemas/common.ts';
import type { EventChange, EventInput, TablesInput } from '../schemas/events.ts';
import { eventForOrganiser, eventForReader } from './eventAccess.ts';
import { slotEnd, slotStart } from './eventExports.ts';
import { SCHEDULE_JOB } from './scheduling.ts';

const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });

/** Numbers tables 1, 2, … when only a count is given; fills names and checks ids are unique. */
function tablesOf(spec: TablesInput): EventTable[] {
  const list = typeof spec === 'number' ? Array.from({ length: spec }, () => ({ reservedFor: null })) : spec;
  const seen = new Set<string>();
  return list.map((t: { id?: string | undefined; name?: string | undefined; reservedFor: 'DE' | 'CN' | null }, i) => {
    const tableId = t.id ?? `t${i + 1}`;
    if (seen.has(tableId)) throw invalid(`tables.${i}.id`, `table id '${tableId}' appears twice`);
    seen.add(tableId);
    return { id: tableId, name: t.name ?? String(i + 1), reservedFor: t.reservedFor ?? null };
  });
}

/** The instant of a wall-clock time on a day in a zone; undefined when the clocks skip it (daylight saving). */
function instantOf(zone: string, date: string, time: string): DateTime | undefined {
  const instant = DateTime.fromISO(`${date}T${time}`, { zone });
  // luxon moves a time in the gap forward by the gap's length: a time that exists reads back unchanged.
  return instant.isValid && instant.toFormat('HH:mm') === time ? instant : undefined;
}

/**
 * The grid must unroll (no overlaps, not too many slots), its days must be days of the calendar, and its
 * times must exist in the event's time zone: a session or break starting at 02:30 on the night the clocks
 * go forward, or a slot in that hour, has no instant, and the calendars could not say when it is.
 */
export function checkGrid(grid: EventGrid & { timeZone: string }): GridSlot[] {
  const slots = gridSlots(grid);
  const { timeZone } = grid;
  const skipped = (time: string, date: string) => `${time} does not exist on ${date} in ${timeZone}: the clocks go forward (daylight saving) past it`;
  grid.days.forEach((day, d) => {
    if (!DateTime.fromISO(day.date, { zone: 'utc' }).isValid) throw invalid(`days.${d}.date`, `'${day.date}' is no day in the calendar`);
    day.sessions.forEach((session, s) => {
      const field = `days.${d}.sessions.${s}`;
      const times: [string, string][] = [
        [session.start, `${field}.start`],
        [session.end, `${field}.end`],
        ...(session.breaks ?? []).flatMap((b, i): [string, string][] => [
          [b.start, `${field}.breaks.${i}.start`],
          [b.end, `${field}.breaks.${i}.end`],
        ]),
      ];
      for (const [time, name] of times) if (!instantOf(timeZone, day.date, time)) throw invalid(name, skipped(time, day.date));
    });
  });
  for (const slot of slots) {
    const start = instantOf(timeZone, slot.date, slot.start);
    const end = instantOf(timeZone, slot.date, slot.end);
    // Shorter than its length: the clocks skip part of it. (Longer, across the hour repeated in autumn, it still has its instants.)
    if (start && end && end.diff(start, 'minutes').minutes >= grid.slotMinutes) continue;
    const d = grid.days.findIndex((day) => day.date === slot.date);
    const s = grid.days[d]!.sessions.findIndex((session) => session.start <= slot.start && slot.end <= session.end);
    throw invalid(`days.${d}.sessions.${s}`, `the slot ${slot.start}–${slot.end} on ${slot.date} falls into the time the clocks skip in ${timeZone} (daylight saving): end the session before it or start it after`);
  }
  return slots;
}

export async function createEvent(ctx: AppContext, principal: Principal, input: EventInput): Promise<MatchmakingEvent> {
  checkGrid(input);
  return repository.createEvent(ctx.db, { ...input, tables: tablesOf(input.tables) }, principal.keyId);
}

export async function listEvents(ctx: AppContext, principal: Principal, page: Page) {
  return repository.listEvents(ctx.db, { ...page, ownerKeyId: eventOwnerFilter(principal) });
}

export async function readEvent(ctx: AppContext, principal: Principal, eventId: string): Promise<MatchmakingEvent> {
  return (await eventForReader(ctx, principal, eventId)).event;
}

export async function changeEvent(ctx: AppContext, principal: Principal, eventId: string, change: EventChange): Promise<MatchmakingEvent> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  checkGrid({ timeZone: change.timeZone ?? event.timeZone, slotMinutes: change.slotMinutes ?? event.slotMinutes, days: change.days ?? event.days });
  const tables = change.tables === undefined ? undefined : tablesOf(change.tables);
  return ctx.db.transaction().execute((trx) => repository.updateEvent(trx, event.id, { ...change, tables }));
}

/** Deletes the event with everything in it, cancelling a scheduling run that is still under way. */
export async function deleteEvent(ctx: AppContext, principal: Principal, eventId: string): Promise<void> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const active = await latestJob(ctx.db, event.id, SCHEDULE_JOB, ['queued', 'running']);
  if (active) await ctx.scheduling.cancel(active.id);
  await ctx.db.transaction().execute((trx) => repository.deleteEvent(trx, event.id));
}

/**
 * The grid unrolled: numbered slots with local times and their instants in the event's time zone. An
 * event stored before its times were checked says which field to correct instead of answering no instant.
 */
export async function eventSlots(ctx: AppContext, principal: Principal, eventId: string) {
  const { event } = await eventForReader(ctx, principal, eventId);
  return {
    timeZone: event.timeZone,
    items: checkGrid(event).map((s) => ({ number: s.index + 1, ...s, startsAt: slotStart(event, s).toISO()!, endsAt: slotEnd(event, s).toISO()! })),
  };
}
