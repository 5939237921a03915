/**
 * TRANSITION ONLY: the second half of the events API, still an Express Router until it is declared as
 * data: locks and meetings, scheduling runs as jobs, and the exports (agenda as iCalendar and printable
 * page, master list and score matrix as CSV). Moved verbatim from routes/events.ts, whose first half
 * (events, participants, wishes, requests) is declared in events.ts, participants.ts, wishes.ts and
 * requests.ts.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../engine/errors.ts';
import { blockedSlots, type EventMeeting, type EventParticipant, type MatchmakingEvent } from '../../engine/events.ts';
import { gridSlots, type GridSlot } from '../../engine/scheduling/grid.ts';
import {
  findJob,
  findMeeting,
  getEvent,
  getParticipant,
  latestJob,
  listMeetings,
  listRemovedMeetings,
  listParticipants,
  lockMeeting,
  setMeetingStatus,
  type Job,
} from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import { requirePrincipal } from '../auth.ts';
import { actsFor, isOrganiserOf } from '../policy.ts';
import { recordId as id } from '../schemas/events.ts';
import { agendaEntries, agendaHtml, agendaIcs, cancelledEntries, meetingsCsv, scoresCsv } from '../services/eventExports.ts';
import { PairScorer, SCHEDULE_JOB } from '../services/scheduling.ts';
import { TUNING_JOB } from '../services/tuning.ts';
import { parseBody } from '../validation.ts';

const lockBody = z.strictObject({ a: id, b: id, slot: z.number().int().min(1).max(32), tableId: id.nullable().default(null) });
const meetingPatch = z.strictObject({ status: z.enum(['confirmed', 'scheduled']) });
const scheduleBody = z.strictObject({ timeLimitSeconds: z.number().min(1).max(600).optional(), seed: z.number().int().min(0).max(2 ** 31 - 1).default(1) });

/** Beyond this a matrix is no spreadsheet anyone opens: the pair scores are in the match lists instead. */
const MAX_SCORE_CELLS = 1_000_000;

export function presentJob(job: Job) {
  const links: Record<string, string> = { self: `/jobs/${job.id}`, cancel: `/jobs/${job.id}/cancel` };
  if (job.eventId) links.schedule = `/events/${job.eventId}/schedule`;
  if (job.kind === TUNING_JOB) links.tuningRun = `/tuning-runs/${job.id}`;
  return { ...job, links };
}

/** The grid must unroll (no overlaps, not too many slots): checked on every write. */
function checkGrid(event: Pick<MatchmakingEvent, 'slotMinutes' | 'days'>) {
  gridSlots(event);
}

export function legacyEventRoutes(ctx: AppContext): Router {
  const router = Router();

  async function loadForOrganiser(req: Request) {
    const principal = requirePrincipal(req);
    const event = await getEvent(ctx.db, req.params.id as string);
    if (!isOrganiserOf(principal, event)) throw new AppError('forbidden', `Only the organiser of event '${event.id}' may do this`);
    return { principal, event };
  }

  /** The organiser, or a key acting for one of the event's participants. */
  async function loadForReader(req: Request) {
    const principal = requirePrincipal(req);
    const event = await getEvent(ctx.db, req.params.id as string);
    if (isOrganiserOf(principal, event)) return { principal, event, organiser: true, actingFor: [] as EventParticipant[] };
    const participants = await listParticipants(ctx.db, event.id);
    const actingFor = participants.filter((p) => actsFor(principal, p));
    if (!actingFor.length) throw new AppError('forbidden', `This key is neither the organiser of event '${event.id}' nor one of its participants`);
    return { principal, event, organiser: false, actingFor };
  }

  /** The organiser, or the key bound to this participant. */
  async function loadForParticipant(req: Request, participantId: string, field: string) {
    const principal = requirePrincipal(req);
    const event = await getEvent(ctx.db, req.params.id as string);
    const participant = await getParticipant(ctx.db, event.id, participantId, field);
    if (!isOrganiserOf(principal, event) && !actsFor(principal, participant)) {
      throw new AppError('forbidden', `This key may not act for participant '${participantId}'`, { field });
    }
    return { principal, event, participant, organiser: isOrganiserOf(principal, event) };
  }

  // Locks and meetings

  router.post('/events/:id/locks', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const body = parseBody(lockBody, req);
    const slots = gridSlots(event);
    if (body.slot > slots.length) throw new AppError('validation_failed', `slot ${body.slot} does not exist; the event has ${slots.length}`, { field: 'slot' });
    if (body.a === body.b) throw new AppError('validation_failed', 'a meeting needs two different participants', { field: 'b' });
    const a = await getParticipant(ctx.db, event.id, body.a, 'a');
    const b = await getParticipant(ctx.db, event.id, body.b, 'b');
    if (body.tableId && !event.tables.some((t) => t.id === body.tableId)) throw new AppError('validation_failed', `table '${body.tableId}' is not a table of the event`, { field: 'tableId' });
    const slotIndex = body.slot - 1;
    for (const [p, field] of [[a, 'a'], [b, 'b']] as const) {
      if (blockedSlots([slots[slotIndex]!], p.unavailable).length) throw new AppError('infeasible', `${p.name} is unavailable in slot ${body.slot}`, { field });
    }
    const meeting = await ctx.db.transaction().execute((trx) => lockMeeting(trx, event.id, { a: a.id, b: b.id, slot: slotIndex, tableId: body.tableId }));
    res.status(201).json(presentMeeting(slots, meeting));
  });

  router.delete('/events/:id/locks/:mid', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const meeting = await findMeeting(ctx.db, event.id, req.params.mid as string);
    if (!meeting || meeting.status !== 'locked') throw new AppError('not_found', `No locked meeting '${req.params.mid}'`, { field: 'mid' });
    res.json(presentMeeting(gridSlots(event), await ctx.db.transaction().execute((trx) => setMeetingStatus(trx, event.id, meeting.id, 'scheduled'))));
  });

  router.get('/events/:id/meetings', async (req, res) => {
    const { event, organiser, actingFor } = await loadForReader(req);
    const meetings = await listMeetings(ctx.db, event.id);
    const mine = new Set(actingFor.map((p) => p.id));
    const items = organiser ? meetings : meetings.filter((m) => mine.has(m.a) || mine.has(m.b));
    const slots = gridSlots(event);
    res.json({ items: items.map((m) => presentMeeting(slots, m)), total: items.length });
  });

  router.patch('/events/:id/meetings/:mid', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const body = parseBody(meetingPatch, req);
    const meeting = await findMeeting(ctx.db, event.id, req.params.mid as string);
    if (!meeting) throw new AppError('not_found', `Meeting '${req.params.mid}' does not exist`, { field: 'mid' });
    if (meeting.status === 'locked') throw new AppError('conflict', 'The meeting is locked: unlock it first (DELETE /events/:id/locks/:mid)', { field: 'status' });
    res.json(presentMeeting(gridSlots(event), await ctx.db.transaction().execute((trx) => setMeetingStatus(trx, event.id, meeting.id, body.status))));
  });

  /** A meeting with its slot's number and local times; `slots` is the event's grid, unrolled once per request. */
  function presentMeeting(slots: readonly GridSlot[], m: EventMeeting) {
    const slot = slots[m.slot];
    return { ...m, slotNumber: m.slot + 1, date: slot?.date ?? null, start: slot?.start ?? null, end: slot?.end ?? null };
  }

  // Scheduling

  router.post('/events/:id/schedule', async (req, res) => {
    const { principal, event } = await loadForOrganiser(req);
    const body = req.get('content-length') === '0' || req.body === undefined ? { seed: 1 } : parseBody(scheduleBody, req);
    checkGrid(event);
    const participants = await listParticipants(ctx.db, event.id);
    if (participants.length < 2) throw new AppError('validation_failed', 'the event needs at least two participants to schedule', { field: 'participants' });
    const job = await ctx.scheduling.start(event.id, principal.keyId, {
      timeLimitSeconds: 'timeLimitSeconds' in body && body.timeLimitSeconds ? body.timeLimitSeconds : event.settings.timeLimitSeconds,
      seed: body.seed,
    });
    res.status(202).location(`/jobs/${job.id}`).json(presentJob(job));
  });

  async function jobFor(req: Request): Promise<Job> {
    const principal = requirePrincipal(req);
    const job = await findJob(ctx.db, req.params.jobId as string);
    if (!job) throw new AppError('not_found', `Job '${req.params.jobId}' does not exist`, { field: 'jobId' });
    // Tuning runs belong to the analysts together: any analyst may follow or cancel one.
    const sharedWithRole = job.kind === TUNING_JOB && principal.role === 'analyst';
    if (principal.role !== 'admin' && principal.keyId !== job.ownerKeyId && !sharedWithRole) {
      const event = job.eventId ? await getEvent(ctx.db, job.eventId).catch(() => undefined) : undefined;
      if (!event || !isOrganiserOf(principal, event)) throw new AppError('forbidden', 'Only the organiser who started the job may see it');
    }
    return job;
  }

  router.get('/jobs/:jobId', async (req, res) => {
    res.json(presentJob(await jobFor(req)));
  });

  router.post('/jobs/:jobId/cancel', async (req, res) => {
    const job = await jobFor(req);
    if (job.status !== 'queued' && job.status !== 'running') throw new AppError('conflict', `The job is already ${job.status}`, { field: 'status' });
    res.status(202).json(presentJob(await (job.kind === TUNING_JOB ? ctx.tuning : ctx.scheduling).cancel(job.id)));
  });

  router.get('/events/:id/schedule', async (req, res) => {
    const { event, organiser, actingFor } = await loadForReader(req);
    const last = await latestJob(ctx.db, event.id, SCHEDULE_JOB, ['succeeded']);
    const current = await latestJob(ctx.db, event.id, SCHEDULE_JOB);
    const meetings = await listMeetings(ctx.db, event.id);
    const mine = new Set(actingFor.map((p) => p.id));
    const items = organiser ? meetings : meetings.filter((m) => mine.has(m.a) || mine.has(m.b));
    const result = last?.result as { revision: number; report: unknown } | null | undefined;
    const slots = gridSlots(event);
    res.json({
      eventId: event.id,
      revision: event.revision,
      /** The event changed after the last run: the report describes an older state. */
      stale: result ? result.revision !== event.revision : null,
      lastRun: last ? { jobId: last.id, finishedAt: last.finishedAt } : null,
      currentJob: current && current.id !== last?.id ? presentJob(current) : null,
      report: organiser ? (result?.report ?? null) : null,
      meetings: items.map((m) => presentMeeting(slots, m)),
    });
  });

  // Exports

  async function agenda(req: Request) {
    const { event, participant } = await loadForParticipant(req, req.params.pid as string, 'pid');
    const [participants, meetings, removed] = await Promise.all([listParticipants(ctx.db, event.id), listMeetings(ctx.db, event.id, participant.id), listRemovedMeetings(ctx.db, event.id, participant.id)]);
    const byId = new Map(participants.map((p) => [p.id, p]));
    const slots = gridSlots(event);
    const entries = agendaEntries(event, slots, participant, meetings, byId);
    return { event, participant, entries, cancelled: cancelledEntries(slots, participant, removed, entries) };
  }

  const fileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

  router.get('/events/:id/participants/:pid/agenda.ics', async (req, res: Response) => {
    const { event, participant, entries, cancelled } = await agenda(req);
    res
      .type('text/calendar; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(`${event.name}-${participant.name}`)}.ics"`)
      .send(agendaIcs(event, participant, entries, cancelled));
  });

  router.get('/events/:id/participants/:pid/agenda.html', async (req, res) => {
    const { event, participant, entries } = await agenda(req);
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('text/html; charset=utf-8').send(agendaHtml(event, participant, entries));
  });

  router.get('/events/:id/meetings.csv', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const [participants, meetings] = await Promise.all([listParticipants(ctx.db, event.id), listMeetings(ctx.db, event.id)]);
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(event.name)}-meetings.csv"`)
      .send(meetingsCsv(event, gridSlots(event), meetings, new Map(participants.map((p) => [p.id, p]))));
  });

  router.get('/events/:id/scores.csv', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const participants = await listParticipants(ctx.db, event.id);
    const de = participants.filter((p) => p.side === 'DE').length;
    if (de * (participants.length - de) > MAX_SCORE_CELLS) {
      throw new AppError('validation_failed', `the score matrix would have ${de * (participants.length - de)} cells; it is offered up to ${MAX_SCORE_CELLS}`, { field: 'participants' });
    }
    const scorer = await PairScorer.create(ctx);
    const features = new Map(participants.map((p) => [p.id, scorer.featuresOf(p)]));
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(event.name)}-scores.csv"`)
      .send(scoresCsv(participants, (a, b) => scorer.score(features.get(a.id), features.get(b.id))));
  });

  return router;
}

export const legacyEventSchemas = { lockBody, meetingPatch, scheduleBody };
