/**
 * An event end to end through the API: an organiser creates it, registers German and Chinese companies
 * and a delegation, participants state wishes and answer requests, the organiser locks a meeting and
 * schedules (a job), and the schedule comes out as a report, iCalendar agendas, a printable page and CSV.
 * Every schedule is checked here independently of the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ICAL from 'ical.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { createApiKey } from '../../data/repositories/apiKeys.ts';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';

const dialects = await availableDialects('events API tests');

const EVENT = {
  name: 'Business Matchmaking Hannover Messe',
  venue: 'Hall 2, Hannover',
  timeZone: 'Europe/Berlin',
  slotMinutes: 30,
  days: [
    {
      date: '2027-04-13',
      sessions: [
        { name: 'morning', start: '09:00', end: '12:00', breaks: [{ start: '10:30', end: '11:00' }] },
        { name: 'afternoon', start: '13:30', end: '16:00' },
      ],
    },
  ],
  tables: [{ name: 'A1' }, { name: 'A2' }, { name: 'A3' }, { name: 'CN booth', reservedFor: 'CN' }],
  settings: { maxMeetings: 6, suggestBelow: 2 },
};

interface Meeting {
  id: string;
  a: string;
  b: string;
  slot: number;
  slotNumber: number;
  tableId: string;
  status: string;
  origin: string;
  start: string;
}

/** An independent check of a stored schedule against the event's rules. */
function checkSchedule(meetings: Meeting[], participants: { id: string; unavailable: { from: string; to: string }[] }[], slots: { number: number; start: string; end: string }[], tables: number) {
  const busy = new Set<string>();
  const perSlot = new Map<number, Set<string>>();
  for (const m of meetings) {
    for (const p of [m.a, m.b]) {
      const key = `${p}@${m.slotNumber}`;
      expect(busy.has(key), `${p} double-booked in slot ${m.slotNumber}`).toBe(false);
      busy.add(key);
      const participant = participants.find((x) => x.id === p)!;
      const slot = slots.find((s) => s.number === m.slotNumber)!;
      expect(participant.unavailable.some((u) => u.from < slot.end && slot.start < u.to), `${p} meets while unavailable`).toBe(false);
    }
    const used = perSlot.get(m.slotNumber) ?? new Set<string>();
    expect(used.has(m.tableId), `table ${m.tableId} used twice in slot ${m.slotNumber}`).toBe(false);
    used.add(m.tableId);
    perSlot.set(m.slotNumber, used);
  }
  for (const used of perSlot.values()) expect(used.size).toBeLessThanOrEqual(tables);
}

describe.each(dialects)('matchmaking events through the API on %s', (dialect) => {
  let t: TestApp;
  let otherOrganiser: string;

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 60, dialect });
    otherOrganiser = (await createApiKey(t.ctx.db, { name: 'another organiser', role: 'organiser' })).secret;
  }, 60_000);
  afterAll(async () => t?.close());

  async function waitForJob(jobId: string, key: string): Promise<{ status: string; error: unknown; progress: { phase: string } }> {
    // Bounded: at most 60 polls of 250 ms on top of the run's own time limit.
    for (let i = 0; i < 60; i++) {
      const res = await request(t.app).get(`/jobs/${jobId}`).set(bearer(key)).expect(200);
      if (!['queued', 'running'].includes(res.body.status)) return res.body;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  let eventId: string;
  let de: { id: string; name: string }[];
  let cn: { id: string; name: string }[];
  const pid: Record<string, string> = {};

  it('an organiser creates an event; its grid unrolls into slots in the event time zone', async () => {
    const res = await request(t.app).post('/events').set(bearer(t.keys.organiser)).send(EVENT).expect(201);
    eventId = res.body.id;
    expect(res.headers.location).toBe(`/events/${eventId}`);
    expect(res.body.tables.map((x: { id: string }) => x.id)).toEqual(['t1', 't2', 't3', 't4']);
    // 09:00–10:30 (3) + 11:00–12:00 (2) + 13:30–16:00 (5)
    expect(res.body.slotCount).toBe(10);
    const slots = await request(t.app).get(`/events/${eventId}/slots`).set(bearer(t.keys.organiser)).expect(200);
    expect(slots.body.items.map((s: { start: string }) => s.start)).toEqual(['09:00', '09:30', '10:00', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00', '15:30']);
    expect(slots.body.items[0].startsAt).toBe('2027-04-13T09:00:00.000+02:00');
  });

  it('refuses bad events with problem+json naming the field', async () => {
    const overlap = await request(t.app)
      .post('/events')
      .set(bearer(t.keys.organiser))
      .send({ ...EVENT, days: [{ date: '2027-04-13', sessions: [{ name: 'morning', start: '09:00', end: '12:00' }, { name: 'afternoon', start: '11:00', end: '14:00' }] }] })
      .expect(422);
    expect(overlap.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(overlap.body.field).toBe('days.0.sessions.1.start');
    const zone = await request(t.app).post('/events').set(bearer(t.keys.organiser)).send({ ...EVENT, timeZone: 'Mars/Olympus' }).expect(422);
    expect(zone.body.field).toBe('timeZone');
    await request(t.app).post('/events').set(bearer(t.keys.company)).send(EVENT).expect(403);
  });

  it('refuses days that are not in the calendar and times the clocks skip, naming the field', async () => {
    const organiser = bearer(t.keys.organiser);
    const oneDay = (date: string, sessions: { name: string; start: string; end: string; breaks?: { start: string; end: string }[] }[]) => ({ ...EVENT, days: [{ date, sessions }] });
    const morning = [{ name: 'morning', start: '09:00', end: '12:00' }];
    // 2026-02-30 has the form of a date but is no day: it used to be stored, and its agenda.ics was a 500.
    const impossible = await request(t.app).post('/events').set(organiser).send(oneDay('2026-02-30', morning)).expect(422);
    expect(impossible.body.field).toBe('days.0.date');
    const second = await request(t.app).post('/events').set(organiser).send({ ...EVENT, days: [EVENT.days[0], { date: '2027-04-31', sessions: morning }] }).expect(422);
    expect(second.body.field).toBe('days.1.date');
    await request(t.app).post('/events').set(organiser).send(oneDay('2028-02-29', morning)).expect(201); // a leap day is one

    // Europe/Berlin goes from 02:00 to 03:00 on 2026-03-29: 02:30 does not exist that night.
    const springForward = (sessions: Parameters<typeof oneDay>[1]) => request(t.app).post('/events').set(organiser).send(oneDay('2026-03-29', sessions));
    expect((await springForward([{ name: 'night', start: '02:30', end: '04:00' }]).expect(422)).body.field).toBe('days.0.sessions.0.start');
    expect((await springForward([{ name: 'night', start: '01:00', end: '02:30' }]).expect(422)).body.field).toBe('days.0.sessions.0.end');
    expect((await springForward([{ name: 'night', start: '00:00', end: '04:00', breaks: [{ start: '02:15', end: '03:30' }] }]).expect(422)).body.field).toBe('days.0.sessions.0.breaks.0.start');
    // Start and end exist, but the slots between them would fall into the skipped hour.
    const across = await springForward([{ name: 'night', start: '01:30', end: '03:30' }]).expect(422);
    expect(across.body.field).toBe('days.0.sessions.0');
    expect(across.body.detail).toMatch(/daylight saving/);
    // A break over the skipped hour leaves only slots that exist.
    await springForward([{ name: 'night', start: '01:00', end: '04:00', breaks: [{ start: '01:30', end: '03:30' }] }]).expect(201);
    // The same day by daylight: slots in summer time.
    const day = await springForward(morning).expect(201);
    const slots = await request(t.app).get(`/events/${day.body.id}/slots`).set(organiser).expect(200);
    expect(slots.body.items[0].startsAt).toBe('2026-03-29T09:00:00.000+02:00');
    // The hour repeated in autumn exists (twice): accepted.
    await request(t.app).post('/events').set(organiser).send(oneDay('2026-10-25', [{ name: 'night', start: '01:30', end: '03:30' }])).expect(201);

    // A change is checked against the time zone it leaves the event in: New York skips 02:00–03:00 on 2027-03-14.
    const quiet = await request(t.app).post('/events').set(organiser).send(oneDay('2027-03-14', [{ name: 'night', start: '02:00', end: '04:00' }])).expect(201);
    const moved = await request(t.app).patch(`/events/${quiet.body.id}`).set(organiser).send({ timeZone: 'America/New_York' }).expect(422);
    expect(moved.body.field).toBe('days.0.sessions.0.start');
    const patched = await request(t.app).patch(`/events/${quiet.body.id}`).set(organiser).send({ days: [{ date: '2027-02-29', sessions: morning }] }).expect(422);
    expect(patched.body.field).toBe('days.0.date');
    expect((await request(t.app).get(`/events/${quiet.body.id}`).set(organiser).expect(200)).body).toMatchObject({ timeZone: 'Europe/Berlin', days: [{ date: '2027-03-14' }] });
    // An unavailability on a day that does not exist is refused too.
    const away = await request(t.app)
      .post(`/events/${quiet.body.id}/participants`)
      .set(organiser)
      .send({ name: 'Somebody GmbH', side: 'DE', unavailable: [{ date: '2027-03-14', from: '02:00', to: '03:00' }, { date: '2027-02-30', from: '09:00', to: '10:00' }] })
      .expect(422);
    expect(away.body.field).toBe('unavailable.1.date');
  });

  it('refuses to schedule an event with fewer than two participants, naming participants', async () => {
    const event = (await request(t.app).post('/events').set(bearer(t.keys.organiser)).send(EVENT).expect(201)).body;
    const res = await request(t.app).post(`/events/${event.id}/schedule`).set(bearer(t.keys.organiser)).expect(422);
    expect(res.body.field).toBe('participants');
  });

  it('answers 405 with Allow for a method a known path does not serve', async () => {
    const res = await request(t.app).put(`/events/${eventId}`).set(bearer(t.keys.organiser)).send({}).expect(405);
    expect(res.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    const wishes = await request(t.app).post(`/events/${eventId}/wishes`).set(bearer(t.keys.organiser)).send({}).expect(405);
    expect(wishes.headers.allow?.split(', ').sort()).toEqual(['GET', 'HEAD']);
  });

  it('registers companies (name and side from the directory) and a city delegation', async () => {
    const list = async (country: string) => (await request(t.app).get(`/companies?country=${country}&limit=6`).set(bearer(t.keys.admin)).expect(200)).body.items as { id: string; name: string }[];
    de = await list('DE');
    cn = await list('CN');
    expect(de.length).toBeGreaterThanOrEqual(4);
    expect(cn.length).toBeGreaterThanOrEqual(4);
    const res = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(bearer(t.keys.organiser))
      .send({
        participants: [
          ...de.slice(0, 4).map((c, i) => ({ companyId: c.id, languages: ['de', 'en'], unavailable: i === 0 ? [{ date: '2027-04-13', from: '13:30', to: '14:30' }] : [] })),
          ...cn.slice(0, 4).map((c, i) => ({ companyId: c.id, languages: i === 3 ? ['zh'] : ['zh', 'en'], tableId: i === 0 ? 't4' : null })),
          { cityId: 'cn-foshan', languages: ['zh'], interpreterNeeded: true, attendees: [{ name: 'Head of delegation', role: 'Vice Mayor' }] },
        ],
      })
      .expect(201);
    expect(res.body.items).toHaveLength(9);
    res.body.items.forEach((p: { id: string; companyId: string | null; side: string }, i: number) => {
      pid[i < 4 ? `de${i}` : i < 8 ? `cn${i - 4}` : 'foshan'] = p.id;
      expect(p.side).toBe(i < 4 ? 'DE' : 'CN');
    });
    expect(res.body.items[8].kind).toBe('delegation');
    expect(res.body.items[8].name).toMatch(/Foshan/);
    const dup = await request(t.app).post(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).send({ companyId: de[0]!.id }).expect(409);
    expect(dup.body.field).toBe('companyId');
    const noSide = await request(t.app).post(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).send({ name: 'Somebody' }).expect(422);
    expect(noSide.body.field).toBe('side');
    // One bad entry in a batch: nothing of the batch is stored.
    const batch = await request(t.app)
      .post(`/events/${eventId}/participants`)
      .set(bearer(t.keys.organiser))
      .send({ participants: [{ name: 'Fine GmbH', side: 'DE' }, { companyId: 'no-such-company' }] })
      .expect(422);
    expect(batch.body.field).toBe('participants.1.companyId');
    const after = await request(t.app).get(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).expect(200);
    expect(after.body.total).toBe(9);
  });

  it('participants state wishes and requests; only for themselves', async () => {
    const organiser = bearer(t.keys.organiser);
    const wish = (from: string, to: string, kind: string, key = organiser) => request(t.app).put(`/events/${eventId}/participants/${pid[from]}/wishes/${pid[to]}`).set(key).send({ kind });
    await wish('de0', 'cn0', 'must').expect(200);
    await wish('de0', 'cn1', 'like').expect(200);
    await wish('de1', 'cn0', 'must').expect(200);
    await wish('de1', 'cn2', 'like').expect(200);
    await wish('cn2', 'de1', 'like').expect(200);
    await wish('de2', 'cn3', 'like').expect(200);
    await wish('cn3', 'de2', 'no').expect(200);
    await wish('de3', 'foshan', 'must').expect(200);
    // The Foshan city key acts for its delegation, and only for it.
    await wish('foshan', 'de2', 'like', bearer(t.keys.city)).expect(200);
    await wish('de0', 'cn2', 'like', bearer(t.keys.city)).expect(403);
    await wish('de0', 'de0', 'like').expect(422);
    const bad = await wish('de0', 'cn2', 'maybe').expect(422);
    expect(bad.body.field).toBe('kind');

    const asked = await request(t.app).post(`/events/${eventId}/requests`).set(organiser).send({ from: pid.cn1, to: pid.de3, message: 'Battery recycling?' }).expect(201);
    await request(t.app).post(`/events/${eventId}/requests`).set(organiser).send({ from: pid.de3, to: pid.cn1 }).expect(409);
    await request(t.app).post(`/events/${eventId}/requests/${asked.body.id}/accept`).set(organiser).expect(200);
    await request(t.app).post(`/events/${eventId}/requests/${asked.body.id}/decline`).set(organiser).expect(409);
    const declined = await request(t.app).post(`/events/${eventId}/requests`).set(organiser).send({ from: pid.cn2, to: pid.de0 }).expect(201);
    await request(t.app).post(`/events/${eventId}/requests/${declined.body.id}/decline`).set(organiser).expect(200);
  });

  it('every list answers {items, total, limit, offset} and honours limit and offset', async () => {
    const organiser = bearer(t.keys.organiser);
    const pages = async (path: string) => {
      const all = (await request(t.app).get(`${path}?limit=200`).set(organiser).expect(200)).body;
      expect(all.total, path).toBe(all.items.length);
      expect(all.total, path).toBeGreaterThanOrEqual(2);
      const page = (await request(t.app).get(`${path}?limit=1&offset=1`).set(organiser).expect(200)).body;
      expect(page, path).toEqual({ items: all.items.slice(1, 2), total: all.total, limit: 1, offset: 1 });
      const past = (await request(t.app).get(`${path}?offset=${all.total}`).set(organiser).expect(200)).body;
      expect(past, path).toEqual({ items: [], total: all.total, limit: 20, offset: all.total });
    };
    await pages('/events');
    await pages(`/events/${eventId}/participants`);
    await pages(`/events/${eventId}/wishes`);
    await pages(`/events/${eventId}/participants/${pid.de0}/wishes`);
    await pages(`/events/${eventId}/requests`);
    // A participant pages through its own requests.
    const own = (await request(t.app).get(`/events/${eventId}/requests?participant=${pid.foshan}&limit=1`).set(bearer(t.keys.city)).expect(200)).body;
    expect(own).toMatchObject({ items: [], total: 0, limit: 1, offset: 0 });
    const bad = await request(t.app).get(`/events/${eventId}/participants?limit=0`).set(organiser).expect(400);
    expect(bad.body.field).toBe('query.limit');
  });

  it("organisers manage only their own events, and learn nothing of others' (answered as missing ones)", async () => {
    for (const [method, path] of [['get', ''], ['post', '/schedule'], ['get', '/meetings.csv'], ['get', '/participants'], ['patch', '']] as const) {
      const foreign = await request(t.app)[method](`/events/${eventId}${path}`).set(bearer(otherOrganiser)).send({});
      const missing = await request(t.app)[method](`/events/ev-missing${path}`).set(bearer(otherOrganiser)).send({});
      expect([foreign.status, foreign.body.code], `${method} ${path}`).toEqual([404, 'not_found']);
      expect(missing.status, `${method} ${path}`).toBe(404);
    }
    const mine = await request(t.app).get('/events').set(bearer(otherOrganiser)).expect(200);
    expect(mine.body.items.map((e: { id: string }) => e.id)).not.toContain(eventId);
    await request(t.app).get(`/events/${eventId}`).set(bearer(t.keys.admin)).expect(200);
  });

  let locked: Meeting;
  it('locks a meeting to a slot and table; clashes are refused', async () => {
    const res = await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: pid.de3, b: pid.foshan, slot: 4, tableId: 't2' }).expect(201);
    locked = res.body;
    expect(locked).toMatchObject({ status: 'locked', slotNumber: 4, start: '11:00', tableId: 't2' });
    const clash = await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: pid.de3, b: pid.cn1, slot: 4 }).expect(409);
    expect(clash.body.field).toBe('a');
    const away = await request(t.app).post(`/events/${eventId}/locks`).set(bearer(t.keys.organiser)).send({ a: pid.de0, b: pid.cn1, slot: 6 }).expect(422);
    expect(away.body.field).toBe('a');
  });

  let first: Meeting[];
  let participants: { id: string; name: string; unavailable: { from: string; to: string }[] }[];
  let slots: { number: number; start: string; end: string }[];

  it('schedules as a job: 202, progress, then a report with the LP bound and an exact selection', async () => {
    const started = await request(t.app).post(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).send({ timeLimitSeconds: 3 }).expect(202);
    expect(started.headers.location).toBe(`/jobs/${started.body.id}`);
    const again = await request(t.app).post(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).send({ timeLimitSeconds: 3 });
    expect([202, 409]).toContain(again.status); // 409 while the first is queued or running
    const job = await waitForJob(started.body.id, t.keys.organiser);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    await t.ctx.scheduling.idle();

    const res = await request(t.app).get(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).expect(200);
    const { report } = res.body;
    first = res.body.meetings;
    participants = (await request(t.app).get(`/events/${eventId}/participants`).set(bearer(t.keys.organiser)).expect(200)).body.items;
    slots = (await request(t.app).get(`/events/${eventId}/slots`).set(bearer(t.keys.organiser)).expect(200)).body.items;
    checkSchedule(first, participants, slots, 4);

    expect(res.body.stale).toBe(false);
    expect(report.exact).toBe(true);
    expect(report.gap).toBe(0);
    expect(report.upperBound).toBeCloseTo(report.totalValue, 6);
    const pair = (x: string, y: string) => first.find((m) => (m.a === pid[x] && m.b === pid[y]) || (m.a === pid[y] && m.b === pid[x]));
    // The lock is kept where it was put.
    expect(pair('de3', 'foshan')).toMatchObject({ id: locked.id, status: 'locked', slotNumber: 4, tableId: 't2' });
    // Must-meets are held; "no thanks" and a declined request are not; an accepted request is.
    expect(pair('de0', 'cn0')).toBeDefined();
    expect(pair('de1', 'cn0')).toBeDefined();
    expect(pair('de1', 'cn2')?.origin).toBe('wish');
    expect(pair('de3', 'cn1')?.origin).toBe('request');
    expect(pair('de2', 'cn3')).toBeUndefined();
    expect(report.unmetMust).toEqual([]);
    // de0 is away 13:30–14:30 (slots 6 and 7).
    expect(first.filter((m) => m.a === pid.de0 || m.b === pid.de0).every((m) => m.slotNumber !== 6 && m.slotNumber !== 7)).toBe(true);
    // The CN booth hosts its owner.
    expect(first.filter((m) => m.tableId === 't4').every((m) => participants.find((p) => p.id === m.a || p.id === m.b))).toBe(true);
    expect(report.breaks.spread).toBeLessThanOrEqual(2);
    expect(report.meetingsPerParticipant.max).toBeLessThanOrEqual(6);
    expect(report.meetings).toBe(first.length);
    // Those with few wishes got suggestions.
    expect(report.candidates.suggestion).toBeGreaterThan(0);
  }, 30_000);

  it('exports each agenda as iCalendar in the event time zone with one stable UID per pair', async () => {
    const who = pid.de0!;
    const res = await request(t.app).get(`/events/${eventId}/participants/${who}/agenda.ics`).set(bearer(t.keys.organiser)).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    const vevents = calendar.getAllSubcomponents('vevent');
    const events = vevents.map((v) => new ICAL.Event(v));
    for (const v of vevents) expect(v.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Berlin');
    const mine = first.filter((m) => m.a === who || m.b === who);
    expect(events).toHaveLength(mine.length);
    for (const m of mine) {
      const ev = events.find((e) => e.uid.includes(m.a) && e.uid.includes(m.b))!;
      expect(ev, `no calendar entry for ${m.a}–${m.b}`).toBeDefined();
      expect(ev.startDate.toString().slice(11, 16)).toBe(m.start);
      expect(ev.startDate.toUnixTime()).toBe(Date.parse(`2027-04-13T${m.start}:00+02:00`) / 1000);
    }
    // The delegation's own key reads its agenda; another company's key (a stranger to the event) learns nothing.
    await request(t.app).get(`/events/${eventId}/participants/${pid.foshan}/agenda.ics`).set(bearer(t.keys.city)).expect(200);
    await request(t.app).get(`/events/${eventId}/participants/${pid.foshan}/agenda.ics`).set(bearer(t.keys.otherCompany)).expect(404);
    const html = await request(t.app).get(`/events/${eventId}/participants/${who}/agenda.html`).set(bearer(t.keys.organiser)).expect(200);
    expect(html.text).toContain('<table>');
    expect((html.text.match(/<tr><td>/g) ?? []).length).toBe(mine.length);
  });

  it('exports the master list and the score matrix as CSV', async () => {
    const res = await request(t.app).get(`/events/${eventId}/meetings.csv`).set(bearer(t.keys.organiser)).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const rows = parseCsv(res.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(first.length);
    const foshanRow = rows.find((r) => [r.a_id, r.b_id].sort().join() === [pid.foshan, pid.de3].sort().join())!;
    expect(foshanRow.interpreter_needed).toBe('yes');
    expect(foshanRow.table).toBe('A2');
    const scores = parseCsv((await request(t.app).get(`/events/${eventId}/scores.csv`).set(bearer(t.keys.organiser)).expect(200)).text) as string[][];
    expect(scores).toHaveLength(1 + 4); // header + German participants
    expect(scores[0]).toHaveLength(2 + 5); // id, name + Chinese participants (incl. the delegation)
    for (const row of scores.slice(1)) for (const cell of row.slice(2, 6)) expect(Number(cell)).toBeGreaterThanOrEqual(0);
  });

  it('re-running keeps confirmed and locked meetings, and calendar UIDs stay the same', async () => {
    const confirmed = first.find((m) => m.status === 'scheduled')!;
    await request(t.app).patch(`/events/${eventId}/meetings/${confirmed.id}`).set(bearer(t.keys.organiser)).send({ status: 'confirmed' }).expect(200);
    const uidsBefore = new ICAL.Component(ICAL.parse((await request(t.app).get(`/events/${eventId}/participants/${confirmed.a}/agenda.ics`).set(bearer(t.keys.organiser))).text))
      .getAllSubcomponents('vevent')
      .map((v) => v.getFirstPropertyValue('uid'))
      .sort();
    const stale = await request(t.app).get(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).expect(200);
    expect(stale.body.stale).toBe(true);
    const started = await request(t.app).post(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).send({ timeLimitSeconds: 2, seed: 7 }).expect(202);
    expect((await waitForJob(started.body.id, t.keys.organiser)).status).toBe('succeeded');
    const second: Meeting[] = (await request(t.app).get(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).expect(200)).body.meetings;
    checkSchedule(second, participants, slots, 4);
    expect(second.find((m) => m.id === confirmed.id)).toMatchObject({ status: 'confirmed', slot: confirmed.slot, tableId: confirmed.tableId });
    expect(second.find((m) => m.id === locked.id)).toMatchObject({ status: 'locked', slotNumber: 4 });
    const uidsAfter = new ICAL.Component(ICAL.parse((await request(t.app).get(`/events/${eventId}/participants/${confirmed.a}/agenda.ics`).set(bearer(t.keys.organiser))).text))
      .getAllSubcomponents('vevent')
      .map((v) => v.getFirstPropertyValue('uid'))
      .sort();
    // The same pairs meet (same wishes, same caps): the same UIDs, whatever slots they moved to.
    expect(uidsAfter).toEqual(uidsBefore);
  }, 30_000);

  it('a queued run can be cancelled; a participant sees only its own meetings', async () => {
    const other = await request(t.app).post('/events').set(bearer(t.keys.organiser)).send({ ...EVENT, name: 'Second event' }).expect(201);
    await request(t.app)
      .post(`/events/${other.body.id}/participants`)
      .set(bearer(t.keys.organiser))
      .send({ participants: [{ companyId: de[0]!.id }, { companyId: cn[0]!.id }] })
      .expect(201);
    const running = await request(t.app).post(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).send({ timeLimitSeconds: 2 }).expect(202);
    const queued = await request(t.app).post(`/events/${other.body.id}/schedule`).set(bearer(t.keys.organiser)).send({}).expect(202);
    const cancelled = await request(t.app).post(`/jobs/${queued.body.id}/cancel`).set(bearer(t.keys.organiser)).expect(202);
    expect(cancelled.body.status).toBe('cancelled');
    await request(t.app).post(`/jobs/${queued.body.id}/cancel`).set(bearer(t.keys.organiser)).expect(409);
    await waitForJob(running.body.id, t.keys.organiser);
    await t.ctx.scheduling.idle();

    const view = await request(t.app).get(`/events/${eventId}/schedule`).set(bearer(t.keys.city)).expect(200);
    expect(view.body.report).toBeNull();
    expect(view.body.meetings.length).toBeGreaterThan(0);
    expect(view.body.meetings.every((m: Meeting) => m.a === pid.foshan || m.b === pid.foshan)).toBe(true);
  }, 30_000);

  it('deleting a participant removes its wishes, requests and meetings, and cancels them in its partners\' calendars; deleting the event removes everything', async () => {
    const meetings: Meeting[] = (await request(t.app).get(`/events/${eventId}/schedule`).set(bearer(t.keys.organiser)).expect(200)).body.meetings;
    const lost = meetings.find((m) => m.a === pid.cn3 || m.b === pid.cn3)!;
    expect(lost, 'cn3 has a meeting').toBeDefined();
    const partner = lost.a === pid.cn3 ? lost.b : lost.a;
    const entryOf = async () => {
      const text = (await request(t.app).get(`/events/${eventId}/participants/${partner}/agenda.ics?lang=en`).set(bearer(t.keys.organiser)).expect(200)).text;
      return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('uid')).includes(pid.cn3!))!;
    };
    const before = await entryOf();
    expect(before.getFirstPropertyValue('status')).toBe('CONFIRMED');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // SEQUENCE counts seconds
    await request(t.app).delete(`/events/${eventId}/participants/${pid.cn3}`).set(bearer(t.keys.organiser)).expect(204);
    const after = await entryOf();
    expect(after.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(after.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(after.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(before.getFirstPropertyValue('sequence')));
    expect(String(after.getFirstPropertyValue('summary'))).toContain('Cancelled');
    expect(after.getFirstPropertyValue('dtstart')?.toString()).toBe(before.getFirstPropertyValue('dtstart')?.toString());
    const wishes = await request(t.app).get(`/events/${eventId}/wishes`).set(bearer(t.keys.organiser)).expect(200);
    expect(wishes.body.items.some((w: { from: string; to: string }) => w.from === pid.cn3 || w.to === pid.cn3)).toBe(false);
    await request(t.app).delete(`/events/${eventId}`).set(bearer(t.keys.organiser)).expect(204);
    await request(t.app).get(`/events/${eventId}`).set(bearer(t.keys.organiser)).expect(404);
  });
});
