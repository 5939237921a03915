/**
 * Matchmaking events: the organiser's event (grid, tables, settings), participants, wishes, meeting
 * requests, locks, scheduling runs as jobs, and the exports (agenda as iCalendar and printable page,
 * master list and score matrix as CSV).
 *
 * Who may do what: an organiser manages the events it created (admins manage all); a company or city key
 * acts for the participant bound to it: it reads the event, states its wishes, sends and answers
 * requests and reads its own agenda.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../engine/errors.ts';
import { blockedSlots, type EventMeeting, type EventParticipant, type MatchmakingEvent } from '../../engine/events.ts';
import { gridSlots, type GridSlot } from '../../engine/scheduling/grid.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { addParticipants, answerRequest, createEvent, createRequest, deleteEvent, deleteParticipant, deleteWish, findMeeting, findRequest, getEvent, getParticipant, listEvents, listMeetings, listRemovedMeetings, listParticipants, listRequests, listWishes, lockMeeting, setMeetingStatus, setWish, updateEvent, updateParticipant, type ParticipantSpec } from '../../data/repositories/events.ts';
import { findJob, latestJob, type Job } from '../../data/repositories/jobs.ts';
import type { AppContext } from '../context.ts';
import { requirePrincipal, type Principal } from '../auth.ts';
import { agendaEntries, agendaHtml, agendaIcs, cancelledEntries, meetingsCsv, scoresCsv, slotEnd, slotStart } from '../services/eventExports.ts';
import { PairScorer, SCHEDULE_JOB } from '../services/scheduling.ts';
import { TUNING_JOB } from '../services/tuning.ts';
import { pagination, parseBody, parseQuery } from '../validation.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const side = z.enum(['DE', 'CN']);
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'letters, digits, dot, dash or underscore');
const language = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as de, zh or en');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Berlin or Asia/Shanghai');

const session = z.strictObject({
  name: text(40),
  start: time,
  end: time,
  breaks: z.array(z.strictObject({ start: time, end: time })).max(10).default([]),
});
const day = z.strictObject({ date, sessions: z.array(session).min(1).max(4) });
const table = z.strictObject({ id: id.optional(), name: text(60).optional(), reservedFor: side.nullable().default(null) });
const settings = z.strictObject({
  fairness: z.number().int().min(0).max(32).optional(),
  minMeetings: z.number().int().min(0).max(32).optional(),
  maxMeetings: z.number().int().min(0).max(32).optional(),
  suggestBelow: z.number().int().min(0).max(100).optional(),
  suggestionsPerParticipant: z.number().int().min(0).max(50).optional(),
  requireMutual: z.boolean().optional(),
  timeLimitSeconds: z.number().min(1).max(600).optional(),
});
const eventFields = {
  name: text(200),
  venue: text(200).nullable().default(null),
  timeZone,
  slotMinutes: z.number().int().min(5).max(240),
  days: z.array(day).min(1).max(7),
  /** Tables as a list, or just how many (named 1, 2, …). */
  tables: z.union([z.array(table).min(1).max(2000), z.number().int().min(1).max(2000)]),
  settings: settings.default({}),
};
const eventBody = z.strictObject(eventFields);
const eventPatch = z.strictObject({ ...eventFields, venue: text(200).nullable() }).partial();

const unavailable = z.strictObject({ date, from: time, to: time });
const participantFields = {
  name: text(200),
  kind: z.enum(['company', 'delegation']),
  companyId: z.string().max(80).nullable(),
  cityId: z.string().max(80).nullable(),
  side,
  attendees: z.array(z.strictObject({ name: text(120), role: text(120).optional(), languages: z.array(language).max(10).optional() })).max(30),
  languages: z.array(language).max(10),
  interpreterNeeded: z.boolean(),
  unavailable: z.array(unavailable).max(100),
  tableId: id.nullable(),
  minMeetings: z.number().int().min(0).max(32).nullable(),
  maxMeetings: z.number().int().min(0).max(32).nullable(),
};
const participantBody = z.strictObject({
  ...participantFields,
  name: participantFields.name.optional(),
  kind: participantFields.kind.optional(),
  companyId: participantFields.companyId.optional(),
  cityId: participantFields.cityId.optional(),
  side: side.optional(),
  attendees: participantFields.attendees.default([]),
  languages: participantFields.languages.default([]),
  interpreterNeeded: participantFields.interpreterNeeded.default(false),
  unavailable: participantFields.unavailable.default([]),
  tableId: participantFields.tableId.default(null),
  minMeetings: participantFields.minMeetings.default(null),
  maxMeetings: participantFields.maxMeetings.default(null),
});
const participantsBody = z.union([participantBody, z.strictObject({ participants: z.array(participantBody).min(1).max(500) })]);
const participantPatch = z.strictObject(participantFields).partial();

const wishBody = z.strictObject({ kind: z.enum(['must', 'like', 'no']) });
const requestBody = z.strictObject({ from: id, to: id, message: text(2000).nullable().default(null) });
const lockBody = z.strictObject({ a: id, b: id, slot: z.number().int().min(1).max(32), tableId: id.nullable().default(null) });
const meetingPatch = z.strictObject({ status: z.enum(['confirmed', 'scheduled']) });
const scheduleBody = z.strictObject({ timeLimitSeconds: z.number().min(1).max(600).optional(), seed: z.number().int().min(0).max(2 ** 31 - 1).default(1) });

/** Beyond this a matrix is no spreadsheet anyone opens: the pair scores are in the match lists instead. */
const MAX_SCORE_CELLS = 1_000_000;

const isOrganiserOf = (p: Principal, event: MatchmakingEvent) => p.role === 'admin' || (p.role === 'organiser' && p.keyId === event.ownerKeyId);
const actsFor = (p: Principal, participant: EventParticipant) =>
  (p.role === 'company' && !!p.companyId && p.companyId === participant.companyId) || (p.role === 'city' && !!p.cityId && participant.kind === 'delegation' && p.cityId === participant.cityId);

function presentEvent(event: MatchmakingEvent) {
  return { ...event, slotCount: gridSlots(event).length };
}


/** Numbers tables 1, 2, … when only a count is given; fills names and checks ids are unique. */
function tablesOf(spec: z.infer<typeof eventFields.tables>) {
  const list = typeof spec === 'number' ? Array.from({ length: spec }, () => ({ reservedFor: null })) : spec;
  const seen = new Set<string>();
  return list.map((t: { id?: string; name?: string; reservedFor: 'DE' | 'CN' | null }, i) => {
    const tableId = t.id ?? `t${i + 1}`;
    if (seen.has(tableId)) throw new AppError('validation_failed', `table id '${tableId}' appears twice`, { field: `tables.${i}.id` });
    seen.add(tableId);
    return { id: tableId, name: t.name ?? String(i + 1), reservedFor: t.reservedFor ?? null };
  });
}

/** The grid must unroll (no overlaps, not too many slots): checked on every write. */
function checkGrid(event: Pick<MatchmakingEvent, 'slotMinutes' | 'days'>) {
  gridSlots(event);
}

export function eventRoutes(ctx: AppContext): Router {
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

  // Events

  router.post('/events', async (req, res) => {
    const principal = requirePrincipal(req);
    if (principal.role !== 'organiser' && principal.role !== 'admin') throw new AppError('forbidden', `The role '${principal.role}' may not create events; organisers do`);
    const body = parseBody(eventBody, req);
    checkGrid(body);
    const event = await createEvent(ctx.db, { ...body, tables: tablesOf(body.tables) }, principal.keyId);
    res.status(201).location(`/events/${event.id}`).json(presentEvent(event));
  });

  router.get('/events', async (req, res) => {
    const principal = requirePrincipal(req);
    if (principal.role !== 'organiser' && principal.role !== 'admin') throw new AppError('forbidden', 'Listing events is for organisers and admins');
    const query = parseQuery(z.strictObject(pagination), req);
    const page = await listEvents(ctx.db, { ...query, ownerKeyId: principal.role === 'admin' ? undefined : principal.keyId });
    res.json({ ...page, items: page.items.map(presentEvent) });
  });

  router.get('/events/:id', async (req, res) => {
    const { event } = await loadForReader(req);
    res.json(presentEvent(event));
  });

  router.patch('/events/:id', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const body = parseBody(eventPatch, req);
    checkGrid({ slotMinutes: body.slotMinutes ?? event.slotMinutes, days: body.days ?? event.days });
    const updated = await ctx.db.transaction().execute((trx) => updateEvent(trx, event.id, { ...body, tables: body.tables === undefined ? undefined : tablesOf(body.tables) }));
    res.json(presentEvent(updated));
  });

  router.delete('/events/:id', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const active = await latestJob(ctx.db, event.id, SCHEDULE_JOB, ['queued', 'running']);
    if (active) await ctx.scheduling.cancel(active.id);
    await ctx.db.transaction().execute((trx) => deleteEvent(trx, event.id));
    res.status(204).end();
  });

  router.get('/events/:id/slots', async (req, res) => {
    const { event } = await loadForReader(req);
    res.json({
      timeZone: event.timeZone,
      items: gridSlots(event).map((s) => ({ number: s.index + 1, ...s, startsAt: slotStart(event, s).toISO(), endsAt: slotEnd(event, s).toISO() })),
    });
  });

  // Participants

  /** Fills name and side from the linked company or city; refuses links that do not exist. */
  async function completeParticipant(spec: z.infer<typeof participantBody>, field: string): Promise<ParticipantSpec> {
    let name = spec.name;
    let side = spec.side;
    const kind = spec.kind ?? (spec.cityId && !spec.companyId ? 'delegation' : 'company');
    if (spec.companyId) {
      const company = await findCompanyById(ctx.db, spec.companyId);
      if (!company) throw new AppError('validation_failed', `company '${spec.companyId}' does not exist`, { field: `${field}companyId` });
      name ??= company.name;
      side ??= company.country === 'DE' ? 'DE' : company.country === 'CN' ? 'CN' : undefined;
    }
    if (spec.cityId) {
      const city = await findCityById(ctx.db, spec.cityId);
      if (!city) throw new AppError('validation_failed', `city '${spec.cityId}' does not exist`, { field: `${field}cityId` });
      name ??= kind === 'delegation' ? `Delegation of ${city.name.en}${city.name.zh ? ` (${city.name.zh})` : ''}` : undefined;
      side ??= city.country === 'DE' ? 'DE' : city.country === 'CN' ? 'CN' : undefined;
    }
    if (!name) throw new AppError('validation_failed', 'a participant needs a name (or a companyId to take it from)', { field: `${field}name` });
    if (!side) throw new AppError('validation_failed', 'side (DE or CN) is needed when no German or Chinese company or city gives it', { field: `${field}side` });
    return {
      name,
      kind,
      side,
      companyId: spec.companyId ?? null,
      cityId: spec.cityId ?? null,
      attendees: spec.attendees,
      languages: spec.languages,
      interpreterNeeded: spec.interpreterNeeded,
      unavailable: spec.unavailable,
      tableId: spec.tableId,
      minMeetings: spec.minMeetings,
      maxMeetings: spec.maxMeetings,
    };
  }

  function checkParticipant(event: MatchmakingEvent, spec: ParticipantSpec, field: string) {
    if (spec.tableId && !event.tables.some((t) => t.id === spec.tableId)) throw new AppError('validation_failed', `table '${spec.tableId}' is not a table of the event`, { field: `${field}tableId` });
    if (spec.minMeetings !== null && spec.maxMeetings !== null && spec.minMeetings > spec.maxMeetings) {
      throw new AppError('validation_failed', 'minMeetings exceeds maxMeetings', { field: `${field}minMeetings` });
    }
    spec.unavailable.forEach((u, i) => {
      if (u.to <= u.from) throw new AppError('validation_failed', `the range ends (${u.to}) before it starts (${u.from})`, { field: `${field}unavailable.${i}.to` });
    });
  }

  router.post('/events/:id/participants', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const body = parseBody(participantsBody, req);
    const list = 'participants' in body ? body.participants : [body];
    const prefix = (i: number) => ('participants' in body ? `participants.${i}.` : '');
    const specs: ParticipantSpec[] = [];
    for (const [i, spec] of list.entries()) {
      const complete = await completeParticipant(spec, prefix(i));
      checkParticipant(event, complete, prefix(i));
      specs.push(complete);
    }
    const existing = await listParticipants(ctx.db, event.id);
    const linked = new Set(existing.flatMap((p) => (p.companyId ? [p.companyId] : [])));
    specs.forEach((s, i) => {
      if (s.companyId && linked.has(s.companyId)) throw new AppError('conflict', `company '${s.companyId}' is already a participant`, { field: `${prefix(i)}companyId` });
      if (s.companyId) linked.add(s.companyId);
    });
    const added = await ctx.db.transaction().execute((trx) => addParticipants(trx, event.id, specs));
    if ('participants' in body) res.status(201).json({ items: added });
    else res.status(201).location(`/events/${event.id}/participants/${added[0]!.id}`).json(added[0]);
  });

  router.get('/events/:id/participants', async (req, res) => {
    const { event } = await loadForReader(req);
    const participants = await listParticipants(ctx.db, event.id);
    res.json({ items: participants, total: participants.length });
  });

  router.get('/events/:id/participants/:pid', async (req, res) => {
    const { event } = await loadForReader(req);
    res.json(await getParticipant(ctx.db, event.id, req.params.pid as string, 'pid'));
  });

  router.patch('/events/:id/participants/:pid', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const current = await getParticipant(ctx.db, event.id, req.params.pid as string, 'pid');
    const body = parseBody(participantPatch, req);
    const { id: _id, eventId: _e, createdAt: _c, updatedAt: _u, ...rest } = current;
    const spec: ParticipantSpec = { ...rest, ...body };
    checkParticipant(event, spec, '');
    res.json(await ctx.db.transaction().execute((trx) => updateParticipant(trx, event.id, current.id, spec)));
  });

  router.delete('/events/:id/participants/:pid', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    await ctx.db.transaction().execute((trx) => deleteParticipant(trx, event.id, req.params.pid as string));
    res.status(204).end();
  });

  // Wishes: a participant's own marks on others.

  router.get('/events/:id/wishes', async (req, res) => {
    const { event } = await loadForOrganiser(req);
    const wishes = await listWishes(ctx.db, event.id);
    res.json({ items: wishes, total: wishes.length });
  });

  router.get('/events/:id/participants/:pid/wishes', async (req, res) => {
    const { event, participant } = await loadForParticipant(req, req.params.pid as string, 'pid');
    const wishes = await listWishes(ctx.db, event.id, participant.id);
    res.json({ items: wishes, total: wishes.length });
  });

  router.put('/events/:id/participants/:pid/wishes/:to', async (req, res) => {
    const { event, participant } = await loadForParticipant(req, req.params.pid as string, 'pid');
    const { kind } = parseBody(wishBody, req);
    const other = await getParticipant(ctx.db, event.id, req.params.to as string, 'to');
    if (other.id === participant.id) throw new AppError('validation_failed', 'a participant cannot wish to meet itself', { field: 'to' });
    res.json(await ctx.db.transaction().execute((trx) => setWish(trx, event.id, participant.id, other.id, kind)));
  });

  router.delete('/events/:id/participants/:pid/wishes/:to', async (req, res) => {
    const { event, participant } = await loadForParticipant(req, req.params.pid as string, 'pid');
    const removed = await ctx.db.transaction().execute((trx) => deleteWish(trx, event.id, participant.id, req.params.to as string));
    if (!removed) throw new AppError('not_found', `participant '${participant.id}' has no wish about '${req.params.to}'`, { field: 'to' });
    res.status(204).end();
  });

  // Requests: one side asks, the other accepts or declines.

  router.post('/events/:id/requests', async (req, res) => {
    const body = parseBody(requestBody, req);
    const { event, participant } = await loadForParticipant(req, body.from, 'from');
    const other = await getParticipant(ctx.db, event.id, body.to, 'to');
    if (other.id === participant.id) throw new AppError('validation_failed', 'a participant cannot request a meeting with itself', { field: 'to' });
    const request = await ctx.db.transaction().execute((trx) => createRequest(trx, event.id, participant.id, other.id, body.message));
    res.status(201).location(`/events/${event.id}/requests/${request.id}`).json(request);
  });

  router.get('/events/:id/requests', async (req, res) => {
    const { event, organiser, actingFor } = await loadForReader(req);
    const { participant } = parseQuery(z.strictObject({ participant: id.optional() }), req);
    if (!organiser && (!participant || !actingFor.some((p) => p.id === participant))) {
      throw new AppError('forbidden', 'A participant reads only its own requests: add ?participant=<its id>', { field: 'query.participant' });
    }
    const items = await listRequests(ctx.db, event.id, participant);
    res.json({ items, total: items.length });
  });

  for (const answer of ['accept', 'decline'] as const) {
    router.post(`/events/:id/requests/:rid/${answer}`, async (req, res) => {
      const event = await getEvent(ctx.db, req.params.id as string);
      const request = await findRequest(ctx.db, event.id, req.params.rid as string);
      if (!request) throw new AppError('not_found', `Request '${req.params.rid}' does not exist`, { field: 'rid' });
      await loadForParticipant(req, request.to, 'rid');
      if (request.status !== 'pending') throw new AppError('conflict', `The request is already ${request.status}`, { field: 'status' });
      const status = answer === 'accept' ? 'accepted' : 'declined';
      res.json(await ctx.db.transaction().execute((trx) => answerRequest(trx, event.id, request.id, status)));
    });
  }

  return router;
}

export const eventSchemas = { eventBody, eventPatch, participantsBody, participantPatch, wishBody, requestBody, lockBody, meetingPatch, scheduleBody };
