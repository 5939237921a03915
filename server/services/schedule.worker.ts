/**
 * One scheduling run on its own thread (runtime/threads.ts runOnce): the search is CPU-bound for up to
 * its time limit and must not stall requests. The parent cancels through the thread's Cancel, read at
 * every progress report.
 */
import { planEvent, type EventPlan, type PlanProgress } from '../../engine/scheduling/event.ts';
import { planInputOf, type PlanData } from '../../engine/scheduling/input.ts';
import type { ThreadContext } from '../../runtime/threads.ts';
import { cadicalFactory } from '../../runtime/solver/cadical.ts';

export interface ScheduleWorkerData {
  /** The planning input as data (engine/scheduling/input.ts): it crosses threads as it is. */
  input: PlanData;
  timeLimitMs: number;
  seed: number;
}

export default async function schedule(data: ScheduleWorkerData, thread: ThreadContext<undefined, PlanProgress>): Promise<EventPlan> {
  let lastPost = 0;
  let lastPhase = '';
  // The exact timetable search of small events runs CaDiCaL (engine/scheduling/timetable.ts).
  const satSolver = await cadicalFactory();
  return planEvent(planInputOf(data.input), {
    timeLimitMs: data.timeLimitMs,
    seed: data.seed,
    satSolver,
    onProgress: (progress) => {
      const now = Date.now();
      // Every change of phase, and otherwise four reports a second.
      if (now - lastPost >= 250 || progress.phase !== lastPhase) {
        lastPost = now;
        lastPhase = progress.phase;
        thread.progress(progress);
      }
      return thread.cancelled();
    },
  });
}
