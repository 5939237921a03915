/**
 * The planning input of a scheduling run, built once from what the run read about the event: its grid,
 * tables and settings, the participants, wishes, requests, the meetings kept from earlier runs, and the
 * matching engine's scores. The builder scores the pairs somebody asked for and picks the suggestions;
 * the result is plain data (scores by pair key, not a function), so that it can cross to the planner's
 * thread as it is, where `planInputOf` turns it into planEvent's input.
 */
import { blockedSlots, type EventMeeting, type EventParticipant, type MatchmakingEvent } from '../events.ts';
import { pairKey } from '../pairs.ts';
import type { PlanInput, PlanRequest, PlanWish, SuggestedPair } from './event.ts';
import { gridSlots, morningSlotsOf } from './grid.ts';

/** What a run reads about an event. */
export interface EventRecords {
  event: Pick<MatchmakingEvent, 'days' | 'slotMinutes' | 'tables' | 'settings'>;
  participants: readonly EventParticipant[];
  wishes: readonly PlanWish[];
  requests: readonly PlanRequest[];
  /** The event's meetings: the locked and confirmed ones are kept, scheduled ones are planned afresh. */
  meetings: readonly Pick<EventMeeting, 'a' | 'b' | 'slot' | 'tableId' | 'status'>[];
}

/** The matching engine's view of participants: their features (none: never scored) and a pair's score (0..1). */
export interface PairScoring<F> {
  featuresOf(p: EventParticipant): F | undefined;
  score(a: F, b: F): number | undefined;
  /** A pair never to suggest, whatever it scores (one side marked the other "not interested"). */
  unwanted?(a: F, b: F): boolean;
}

/** planEvent's input as data: the pair scores by pairKey. */
export type PlanData = Omit<PlanInput, 'score'> & { scores: ReadonlyMap<string, number> };

export function planInputOf(data: PlanData): PlanInput {
  const { scores } = data;
  return { ...data, score: (a, b) => scores.get(pairKey(a, b)) };
}

/**
 * Builds the planning input. Picking suggestions scores every pair across the sides for each participant
 * with few wishes, seconds of work on large events: `pause`, awaited every few thousand scores, lets the
 * caller serve requests meanwhile.
 */
export async function buildPlanData<F>(records: EventRecords, scoring: PairScoring<F>, pause?: () => Promise<void>): Promise<PlanData> {
  const { event, participants, wishes, requests } = records;
  const { settings } = event;
  const slots = gridSlots(event);
  const features = new Map(participants.map((p) => [p.id, scoring.featuresOf(p)]));
  return {
    slots: slots.length,
    morningSlots: morningSlotsOf(slots),
    tables: event.tables.map((t) => ({ id: t.id, reservedFor: t.reservedFor })),
    participants: participants.map((p) => ({
      id: p.id,
      name: p.name,
      side: p.side,
      blocked: blockedSlots(slots, p.unavailable),
      minMeetings: p.minMeetings ?? settings.minMeetings,
      maxMeetings: p.maxMeetings ?? settings.maxMeetings,
      table: p.tableId,
    })),
    wishes: wishes.map((w) => ({ from: w.from, to: w.to, kind: w.kind })),
    requests: requests.map((r) => ({ from: r.from, to: r.to, status: r.status })),
    kept: records.meetings.flatMap((m) => (m.status === 'scheduled' ? [] : [{ a: m.a, b: m.b, slot: m.slot, table: m.tableId, status: m.status }])),
    scores: askedPairScores(records, features, scoring),
    suggestions: await suggestionsFor(records, features, scoring, pause),
    requireMutual: settings.requireMutual,
    fairness: settings.fairness,
  };
}

/** Scores of the pairs somebody wished for or requested (in either direction), by pair key. */
function askedPairScores<F>(records: EventRecords, features: ReadonlyMap<string, F | undefined>, scoring: PairScoring<F>): Map<string, number> {
  const scores = new Map<string, number>();
  const scored = new Set<string>();
  for (const { from, to } of [...records.wishes, ...records.requests]) {
    const key = pairKey(from, to);
    if (scored.has(key)) continue;
    scored.add(key);
    const a = features.get(from);
    const b = features.get(to);
    const score = a !== undefined && b !== undefined ? scoring.score(a, b) : undefined;
    if (score !== undefined) scores.set(key, score);
  }
  return scores;
}

/** Positive wishes each participant stated: wishes other than "no thanks", and requests not declined. */
function positiveWishCounts(wishes: readonly PlanWish[], requests: readonly PlanRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of wishes) if (w.kind !== 'no') counts.set(w.from, (counts.get(w.from) ?? 0) + 1);
  for (const r of requests) if (r.status !== 'declined') counts.set(r.from, (counts.get(r.from) ?? 0) + 1);
  return counts;
}

/** Scores between two pauses. */
const SCORES_PER_PAUSE = 2000;

/**
 * Suggestions for those who stated fewer positive wishes than the event's `suggestBelow`: their
 * `suggestionsPerParticipant` best-scored partners on the other side (ties by id), unwanted pairs left out.
 */
async function suggestionsFor<F>(records: EventRecords, features: ReadonlyMap<string, F | undefined>, scoring: PairScoring<F>, pause?: () => Promise<void>): Promise<SuggestedPair[]> {
  const { participants } = records;
  const { suggestBelow, suggestionsPerParticipant: perParticipant } = records.event.settings;
  const positive = positiveWishCounts(records.wishes, records.requests);
  const suggestions: SuggestedPair[] = [];
  let work = 0;
  for (const p of participants) {
    const own = features.get(p.id);
    if ((positive.get(p.id) ?? 0) >= suggestBelow || own === undefined) continue;
    const best: SuggestedPair[] = [];
    for (const q of participants) {
      const other = features.get(q.id);
      if (q.side === p.side || other === undefined || scoring.unwanted?.(own, other)) continue;
      const score = scoring.score(own, other)!;
      if (pause && ++work % SCORES_PER_PAUSE === 0) await pause();
      if (best.length < perParticipant || score > best[best.length - 1]!.score) {
        best.push({ a: p.id, b: q.id, score });
        best.sort((x, y) => y.score - x.score || (x.b < y.b ? -1 : 1));
        if (best.length > perParticipant) best.pop();
      }
    }
    suggestions.push(...best);
  }
  return suggestions;
}
