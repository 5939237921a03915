/**
 * The analysts' face: outcomes of past meetings (JSON or CSV), evaluations of weight profiles against
 * them, tuning runs that fit new profile versions, the feature matrix as CSV, and charts as SVG.
 * Organisers record outcomes of their own events; analysts and admins work across all events.
 */
import { z } from 'zod';
import { RANKLIB_DEFAULTS } from '../../engine/tuning/fit.ts';
import { RELEVANT_GRADE } from '../../engine/tuning/relevance.ts';
import { ANALYSTS, OUTCOME_KEEPERS } from '../policy.ts';
import { accepted, created, defineRoute, file, noContent, ok } from '../routing.ts';
import { evaluationSchema, evaluationSummarySchema, outcomeInputSchema, outcomeSchema, recordedOutcomesSchema, recordId, tuningRunSchema } from '../schemas/analysis.ts';
import { profileReference } from '../schemas/weightProfiles.ts';
import { pageOf, pagination, paginationQuery, pathParams } from '../schemas/common.ts';
import { createEvaluation, featureMatrixCsv, getEvaluation, listEvaluationSummaries, type Evaluation, type EvaluationResult } from '../services/evaluations.ts';
import { listOutcomes, recordOutcomeUpload, removeOutcome } from '../services/outcomes.ts';
import { MAX_OUTCOME_ROWS, OUTCOME_CSV_COLUMNS } from '../services/outcomesCsv.ts';
import { cancelTuningRun, getTuningRun, listTuningRuns, startTuningRun } from '../services/tuningRuns.ts';
import { lineChartSvg } from '../svg.ts';
import { presentJob } from '../services/jobs.ts';

const CSV_TYPES = ['text/csv', 'application/csv'];

const outcomesBody = z
  .strictObject({ eventId: recordId, outcomes: z.array(outcomeInputSchema).min(1).max(MAX_OUTCOME_ROWS) })
  .meta({
    example: {
      eventId: 'ev-2025-duisburg',
      outcomes: [
        { participantId: 'p-acme', partnerId: 'p-foshan-tools', attended: true, rating: 5, followUp: 'agreement', agreementType: 'joint-venture', followUpDate: '2025-11-20' },
        { participantId: 'p-foshan-tools', partnerId: 'p-acme', attended: true, rating: 4, followUp: 'negotiation' },
      ],
    },
  });
const outcomesQuery = z.strictObject({ eventId: recordId.meta({ description: 'the event whose outcomes to list' }), ...pagination });

const metricFields = {
  k: z.number().int().min(1).max(100).default(10).meta({ description: 'the cut-off of NDCG@k and precision@k' }),
  threshold: z.number().int().min(1).max(4).default(RELEVANT_GRADE).meta({ description: 'the lowest grade that counts as relevant for precision, MAP and MRR' }),
};
const evaluationBody = z
  .strictObject({
    profiles: z.array(profileReference).min(1).max(5).optional().meta({ description: 'the profiles to compare; the active default when left out' }),
    events: z.array(recordId).min(1).max(2000).optional().meta({ description: 'the events to judge on; every event with outcomes when left out' }),
    ...metricFields,
  })
  .meta({ example: { profiles: ['default@v1', 'default@v2'], k: 10 } });
const tuningBody = z
  .strictObject({
    profile: profileReference.optional().meta({ description: 'the profile to start from and compare against; the active default when left out' }),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes').optional().meta({ description: 'the name the fitted version is stored under; the base profile\'s when left out' }),
    compare: z.array(profileReference).max(4).default([]).meta({ description: 'further profiles to compare on the same held-out events' }),
    events: z.array(recordId).min(2).max(2000).optional().meta({ description: 'the events to fit on; every event with outcomes when left out' }),
    folds: z.number().int().min(2).max(10).default(5),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    restarts: z.number().int().min(1).max(20).default(RANKLIB_DEFAULTS.restarts),
    iterations: z.number().int().min(1).max(50).default(RANKLIB_DEFAULTS.iterations),
    ...metricFields,
  })
  .meta({ example: { folds: 5, restarts: 5, compare: ['simulated-truth'] } });
const featuresQuery = z.strictObject({
  events: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(recordId).max(2000).optional())
    .meta({ description: 'event ids, comma-separated; every event with outcomes when left out' }),
  profile: profileReference.optional().meta({ description: 'the profile whose size matrix scores the pairs; the active default when left out' }),
});
const detailQuery = z.strictObject({ detail: z.enum(['participants']).optional().meta({ description: 'participants: every list\'s metrics too' }) });

const svgFile = { description: 'SVG', contentType: 'image/svg+xml', schema: z.string() };

export const analysisRoutes = [
  // ---------- outcomes ----------
  defineRoute({
    method: 'post',
    path: '/outcomes',
    operationId: 'recordOutcomes',
    summary: 'Record outcomes of held meetings, one side each (organiser of the event, analyst, admin)',
    description: `JSON {eventId, outcomes}, or text/csv with columns ${OUTCOME_CSV_COLUMNS.join(', ')}; all or nothing, errors name the row (CSV: line.N.column).`,
    tags: ['analysis'],
    access: OUTCOME_KEEPERS,
    body: outcomesBody,
    textBody: { contentTypes: CSV_TYPES, limit: '10mb', description: `CSV with a header row; columns ${OUTCOME_CSV_COLUMNS.join(', ')}` },
    responses: { 200: { description: 'the outcomes as stored', schema: recordedOutcomesSchema } },
    problems: [404],
    handler: async ({ ctx, principal, body, text }) =>
      ok(await recordOutcomeUpload(ctx, principal, text !== undefined ? { source: 'csv', text } : { source: 'api', eventId: body.eventId, outcomes: body.outcomes })),
  }),
  defineRoute({
    method: 'get',
    path: '/outcomes',
    operationId: 'listOutcomes',
    summary: "An event's outcomes",
    tags: ['analysis'],
    access: OUTCOME_KEEPERS,
    query: outcomesQuery,
    responses: { 200: { description: 'a page of outcomes, by participant and partner', schema: pageOf(outcomeSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, query }) => ok(await listOutcomes(ctx, principal, query.eventId, query)),
  }),
  defineRoute({
    method: 'delete',
    path: '/outcomes/:eventId/:participantId/:partnerId',
    operationId: 'deleteOutcome',
    summary: "Delete one side's account of a meeting",
    tags: ['analysis'],
    access: OUTCOME_KEEPERS,
    params: pathParams('eventId', 'participantId', 'partnerId'),
    responses: { 204: { description: 'deleted' } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      await removeOutcome(ctx, principal, params);
      return noContent();
    },
  }),

  // ---------- feature matrix ----------
  defineRoute({
    method: 'get',
    path: '/features.csv',
    operationId: 'getFeatureMatrix',
    summary: 'The feature matrix for your own tools: pair, each component both ways, graded relevance (analyst, admin)',
    tags: ['analysis'],
    access: ANALYSTS,
    query: featuresQuery,
    responses: { 200: { description: 'CSV', contentType: 'text/csv', schema: z.string(), headers: { 'Content-Disposition': 'attachment; filename="features.csv"' } } },
    problems: [422],
    handler: async ({ ctx, query }) => file('text/csv; charset=utf-8', await featureMatrixCsv(ctx, query), 'features.csv'),
  }),

  // ---------- evaluations ----------
  defineRoute({
    method: 'post',
    path: '/evaluations',
    operationId: 'createEvaluation',
    summary: 'Evaluate up to 5 profiles side by side on past events (analyst, admin)',
    description: 'NDCG@k, precision@k, MAP, MRR per participant, per event and overall (mean, spread), with ablation per component. The evaluation is stored; its charts are at links.curves and links.scores.',
    tags: ['analysis'],
    access: ANALYSTS,
    body: evaluationBody,
    bodyOptional: true,
    responses: { 201: { description: 'the evaluation', schema: evaluationSchema, headers: { Location: 'the evaluation' } } },
    handler: async ({ ctx, principal, body }) => {
      const evaluation = await createEvaluation(ctx, principal, body);
      return created(presentEvaluation(evaluation, false), `/evaluations/${evaluation.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations',
    operationId: 'listEvaluations',
    summary: 'Stored evaluations, newest first',
    tags: ['analysis'],
    access: ANALYSTS,
    query: paginationQuery,
    responses: { 200: { description: 'a page of evaluations, without their results', schema: pageOf(evaluationSummarySchema) } },
    handler: async ({ ctx, query }) => {
      const page = await listEvaluationSummaries(ctx, query);
      return ok({ ...page, items: page.items.map((e) => ({ ...e, links: { self: `/evaluations/${e.id}` } })) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:id',
    operationId: 'getEvaluation',
    summary: 'One evaluation (?detail=participants for every list)',
    tags: ['analysis'],
    access: ANALYSTS,
    params: pathParams('id'),
    query: detailQuery,
    responses: { 200: { description: 'the evaluation', schema: evaluationSchema } },
    problems: [404],
    handler: async ({ ctx, params, query }) => ok(presentEvaluation(await getEvaluation(ctx, params.id), query.detail === 'participants')),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:id/curves.svg',
    operationId: 'getEvaluationCurves',
    summary: 'NDCG@k against each component weight, the others in proportion',
    tags: ['analysis'],
    access: ANALYSTS,
    params: pathParams('id'),
    responses: { 200: svgFile },
    problems: [404],
    handler: async ({ ctx, params }) => file('image/svg+xml', curvesChart((await getEvaluation(ctx, params.id)).result)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:id/scores.svg',
    operationId: 'getEvaluationScores',
    summary: 'Distribution of pair scores per relevance grade',
    tags: ['analysis'],
    access: ANALYSTS,
    params: pathParams('id'),
    responses: { 200: svgFile },
    problems: [404],
    handler: async ({ ctx, params }) => file('image/svg+xml', scoresChart((await getEvaluation(ctx, params.id)).result)),
  }),

  // ---------- tuning runs ----------
  defineRoute({
    method: 'post',
    path: '/tuning-runs',
    operationId: 'startTuningRun',
    summary: 'Fit the weights by coordinate ascent on NDCG@k with k-fold cross-validation grouped by event: 202 with a job (analyst, admin)',
    description: "The result is a new inactive profile version with its cross-validated metrics beside the base's; activate it under /weight-profiles/{name}/activate.",
    tags: ['analysis'],
    access: ANALYSTS,
    body: tuningBody,
    bodyOptional: true,
    responses: { 202: { description: 'the run, queued', schema: tuningRunSchema, headers: { Location: 'the tuning run' } } },
    handler: async ({ ctx, principal, body }) => {
      const job = await startTuningRun(ctx, principal, body);
      return accepted(presentJob(job), `/tuning-runs/${job.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/tuning-runs',
    operationId: 'listTuningRuns',
    summary: 'Tuning runs, newest first',
    tags: ['analysis'],
    access: ANALYSTS,
    query: paginationQuery,
    responses: { 200: { description: 'a page of tuning runs', schema: pageOf(tuningRunSchema) } },
    handler: async ({ ctx, query }) => {
      const page = await listTuningRuns(ctx, query);
      return ok({ ...page, items: page.items.map(presentJob) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/tuning-runs/:id',
    operationId: 'getTuningRun',
    summary: 'A tuning run: status, progress, result (profile version, per-fold and summary metrics) or error',
    tags: ['analysis'],
    access: ANALYSTS,
    params: pathParams('id'),
    responses: { 200: { description: 'the run', schema: tuningRunSchema } },
    problems: [404],
    handler: async ({ ctx, params }) => ok(presentJob(await getTuningRun(ctx, params.id))),
  }),
  defineRoute({
    method: 'post',
    path: '/tuning-runs/:id/cancel',
    operationId: 'cancelTuningRun',
    summary: 'Cancel a queued or running tuning run',
    tags: ['analysis'],
    access: ANALYSTS,
    params: pathParams('id'),
    responses: { 202: { description: 'the run, cancelled or stopping', schema: tuningRunSchema } },
    problems: [404, 409],
    handler: async ({ ctx, params }) => accepted(presentJob(await cancelTuningRun(ctx, params.id))),
  }),
];

function presentEvaluation({ id, createdAt, result }: Evaluation, withParticipants: boolean) {
  const profiles = result.profiles.map(({ perParticipant, ...profile }) => (withParticipants ? { ...profile, perParticipant } : profile));
  return { id, createdAt, ...result, profiles, links: { self: `/evaluations/${id}`, curves: `/evaluations/${id}/curves.svg`, scores: `/evaluations/${id}/scores.svg` } };
}

function curvesChart(result: EvaluationResult): string {
  return lineChartSvg({
    title: `${result.curves.metric} against each weight (${result.curves.profile})`,
    xLabel: 'weight of the component (the others keep their proportions)',
    yLabel: result.curves.metric,
    series: result.curves.components.map((c) => ({ name: c.component, points: c.curve.map((p) => [p.weight, p.value] as const) })),
    markers: result.curves.components.map((c) => ({ x: c.current, label: `${c.component}: current weight ${c.current.toFixed(3)}` })),
  });
}

const GRADE_NAMES = ['grade 0 (nothing)', 'grade 1 (rated 4)', 'grade 2 (contact)', 'grade 3 (negotiation)', 'grade 4 (agreement)'];

/** Each grade's meetings as shares over the score bins, so grades of different sizes compare. */
function scoresChart(result: EvaluationResult): string {
  const { bins, byGrade, profile } = result.scoreDistribution;
  return lineChartSvg({
    title: `Pair scores of met partners by outcome (${profile})`,
    xLabel: 'pair score',
    yLabel: 'share of the grade\u2019s meetings',
    series: byGrade
      .map((counts, g) => {
        const total = counts.reduce((s, x) => s + x, 0);
        return { name: `${GRADE_NAMES[g]} n=${total}`, points: counts.map((n, b) => [(b + 0.5) / bins, total ? n / total : null] as const), total };
      })
      .filter((s) => s.total > 0),
    yMin: 0,
  });
}
