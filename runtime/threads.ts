/**
 * The one way this project runs code on other threads. A worker module (a .ts file anywhere) default-
 * exports a task handler, `(task, thread) => result`; every thread starts from the one shim (worker.mjs),
 * which loads TypeScript and serves that handler (serveTasks.ts). On this side:
 * - Thread: one long-lived thread, tasks answered by id (the search index);
 * - runOnce: a thread for one task, terminated after (a scheduling run, an evaluation, a slot search);
 * - ThreadPool: a few threads with the same data, each task to whichever is free (a tuning run), on
 *   piscina (npm, a maintained worker pool);
 * - Cancel: a shared flag the handlers poll, and a hard stop for threads that do not heed it.
 * A handler's AppError comes back as that AppError (wireError.ts). Any other error stops a Thread, and
 * the calls waiting on it fail with a plain Error whose cause is the thread's error; in a ThreadPool it
 * fails its task (as structured clone keeps an Error: message and stack).
 */
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { cancelledError, unwrapAnswer, type TaskAnswer } from './wireError.ts';

/** What a handler gets besides its task. */
export interface ThreadContext<D = undefined, P = never> {
  /** The data the thread was started with, shared by its tasks (see ThreadOptions.data). */
  readonly data: D;
  /** Reports progress to the caller of this task (a Thread's; a ThreadPool's tasks report none). */
  progress(progress: P): void;
  /** Whether the thread's Cancel has been requested; long handlers poll it. */
  cancelled(): boolean;
}

/** The default export of a worker module. */
export type TaskHandler = (task: never, thread: never) => unknown;

type TaskOf<H extends TaskHandler> = Parameters<H>[0];
type ResultOf<H extends TaskHandler> = Awaited<ReturnType<H>>;
type ContextOf<H extends TaskHandler> = H extends (task: never, thread: ThreadContext<infer D, infer P>) => unknown ? { data: D; progress: P } : never;

/** The shim's workerData. */
export interface ThreadData {
  /** The worker module's URL. */
  module: string;
  data: unknown;
  cancel: SharedArrayBuffer | undefined;
  /** Run by piscina (a ThreadPool), not by messages of a Thread. */
  pooled: boolean;
}
/** A Thread's messages; id 0 wants no answer. */
export type ToThread = { id: number; task: unknown };
export type FromThread = { id: number; progress: unknown } | { id: number; answer: TaskAnswer };

const SHIM = new URL('./worker.mjs', import.meta.url);

const threadData = (module: URL, pooled: boolean, options: { data?: unknown; cancel?: Cancel }): ThreadData => ({
  module: module.href,
  data: options.data,
  cancel: options.cancel?.flag.buffer as SharedArrayBuffer | undefined,
  pooled,
});

/** What a Cancel can stop the hard way. */
interface Stoppable {
  terminate(): Promise<void>;
}

/** A cancel that reaches into threads: a shared flag their handlers poll, and a hard stop for those that do not. */
export class Cancel {
  /** [0] becomes 1 to cancel; it crosses to every thread started with this Cancel. */
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly threads = new Set<Stoppable>();

  get requested(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  /** Asks the threads to stop; those still running after `graceMs` are stopped the hard way. */
  request(graceMs = Infinity): void {
    Atomics.store(this.flag, 0, 1);
    if (Number.isFinite(graceMs)) setTimeout(() => void this.stopNow(), graceMs).unref();
  }

  /** Cancels and terminates every thread at once. */
  async stopNow(): Promise<void> {
    Atomics.store(this.flag, 0, 1);
    await Promise.all([...this.threads].map((thread) => thread.terminate()));
  }

  /** Threads and pools register themselves while they run. */
  track(thread: Stoppable, running: boolean): void {
    if (running) this.threads.add(thread);
    else this.threads.delete(thread);
  }
}

export interface ThreadOptions<H extends TaskHandler> {
  /** Handed to every task as thread.data: copied once per thread (SharedArrayBuffers are shared, not copied). */
  data?: ContextOf<H>['data'];
  cancel?: Cancel;
  /** Called once when the thread has stopped, for whatever reason; the calls waiting on it have been rejected by then. */
  onExit?: (reason: Error) => void;
}

export interface CallOptions<H extends TaskHandler> {
  onProgress?: (progress: ContextOf<H>['progress']) => void;
  /** A call not answered within `ms` rejects with `error()` (the thread goes on). */
  timeout?: { ms: number; error: () => Error };
}

interface PendingCall {
  resolve: (result: never) => void;
  reject: (err: Error) => void;
  onProgress: ((progress: never) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** One thread running the handler of `module`; several calls may wait on it at once, answered in the order posted. */
export class Thread<H extends TaskHandler> {
  private readonly worker: Worker;
  private readonly calls = new Map<number, PendingCall>();
  private nextId = 1;
  /** Why the thread stopped, once it has. */
  private stopped: Error | undefined;

  constructor(module: URL, options: ThreadOptions<H> = {}) {
    const workerData = threadData(module, false, options);
    // execArgv: [] — the parent's loader flags (tsx's, vitest's) do not carry into workers; the shim registers tsx.
    this.worker = new Worker(SHIM, { workerData, execArgv: [] });
    options.cancel?.track(this, true);
    let crash: Error | undefined;
    this.worker.on('message', (message: FromThread) => this.answer(message));
    this.worker.on('error', (err) => (crash = new Error(`a thread failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', () => {
      options.cancel?.track(this, false);
      this.stopped = crash ?? (options.cancel?.requested ? cancelledError() : new Error('a thread stopped unexpectedly'));
      for (const call of this.calls.values()) {
        clearTimeout(call.timer);
        call.reject(this.stopped);
      }
      this.calls.clear();
      options.onExit?.(this.stopped);
    });
  }

  /** Lets the process exit while the thread runs (a server's long-lived thread). */
  unref(): this {
    this.worker.unref();
    return this;
  }

  call(task: TaskOf<H>, options: CallOptions<H> = {}): Promise<ResultOf<H>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const { timeout } = options;
      const timer = timeout
        ? setTimeout(() => {
            this.calls.delete(id);
            reject(timeout.error());
          }, timeout.ms)
        : undefined;
      this.calls.set(id, { resolve, reject, onProgress: options.onProgress, timer });
      this.worker.postMessage({ id, task } satisfies ToThread);
    });
  }

  /** A task whose answer nobody waits for: its AppError is dropped, any other error stops the thread (see onExit). */
  post(task: TaskOf<H>): void {
    if (!this.stopped) this.worker.postMessage({ id: 0, task } satisfies ToThread);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private answer(message: FromThread): void {
    const call = this.calls.get(message.id);
    if (!call) return;
    if (!('answer' in message)) return call.onProgress?.(message.progress as never);
    this.calls.delete(message.id);
    clearTimeout(call.timer);
    try {
      call.resolve(unwrapAnswer(message.answer) as never);
    } catch (err) {
      call.reject(err as Error);
    }
  }
}

/** Runs one task on a thread of its own, which is terminated after; cancelling rejects with a conflict. */
export async function runOnce<H extends TaskHandler>(
  module: URL,
  task: TaskOf<H>,
  options: { cancel?: Cancel; onProgress?: CallOptions<H>['onProgress'] } = {},
): Promise<ResultOf<H>> {
  const thread = new Thread<H>(module, { cancel: options.cancel });
  try {
    return await thread.call(task, { onProgress: options.onProgress });
  } finally {
    void thread.terminate();
  }
}

/**
 * A few threads of one module (piscina), started with the same data; each task goes to whichever thread
 * is free, in the order given, and the threads keep what the handler built between tasks. Once the
 * Cancel is requested no further task starts (it rejects with a conflict); its hard stop, or a thread
 * that fails outside any task, ends the pool, rejecting every task not yet answered. close() when done.
 */
export class ThreadPool<H extends TaskHandler> implements Stoppable {
  private readonly pool: Piscina;
  private failure: Error | undefined;

  constructor(
    module: URL,
    private readonly options: { threads: number; data?: ContextOf<H>['data']; cancel?: Cancel },
  ) {
    const threads = Math.max(1, Math.floor(options.threads));
    // execArgv: [] as for a Thread; idleTimeout: the pool lives for one run, and idle threads keep their state.
    this.pool = new Piscina({ filename: SHIM.href, workerData: threadData(module, true, options), minThreads: threads, maxThreads: threads, idleTimeout: Infinity, execArgv: [] });
    this.pool.on('error', (err: Error) => {
      this.failure ??= new Error(`a thread failed: ${err.message}`, { cause: err });
      void this.close();
    });
    options.cancel?.track(this, true);
  }

  async run(task: TaskOf<H>): Promise<ResultOf<H>> {
    let answer: TaskAnswer;
    try {
      answer = (await this.pool.run(task)) as TaskAnswer;
    } catch (err) {
      throw this.options.cancel?.requested ? cancelledError() : (this.failure ?? err);
    }
    return unwrapAnswer(answer) as ResultOf<H>;
  }

  async close(): Promise<void> {
    this.options.cancel?.track(this, false);
    await this.pool.destroy();
  }

  terminate(): Promise<void> {
    return this.close();
  }
}
