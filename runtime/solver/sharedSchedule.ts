/**
 * What the slot search threads (slotSearch.worker.ts) and the thread that starts them (parallel.ts) share
 * in memory: flags, and the best schedule so far.
 */

/** Slots of the shared Int32Array of flags. */
export const SHARED = { stop: 0, bestBreaks: 1, lowerBound: 2, length: 3 } as const;

/** Lowers cells[index] to `value` if that is lower, whoever else writes it meanwhile. */
export function lowerShared(cells: Int32Array, index: number, value: number): void {
  for (;;) {
    const current = Atomics.load(cells, index);
    if (value >= current || Atomics.compareExchange(cells, index, current, value) === current) return;
  }
}

/** Raises cells[index] to `value` if that is higher, whoever else writes it meanwhile. */
export function raiseShared(cells: Int32Array, index: number, value: number): void {
  for (;;) {
    const current = Atomics.load(cells, index);
    if (value <= current || Atomics.compareExchange(cells, index, current, value) === current) return;
  }
}

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
