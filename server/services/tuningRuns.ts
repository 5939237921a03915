/**
 * Tuning runs as the analysts ask for them: start one (its profiles resolved and its events checked at
 * once), list, follow and cancel them. The runs themselves are TuningService's jobs (tuning.ts); they
 * belong to the analysts together, so any analyst may follow or cancel one.
 */
import { AppError, notFound } from '../../engine/errors.ts';
import type { Page } from '../../engine/model.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import { findJob, listJobs, type Job } from '../../data/repositories/jobs.ts';
import type { StoredProfile } from '../../data/repositories/weightProfiles.ts';
import type { Principal } from '../policy.ts';
import { resolveProfile } from './weightProfiles.ts';
import type { AppContext } from '../context.ts';
import { profileLabel, TUNING_JOB } from './tuning.ts';

export type { Job };

export interface TuningRequest extends MetricOptions {
  /** The profile to start from and compare against (the active default when left out). */
  profile?: string | undefined;
  /** The name the fitted version is stored under (the base profile's when left out). */
  name?: string | undefined;
  /** Further profiles to compare on the same held-out lists. */
  compare: string[];
  events?: string[] | undefined;
  folds: number;
  seed: number;
  restarts: number;
  iterations: number;
}

export async function startTuningRun(ctx: AppContext, principal: Principal, request: TuningRequest): Promise<Job> {
  const base = await resolveProfile(ctx, request.profile, 'profile');
  const compare: StoredProfile[] = [];
  for (const [i, ref] of request.compare.entries()) compare.push(await resolveProfile(ctx, ref, `compare.${i}`));
  return ctx.tuning.start(
    { keyId: principal.keyId, name: principal.name },
    {
      base: profileLabel(base),
      name: request.name ?? base.name,
      events: request.events ?? null,
      folds: request.folds,
      seed: request.seed,
      settings: { restarts: request.restarts, iterations: request.iterations },
      options: { k: request.k, threshold: request.threshold },
    },
    base,
    compare,
  );
}

/** Tuning runs, newest first. */
export function listTuningRuns(ctx: AppContext, page: { limit: number; offset: number }): Promise<Page<Job>> {
  return listJobs(ctx.db, TUNING_JOB, page);
}

export async function getTuningRun(ctx: AppContext, id: string): Promise<Job> {
  const job = await findJob(ctx.db, id);
  if (!job || job.kind !== TUNING_JOB) throw notFound('Tuning run', id);
  return job;
}

/** Stops a queued or running run (nothing is saved); a finished one is a conflict. */
export async function cancelTuningRun(ctx: AppContext, id: string): Promise<Job> {
  const job = await getTuningRun(ctx, id);
  if (job.status !== 'queued' && job.status !== 'running') throw new AppError('conflict', `The tuning run is already ${job.status}`, { field: 'status' });
  return ctx.tuning.cancel(job.id);
}
