/**
 * The one way this project runs code on other threads. A worker module (a .ts file anywhere) default-
 * exports a task handler, `(task, thread) => result`; every thread starts from the one shim (worker.mjs),
 * which loads TypeScript and serves that handler (serveTasks.ts). On this side:
 * - Thread: one long-lived thread, tasks answered by id (the search index);
 * - runOnce: a thread for one task, terminated after (a scheduling run, an evaluation, a slot search);
 * - ThreadPool: a few threads with the same data, each task to whichever is free (a tuning run);
 * - Cancel: a shared flag the handlers poll, and a hard stop for threads that do not heed it.
 * A handler's AppError comes back as that AppError (wireError.ts); any other error stops its thread,
 * and the calls waiting on it fail with a plain Error whose cause is the thread's error.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../engine/errors.ts';
import { fromWireError, type WireError } from './wireError.ts';

/** What a handler gets besides its task. */
export interface ThreadContext<D = undefined, P = never> {
  /** The data the thread was started with, shared by its tasks (see ThreadOptions.data). */
  readonly data: D;
  /** Reports progress to the caller of this task. */
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
  module: string;
  data: unknown;
  cancel: SharedArrayBuffer | undefined;
}
export type ToThread = { id: number; task: unknown };
export type FromThread = { id: number } & ({ type: 'progress'; progress: unknown } | { type: 'done'; result: unknown } | { type: 'failed'; error: WireError });

const SHIM = new URL('./worker.mjs', import.meta.url);

const cancelled = () => new AppError('conflict', 'the run was cancelled');

/** A cancel that reaches into threads: a shared flag their handlers poll, and a hard stop for those that do not. */
export class Cancel {
  /** [0] becomes 1 to cancel; it crosses to every thread started with this Cancel. */
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly threads = new Set<Thread<TaskHandler>>();

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

  /** Threads register themselves while they run. */
  track(thread: Thread<TaskHandler>, running: boolean): void {
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
    const workerData: ThreadData = { module: module.href, data: options.data, cancel: options.cancel?.flag.buffer as SharedArrayBuffer | undefined };
    // execArgv: [] — the parent's loader flags (tsx's, vitest's) do not carry into workers; the shim registers tsx.
    this.worker = new Worker(SHIM, { workerData, execArgv: [] });
    options.cancel?.track(this, true);
    let crash: Error | undefined;
    this.worker.on('message', (message: FromThread) => this.answer(message));
    this.worker.on('error', (err) => (crash = new Error(`a thread failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', () => {
      options.cancel?.track(this, false);
      this.stopped = crash ?? (options.cancel?.requested ? cancelled() : new Error('a thread stopped unexpectedly'));
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

  /** A task whose answer nobody waits for; if it fails, the thread stops (see onExit). */
  post(task: TaskOf<H>): void {
    if (!this.stopped) this.worker.postMessage({ id: 0, task } satisfies ToThread);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private answer(message: FromThread): void {
    const call = this.calls.get(message.id);
    if (!call) return;
    if (message.type === 'progress') return call.onProgress?.(message.progress as never);
    this.calls.delete(message.id);
    clearTimeout(call.timer);
    if (message.type === 'done') call.resolve(message.result as never);
    else call.reject(fromWireError(message.error));
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

interface PoolTask {
  task: unknown;
  options: CallOptions<TaskHandler>;
  resolve: (result: never) => void;
  reject: (err: Error) => void;
}

/**
 * A few threads of one module, started with the same data; each task goes to whichever thread is free,
 * in the order given. Once the Cancel is requested no further task starts, and once a thread stops, the
 * pool fails: every task not yet answered rejects (with a conflict when cancelled), and answers still on
 * their way are dropped. close() when done.
 */
export class ThreadPool<H extends TaskHandler> {
  private readonly threads: Thread<H>[] = [];
  private readonly idle: Thread<H>[] = [];
  private readonly queue: PoolTask[] = [];
  private readonly pending = new Set<PoolTask>();
  private failure: Error | undefined;

  constructor(
    module: URL,
    private readonly options: { threads: number; data?: ContextOf<H>['data']; cancel?: Cancel },
  ) {
    for (let t = 0; t < Math.max(1, Math.floor(options.threads)); t++) {
      const thread = new Thread<H>(module, { data: options.data, cancel: options.cancel, onExit: (reason) => this.fail(reason) });
      this.threads.push(thread);
      this.idle.push(thread);
    }
  }

  run(task: TaskOf<H>, options: CallOptions<H> = {}): Promise<ResultOf<H>> {
    return new Promise((resolve, reject) => {
      const item: PoolTask = { task, options: options as CallOptions<TaskHandler>, resolve, reject };
      this.pending.add(item);
      this.queue.push(item);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('the thread pool was closed'));
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }

  private dispatch(): void {
    if (this.options.cancel?.requested) this.fail(cancelled());
    while (!this.failure && this.idle.length && this.queue.length) {
      const thread = this.idle.shift()!;
      const item = this.queue.shift()!;
      const settle = (answer: () => void) => {
        // An answer that arrives after the pool failed is dropped: its task was rejected then.
        if (this.pending.delete(item)) answer();
        this.idle.push(thread);
        this.dispatch();
      };
      thread.call(item.task as TaskOf<H>, item.options).then(
        (result) => settle(() => item.resolve(result as never)),
        (err: Error) => settle(() => item.reject(err)),
      );
    }
  }

  private fail(reason: Error): void {
    if (this.failure) return;
    this.failure = reason;
    this.queue.length = 0;
    for (const item of this.pending) item.reject(reason);
    this.pending.clear();
  }
}
