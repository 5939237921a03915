/** Meetings, locks and the schedule with its report. */
import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { jobSchema } from './jobs.ts';

export const lockBody = z
  .strictObject({
    a: z.string().min(1).max(60),
    b: z.string().min(1).max(60),
    slot: z.number().int().min(1).max(32).meta({ description: "the slot's number, 1-based, as GET /events/{id}/slots numbers them" }),
    tableId: z.string().min(1).max(60).nullable().default(null),
  })
  .meta({ example: { a: 'p-de1', b: 'p-cn1', slot: 3, tableId: 't2' } });

export const moveBody = z
  .strictObject({
    slot: z.number().int().min(1).max(32).meta({ description: "the slot's number, 1-based, as GET /events/{id}/slots numbers them" }),
    tableId: z.string().min(1).max(60).nullable().default(null),
    lock: z.boolean().default(true).meta({ description: 'lock the meeting there, so that runs keep it (default); false keeps its status' }),
  })
  .meta({ example: { slot: 4, tableId: 't3', lock: true } });

export const meetingPatch = z.strictObject({ status: z.enum(['confirmed', 'scheduled']) }).meta({ example: { status: 'confirmed' } });

export const scheduleBody = z
  .strictObject({
    timeLimitSeconds: z.number().min(1).max(600).optional().meta({ description: "default: the event's settings.timeLimitSeconds" }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  })
  .meta({ example: { timeLimitSeconds: 20, seed: 1 } });

export const meetingSchema = z
  .strictObject({
    id: z.string(),
    a: z.string(),
    b: z.string(),
    slot: z.number().int().meta({ description: '0-based slot of the grid' }),
    tableId: z.string().nullable(),
    status: z.enum(['scheduled', 'confirmed', 'locked']),
    origin: z.enum(['kept', 'must', 'wish', 'request', 'suggestion']),
    value: z.number(),
    jobId: z.string().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    slotNumber: z.number().int().meta({ description: '1-based slot number' }),
    date: z.string().nullable(),
    start: z.string().nullable(),
    end: z.string().nullable(),
  })
  .meta({ id: 'Meeting' });

const distribution = z.strictObject({ min: z.number(), median: z.number(), max: z.number(), mean: z.number(), histogram: z.record(z.string(), z.number()) });

export const planReportSchema = z
  .strictObject({
    meetings: z.number().int(),
    candidates: z.strictObject({ kept: z.number(), must: z.number(), wish: z.number(), request: z.number(), suggestion: z.number(), total: z.number() }),
    totalValue: z.number(),
    upperBound: z.number().meta({ description: 'the LP bound on the total value' }),
    gap: z.number(),
    relativeGap: z.number(),
    exact: z.boolean(),
    unmetMust: z.array(
      z.strictObject({
        a: z.string(),
        b: z.string(),
        code: z.enum(['noThanks', 'declined', 'oneSided', 'noCommonSlot', 'cap', 'tooFewTables', 'noSlotLeft']).optional().meta({ description: 'why, for a translation (absent in reports of older runs)' }),
        by: z.string().optional().meta({ description: 'who said no thanks (code noThanks)' }),
        reason: z.string().meta({ description: 'why, in English' }),
        aName: z.string().optional(),
        bName: z.string().optional(),
      }),
    ),
    unplaced: z.strictObject({ count: z.number(), value: z.number() }),
    meetingsPerParticipant: distribution,
    belowMinimum: z.array(z.strictObject({ participant: z.string(), name: z.string().optional(), meetings: z.number(), minimum: z.number() })),
    breaks: z.strictObject({
      total: z.number(),
      lowerBound: z.number(),
      optimal: z.boolean(),
      spread: z.number(),
      fairness: z.number(),
      fairnessMet: z.boolean(),
      perParticipant: distribution,
    }),
    tables: z.strictObject({ count: z.number(), meetingsPerSlot: z.array(z.number()), utilisation: z.number(), hostsKeepingTable: z.number(), hostsMoving: z.number() }),
    seconds: z.strictObject({ selection: z.number(), construction: z.number(), slots: z.number(), tables: z.number(), total: z.number() }),
    stoppedEarly: z.boolean().optional().meta({ description: 'the run was cancelled: the timetable is the best found by then (absent in reports of older runs)' }),
    certificate: z
      .strictObject({
        status: z.enum(['optimal', 'breaksOptimal', 'stalled', 'timeLimit', 'cancelled']).meta({
          description:
            'optimal: the selection is exact (at its LP bound) and the breaks are at their proven lower bound, so the run ended there; breaksOptimal: only the breaks are; else why the timetable search ended: stalled (it stopped improving), timeLimit, cancelled',
        }),
        selectionExact: z.boolean(),
        breaksOptimal: z.boolean(),
        lowerBound: z.number().int().meta({ description: 'no timetable of the held meetings has fewer breaks' }),
        lowerBoundBy: z.enum(['availability', 'solver']).meta({
          description: "how the lower bound was proven: availability (each participant's own fewest breaks, given its meetings and free slots, summed) or solver (the SAT solver refuted every timetable with fewer breaks)",
        }),
        exactSearch: z.boolean().meta({ description: 'the exact (SAT) timetable search ran: the event is no larger than the published B2B forums' }),
        stoppedAtSeconds: z.number(),
        timeLimitSeconds: z.number(),
      })
      .optional()
      .meta({ description: 'why the run ended and what it proved (absent in reports of older runs)' }),
  })
  .meta({ id: 'ScheduleReport' });

export const scheduleSchema = z
  .strictObject({
    eventId: z.string(),
    revision: z.number().int(),
    stale: z.boolean().nullable().meta({ description: 'the event changed after the last run: the report describes an older state' }),
    lastRun: z
      .strictObject({
        jobId: z.string(),
        finishedAt: isoDateTime.nullable(),
        status: z.enum(['succeeded', 'cancelled']),
        partial: z.boolean().meta({ description: 'the run was cancelled while it searched: the schedule is the best it had found by then' }),
      })
      .nullable(),
    currentJob: jobSchema.nullable(),
    report: planReportSchema.nullable().meta({ description: 'for the organiser only' }),
    meetings: z.array(meetingSchema),
  })
  .meta({ id: 'Schedule' });
