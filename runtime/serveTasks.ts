/**
 * The thread's side of threads.ts, loaded by the shim: imports the worker module named in workerData and
 * answers each task with what its default export returns. An AppError goes back in its wire form to the
 * caller; any other error is thrown out of the thread, which stops it, so that the parent sees the error
 * with its stack and no half-done state lives on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../engine/errors.ts';
import type { FromThread, ThreadContext, ThreadData, ToThread } from './threads.ts';
import { toWireError } from './wireError.ts';

const { module, data, cancel } = workerData as ThreadData;
const flag = cancel ? new Int32Array(cancel) : undefined;
const cancelled = () => flag !== undefined && Atomics.load(flag, 0) === 1;
const port = parentPort!;
const handle = (await import(module)).default as (task: unknown, thread: ThreadContext<unknown, unknown>) => unknown;
if (typeof handle !== 'function') throw new Error(`${module} has no default export to serve`);

const post = (message: FromThread) => port.postMessage(message);

port.on('message', async ({ id, task }: ToThread) => {
  // id 0: nobody waits for the answer, nor for progress.
  const thread: ThreadContext<unknown, unknown> = { data, cancelled, progress: (progress) => id && post({ type: 'progress', id, progress }) };
  try {
    const result = await handle(task, thread);
    if (id) post({ type: 'done', id, result });
  } catch (err) {
    if (id && err instanceof AppError) return post({ type: 'failed', id, error: toWireError(err) });
    process.nextTick(() => {
      throw err;
    });
  }
});
