/** Typed arrays that grow: the index's storage for candidates, their pools and its blocks. */

type TypedArray = Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array;

export interface Growable<T extends TypedArray> {
  data: T;
  length: number;
  reserve(extra: number): void;
  resize(capacity: number): void;
  push(value: number): number;
}

/**
 * A typed array that grows. Each element type gets its own class, so that push() stays monomorphic
 * (one shared class over five array types made it the slowest line of the index build).
 */
function growableOf<T extends TypedArray>(make: (n: number) => T) {
  return class implements Growable<T> {
    data: T;
    length = 0;
    constructor(capacity = 1024) {
      this.data = make(capacity);
    }
    reserve(extra: number): void {
      if (this.length + extra <= this.data.length) return;
      let capacity = this.data.length * 2;
      while (capacity < this.length + extra) capacity *= 2;
      const next = make(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    /** Grows to hold at least `capacity` elements, keeping all of them (for arrays indexed by slot). */
    resize(capacity: number): void {
      if (capacity <= this.data.length) return;
      const next = make(capacity);
      next.set(this.data);
      this.data = next;
    }
    push(value: number): number {
      if (this.length === this.data.length) this.reserve(1);
      this.data[this.length] = value;
      return this.length++;
    }
  };
}

export const F64 = growableOf((n) => new Float64Array(n));
export const I32 = growableOf((n) => new Int32Array(n));
export const U8 = growableOf((n) => new Uint8Array(n));
export const I16 = growableOf((n) => new Int16Array(n));
export const I8 = growableOf((n) => new Int8Array(n));
