/**
 * Synthetic matchmaking events shaped like large trade-fair matchmakings: German and Chinese
 * participants in equal numbers, meeting wishes skewed towards popular participants (so caps bind and
 * the selection matters), some must-meets, refusals and requests, and availability gaps.
 */
import type { PlanInput, PlanParticipant, PlanRequest, PlanWish } from '../../engine/scheduling/event.ts';

/** mulberry32: a tiny seeded generator, so that every run sees the same event. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticSpec {
  participants: number;
  /** Requested meetings (distinct pairs asked for by wishes or requests). */
  requested: number;
  slots: number;
  maxMeetings: number;
  /** Share of participants with a blocked stretch of 1–4 slots. */
  gapShare: number;
  seed: number;
  timeLimit?: number;
}

/** A pair's score, the same whenever asked: a hash of the two ids into (0, 1]. */
function pairScore(a: string, b: string): number {
  const key = a < b ? a + b : b + a;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000 + 0.001;
}

export function syntheticEvent(spec: SyntheticSpec): PlanInput {
  const rand = random(spec.seed);
  const P = spec.participants;
  const participants: PlanParticipant[] = [];
  for (let i = 0; i < P; i++) {
    const blocked: number[] = [];
    if (rand() < spec.gapShare) {
      const len = 1 + Math.floor(rand() * 4);
      const start = Math.floor(rand() * (spec.slots - len + 1));
      for (let t = start; t < start + len; t++) blocked.push(t);
    }
    participants.push({ id: `p${i}`, name: `Participant ${i}`, side: i % 2 ? 'CN' : 'DE', blocked, minMeetings: 2, maxMeetings: spec.maxMeetings });
  }
  // Popularity: a few are wanted by many (Zipf-like weights), drawn by inverse transform on the cumulative weights.
  const weights = participants.map((_p, i) => 1 / Math.pow(1 + ((i * 7919) % P), 0.6));
  const cumulative = (side: number) => {
    const ids: number[] = [];
    const sums: number[] = [];
    let total = 0;
    for (let i = side; i < P; i += 2) {
      total += weights[i]!;
      ids.push(i);
      sums.push(total);
    }
    return { ids, sums, total };
  };
  const sides = [cumulative(0), cumulative(1)];
  const draw = (side: number) => {
    const { ids, sums, total } = sides[side]!;
    const x = rand() * total;
    let lo = 0;
    let hi = sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sums[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo]!;
  };
  const wishes: PlanWish[] = [];
  const requests: PlanRequest[] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (seen.size < spec.requested && guard++ < spec.requested * 20) {
    const from = Math.floor(rand() * P);
    const to = draw(1 - (from % 2));
    const key = from < to ? `${from}:${to}` : `${to}:${from}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = rand();
    const a = `p${from}`;
    const b = `p${to}`;
    if (r < 0.08) wishes.push({ from: a, to: b, kind: 'must' });
    else if (r < 0.8) wishes.push({ from: a, to: b, kind: 'like' });
    else if (r < 0.95) requests.push({ from: a, to: b, status: rand() < 0.7 ? 'accepted' : 'pending' });
    else {
      wishes.push({ from: a, to: b, kind: 'like' });
      wishes.push({ from: b, to: a, kind: 'no' });
    }
  }
  return {
    slots: spec.slots,
    tables: Array.from({ length: Math.ceil((P * spec.maxMeetings) / 2 / spec.slots) + 10 }, (_t, i) => ({ id: `t${i + 1}` })),
    participants,
    wishes,
    requests,
    kept: [],
    score: pairScore,
    suggestions: [],
    requireMutual: false,
    fairness: 2,
  };
}
