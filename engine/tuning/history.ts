/**
 * From past events to judged lists: for every participant, the partners it met with both directed
 * component vectors (scored as the profile scores them: its size matrix) and the graded relevance its
 * outcomes give (relevance.ts). Participants without match features (no company or city linked) cannot
 * be scored and are counted, not guessed.
 */
import type { ClusterSpace, MatchFeatures } from '../matching/features.ts';
import { COMPONENTS, directedPair, unmetCreditOfPair, type ScoringProfile } from '../matching/score.ts';
import type { RankingQuery } from './rankingSet.ts';
import { gradeOf, type SideOutcome } from './relevance.ts';

export interface PastOutcome extends SideOutcome {
  participantId: string;
  partnerId: string;
}

export interface PastEvent {
  eventId: string;
  /** Features of each participant by id (undefined: not linked to a company or city). */
  features: ReadonlyMap<string, MatchFeatures | undefined>;
  outcomes: readonly PastOutcome[];
}

export interface JudgedLists {
  queries: RankingQuery[];
  /** Judgements that could not be used, by reason. */
  skipped: { noFeatures: number; noJudgement: number };
  /** Judged items per grade 0–4. */
  grades: number[];
}

export function judgedLists(events: readonly PastEvent[], space: ClusterSpace, profile: ScoringProfile): JudgedLists {
  const queries: RankingQuery[] = [];
  const skipped = { noFeatures: 0, noJudgement: 0 };
  const grades = [0, 0, 0, 0, 0];
  for (const event of events) {
    const own = new Map<string, PastOutcome>();
    for (const o of event.outcomes) own.set(`${o.participantId}\u0000${o.partnerId}`, o);
    const lists = new Map<string, RankingQuery>();
    // Every ordered pair that has an account from either side.
    const pairs = new Set<string>();
    for (const o of event.outcomes) {
      pairs.add(`${o.participantId}\u0000${o.partnerId}`);
      pairs.add(`${o.partnerId}\u0000${o.participantId}`);
    }
    for (const key of [...pairs].sort()) {
      const [p, q] = key.split('\u0000') as [string, string];
      const grade = gradeOf(own.get(key) ?? null, own.get(`${q}\u0000${p}`) ?? null);
      if (grade === null) {
        if (own.has(key)) skipped.noJudgement++;
        continue;
      }
      const fp = event.features.get(p);
      const fq = event.features.get(q);
      if (!fp || !fq) {
        skipped.noFeatures++;
        continue;
      }
      let list = lists.get(p);
      if (!list) lists.set(p, (list = { eventId: event.eventId, participantId: p, items: [] }));
      // Both directions as p's pair score sees them (one industry fit), so the set ranks as the engine does.
      const { forward, backward } = directedPair(space, profile, fp, fq);
      list.items.push({ partnerId: q, forward: COMPONENTS.map((c) => forward.components[c]), backward: COMPONENTS.map((c) => backward.components[c]), grade, unmetCredit: unmetCreditOfPair(fp, fq) });
      grades[grade]!++;
    }
    queries.push(...lists.values());
  }
  return { queries, skipped, grades };
}
