/** The search's two orders: blocks by bound (a heap) and the k best hits so far. */

export interface IndexHit {
  key: string;
  score: number;
}

/** Blocks by bound, largest first: a binary max-heap over flat arrays, built in linear time. */
export class BlockQueue {
  private readonly ids: Int32Array;
  private readonly bounds: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.bounds = new Float64Array(capacity);
  }
  add(id: number, bound: number): void {
    this.ids[this.size] = id;
    this.bounds[this.size] = bound;
    this.size++;
  }
  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  get topBound(): number {
    return this.bounds[0]!;
  }
  get topId(): number {
    return this.ids[0]!;
  }
  /** Gives the top block a new bound (a refined one) and restores the heap. */
  replaceTop(bound: number): void {
    this.bounds[0] = bound;
    this.siftDown(0);
  }
  pop(): number {
    const id = this.ids[0]!;
    this.size--;
    this.ids[0] = this.ids[this.size]!;
    this.bounds[0] = this.bounds[this.size]!;
    this.siftDown(0);
    return id;
  }
  /** Ties go to the lower block id, so the visiting order does not depend on the heap's shape. */
  private before(i: number, j: number): boolean {
    const a = this.bounds[i]!;
    const b = this.bounds[j]!;
    return a > b || (a === b && this.ids[i]! < this.ids[j]!);
  }
  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const c = l + 1 < this.size && this.before(l + 1, l) ? l + 1 : l;
      if (!this.before(c, i)) return;
      const id = this.ids[i]!;
      const bound = this.bounds[i]!;
      this.ids[i] = this.ids[c]!;
      this.bounds[i] = this.bounds[c]!;
      this.ids[c] = id;
      this.bounds[c] = bound;
      i = c;
    }
  }
}

/**
 * The k best (score desc, key asc) seen so far: insertion into two parallel arrays, fast for the small k
 * of match lists (no object per offer: a search offers a hundred candidates).
 */
export class TopK {
  private readonly keys: string[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}
  get full(): boolean {
    return this.scores.length >= this.k;
  }
  get threshold(): number {
    return this.scores.length ? this.scores[this.scores.length - 1]! : -Infinity;
  }
  offer(key: string, score: number): void {
    if (this.k <= 0) return;
    const { keys, scores } = this;
    let i = scores.length;
    if (i >= this.k) {
      const last = scores[i - 1]!;
      if (score < last || (score === last && key > keys[i - 1]!)) return;
      i--; // the last one drops out: its place is the first to be shifted into
    } else {
      scores.push(score);
      keys.push(key);
    }
    while (i > 0 && (scores[i - 1]! < score || (scores[i - 1] === score && keys[i - 1]! > key))) {
      scores[i] = scores[i - 1]!;
      keys[i] = keys[i - 1]!;
      i--;
    }
    scores[i] = score;
    keys[i] = key;
  }
  sorted(): IndexHit[] {
    return this.keys.map((key, i) => ({ key, score: this.scores[i]! }));
  }
}
