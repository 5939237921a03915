/**
 * Hard filters and the exhaustive reference ranking: every candidate scored in full, sorted by score
 * and then by key, so ties are stable. The fast index must return exactly this.
 */
import type { MatchFeatures } from './features.ts';
import { pairScore, type PairScore, type ScoringProfile } from './score.ts';
import type { ClusterSpace } from './features.ts';

export type CountryRule = 'cross' | 'same' | 'any';

export interface MatchFilters {
  /** cross: only the other country (the default: German–Chinese pairs); same; any. */
  countries?: CountryRule;
  /** Keys ("company:<id>") the query entity said "no thanks" to, or has blocked. */
  blocked?: ReadonlySet<string>;
  /** Keys the query entity has already met (excluded when given). */
  met?: ReadonlySet<string>;
  /** Further candidate conditions (country, city, industry …) decided by the caller. */
  accept?: (candidate: MatchFeatures) => boolean;
}

/** Pairs that must never be suggested, whatever they score. */
export function excluded(a: MatchFeatures, b: MatchFeatures, filters: MatchFilters): boolean {
  if (a.key === b.key) return true;
  if (a.groupId && a.groupId === b.groupId) return true;
  const rule = filters.countries ?? 'cross';
  if (rule === 'cross' && a.country === b.country) return true;
  if (rule === 'same' && a.country !== b.country) return true;
  if (filters.blocked?.has(b.key) || filters.met?.has(b.key)) return true;
  if (filters.accept && !filters.accept(b)) return true;
  return false;
}

export interface RankedMatch {
  candidate: MatchFeatures;
  score: number;
}

/** Orders by score descending, then key ascending: the one total order every ranking uses. */
export function compareRanked(x: { score: number; key: string }, y: { score: number; key: string }): number {
  return y.score - x.score || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
}

export function rankExhaustive(
  space: ClusterSpace,
  profile: ScoringProfile,
  query: MatchFeatures,
  candidates: Iterable<MatchFeatures>,
  options: { k: number; filters?: MatchFilters },
): (RankedMatch & { detail: PairScore })[] {
  const scored: (RankedMatch & { detail: PairScore; key: string })[] = [];
  for (const candidate of candidates) {
    if (excluded(query, candidate, options.filters ?? {})) continue;
    const detail = pairScore(space, profile, query, candidate);
    scored.push({ candidate, score: detail.score, detail, key: candidate.key });
  }
  scored.sort(compareRanked);
  return scored.slice(0, options.k);
}
