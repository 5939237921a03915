import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { crossValidate, TuningProgress } from '../../engine/tuning/fit.ts';
import { DEFAULT_METRIC_OPTIONS, RankingSet, type Weights } from '../../engine/tuning/rankingSet.ts';
import { DEFAULT_SIMULATION, syntheticHistory } from '../../engine/tuning/simulate.ts';
import { Cancel } from '../../runtime/threads.ts';
import { crossValidateOnThreads, type TuningInput, type TuningRunProgress } from '../../server/services/tuning.ts';

describe('tuning runs on worker threads', () => {
  const trueWeights: Weights = { industry: 0.3, complementarity: 0.1, size: 0.6 };
  const queries = syntheticHistory({ ...DEFAULT_SIMULATION, trueWeights, seed: 21, events: 6, participants: 40, meetingsPerParticipant: 6 });
  const input: TuningInput = {
    queries,
    fusion: 'harmonic',
    start: DEFAULT_PROFILE.weights,
    compare: [{ label: 'default', weights: DEFAULT_PROFILE.weights }],
    folds: 3,
    seed: 5,
    settings: { restarts: 3 },
    metrics: DEFAULT_METRIC_OPTIONS,
  };

  it('give exactly what one thread gives, reporting progress to the end', async () => {
    const serial = crossValidate(new RankingSet(queries), input);
    const fractions: number[] = [];
    const threaded = await crossValidateOnThreads(input, { threads: 2, onProgress: (p) => fractions.push(p.fraction) });
    expect(threaded).toEqual(serial);
    expect(fractions).toHaveLength(4 * 3);
    expect(fractions.at(-1)).toBe(1);
  });

  it('report restarts and folds done in counts, advancing one restart at a time to every fold and the final fit', async () => {
    const seen: TuningRunProgress[] = [];
    await crossValidateOnThreads(input, { threads: 2, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.restarts.done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(seen.every((p) => p.restarts.total === 12 && p.folds.total === 3 && p.fraction === p.restarts.done / 12)).toBe(true);
    const folds = seen.map((p) => p.folds.done);
    expect(folds).toEqual([...folds].sort((a, b) => a - b));
    expect(new Set(folds).size).toBeGreaterThan(2);
    expect(seen.at(-1)).toMatchObject({ phase: 'assembling', folds: { done: 3 }, finalFit: true });
  });

  it('count a task once only', () => {
    const progress = new TuningProgress(2, { restarts: 2 });
    expect(progress.counts()).toEqual({ restarts: { done: 0, total: 6 }, folds: { done: 0, total: 2 }, finalFit: false });
    progress.record(0);
    expect(progress.record(1)).toEqual({ restarts: { done: 2, total: 6 }, folds: { done: 1, total: 2 }, finalFit: false });
    expect(() => progress.record(1)).toThrow(/counted twice/);
    expect(() => progress.record(6)).toThrow(/not part of the plan/);
  });

  it('fail with the field named when the request cannot be planned, and stop on cancel', async () => {
    await expect(crossValidateOnThreads({ ...input, folds: 9 }, { threads: 2 })).rejects.toMatchObject({ code: 'validation_failed', field: 'folds' });
    const cancel = new Cancel();
    cancel.request();
    await expect(crossValidateOnThreads(input, { threads: 2, cancel })).rejects.toMatchObject({ code: 'conflict' });
  });
});
