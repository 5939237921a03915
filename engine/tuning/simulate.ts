/**
 * Simulated history, for the demo and the tests: outcomes of past meetings drawn from a hidden "true"
 * weight vector plus noise and no-shows, so that the fitting can be checked against weights it was not
 * told.
 *
 * Per meeting, the true pair score S (the profile's fusion of the true weighted directed components) is
 * the pair's real value. The follow-up stage comes from S plus pair noise, ranked within the event
 * (shares below); each side's rating from S plus that side's noise, ranked likewise; each side stays away
 * with the no-show rate. Ranking within the event keeps the share of agreements realistic whatever the
 * scale of the scores.
 */
import { pairTotal, UNMET_INDUSTRY_CREDIT } from '../matching/score.ts';
import { type Fusion } from '../matching/fusion.ts';
import { Random } from '../random.ts';
import type { RankingQuery, Weights } from './rankingSet.ts';
import { gradeOf, type FollowUpStage, type SideOutcome } from './relevance.ts';

export interface SimulationSettings {
  trueWeights: Weights;
  fusion: Fusion;
  /** Standard deviation of the noise added to the true score (scores lie in [0, 1]). */
  noise: number;
  /** Probability that one side does not come. */
  noShowRate: number;
  seed: number;
}

export const DEFAULT_SIMULATION: Omit<SimulationSettings, 'trueWeights' | 'seed'> = { fusion: 'harmonic', noise: 0.05, noShowRate: 0.08 };

/** Shares of the follow-up stages, best first (the rest: none); and of ratings 5, 4, 3, 2 (the rest: 1). */
const STAGE_SHARES: [FollowUpStage, number][] = [['agreement', 0.08], ['negotiation', 0.12], ['contact', 0.25]];
const RATING_SHARES = [0.2, 0.25, 0.3, 0.15];
const AGREEMENTS = ['distribution', 'joint-venture', 'investment', 'licensing', 'sourcing', 'production'] as const;

export interface SimulatedMeeting {
  forward: readonly number[];
  backward: readonly number[];
}

/** Rank of each value among all (0 = highest) as a share in [0, 1). */
function shareRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const share = new Array<number>(values.length);
  order.forEach((i, r) => (share[i] = r / values.length));
  return share;
}

function fromShares<T>(share: number, levels: readonly [T, number][], rest: T): T {
  let upTo = 0;
  for (const [level, s] of levels) {
    upTo += s;
    if (share < upTo) return level;
  }
  return rest;
}

/** The true pair score of a meeting under the hidden weights: the engine's pair score (score.ts pairTotal) with them. */
export function trueScore(meeting: SimulatedMeeting, settings: Pick<SimulationSettings, 'trueWeights' | 'fusion'>): number {
  const w = settings.trueWeights;
  const [f, g] = [meeting.forward, meeting.backward];
  // Simulated meetings are between companies (unmetCreditOf: two firms).
  return pairTotal(settings.fusion, w.industry, w.complementarity, w.size, f[0]!, f[1]!, f[2]!, g[0]!, g[1]!, g[2]!, UNMET_INDUSTRY_CREDIT);
}

/** Both sides' outcomes of each meeting of one event: [side a (forward's p), side b]. */
export function simulateEventOutcomes(meetings: readonly SimulatedMeeting[], settings: SimulationSettings, random = new Random(settings.seed)): [SideOutcome, SideOutcome][] {
  const scores = meetings.map((m) => trueScore(m, settings));
  const stageShare = shareRanks(scores.map((s) => s + settings.noise * random.normal()));
  const ratingShareA = shareRanks(scores.map((s) => s + settings.noise * random.normal()));
  const ratingShareB = shareRanks(scores.map((s) => s + settings.noise * random.normal()));
  const ratingLevels: [number, number][] = RATING_SHARES.map((s, i) => [5 - i, s]);
  return meetings.map((_, i) => {
    const attendedA = random.next() >= settings.noShowRate;
    const attendedB = random.next() >= settings.noShowRate;
    const both = attendedA && attendedB;
    const stage: FollowUpStage = both ? fromShares(stageShare[i]!, STAGE_SHARES, 'none') : 'none';
    const agreementType = stage === 'agreement' ? random.pick(AGREEMENTS) : null;
    const side = (attended: boolean, ratingShare: number): SideOutcome => ({
      attended,
      rating: both ? fromShares(ratingShare, ratingLevels, 1) : null,
      followUp: stage,
      agreementType,
      followUpDate: null,
    });
    return [side(attendedA, ratingShareA[i]!), side(attendedB, ratingShareB[i]!)];
  });
}

export interface SyntheticHistorySettings extends SimulationSettings {
  events: number;
  /** Participants per event, half on each side. */
  participants: number;
  meetingsPerParticipant: number;
}

/**
 * Synthetic past events without a company database, for the tests and the tuning benchmark: each
 * participant gets component values drawn as the real ones fall (industry fit symmetric and spread over
 * [0, 1]; complementarity 0 for about half the pairs; size fit from a few matrix values), meets random
 * partners of the other side, and the outcomes are simulated as above.
 */
export function syntheticHistory(settings: SyntheticHistorySettings): RankingQuery[] {
  const random = new Random(settings.seed);
  const queries: RankingQuery[] = [];
  const sizeValues = [0.3, 0.5, 0.6, 0.8, 0.9, 1];
  const half = Math.max(1, Math.floor(settings.participants / 2));
  for (let e = 0; e < settings.events; e++) {
    const eventId = `sim-${String(e + 1).padStart(3, '0')}`;
    const pairs = new Set<string>();
    const meetings: (SimulatedMeeting & { a: string; b: string })[] = [];
    for (let i = 0; i < half; i++) {
      for (let m = 0; m < settings.meetingsPerParticipant; m++) {
        const j = random.int(0, half - 1);
        const key = `${i}:${j}`;
        if (pairs.has(key)) continue;
        pairs.add(key);
        const industry = random.next() ** 1.5;
        const comp = () => (random.next() < 0.5 ? 0 : random.next());
        const size = random.pick(sizeValues);
        meetings.push({ a: `de-${i + 1}`, b: `cn-${j + 1}`, forward: [industry, comp(), size], backward: [industry, comp(), random.pick(sizeValues)] });
      }
    }
    const outcomes = simulateEventOutcomes(meetings, settings, random);
    const lists = new Map<string, RankingQuery>();
    const add = (p: string, partnerId: string, forward: readonly number[], backward: readonly number[], grade: number | null) => {
      if (grade === null) return;
      let query = lists.get(p);
      if (!query) lists.set(p, (query = { eventId, participantId: p, items: [] }));
      query.items.push({ partnerId, forward, backward, grade });
    };
    meetings.forEach((m, i) => {
      const [a, b] = outcomes[i]!;
      add(m.a, m.b, m.forward, m.backward, gradeOf(a, b));
      add(m.b, m.a, m.backward, m.forward, gradeOf(b, a));
    });
    queries.push(...lists.values());
  }
  return queries;
}
