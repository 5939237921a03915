/**
 * The thread's side of threads.ts, loaded by the shim: imports the worker module named in workerData and
 * answers each task with what its default export returns, or with its AppError in wire form. Any other
 * error is the thread's failure: on a Thread it is thrown out of the thread, which stops it, so that the
 * parent sees the error with its stack and no half-done state lives on; in a ThreadPool piscina hands it
 * to the task's caller.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../engine/errors.ts';
import type { FromThread, ThreadContext, ThreadData, ToThread } from './threads.ts';
import { cancelledError, toWireError, type TaskAnswer } from './wireError.ts';

const { module, data, cancel, pooled } = workerData as ThreadData;
const flag = cancel ? new Int32Array(cancel) : undefined;
const cancelled = () => flag !== undefined && Atomics.load(flag, 0) === 1;
const handle = (await import(module)).default as (task: unknown, thread: ThreadContext<unknown, unknown>) => unknown;
if (typeof handle !== 'function') throw new Error(`${module} has no default export to serve`);

async function answer(task: unknown, thread: ThreadContext<unknown, unknown>): Promise<TaskAnswer> {
  try {
    return { result: await handle(task, thread) };
  } catch (err) {
    if (err instanceof AppError) return { error: toWireError(err) };
    throw err;
  }
}

/** A pool's task: none starts once the run is cancelled; pooled tasks report no progress. */
export const runPooledTask = (task: unknown): Promise<TaskAnswer> =>
  cancelled() ? Promise.resolve({ error: toWireError(cancelledError()) }) : answer(task, { data, cancelled, progress: () => undefined });

if (!pooled) {
  const port = parentPort!;
  port.on('message', ({ id, task }: ToThread) => {
    // id 0: nobody waits for the answer, nor for progress.
    const progress = (value: unknown) => id && port.postMessage({ id, progress: value } satisfies FromThread);
    answer(task, { data, cancelled, progress }).then(
      (reply) => id && port.postMessage({ id, answer: reply } satisfies FromThread),
      (err: unknown) =>
        process.nextTick(() => {
          throw err;
        }),
    );
  });
}
