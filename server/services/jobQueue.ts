/**
 * Long runs as jobs that live in the database (data/repositories/jobs.ts), so that several server
 * instances share one queue: a job is created with the input its runner needs, any instance with a free
 * place claims it, runs it on worker threads (runtime/threads.ts), renews its lease every
 * LEASE_RENEW_MS while it runs, and writes its progress and outcome only while it holds the lease. A
 * cancel through any instance reaches the holder at its next renewal. An instance that stops gracefully
 * hands its running jobs back to the queue; one that dies leaves a lease that expires, and the job is
 * failed by whichever instance notices. Fair: an owner (the key that asked) runs at most `perOwner`
 * jobs of a queue at once across all instances, and an instance runs up to `concurrency`, so that one
 * organiser's long run does not hold back everybody else's.
 * No queue library serves both dialects (pg-boss and graphile-worker are PostgreSQL-only, BullMQ needs
 * Redis): the claim and the lease are these few statements on the same kysely code as everything else.
 */
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../data/schema.ts';
import { AppError } from '../../engine/errors.ts';
import { claimJob, createJob, failExpiredJobs, findJob, handBackJob, hasQueuedJobs, renewLease, requestCancel, updateJob, type Job } from '../../data/repositories/jobs.ts';
import { Cancel } from '../../runtime/threads.ts';
import { toWireError } from '../../runtime/wireError.ts';
import type { ServiceDeps } from './deps.ts';

/** Progress is written at most this often: a row update per report would flood the database. */
const PROGRESS_WRITE_MS = 500;
/** Threads that do not heed a cancel within this long are stopped the hard way. */
const CANCEL_GRACE_MS = 5000;
/** How often an instance looks for queued jobs (and expired leases) when it has a free place. */
export const JOB_POLL_MS = 1000;
/** How often a running job's lease is renewed and its cancel flag read. */
export const LEASE_RENEW_MS = 1000;
/** A lease lasts this long unless renewed: an instance silent for longer has stopped. */
export const LEASE_MS = 15_000;

export interface RunningJob {
  jobId: string;
  /** Handed to the job's threads. */
  cancel: Cancel;
}

export interface QueueOptions {
  /** Jobs of this queue one instance runs at once. */
  concurrency: number;
  /** Jobs of this queue one owner runs at once, over all instances. */
  perOwner: number;
}

export class JobQueue<I> {
  private readonly running = new Map<string, RunningJob>();
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'instanceId'>,
    private readonly log: Logger,
    private readonly what: string,
    private readonly kind: string,
    private readonly run: (job: Job, input: I, running: RunningJob) => Promise<void>,
    private readonly options: QueueOptions = { concurrency: 2, perOwner: 1 },
  ) {}

  /** Starts looking for work: at once, then every JOB_POLL_MS. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    const tick = () => {
      void this.pump().finally(() => {
        if (!this.closed) this.timer = setTimeout(tick, JOB_POLL_MS).unref();
      });
    };
    tick();
  }

  /**
   * Stores a new job with what its runner needs; an instance with a free place takes it. Inside a
   * transaction (`db`), the caller calls wake() once it has committed.
   */
  async submit(spec: { eventId: string | null; ownerKeyId: string; params: Record<string, unknown> }, input: I, db: Pick<ServiceDeps, 'db'>['db'] | Transaction<Database> = this.deps.db): Promise<Job> {
    const job = await createJob(db, { kind: this.kind, ...spec, input });
    // Taken before the answer when this instance has room: the caller sees it running, and a cancel
    // right after reaches the run.
    if (db === this.deps.db) await this.wake();
    return job;
  }

  /**
   * Looks for queued jobs now rather than at the next poll (once started); resolves when this instance
   * has taken what it has room for. A look already under way may have missed a job committed since:
   * another follows it.
   */
  wake(): Promise<void> {
    if (!this.started) return Promise.resolve();
    const under = this.pumping;
    return under ? under.then(() => this.pump()) : this.pump();
  }

  /** Cancels a queued or running job, whichever instance holds it; a finished one stays as it is. */
  async cancel(jobId: string): Promise<Job> {
    const { db } = this.deps;
    await requestCancel(db, jobId);
    this.running.get(jobId)?.cancel.request(CANCEL_GRACE_MS);
    const job = await findJob(db, jobId);
    if (!job) throw new AppError('not_found', `Job '${jobId}' does not exist`, { field: 'id' });
    return job;
  }

  /** Resolves when this instance runs nothing and nothing waits in the queue (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running.size || (this.started && !this.closed && (await hasQueuedJobs(this.deps.db, this.kind)))) {
      await this.pump();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Stops taking jobs and gives the running ones back to the queue (first, so that nothing the stopped
   * threads leave behind is written), then stops their threads.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.pumping;
    const running = [...this.running.values()];
    for (const job of running) {
      const handedBack = await handBackJob(this.deps.db, job.jobId, this.deps.instanceId).catch(() => false);
      if (handedBack) this.log.info({ jobId: job.jobId }, `gave a running ${this.what} back to the queue`);
    }
    await Promise.all(running.map((job) => job.cancel.stopNow()));
  }

  /** Finishes the job, if this instance still holds it. */
  async finish(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', result?: unknown, error?: Job['error']): Promise<void> {
    const written = await updateJob(this.deps.db, jobId, { status, result, error: error ?? null, finishedAt: new Date().toISOString() }, this.deps.instanceId);
    if (!written) this.log.warn({ jobId, status }, `a ${this.what} ended after this instance had lost it; its outcome is not kept`);
  }

  /** Finishes the job as failed with an AppError's code and field; rethrows anything else. */
  async fail(jobId: string, err: unknown): Promise<void> {
    if (!(err instanceof AppError)) throw err;
    return this.finish(jobId, 'failed', undefined, toWireError(err));
  }

  /** The instance that must hold a job for its outcome to be written (repositories check it in the writing transaction). */
  get holder(): string {
    return this.deps.instanceId;
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
    const { db, instanceId } = this.deps;
    let lastWrite = 0;
    let lastPhase: string | undefined = '';
    return (progress) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS && progress.phase === lastPhase) return;
      lastWrite = now;
      lastPhase = progress.phase;
      updateJob(db, jobId, { progress }, instanceId).catch((err: unknown) => this.log.warn({ err, jobId }, 'could not record progress'));
    };
  }

  /** Fails jobs whose lease expired, then claims queued jobs while this instance has a free place. Never overlaps itself. */
  private pump(): Promise<void> {
    this.pumping ??= this.claimWhileFree()
      .catch((err: unknown) => this.log.warn({ err }, `could not look for queued ${this.what}s`))
      .finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  private async claimWhileFree(): Promise<void> {
    const { db, dialect, instanceId } = this.deps;
    const expired = await failExpiredJobs(db, Date.now());
    if (expired) this.log.warn({ jobs: expired }, `failed ${this.what}s whose instance stopped`);
    while (!this.closed && this.running.size < this.options.concurrency) {
      const job = await claimJob(db, dialect, this.kind, { holder: instanceId, untilMs: Date.now() + LEASE_MS }, this.options.perOwner);
      if (!job) return;
      this.launch(job);
    }
  }

  private launch(job: Job & { input: unknown }): void {
    const running: RunningJob = { jobId: job.id, cancel: new Cancel() };
    this.running.set(job.id, running);
    const renewal = setInterval(() => void this.renew(running), LEASE_RENEW_MS);
    const done = (async () => {
      if (job.input === null) throw new AppError('unavailable', `The ${this.what} was queued by an older version of the server; start it again`);
      await this.run(job, job.input as I, running);
    })();
    void done
      .catch(async (err: unknown) => {
        if (err instanceof AppError) return this.fail(job.id, err);
        this.log.error({ err, jobId: job.id }, `${this.what} job failed unexpectedly`);
        await this.finish(job.id, 'failed', undefined, { code: 'internal', message: `The ${this.what} failed unexpectedly` });
      })
      .catch((err: unknown) => this.log.error({ err, jobId: job.id }, `could not record how a ${this.what} ended`))
      .finally(() => {
        clearInterval(renewal);
        this.running.delete(job.id);
        void this.pump();
      });
  }

  /** Renews a running job's lease; a cancel asked through another instance, or a lost lease, stops it. */
  private async renew(running: RunningJob): Promise<void> {
    try {
      const { held, cancelRequested } = await renewLease(this.deps.db, running.jobId, { holder: this.deps.instanceId, untilMs: Date.now() + LEASE_MS });
      if (!held) {
        this.log.warn({ jobId: running.jobId }, `lost the lease of a running ${this.what}; stopping it`);
        await running.cancel.stopNow();
      } else if (cancelRequested && !running.cancel.requested) running.cancel.request(CANCEL_GRACE_MS);
    } catch (err) {
      this.log.warn({ err, jobId: running.jobId }, `could not renew the lease of a ${this.what}`);
    }
  }
}

/** A service whose runs go through one JobQueue: taking jobs, cancel, idle and close are the queue's. */
export abstract class QueuedService<I> {
  protected abstract readonly jobs: JobQueue<I>;

  /** Begins taking queued jobs (at start, after the context is built). */
  startQueue(): void {
    this.jobs.start();
  }

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

