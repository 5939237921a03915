/**
 * Evaluations of weight profiles on past events' outcomes, stored to be read back and charted; and the
 * feature matrix behind them as CSV, for the analysts' own tools.
 */
import { stringify } from 'csv-stringify/sync';
import { notFound } from '../../engine/errors.ts';
import { COMPONENTS } from '../../engine/matching/score.ts';
import type { MetricOptions } from '../../engine/tuning/metrics.ts';
import { findEvaluation, listEvaluations, saveEvaluation } from '../../data/repositories/evaluations.ts';
import type { StoredProfile } from '../../data/repositories/weightProfiles.ts';
import type { Principal } from '../policy.ts';
import { resolveProfile } from './weightProfiles.ts';
import type { AppContext } from '../context.ts';
import { evaluateProfiles, loadJudgedLists, type EvaluationResult } from './tuning.ts';

export type { EvaluationResult };

export interface EvaluationRequest extends MetricOptions {
  /** Profile references (name or name@vN); the active default when left out. */
  profiles?: string[] | undefined;
  /** The events to judge on; every event with outcomes when left out. */
  events?: string[] | undefined;
}

export interface Evaluation {
  id: string;
  createdAt: string;
  result: EvaluationResult;
}

/** Evaluates the profiles side by side on the same judged lists and stores the result for its caller. */
export async function createEvaluation(ctx: AppContext, principal: Principal, request: EvaluationRequest): Promise<Evaluation> {
  const profiles: StoredProfile[] = [];
  for (const [i, ref] of (request.profiles ?? [undefined]).entries()) profiles.push(await resolveProfile(ctx, ref, request.profiles ? `profiles.${i}` : 'profiles'));
  const result = await evaluateProfiles(ctx, { profiles, events: request.events ?? null, options: { k: request.k, threshold: request.threshold } });
  const stored = await saveEvaluation(ctx.db, { ownerKeyId: principal.keyId, params: { ...request, profiles: result.profiles.map((p) => p.profile) }, result });
  return { id: stored.id, createdAt: stored.createdAt, result };
}

/** Stored evaluations, newest first, without their results. */
export function listEvaluationSummaries(ctx: AppContext, page: { limit: number; offset: number }) {
  return listEvaluations(ctx.db, page);
}

export async function getEvaluation(ctx: AppContext, id: string): Promise<Evaluation> {
  const stored = await findEvaluation<EvaluationResult>(ctx.db, id);
  if (!stored) throw notFound('Evaluation', id);
  return { id: stored.id, createdAt: stored.createdAt, result: stored.result };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every judged pair of the events as `profile` scores it: each component both ways, and the graded relevance. */
export async function featureMatrixCsv(ctx: AppContext, request: { events?: string[] | undefined; profile?: string | undefined }): Promise<string> {
  const profile = await resolveProfile(ctx, request.profile, 'query.profile');
  const lists = await loadJudgedLists(ctx, request.events ?? null, profile);
  const rows: (string | number)[][] = [['event_id', 'participant_id', 'partner_id', ...COMPONENTS.map((c) => `${c}_forward`), ...COMPONENTS.map((c) => `${c}_backward`), 'grade']];
  for (const q of lists.queries) for (const item of q.items) rows.push([q.eventId, q.participantId, item.partnerId, ...item.forward.map(round), ...item.backward.map(round), item.grade]);
  return stringify(rows);
}
