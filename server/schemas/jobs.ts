/** A background job as the API shows it: scheduling and tuning runs. */
import { z } from 'zod';
import { isoDateTime } from './common.ts';

export const jobSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['schedule', 'tuning']),
    eventId: z.string().nullable(),
    ownerKeyId: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    params: z.record(z.string(), z.unknown()).meta({ description: 'what the job was started with' }),
    progress: z.record(z.string(), z.unknown()).meta({ description: 'phase and fraction done, and what the phase reports' }),
    result: z.unknown().meta({ description: 'what a succeeded job produced (a schedule run: revision and report; a tuning run: the fitted version and its metrics)' }),
    error: z.strictObject({ code: z.string(), message: z.string(), field: z.string().optional() }).nullable(),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    links: z.strictObject({ self: z.string(), cancel: z.string(), schedule: z.string().optional(), tuningRun: z.string().optional() }),
  })
  .meta({ id: 'Job' });
