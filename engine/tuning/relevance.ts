/**
 * What happened after a meeting, per side, and the graded relevance derived from it: the judgement
 * against which the engine's ranking is measured.
 *
 * The mapping (grade 0–4, from the point of view of one participant p about its partner q):
 * - p did not attend: no judgement (the meeting says nothing about how good q was for p);
 * - q did not attend: 0 (the suggestion led to nothing);
 * - otherwise the highest of
 *   - the follow-up stage, which either side may report (a follow-up involves both):
 *     agreement 4, negotiation 3, contact 2, none 0;
 *   - p's own rating: 5 → 2, 4 → 1, 1–3 → 0.
 * A participant with no outcome recorded for a meeting gives no judgement about it, unless the partner
 * recorded a follow-up (then p's attendance is taken as given: a follow-up needs both).
 * For the binary metrics (precision, MAP, MRR) an item is relevant when its grade is at least 2: a
 * contact made, or a meeting rated 5.
 */
import { WISH_TYPES, type WishType } from '../cooperation.ts';

export const FOLLOW_UP_STAGES = ['none', 'contact', 'negotiation', 'agreement'] as const;
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number];
/** An agreement is one of the cooperation types wishes use (distribution, joint venture, investment, licensing, …). */
export const AGREEMENT_TYPES: readonly WishType[] = WISH_TYPES;
export type AgreementType = WishType;

/** One side's account of one meeting. */
export interface SideOutcome {
  attended: boolean;
  /** 1–5, null when not given. */
  rating: number | null;
  followUp: FollowUpStage;
  /** Set when followUp is 'agreement'. */
  agreementType: AgreementType | null;
  /** ISO date of the latest follow-up step, when known. */
  followUpDate: string | null;
}

export const MAX_GRADE = 4;
/** The default threshold of the binary metrics: a contact made, or a meeting rated 5. */
export const RELEVANT_GRADE = 2;

const STAGE_GRADE: Record<FollowUpStage, number> = { none: 0, contact: 2, negotiation: 3, agreement: 4 };

function ratingGrade(rating: number | null): number {
  if (rating === null) return 0;
  return rating >= 5 ? 2 : rating >= 4 ? 1 : 0;
}

/** p's graded relevance of the meeting (see the mapping above); null when there is no judgement. */
export function gradeOf(own: SideOutcome | null, partner: SideOutcome | null): number | null {
  if (own && !own.attended) return null;
  const partnerStage = partner?.attended ? STAGE_GRADE[partner.followUp] : 0;
  if (!own) return partner?.attended && partnerStage > 0 ? partnerStage : null;
  if (partner && !partner.attended) return 0;
  return Math.max(STAGE_GRADE[own.followUp], partnerStage, ratingGrade(own.rating));
}
