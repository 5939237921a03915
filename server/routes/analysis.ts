/**
 * The analysts' face: outcomes of past meetings (JSON or CSV), evaluations of weight profiles against
 * them, tuning runs that fit new profile versions, the feature matrix as CSV, and charts as SVG.
 * Organisers record outcomes of their own events; analysts and admins work across all events.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import type { MatchmakingEvent } from '../../engine/events.ts';
import { COMPONENTS } from '../../engine/matching/score.ts';
import { RANKLIB_DEFAULTS } from '../../engine/tuning/fit.ts';
import { AGREEMENT_TYPES, FOLLOW_UP_STAGES, RELEVANT_GRADE } from '../../engine/tuning/relevance.ts';
import { findEvaluation, listEvaluations, saveEvaluation } from '../../data/repositories/evaluations.ts';
import { getEvent } from '../../data/repositories/events.ts';
import { findJob, listJobs } from '../../data/repositories/jobs.ts';
import { deleteOutcome, listOutcomes, recordOutcomes, type OutcomeInput } from '../../data/repositories/outcomes.ts';
import { findWeightProfile, type StoredProfile } from '../../data/repositories/weightProfiles.ts';
import { requirePrincipal, requireRole, type Principal } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { evaluateProfiles, loadJudgedLists, TUNING_JOB, type EvaluationResult } from '../services/tuning.ts';
import { lineChartSvg } from '../svg.ts';
import { parseBody, parseQuery } from '../validation.ts';
import { presentJob } from '../services/jobs.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'letters, digits, dot, dash or underscore');
const profileRef = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}(@v\d{1,6})?$/, 'a profile name, optionally with @v<version>');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, 'not a date of the calendar');

const outcomeFields = z.strictObject({
  participantId: id,
  partnerId: id,
  attended: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable().default(null),
  followUp: z.enum(FOLLOW_UP_STAGES).default('none'),
  agreementType: z.enum(AGREEMENT_TYPES as [string, ...string[]]).nullable().default(null),
  followUpDate: isoDate.nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
const outcomesBody = z.strictObject({ eventId: id, outcomes: z.array(outcomeFields).min(1).max(20_000) });

const listQuery = z.strictObject({ eventId: id });
const metricFields = {
  k: z.number().int().min(1).max(100).default(10),
  threshold: z.number().int().min(1).max(4).default(RELEVANT_GRADE),
};
const evaluationBody = z.strictObject({
  profiles: z.array(profileRef).min(1).max(5).optional(),
  events: z.array(id).min(1).max(2000).optional(),
  ...metricFields,
});
const tuningBody = z.strictObject({
  profile: profileRef.optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes').optional(),
  compare: z.array(profileRef).max(4).default([]),
  events: z.array(id).min(2).max(2000).optional(),
  folds: z.number().int().min(2).max(10).default(5),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  restarts: z.number().int().min(1).max(20).default(RANKLIB_DEFAULTS.restarts),
  iterations: z.number().int().min(1).max(50).default(RANKLIB_DEFAULTS.iterations),
  ...metricFields,
});
const featuresQuery = z.strictObject({
  events: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(id).max(2000).optional()),
  profile: profileRef.optional(),
});
const detailQuery = z.strictObject({ detail: z.enum(['participants']).optional() });

const CSV_COLUMNS = ['event_id', 'participant_id', 'partner_id', 'attended', 'rating', 'follow_up', 'agreement_type', 'follow_up_date', 'note'] as const;

/** Rules zod cannot say per field: what a no-show may report, and an agreement's type. */
function checkOutcome(o: OutcomeInput, field: string): void {
  if (!o.attended && (o.rating !== null || o.followUp !== 'none')) {
    throw new AppError('validation_failed', 'a side that did not attend cannot rate the meeting or report a follow-up', { field: `${field}.attended` });
  }
  if (o.followUp === 'agreement' && !o.agreementType) throw new AppError('validation_failed', 'an agreement needs its type', { field: `${field}.agreementType` });
  if (o.followUp !== 'agreement' && o.agreementType) throw new AppError('validation_failed', 'agreementType is for followUp "agreement" only', { field: `${field}.agreementType` });
  if (o.participantId === o.partnerId) throw new AppError('validation_failed', 'a participant does not meet itself', { field: `${field}.partnerId` });
  if (o.followUpDate !== null && o.followUp === 'none') throw new AppError('validation_failed', 'followUpDate is the date of a follow-up; there is none', { field: `${field}.followUpDate` });
}

/** Rows in one CSV upload, as for a JSON body: beyond it, split the file. */
const MAX_CSV_ROWS = 20_000;

/** The header row, trimmed and lower-cased; a column named twice is refused (which one would count?). */
function csvHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new AppError('validation_failed', `the CSV names the column ${twice} twice`, { field: `csv.${twice}` });
  return names;
}

const COLUMN_OF: Record<string, string> = { participantId: 'participant_id', partnerId: 'partner_id', followUp: 'follow_up', agreementType: 'agreement_type', followUpDate: 'follow_up_date' };
const columnOf = (field: string) => COLUMN_OF[field] ?? field;

/** CSV rows to outcome inputs per event; errors name the line (the header is line 1) and column. */
function parseOutcomesCsv(text: string): Map<string, { inputs: OutcomeInput[]; fields: string[] }> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: csvHeader, skip_empty_lines: true, trim: true, bom: true, to: MAX_CSV_ROWS + 1 });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('validation_failed', `the CSV cannot be read: ${(err as Error).message}`, { field: 'body' });
  }
  if (!records.length) throw new AppError('validation_failed', 'the CSV has no rows', { field: 'body' });
  if (records.length > MAX_CSV_ROWS) throw new AppError('validation_failed', `the CSV has more than ${MAX_CSV_ROWS.toLocaleString('en')} rows; split it`, { field: 'body' });
  const missing = ['event_id', 'participant_id', 'partner_id', 'attended'].filter((c) => !(c in records[0]!));
  if (missing.length) throw new AppError('validation_failed', `the CSV lacks the column ${missing[0]} (columns: ${CSV_COLUMNS.join(', ')})`, { field: `csv.${missing[0]}` });
  const unknown = Object.keys(records[0]!).filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new AppError('validation_failed', `unknown CSV column ${unknown[0]} (columns: ${CSV_COLUMNS.join(', ')})`, { field: `csv.${unknown[0]}` });
  const byEvent = new Map<string, { inputs: OutcomeInput[]; fields: string[] }>();
  const bool = (v: string) => (/^(true|yes|1)$/i.test(v) ? true : /^(false|no|0)$/i.test(v) ? false : v);
  records.forEach((r, i) => {
    const line = i + 2;
    const cell = (c: string) => (r[c] === undefined || r[c] === '' ? undefined : r[c]);
    const candidate = {
      participantId: r.participant_id,
      partnerId: r.partner_id,
      attended: bool(r.attended ?? ''),
      // Digits only: Number() would read "0x5" or "5e0" as 5.
      rating: cell('rating') === undefined ? null : /^\d+$/.test(r.rating!) ? Number(r.rating) : r.rating,
      followUp: cell('follow_up') ?? 'none',
      agreementType: cell('agreement_type') ?? null,
      followUpDate: cell('follow_up_date') ?? null,
      note: cell('note') ?? null,
    };
    const parsed = outcomeFields.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = columnOf(String(issue.path[0]));
      throw new AppError('validation_failed', `line ${line}, ${column}: ${issue.message}`, { field: `line.${line}.${column}` });
    }
    const eventId = id.safeParse(r.event_id);
    if (!eventId.success) throw new AppError('validation_failed', `line ${line}, event_id: ${eventId.error.issues[0]!.message}`, { field: `line.${line}.event_id` });
    try {
      checkOutcome(parsed.data as OutcomeInput, `line.${line}`);
    } catch (err) {
      // checkOutcome names the JSON field; a CSV user knows the column.
      if (err instanceof AppError && err.field) throw new AppError(err.code, `line ${line}: ${err.message}`, { field: err.field.replace(/[^.]+$/, columnOf) });
      throw err;
    }
    let group = byEvent.get(eventId.data);
    if (!group) byEvent.set(eventId.data, (group = { inputs: [], fields: [] }));
    group.inputs.push(parsed.data as OutcomeInput);
    group.fields.push(`line.${line}`);
  });
  return byEvent;
}

export const analysisSchemas = { outcomesBody, listQuery, evaluationBody, tuningBody, featuresQuery, detailQuery, csvColumns: CSV_COLUMNS };

export function analysisRoutes(ctx: AppContext): Router {
  const router = Router();
  const analysts = ['admin', 'analyst'] as const;

  /** Organisers reach their own events' outcomes; analysts and admins every event's. */
  async function eventForOutcomes(principal: Principal, eventId: string, field: string): Promise<MatchmakingEvent> {
    const event = await getEvent(ctx.db, eventId).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'not_found' ? new AppError('not_found', `Event '${eventId}' does not exist`, { field }) : err;
    });
    const allowed = principal.role === 'admin' || principal.role === 'analyst' || (principal.role === 'organiser' && principal.keyId === event.ownerKeyId);
    if (!allowed) throw new AppError('forbidden', `Only the organiser of event '${eventId}', analysts and admins may see or record its outcomes`);
    return event;
  }

  async function profileOf(ref: string | undefined, field: string): Promise<StoredProfile> {
    const profile = await findWeightProfile(ctx.db, ref);
    if (!profile) throw new AppError('validation_failed', `Unknown weight profile '${ref ?? '(default)'}'`, { field });
    return profile;
  }

  // ---------- outcomes ----------

  router.post('/outcomes', express.text({ type: ['text/csv', 'application/csv'], limit: '10mb' }), async (req, res) => {
    const principal = requireRole(req, ['admin', 'analyst', 'organiser']);
    let groups: Map<string, { inputs: OutcomeInput[]; fields: string[] }>;
    let source: 'api' | 'csv';
    if (req.is(['text/csv', 'application/csv'])) {
      if (typeof req.body !== 'string' || !req.body.trim()) throw new AppError('validation_failed', 'the CSV body is empty', { field: 'body' });
      groups = parseOutcomesCsv(req.body);
      source = 'csv';
    } else {
      const body = parseBody(outcomesBody, req);
      body.outcomes.forEach((o, i) => checkOutcome(o as OutcomeInput, `outcomes.${i}`));
      groups = new Map([[body.eventId, { inputs: body.outcomes as OutcomeInput[], fields: body.outcomes.map((_, i) => `outcomes.${i}`) }]]);
      source = 'api';
    }
    for (const eventId of groups.keys()) await eventForOutcomes(principal, eventId, source === 'csv' ? 'event_id' : 'eventId');
    // All or nothing: one bad row leaves everything stored as it was.
    const stored = await ctx.db.transaction().execute(async (trx) => {
      const all = [];
      for (const [eventId, group] of groups) {
        try {
          all.push(...(await recordOutcomes(trx, eventId, group.inputs, { source, recordedBy: principal.name })));
        } catch (err) {
          // The repository names rows by position within the event: map back to the request's field.
          if (err instanceof AppError && err.field) {
            const m = /^outcomes\.(\d+)(.*)$/.exec(err.field);
            if (m) throw new AppError(err.code, err.message, { field: `${group.fields[Number(m[1])]}${source === 'csv' ? '.partner_id' : m[2]}` });
          }
          throw err;
        }
      }
      return all;
    });
    res.json({ items: stored, total: stored.length, events: [...groups.keys()] });
  });

  router.get('/outcomes', async (req, res) => {
    const principal = requirePrincipal(req);
    const query = parseQuery(listQuery, req);
    await eventForOutcomes(principal, query.eventId, 'query.eventId');
    const items = await listOutcomes(ctx.db, [query.eventId]);
    res.json({ items, total: items.length });
  });

  router.delete('/outcomes/:eventId/:participantId/:partnerId', async (req, res) => {
    const principal = requireRole(req, ['admin', 'analyst', 'organiser']);
    await eventForOutcomes(principal, req.params.eventId, 'eventId');
    const done = await deleteOutcome(ctx.db, req.params.eventId, req.params.participantId, req.params.partnerId);
    if (!done) throw notFound('Outcome', `${req.params.participantId} → ${req.params.partnerId}`, 'partnerId');
    res.status(204).end();
  });

  // ---------- feature matrix ----------

  router.get('/features.csv', async (req, res) => {
    requireRole(req, analysts);
    const query = parseQuery(featuresQuery, req);
    const profile = await profileOf(query.profile, 'query.profile');
    const lists = await loadJudgedLists(ctx, query.events ?? null, profile);
    const rows: (string | number)[][] = [['event_id', 'participant_id', 'partner_id', ...COMPONENTS.map((c) => `${c}_forward`), ...COMPONENTS.map((c) => `${c}_backward`), 'grade']];
    for (const q of lists.queries) for (const item of q.items) rows.push([q.eventId, q.participantId, item.partnerId, ...item.forward.map(round), ...item.backward.map(round), item.grade]);
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="features.csv"').send(stringify(rows));
  });

  // ---------- evaluations ----------

  router.post('/evaluations', async (req, res) => {
    const principal = requireRole(req, analysts);
    const body = parseBody(evaluationBody, req);
    const profiles: StoredProfile[] = [];
    for (const [i, ref] of (body.profiles ?? [undefined]).entries()) profiles.push(await profileOf(ref, body.profiles ? `profiles.${i}` : 'profiles'));
    const result = await evaluateProfiles(ctx, { profiles, events: body.events ?? null, options: { k: body.k, threshold: body.threshold } });
    const stored = await saveEvaluation(ctx.db, { ownerKeyId: principal.keyId, params: { ...body, profiles: result.profiles.map((p) => p.profile) }, result });
    res.status(201).location(`/evaluations/${stored.id}`).json(presentEvaluation(stored.id, stored.createdAt, result, false));
  });

  router.get('/evaluations', async (req, res) => {
    requireRole(req, analysts);
    const items = await listEvaluations(ctx.db);
    res.json({ items: items.map((e) => ({ ...e, links: { self: `/evaluations/${e.id}` } })), total: items.length });
  });

  async function evaluationFor(req: Request) {
    requireRole(req, analysts);
    const stored = await findEvaluation<EvaluationResult>(ctx.db, req.params.id as string);
    if (!stored) throw notFound('Evaluation', req.params.id as string);
    return stored;
  }

  router.get('/evaluations/:id', async (req, res) => {
    const query = parseQuery(detailQuery, req);
    const stored = await evaluationFor(req);
    res.json(presentEvaluation(stored.id, stored.createdAt, stored.result, query.detail === 'participants'));
  });

  router.get('/evaluations/:id/curves.svg', async (req, res) => {
    const { result } = await evaluationFor(req);
    const svg = lineChartSvg({
      title: `${result.curves.metric} against each weight (${result.curves.profile})`,
      xLabel: 'weight of the component (the others keep their proportions)',
      yLabel: result.curves.metric,
      series: result.curves.components.map((c) => ({ name: c.component, points: c.curve.map((p) => [p.weight, p.value] as const) })),
      markers: result.curves.components.map((c) => ({ x: c.current, label: `${c.component}: current weight ${c.current.toFixed(3)}` })),
    });
    res.type('image/svg+xml').send(svg);
  });

  router.get('/evaluations/:id/scores.svg', async (req, res) => {
    const { result } = await evaluationFor(req);
    const { bins, byGrade, profile } = result.scoreDistribution;
    const names = ['grade 0 (nothing)', 'grade 1 (rated 4)', 'grade 2 (contact)', 'grade 3 (negotiation)', 'grade 4 (agreement)'];
    const svg = lineChartSvg({
      title: `Pair scores of met partners by outcome (${profile})`,
      xLabel: 'pair score',
      yLabel: 'share of the grade\u2019s meetings',
      series: byGrade
        .map((counts, g) => {
          const total = counts.reduce((s, x) => s + x, 0);
          return { name: `${names[g]} n=${total}`, points: counts.map((n, b) => [(b + 0.5) / bins, total ? n / total : null] as const), total };
        })
        .filter((s) => s.total > 0),
      yMin: 0,
    });
    res.type('image/svg+xml').send(svg);
  });

  // ---------- tuning runs ----------

  router.post('/tuning-runs', async (req, res) => {
    const principal = requireRole(req, analysts);
    const body = parseBody(tuningBody, req);
    const base = await profileOf(body.profile, 'profile');
    const compare: StoredProfile[] = [];
    for (const [i, ref] of body.compare.entries()) compare.push(await profileOf(ref, `compare.${i}`));
    const job = await ctx.tuning.start(
      { keyId: principal.keyId, name: principal.name },
      {
        base: `${base.name}@v${base.version}`,
        name: body.name ?? base.name,
        events: body.events ?? null,
        folds: body.folds,
        seed: body.seed,
        settings: { restarts: body.restarts, iterations: body.iterations },
        options: { k: body.k, threshold: body.threshold },
      },
      base,
      compare,
    );
    res.status(202).location(`/tuning-runs/${job.id}`).json(presentJob(job));
  });

  router.get('/tuning-runs', async (req, res) => {
    requireRole(req, analysts);
    const page = await listJobs(ctx.db, TUNING_JOB, { limit: 50, offset: 0 });
    res.json({ items: page.items.map(presentJob), total: page.total });
  });

  async function tuningRunFor(req: Request) {
    requireRole(req, analysts);
    const job = await findJob(ctx.db, req.params.id as string);
    if (!job || job.kind !== TUNING_JOB) throw notFound('Tuning run', req.params.id as string);
    return job;
  }

  router.get('/tuning-runs/:id', async (req, res) => {
    res.json(presentJob(await tuningRunFor(req)));
  });

  router.post('/tuning-runs/:id/cancel', async (req, res) => {
    const job = await tuningRunFor(req);
    if (job.status !== 'queued' && job.status !== 'running') throw new AppError('conflict', `The tuning run is already ${job.status}`, { field: 'status' });
    res.status(202).json(presentJob(await ctx.tuning.cancel(job.id)));
  });

  return router;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function presentEvaluation(id: string, createdAt: string, result: EvaluationResult, withParticipants: boolean) {
  const profiles = result.profiles.map((p) => (withParticipants ? p : { ...p, perParticipant: undefined }));
  return { id, createdAt, ...result, profiles, links: { self: `/evaluations/${id}`, curves: `/evaluations/${id}/curves.svg`, scores: `/evaluations/${id}/scores.svg` } };
}
