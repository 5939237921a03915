/** A computation on a thread of its own, for work that would otherwise stall requests for seconds. */
import { Worker } from 'node:worker_threads';

/** Starts the worker with `workerData` and resolves with its first message; a crash rejects. */
export function runWorkerOnce<M>(url: URL, workerData: unknown): Promise<M> {
  return new Promise((resolve, reject) => {
    // execArgv: [] — the parent's loader flags do not carry into workers; the .mjs entry registers tsx.
    const worker = new Worker(url, { workerData, execArgv: [] });
    let settled = false;
    const settle = (error: Error | null, message?: M) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(message!);
    };
    worker.once('message', (message: M) => settle(null, message));
    worker.once('error', (err) => settle(new Error(`worker thread failed: ${err.message}`, { cause: err })));
    worker.once('exit', () => settle(new Error('worker thread stopped unexpectedly')));
  });
}
