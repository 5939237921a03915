/** A background job as the API shows it (scheduling and tuning runs alike), with links to follow and cancel it. */
import { z } from 'zod';
import { ERROR_CODES } from '../../engine/errors.ts';
import type { JobStatus } from '../../data/repositories/jobs.ts';
import { isoDateTime } from './common.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

export const jobErrorSchema = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string(), field: z.string().optional() });

export const jobSchema = z
  .strictObject({
    id: z.string(),
    kind: z.string().meta({ description: 'schedule or tuning' }),
    eventId: z.string().nullable().meta({ description: 'the event a scheduling run belongs to; null for tuning runs' }),
    ownerKeyId: z.string().meta({ description: 'the key that started the job' }),
    status: z.enum(JOB_STATUSES),
    params: z.record(z.string(), z.unknown()).meta({ description: 'what the job was asked to do' }),
    progress: z.record(z.string(), z.unknown()).meta({
      description:
        'phase and fraction done; a scheduling run adds, once known, selection {meetings, relativeGap, exact} (the selected meetings against their LP bound), bestBreaks (fewest breaks so far in a clash-free timetable), lowerBound (no timetable has fewer), lowerBoundBy (how that is proven: availability or solver) and feasible; when done, certificate (as in the report: status optimal, breaksOptimal, stalled, timeLimit or cancelled, and how the bound was proven)',
    }),
    result: z.unknown().meta({ description: 'when it succeeded; null before' }),
    error: jobErrorSchema.nullable().meta({ description: 'when it failed: the code and the field at fault' }),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    links: z.strictObject({
      self: z.string(),
      cancel: z.string(),
      schedule: z.string().optional().meta({ description: "the event's schedule, for scheduling runs" }),
      tuningRun: z.string().optional().meta({ description: 'the same job as a tuning run' }),
    }),
  })
  .meta({ id: 'Job' });
