/** What the slot search threads and the thread that starts them (parallel.ts) share: messages and flags. */
import type { AnnealingSettings, SlotProblem, SlotSchedule } from '../../engine/scheduling/index.ts';

/**
 * 'cores' and 'cores-busy' differ in one implied constraint of the SAT model (busy participants per
 * slot, see SlotSatModelOptions), which makes some forums easy and others hard; 'cores-busy' also
 * anneals briefly first, so that some thread has a schedule early.
 */
export type SlotStrategy = 'annealing' | 'hybrid' | 'cores' | 'cores-busy';

export interface SlotWorkerData {
  problem: SlotProblem;
  timeLimitMs: number;
  seed: number;
  strategy: SlotStrategy;
  annealing?: Partial<AnnealingSettings>;
  restarts?: number;
  /** Int32Array over it, see SHARED. */
  shared: SharedArrayBuffer;
  /** The best schedule so far (sharedScheduleBuffer). */
  best: SharedArrayBuffer;
}

/** Slots of the shared Int32Array. */
export const SHARED = { stop: 0, bestBreaks: 1, lowerBound: 2, length: 3 } as const;

export type FromSlotWorker =
  | { type: 'done'; schedule: SlotSchedule | null; lowerBound: number }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };


/**
 * The best schedule so far, shared between threads: [lock, breaks, slot of each meeting…] in an
 * Int32Array over a SharedArrayBuffer. Writers replace it only with a schedule of fewer breaks.
 */
export function sharedScheduleBuffer(meetings: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(4 * (2 + meetings));
  new Int32Array(buffer)[1] = 0x7fffffff;
  return buffer;
}

function withLock<T>(cells: Int32Array, run: () => T): T {
  while (Atomics.compareExchange(cells, 0, 0, 1) !== 0) Atomics.wait(cells, 0, 1, 1);
  try {
    return run();
  } finally {
    Atomics.store(cells, 0, 0);
    Atomics.notify(cells, 0);
  }
}

export function publishSchedule(buffer: SharedArrayBuffer, slotOf: ArrayLike<number>, breaks: number): void {
  const cells = new Int32Array(buffer);
  withLock(cells, () => {
    if (breaks >= cells[1]!) return;
    cells[1] = breaks;
    cells.set(slotOf, 2);
  });
}

export function hasSchedule(buffer: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(buffer), 1) !== 0x7fffffff;
}

export function readSchedule(buffer: SharedArrayBuffer): { slotOf: Int32Array; breaks: number } | null {
  const cells = new Int32Array(buffer);
  return withLock(cells, () => (cells[1] === 0x7fffffff ? null : { slotOf: cells.slice(2), breaks: cells[1]! }));
}
