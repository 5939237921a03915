/**
 * The change feed's bookkeeping: which sequence numbers of the change log have been applied. PostgreSQL
 * hands numbers out at insert and commits in another order, so a number can show up after a higher one;
 * it must be applied then, once, and a number that never shows up must not be looked for forever.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChangeCursor } from '../../server/services/changeFeed.ts';

describe('ChangeCursor', () => {
  it('applies numbers in order and each once', () => {
    const cursor = new ChangeCursor(10);
    expect(cursor.take([11, 12, 13], 0)).toEqual([11, 12, 13]);
    expect(cursor.take([12, 13], 0)).toEqual([]);
    expect(cursor.after).toBe(13);
    expect(cursor.missing).toEqual([]);
  });

  it('remembers a gap, applies its numbers when they commit late, and splits it', () => {
    const cursor = new ChangeCursor(0);
    expect(cursor.take([1, 5, 9], 0)).toEqual([1, 5, 9]);
    expect(cursor.missing).toEqual([[2, 4], [6, 8]]);
    expect(cursor.take([3, 7], 1000)).toEqual([3, 7]);
    expect(cursor.missing).toEqual([[2, 2], [4, 4], [6, 6], [8, 8]]);
    expect(cursor.take([3], 2000)).toEqual([]);
  });

  it('gives up a gap after ten minutes', () => {
    const cursor = new ChangeCursor(0);
    cursor.take([3], 0);
    expect(cursor.missing).toEqual([[1, 2]]);
    cursor.take([], 9 * 60_000);
    expect(cursor.missing).toEqual([[1, 2]]);
    cursor.take([], 10 * 60_000);
    expect(cursor.missing).toEqual([]);
  });

  it('applies every number exactly once, whatever order the commits arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (order, batches) => {
        const numbers = [...new Set(order)];
        const cursor = new ChangeCursor(0);
        const applied: number[] = [];
        // The committed rows so far are read in `batches` polls, each seeing everything committed by then.
        const committed: number[] = [];
        const per = Math.ceil(numbers.length / batches);
        for (let i = 0; i < numbers.length; i += per) {
          committed.push(...numbers.slice(i, i + per));
          const after = cursor.after;
          const ranges = cursor.missing;
          const visible = committed.filter((n) => n > after || ranges.some(([lo, hi]) => lo <= n && n <= hi));
          applied.push(...cursor.take(visible, 0));
        }
        expect([...applied].sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b));
      }),
    );
  });
});
