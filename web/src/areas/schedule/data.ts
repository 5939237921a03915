/**
 * What the schedule pages read: the event (tables), its slots, its participants (names, sides,
 * unavailability) and the schedule with its report, each a query of its own, fetched side by side.
 * The clash rules are derived here once, for the grid and for the move form.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { blockedSlots } from '../../../../engine/events.ts';
import type { ClashRules } from '../../../../engine/scheduling/clashes.ts';
import type { Side } from '../../../../engine/scheduling/event.ts';
import { api, unwrap, type Schemas } from '../../api/client.ts';

export type EventData = Schemas['Event'];
export type Slot = Schemas['EventSlot'];
export type Participant = Schemas['Participant'];
export type Schedule = Schemas['Schedule'];
export type Meeting = Schemas['Meeting'];
export type Job = Schemas['Job'];
export type Report = Schemas['ScheduleReport'];

/** What a scheduling job's progress carries (GET /jobs/{id}; see engine/scheduling/event.ts PlanProgress). */
export interface RunProgress {
  phase?: 'queued' | 'loading' | 'selection' | 'slots' | 'tables' | 'done';
  fraction?: number;
  bestBreaks?: number;
  lowerBound?: number;
  /** How the lower bound is proven. */
  lowerBoundBy?: NonNullable<Report['certificate']>['lowerBoundBy'];
  selection?: { meetings: number; relativeGap: number; exact: boolean };
  /** When done: why the run ended and what it proved (the report's certificate). */
  certificate?: NonNullable<Report['certificate']>;
}

export const scheduleKey = (eventId: string) => ['schedule', eventId] as const;

/** Participants come in pages of at most 200: all of them, page after page. */
async function allParticipants(eventId: string): Promise<Participant[]> {
  const all: Participant[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await unwrap(api.GET('/events/{id}/participants', { params: { path: { id: eventId }, query: { limit: 200, offset } } }));
    all.push(...page.items);
    if (all.length >= page.total || !page.items.length) return all;
  }
}

export function useEventData(eventId: string) {
  const event = useQuery({ queryKey: ['event', eventId], queryFn: () => unwrap(api.GET('/events/{id}', { params: { path: { id: eventId } } })) });
  const slots = useQuery({ queryKey: ['event', eventId, 'slots'], queryFn: () => unwrap(api.GET('/events/{id}/slots', { params: { path: { id: eventId } } })) });
  const participants = useQuery({ queryKey: ['event', eventId, 'participants', 'all'], queryFn: () => allParticipants(eventId) });
  const schedule = useQuery({ queryKey: scheduleKey(eventId), queryFn: () => unwrap(api.GET('/events/{id}/schedule', { params: { path: { id: eventId } } })) });
  const byId = useMemo(() => new Map((participants.data ?? []).map((p) => [p.id, p])), [participants.data]);
  const rules = useMemo<ClashRules | undefined>(() => {
    if (!participants.data || !slots.data || !event.data) return undefined;
    const grid = slots.data.items.map((s) => ({ index: s.index, date: s.date, session: s.session, start: s.start, end: s.end }));
    return {
      blocked: new Map(participants.data.filter((p) => p.unavailable.length).map((p) => [p.id, new Set(blockedSlots(grid, p.unavailable))])),
      sides: new Map(participants.data.map((p) => [p.id, p.side as Side])),
      reservedFor: new Map(event.data.tables.flatMap((t) => (t.reservedFor ? [[t.id, t.reservedFor as Side] as const] : []))),
    };
  }, [participants.data, slots.data, event.data]);
  const error = event.error ?? slots.error ?? participants.error ?? schedule.error;
  const ready = event.data && slots.data && participants.data && schedule.data && rules ? { event: event.data, slots: slots.data.items, participants: byId, schedule: schedule.data, rules } : undefined;
  return { ready, error, refetch: () => Promise.all([event.refetch(), slots.refetch(), participants.refetch(), schedule.refetch()]) };
}

export type Ready = NonNullable<ReturnType<typeof useEventData>['ready']>;

/** A participant's name, or its id when it is no longer registered. */
export function nameOf(participants: ReadonlyMap<string, Participant>, id: string): string {
  return participants.get(id)?.name ?? id;
}
