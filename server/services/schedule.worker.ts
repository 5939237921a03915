/**
 * One scheduling run on its own thread: the search is CPU-bound for up to its time limit and must not
 * stall requests. The parent cancels through a shared flag the run reads at every progress report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../engine/errors.ts';
import { planEvent, type EventPlan, type PlanProgress } from '../../engine/scheduling/event.ts';
import { planInputOf, type PlanData } from '../../engine/scheduling/input.ts';

export interface ScheduleWorkerData {
  /** The planning input as data (engine/scheduling/input.ts): it crosses threads as it is. */
  input: PlanData;
  timeLimitMs: number;
  seed: number;
  /** Int32Array over it: [0] becomes 1 to cancel. */
  cancel: SharedArrayBuffer;
}

export type FromScheduleWorker =
  | { type: 'progress'; progress: PlanProgress }
  | { type: 'done'; plan: EventPlan }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };

const data = workerData as ScheduleWorkerData;
const port = parentPort!;
const cancelFlag = new Int32Array(data.cancel);

let lastPost = 0;
let lastPhase = '';
try {
  const plan = planEvent(
    planInputOf(data.input),
    {
      timeLimitMs: data.timeLimitMs,
      seed: data.seed,
      onProgress: (progress) => {
        const now = Date.now();
        // Every change of phase, and otherwise four reports a second.
        if (now - lastPost >= 250 || progress.phase !== lastPhase) {
          lastPost = now;
          lastPhase = progress.phase;
          port.postMessage({ type: 'progress', progress } satisfies FromScheduleWorker);
        }
        return Atomics.load(cancelFlag, 0) === 1;
      },
    },
  );
  port.postMessage({ type: 'done', plan } satisfies FromScheduleWorker);
} catch (err) {
  const error =
    err instanceof AppError
      ? { code: err.code, message: err.message, field: err.field }
      : { code: 'internal', message: 'The scheduler failed unexpectedly' };
  port.postMessage({ type: 'failed', error } satisfies FromScheduleWorker);
  if (!(err instanceof AppError)) throw err;
}
