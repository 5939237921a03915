/** What the slot search threads and the thread that starts them (parallel.ts) share: messages and flags. */
import type { AnnealingSettings, SlotProblem, SlotSchedule } from '../../engine/scheduling/index.ts';

export type SlotStrategy = 'annealing' | 'hybrid' | 'cores';

export interface SlotWorkerData {
  problem: SlotProblem;
  timeLimitMs: number;
  seed: number;
  strategy: SlotStrategy;
  annealing?: Partial<AnnealingSettings>;
  restarts?: number;
  /** Int32Array over it, see SHARED. */
  shared: SharedArrayBuffer;
}

/** Slots of the shared Int32Array. */
export const SHARED = { stop: 0, bestBreaks: 1, lowerBound: 2, length: 3 } as const;

export type FromSlotWorker =
  | { type: 'done'; schedule: SlotSchedule | null; lowerBound: number }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };

