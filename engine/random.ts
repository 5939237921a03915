/**
 * A seeded random source (pure-rand's xoroshiro128+): the same seed gives the same numbers on every
 * machine, which the demo data, the simulated history and the fitting's restarts all rely on.
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
