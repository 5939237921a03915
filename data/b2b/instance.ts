/**
 * The published B2B meeting-scheduling instance format (Bofill et al., JAIR 2022; 1-based indices) read
 * into the engine's 0-based SlotProblem, and schedules written back in the benchmark's output shape.
 */
import { z } from 'zod';
import { AppError } from '../../engine/errors.ts';
import type { Session, SlotProblem, SlotSchedule } from '../../engine/scheduling/index.ts';

const positive = z.number().int().min(1);

export const b2bInstanceSchema = z
  .object({
    nParticipants: positive,
    nMeetings: z.number().int().min(0),
    nTables: positive,
    nSlots: positive,
    nMorningSlots: z.number().int().min(0),
    meetings: z.array(z.tuple([positive, positive, z.union([z.literal(1), z.literal(2), z.literal(3)])])),
    forbidden: z.array(z.array(positive)),
    fixed: z.array(z.number().int().min(0)).optional(),
    precedences: z.array(z.array(positive)).optional(),
  })
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (d.meetings.length !== d.nMeetings) issue(['meetings'], `holds ${d.meetings.length} meetings, nMeetings says ${d.nMeetings}`);
    if (d.forbidden.length !== d.nParticipants) issue(['forbidden'], `needs one list per participant (${d.nParticipants})`);
    if (d.fixed && d.fixed.length !== d.nMeetings) issue(['fixed'], `needs one entry per meeting (${d.nMeetings})`);
    if (d.precedences && d.precedences.length !== d.nMeetings) issue(['precedences'], `needs one list per meeting (${d.nMeetings})`);
    if (d.nMorningSlots > d.nSlots) issue(['nMorningSlots'], 'exceeds nSlots');
    d.meetings.forEach(([a, b], m) => {
      if (a > d.nParticipants) issue(['meetings', m, 0], `participant ${a} does not exist`);
      if (b > d.nParticipants) issue(['meetings', m, 1], `participant ${b} does not exist`);
    });
    d.forbidden.forEach((slots, p) => slots.forEach((t, i) => t > d.nSlots && issue(['forbidden', p, i], `slot ${t} does not exist`)));
    d.fixed?.forEach((t, m) => t > d.nSlots && issue(['fixed', m], `slot ${t} does not exist`));
    d.precedences?.forEach((list, m) => list.forEach((e, i) => e > d.nMeetings && issue(['precedences', m, i], `meeting ${e} does not exist`)));
  });

export type B2bInstance = z.infer<typeof b2bInstanceSchema>;

const SESSIONS: Record<1 | 2 | 3, Session> = { 1: 'morning', 2: 'afternoon', 3: 'either' };

/** Parses and validates an instance; errors name the offending field. */
export function parseB2bInstance(json: unknown): B2bInstance {
  const parsed = b2bInstanceSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(instance)', message: i.message }));
    throw new AppError('validation_failed', `Not a B2B instance: ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
  }
  return parsed.data;
}

export function b2bToSlotProblem(d: B2bInstance, fairness = 2): SlotProblem {
  return {
    participants: d.nParticipants,
    slots: d.nSlots,
    morningSlots: d.nMorningSlots,
    tables: d.nTables,
    fairness,
    meetings: d.meetings.map(([a, b, session], m) => ({
      a: a - 1,
      b: b - 1,
      session: SESSIONS[session],
      fixed: d.fixed?.[m] ? d.fixed[m]! - 1 : null,
      after: (d.precedences?.[m] ?? []).map((e) => e - 1),
    })),
    forbidden: d.forbidden.map((slots) => slots.map((t) => t - 1)),
  };
}

/** The benchmark's output: 1-based slots per meeting, total breaks, spread and seconds. */
export function b2bSchedule(schedule: SlotSchedule) {
  return {
    slot_of_meeting: Array.from(schedule.slotOf, (t) => t + 1),
    total_breaks: schedule.totalBreaks,
    break_spread: schedule.breakSpread,
    seconds: Math.round(schedule.ms) / 1000,
    seconds_to_best: Math.round(schedule.msToBest) / 1000,
    lower_bound: schedule.lowerBound,
    optimal: schedule.optimal,
  };
}
