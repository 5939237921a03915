/**
 * The analysts' records as the API takes and shows them: outcomes of past meetings, evaluations of weight
 * profiles on them, and tuning runs (jobs whose result is a fitted profile version).
 */
import { z } from 'zod';
import { COMPONENTS } from '../../engine/matching/score.ts';
import { FUSIONS } from '../../engine/matching/fusion.ts';
import { AGREEMENT_TYPES, FOLLOW_UP_STAGES, type AgreementType } from '../../engine/tuning/relevance.ts';
import { OUTCOME_SOURCES } from '../../data/repositories/outcomes.ts';
import { calendarDate, isoDateTime } from './common.ts';
import { jobSchema } from './jobs.ts';

/** Ids of events and participants as outcomes name them (in bodies and CSV cells). */
export const recordId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'letters, digits, dot, dash or underscore');
/** A stored weight profile: its name, optionally with @v<version> (the active version otherwise). */


const followUp = z.enum(FOLLOW_UP_STAGES);
const agreementType = z.enum(AGREEMENT_TYPES as readonly [AgreementType, ...AgreementType[]]);

/** One side's account of one meeting, as a JSON body gives it and a CSV row is read into. */
export const outcomeInputSchema = z.strictObject({
  participantId: recordId,
  partnerId: recordId,
  attended: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable().default(null),
  followUp: followUp.default('none'),
  agreementType: agreementType.nullable().default(null).meta({ description: 'for followUp "agreement" only, and then required' }),
  followUpDate: calendarDate.nullable().default(null).meta({ description: 'the date of the latest follow-up step (YYYY-MM-DD)' }),
  note: z.string().max(2000).nullable().default(null),
});

export const outcomeSchema = z
  .strictObject({
    eventId: z.string(),
    participantId: z.string().meta({ description: 'the side giving this account' }),
    partnerId: z.string(),
    meetingId: z.string().nullable(),
    attended: z.boolean(),
    rating: z.number().int().min(1).max(5).nullable(),
    followUp,
    agreementType: agreementType.nullable(),
    followUpDate: z.string().nullable(),
    note: z.string().nullable(),
    source: z.enum(OUTCOME_SOURCES),
    recordedBy: z.string().nullable().meta({ description: 'the name of the key that recorded it' }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Outcome', description: "one side's account of a meeting it had" });

export const recordedOutcomesSchema = z
  .strictObject({
    items: z.array(outcomeSchema),
    total: z.number().int().min(0),
    events: z.array(z.string()).meta({ description: 'the events the outcomes belong to' }),
  })
  .meta({ id: 'RecordedOutcomes' });

// ---------- metrics ----------

const count = z.number().int().min(0);
/** One value per metric; null where a list has no relevant item. */
const perMetric = <T extends z.ZodType>(value: T) => z.strictObject({ ndcg: value, precision: value, map: value, mrr: value });
const metricValues = perMetric(z.number().nullable());
const metricSummaries = perMetric(
  z.strictObject({
    mean: z.number().nullable(),
    sd: z.number().nullable().meta({ description: 'sample standard deviation; null below two values' }),
    n: count.meta({ description: 'lists with a value' }),
  }),
).meta({ id: 'MetricSummaries' });
const perComponent = <T extends z.ZodType>(value: T) => z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, value])) as Record<(typeof COMPONENTS)[number], T>);
const weights = perComponent(z.number());
const metricOptions = z.strictObject({ k: z.number().int(), threshold: z.number().int() });
const skipped = z.strictObject({ noFeatures: count, noJudgement: count }).meta({ description: 'judgements that could not be used, by reason' });
const grades = z.array(count).meta({ description: 'judged items per grade 0–4' });

// ---------- evaluations ----------

const profileEvaluation = z.strictObject({
  profile: z.string().meta({ description: 'name@vN' }),
  weights,
  fusion: z.enum(FUSIONS),
  overall: metricSummaries,
  perEvent: z.array(z.strictObject({ eventId: z.string(), lists: count, metrics: metricSummaries })),
  perParticipant: z
    .array(z.strictObject({ eventId: z.string(), participantId: z.string(), items: count, metrics: metricValues }))
    .optional()
    .meta({ description: 'every list, with ?detail=participants' }),
  ablation: z.array(z.strictObject({ component: z.enum(COMPONENTS), without: metricValues, change: metricValues, alone: metricValues })),
});

export const evaluationSchema = z
  .strictObject({
    id: z.string(),
    createdAt: isoDateTime,
    events: z.array(z.string()),
    grades,
    skipped,
    options: metricOptions,
    lists: count,
    judgements: count,
    profiles: z.array(profileEvaluation),
    curves: z.strictObject({
      profile: z.string(),
      metric: z.string(),
      components: z.array(
        z.strictObject({ component: z.enum(COMPONENTS), current: z.number(), curve: z.array(z.strictObject({ weight: z.number(), value: z.number().nullable() })) }),
      ),
    }),
    scoreDistribution: z.strictObject({ profile: z.string(), bins: count, byGrade: z.array(z.array(count)) }),
    links: z.strictObject({ self: z.string(), curves: z.string(), scores: z.string() }),
  })
  .meta({ id: 'Evaluation' });

export const evaluationSummarySchema = z
  .strictObject({
    id: z.string(),
    ownerKeyId: z.string(),
    params: z.strictObject({ profiles: z.array(z.string()), events: z.array(z.string()).optional(), k: z.number().int(), threshold: z.number().int() }),
    createdAt: isoDateTime,
    links: z.strictObject({ self: z.string() }),
  })
  .meta({ id: 'EvaluationSummary', description: 'a stored evaluation without its results' });

// ---------- tuning runs ----------

const doneOfTotal = z.strictObject({ done: count, total: count });
const labelledMetrics = z.strictObject({ label: z.string(), metrics: metricSummaries });

const tuningResult = z.strictObject({
  profile: z.strictObject({ name: z.string(), version: z.number().int(), weights, active: z.boolean() }).meta({ description: 'the fitted version, stored inactive' }),
  tuningRun: z.string(),
  base: z.string(),
  events: count,
  lists: count,
  folds: count,
  metric: z.string(),
  crossValidated: z.array(labelledMetrics).meta({ description: 'held-out metrics over the folds: the fitted weights first, then the base and the compared profiles' }),
  trainNdcg: z.number(),
  skipped,
  grades,
  foldResults: z.array(
    z.strictObject({ fold: count, testEvents: z.array(z.string()), trainLists: count, testLists: count, fitted: weights, trainNdcg: z.number(), test: z.array(labelledMetrics) }),
  ),
  final: z.strictObject({ weights, ndcg: z.number(), evaluations: count }),
  settings: z.strictObject({ restarts: count, iterations: count, stepBase: z.number(), stepScale: z.number(), tolerance: z.number() }),
  seed: z.number().int(),
});

export const tuningRunSchema = jobSchema
  .extend({
    kind: z.literal('tuning'),
    params: z.strictObject({
      base: z.string(),
      name: z.string(),
      events: z.array(z.string()).nullable(),
      folds: count,
      seed: z.number().int(),
      settings: z.strictObject({ restarts: count, iterations: count }),
      options: metricOptions,
    }),
    progress: z
      .strictObject({
        phase: z.string().meta({ description: 'queued, reading outcomes, fitting, assembling, done' }),
        fraction: z.number().min(0).max(1).meta({ description: 'restarts done of all' }),
        restarts: doneOfTotal.optional().meta({ description: 'coordinate-ascent restarts done, over every fold and the final fit' }),
        folds: doneOfTotal.optional().meta({ description: 'held-out folds whose every restart is done' }),
        finalFit: z.boolean().optional().meta({ description: 'whether the final fit on every event is done' }),
      })
      .meta({ id: 'TuningProgress' }),
    result: tuningResult.nullable(),
  })
  .meta({ id: 'TuningRun', description: 'a tuning run as a job: its result is a new, inactive profile version with its metrics' });
