/** Jobs as callers see them: follow one, cancel one. What a job does belongs to its queue's service. */
import { AppError } from '../../engine/errors.ts';
import { findEvent } from '../../data/repositories/events.ts';
import { findJob, type Job } from '../../data/repositories/jobs.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { mayFollowJob } from '../policy.ts';
import { SCHEDULE_JOB } from './scheduling.ts';
import { TUNING_JOB } from './tuning.ts';

export function presentJob(job: Job) {
  const links: { self: string; cancel: string; schedule?: string; tuningRun?: string } = { self: `/jobs/${job.id}`, cancel: `/jobs/${job.id}/cancel` };
  if (job.eventId) links.schedule = `/events/${job.eventId}/schedule`;
  if (job.kind === TUNING_JOB) links.tuningRun = `/tuning-runs/${job.id}`;
  return { ...job, links };
}

/** A job the caller may follow; `field` names the job's id in errors. */
export async function jobForCaller(ctx: AppContext, principal: Principal, jobId: string, field = 'jobId'): Promise<Job> {
  const job = await findJob(ctx.db, jobId);
  if (!job) throw new AppError('not_found', `Job '${jobId}' does not exist`, { field });
  const sharedWithAnalysts = job.kind === TUNING_JOB;
  let allowed = mayFollowJob(principal, job, undefined, sharedWithAnalysts);
  // Only a job of someone else's needs its event read: is the caller that event's organiser?
  if (!allowed && job.eventId) allowed = mayFollowJob(principal, job, await findEvent(ctx.db, job.eventId), sharedWithAnalysts);
  // Existence is private: a job the caller may not follow is answered as a missing one.
  if (!allowed) throw new AppError('not_found', `No job '${jobId}' that this key may see`, { field });
  return job;
}

export async function getJob(ctx: AppContext, principal: Principal, jobId: string) {
  return presentJob(await jobForCaller(ctx, principal, jobId));
}

/** Cancels a queued or running job through the queue that runs it. */
export async function cancelJob(ctx: AppContext, principal: Principal, jobId: string, field = 'jobId') {
  const job = await jobForCaller(ctx, principal, jobId, field);
  if (job.status !== 'queued' && job.status !== 'running') throw new AppError('conflict', `The job is already ${job.status}`, { field: 'status' });
  const queue = job.kind === TUNING_JOB ? ctx.tuning : job.kind === SCHEDULE_JOB ? ctx.scheduling : undefined;
  if (!queue) throw new AppError('internal', `No queue runs jobs of kind '${job.kind}'`);
  return presentJob(await queue.cancel(job.id));
}
