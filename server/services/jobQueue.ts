/**
 * Long runs as jobs: one at a time per queue on worker threads (runtime/threads.ts; the machine's other
 * core keeps serving requests), progress written to the jobs table so any request can read it,
 * cancellable through the job's Cancel, whose flag the threads poll. Scheduling and tuning each have a
 * queue; what a job does is theirs.
 */
import type { Logger } from 'pino';
import { AppError } from '../../engine/errors.ts';
import { findJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
import { Cancel } from '../../runtime/threads.ts';
import { toWireError } from '../../runtime/wireError.ts';
import type { ServiceDeps } from './deps.ts';

/** Progress is written at most this often: a row update per report would flood the database. */
const PROGRESS_WRITE_MS = 500;

/** Threads that do not heed a cancel within this long are stopped the hard way. */
const CANCEL_GRACE_MS = 5000;

export interface RunningJob {
  jobId: string;
  /** Handed to the job's threads. */
  cancel: Cancel;
}

export class JobQueue<P> {
  private readonly queue: { jobId: string; params: P }[] = [];
  private running: RunningJob | undefined;
  private closed = false;
  /** Resolve when the queue is empty and nothing runs (tests wait on it). */
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db'>,
    private readonly log: Logger,
    private readonly what: string,
    private readonly run: (jobId: string, params: P, running: RunningJob) => Promise<void>,
  ) {}

  enqueue(jobId: string, params: P): void {
    this.queue.push({ jobId, params });
    void this.next();
  }

  /** Cancels a queued or running job; a finished one stays as it is. */
  async cancel(jobId: string): Promise<Job> {
    const { db } = this.deps;
    const queued = this.queue.findIndex((q) => q.jobId === jobId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      await updateJob(db, jobId, { status: 'cancelled', finishedAt: new Date().toISOString() });
    } else if (this.running?.jobId === jobId) {
      this.running.cancel.request(CANCEL_GRACE_MS);
    }
    const job = await findJob(db, jobId);
    if (!job) throw new AppError('not_found', `Job '${jobId}' does not exist`, { field: 'id' });
    return job;
  }

  idle(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.running?.cancel.stopNow();
  }

  async finish(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', result?: unknown, error?: Job['error']): Promise<void> {
    await updateJob(this.deps.db, jobId, { status, result, error: error ?? null, finishedAt: new Date().toISOString() });
  }

  /** Finishes the job as failed with an AppError's code and field; rethrows anything else. */
  async fail(jobId: string, err: unknown): Promise<void> {
    if (!(err instanceof AppError)) throw err;
    return this.finish(jobId, 'failed', undefined, toWireError(err));
  }

  /**
   * The job's step on threads: its result, or undefined once the job has been finished, as cancelled
   * (a cancel before, during or right after the step: the caller was told it would stop, so nothing is
   * kept) or as failed with an AppError; any other error is rethrown. With `keepOnCancel` a step that
   * heeds a cancel by answering early (the best it has so far) still gives its result: the caller keeps
   * it and finishes the job itself; such a step runs even when the cancel came before it (while the job
   * loaded its input), so that it can answer with the first result it has.
   */
  async onThreads<R>(running: RunningJob, step: () => Promise<R>, options: { keepOnCancel?: boolean } = {}): Promise<R | undefined> {
    const { jobId, cancel } = running;
    let result: R | undefined;
    if (!cancel.requested || options.keepOnCancel) {
      try {
        result = await step();
      } catch (err) {
        if (!cancel.requested) {
          await this.fail(jobId, err);
          return undefined;
        }
      }
    }
    if (!cancel.requested || (options.keepOnCancel && result !== undefined)) return result;
    await this.finish(jobId, 'cancelled');
    return undefined;
  }

  /**
   * A recorder of the job's progress: written at most every PROGRESS_WRITE_MS and at every change of
   * phase, so that any request can read it without flooding the database.
   */
  progressRecorder(jobId: string): (progress: { phase?: string; fraction?: number }) => void {
    const { db } = this.deps;
    let lastWrite = 0;
    let lastPhase: string | undefined = '';
    return (progress) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS && progress.phase === lastPhase) return;
      lastWrite = now;
      lastPhase = progress.phase;
      updateJob(db, jobId, { progress }).catch((err: unknown) => this.log.warn({ err, jobId }, 'could not record progress'));
    };
  }

  private async next(): Promise<void> {
    if (this.running || this.closed) return;
    const item = this.queue.shift();
    if (!item) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const running: RunningJob = { jobId: item.jobId, cancel: new Cancel() };
    this.running = running;
    try {
      await this.run(item.jobId, item.params, running);
    } catch (err) {
      this.log.error({ err, jobId: item.jobId }, `${this.what} job failed unexpectedly`);
      await this.finish(item.jobId, 'failed', undefined, { code: 'internal', message: `The ${this.what} failed unexpectedly` }).catch(() => undefined);
    } finally {
      this.running = undefined;
      void this.next();
    }
  }
}

/** A service whose runs go through one JobQueue: cancel, idle and close are the queue's. */
export abstract class QueuedService<P> {
  protected abstract readonly jobs: JobQueue<P>;

  cancel(jobId: string): Promise<Job> {
    return this.jobs.cancel(jobId);
  }

  idle(): Promise<void> {
    return this.jobs.idle();
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}
