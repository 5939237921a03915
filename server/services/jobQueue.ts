/**
 * Long runs as jobs: one at a time per queue on a worker thread (the machine's other core keeps serving
 * requests), progress written to the jobs table so any request can read it, cancellable through a
 * shared flag the worker polls. Scheduling and tuning each have a queue; what a job does is theirs.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError } from '../../engine/errors.ts';
import { findJob, updateJob, type Job } from '../../data/repositories/jobs.ts';
import type { AppContext } from '../context.ts';

/** Progress is written at most this often: a row update per report would flood the database. */
const PROGRESS_WRITE_MS = 500;

export interface RunningJob {
  jobId: string;
  /** Int32Array over a SharedArrayBuffer: [0] becomes 1 to cancel. */
  cancel: Int32Array;
  /** The job's threads, stopped the hard way when they do not heed the cancel flag. */
  workers: Worker[];
}

export type WorkerOutcome<M> = M | { type: 'crashed'; message: string };

export class JobQueue<P> {
  private readonly queue: { jobId: string; params: P }[] = [];
  private running: RunningJob | undefined;
  private closed = false;
  /** Resolve when the queue is empty and nothing runs (tests wait on it). */
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: () => AppContext,
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
    const { db } = this.ctx();
    const queued = this.queue.findIndex((q) => q.jobId === jobId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      await updateJob(db, jobId, { status: 'cancelled', finishedAt: new Date().toISOString() });
    } else if (this.running?.jobId === jobId) {
      Atomics.store(this.running.cancel, 0, 1);
      // Workers that do not answer within a few seconds are stopped the hard way.
      const { workers } = this.running;
      setTimeout(() => workers.forEach((worker) => void worker.terminate()), 5000).unref();
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
    if (this.running) {
      Atomics.store(this.running.cancel, 0, 1);
      await Promise.all(this.running.workers.map((worker) => worker.terminate()));
    }
  }

  async finish(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', result?: unknown, error?: Job['error']): Promise<void> {
    await updateJob(this.ctx().db, jobId, { status, result, error: error ?? null, finishedAt: new Date().toISOString() });
  }

  /** Finishes the job as failed with an AppError's code and field; rethrows anything else. */
  async fail(jobId: string, err: unknown): Promise<void> {
    if (!(err instanceof AppError)) throw err;
    return this.finish(jobId, 'failed', undefined, { code: err.code, message: err.message, field: err.field });
  }

  /**
   * A recorder of the job's progress: written at most every PROGRESS_WRITE_MS and at every change of
   * phase, so that any request can read it without flooding the database.
   */
  progressRecorder(jobId: string): (progress: { phase?: string; fraction?: number }) => void {
    const { db } = this.ctx();
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

  /** Runs a worker until its first message that is not progress ({type: 'progress', progress}, recorded on the job). */
  runWorker<M extends { type: string; progress?: { phase?: string } }>(url: URL, workerData: unknown, running: RunningJob): Promise<WorkerOutcome<M>> {
    const record = this.progressRecorder(running.jobId);
    return new Promise((resolve) => {
      const worker = new Worker(url, { workerData, execArgv: [] });
      running.workers.push(worker);
      let settled = false;
      const settle = (value: WorkerOutcome<M>) => {
        if (settled) return;
        settled = true;
        resolve(value);
        void worker.terminate();
      };
      worker.on('message', (message: M) => {
        if (message.type !== 'progress') return settle(message);
        record(message.progress ?? {});
      });
      worker.on('error', (err) => {
        this.log.error({ err, jobId: running.jobId }, `${this.what} worker crashed`);
        settle({ type: 'crashed', message: `The ${this.what} failed unexpectedly` });
      });
      worker.on('exit', () => settle({ type: 'crashed', message: Atomics.load(running.cancel, 0) ? 'cancelled' : `The ${this.what} stopped unexpectedly` }));
    });
  }

  private async next(): Promise<void> {
    if (this.running || this.closed) return;
    const item = this.queue.shift();
    if (!item) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const running: RunningJob = { jobId: item.jobId, cancel: new Int32Array(new SharedArrayBuffer(4)), workers: [] };
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
