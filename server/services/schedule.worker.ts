/**
 * One scheduling run on its own thread (runtime/threads.ts runOnce): the search is CPU-bound for up to
 * its time limit and must not stall requests. The parent cancels through the thread's Cancel, read at
 * every progress report.
 */
import { planEvent, type EventPlan, type PlanInput, type PlanProgress } from '../../engine/scheduling/event.ts';
import type { ThreadContext } from '../../runtime/threads.ts';

/** PlanInput as it crosses threads: functions cannot, so pair scores travel as a list. */
export interface ScheduleWorkerData {
  input: Omit<PlanInput, 'score'> & { scores: [string, string, number][] };
  timeLimitMs: number;
  seed: number;
}

export default function schedule(data: ScheduleWorkerData, thread: ThreadContext<undefined, PlanProgress>): EventPlan {
  const scores = new Map<string, number>();
  for (const [a, b, s] of data.input.scores) scores.set(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`, s);

  let lastPost = 0;
  let lastPhase = '';
  return planEvent(
    { ...data.input, score: (a, b) => scores.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`) },
    {
      timeLimitMs: data.timeLimitMs,
      seed: data.seed,
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
    },
  );
}
