/**
 * Seeded random numbers: the same seed gives the same numbers on every machine, which the demo data, the
 * simulated history, the fitting's restarts and the scheduler's searches all rely on. `Random` (pure-rand's
 * xoroshiro128+) for everything but hot loops; `xorshift32` for the scheduler's inner loops, which draw
 * several numbers per move, where a method call and a library call each would dominate.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class Random {
  private readonly rng: ReturnType<typeof xoroshiro128plus>;
  private spare: number | null = null;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }
  /** Float in [0, 1). */
  next(): number {
    return this.int(0, 2 ** 30 - 1) / 2 ** 30;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    const total = items.reduce((s, t) => s + weight(t), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r <= 0) return item;
    }
    return items[items.length - 1]!;
  }
  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** A point drawn uniformly from the simplex {w ≥ 0, Σw = 1} of the given dimension (Dirichlet(1, …, 1)). */
  simplex(dimension: number): number[] {
    const e = Array.from({ length: dimension }, () => -Math.log(1 - this.next()));
    const sum = e.reduce((s, x) => s + x, 0);
    return e.map((x) => x / sum);
  }
}

/** xorshift32 (Marsaglia): the next state, an unsigned 32-bit integer, non-zero when `state` is. A plain function on a number, so that V8 inlines it. */
export function xorshift32(state: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
}

/** The first xorshift32 state for a seed (default 1): its low 32 bits, and 1 for 0, which would stay 0 forever. */
export const xorshiftSeed = (seed = 1): number => seed >>> 0 || 1;

/** An xorshift32 state as a float in [0, 1). */
export const unitOf = (state: number): number => state / 4294967296;
