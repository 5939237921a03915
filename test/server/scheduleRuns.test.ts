/**
 * Scheduling runs and the organiser's edits through the API: a run's progress says what it has (phase,
 * fraction, the selection's quality, best breaks so far against the lower bound); a run ends as soon as
 * it is done, with a certificate saying why; a cancel during the timetable search keeps the best schedule
 * found, marked partial; a meeting moves to a free slot and
 * table (and is locked there), while a move that would clash is refused with a problem naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { clashesOf } from '../../engine/scheduling/clashes.ts';
import { availableDialects, bearer, testApp, type TestApp } from '../helpers.ts';
import { scheduleFixture, waitForJob, type FixtureMeeting as Meeting, type ScheduleFixture } from '../scheduleFixture.ts';

const dialects = await availableDialects('schedule runs API tests');

describe.each(dialects)('scheduling runs and moves through the API on %s', (dialect) => {
  let t: TestApp;
  let small: ScheduleFixture;

  beforeAll(async () => {
    t = await testApp({ demoCompanies: 300, dialect });
    small = await scheduleFixture(t, { participants: 12, tables: 4, timeLimitSeconds: 1 });
  }, 120_000);
  afterAll(async () => t?.close());

  const organiser = () => bearer(t.keys.organiser);
  const scheduleOf = async (eventId: string) => (await request(t.app).get(`/events/${eventId}/schedule`).set(organiser()).expect(200)).body;

  it('a finished run says what it found: phase done, the best breaks against the lower bound, the selection, and a report with names', async () => {
    const started = await request(t.app).post(`/events/${small.eventId}/schedule`).set(organiser()).send({}).expect(202);
    const job = await waitForJob(t, started.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toMatchObject({ phase: 'done', fraction: 1, bestBreaks: expect.any(Number), lowerBound: expect.any(Number) });
    expect(job.progress.selection).toEqual({ meetings: expect.any(Number), relativeGap: expect.any(Number), exact: expect.any(Boolean) });
    expect(job.progress.bestBreaks).toBeGreaterThanOrEqual(job.progress.lowerBound!);
    const schedule = await scheduleOf(small.eventId);
    expect(schedule.lastRun).toMatchObject({ jobId: started.body.id, status: 'succeeded', partial: false });
    expect(schedule.report.stoppedEarly).toBe(false);
    const names = new Map(small.participants.map((p) => [p.id, p.name]));
    for (const u of schedule.report.unmetMust) expect(u.aName).toBe(names.get(u.a));
    for (const b of schedule.report.belowMinimum) expect(b.name).toBe(names.get(b.participant));
    expect(schedule.meetings.length).toBeGreaterThan(0);
  }, 60_000);

  it('a small event ends early, proven optimal, with the certificate in progress and report', async () => {
    const started = await request(t.app).post(`/events/${small.eventId}/schedule`).set(organiser()).send({ timeLimitSeconds: 30, seed: 1 }).expect(202);
    const job = await waitForJob(t, started.body.id);
    expect(job.status).toBe('succeeded');
    const certificate = { status: 'optimal', selectionExact: true, breaksOptimal: true, lowerBound: expect.any(Number), lowerBoundBy: expect.stringMatching(/^(availability|solver)$/), exactSearch: expect.any(Boolean), timeLimitSeconds: 30 };
    expect(job.progress).toMatchObject({ phase: 'done', certificate });
    expect(job.progress.bestBreaks).toBe(job.progress.lowerBound);
    const schedule = await scheduleOf(small.eventId);
    expect(schedule.report.certificate).toEqual(job.progress.certificate);
    expect(schedule.report.certificate.stoppedAtSeconds).toBeLessThan(30);
    expect(schedule.report.breaks).toMatchObject({ optimal: true, total: schedule.report.certificate.lowerBound });
    expect(schedule.lastRun).toMatchObject({ status: 'succeeded', partial: false });
  }, 60_000);

  it('refuses a run with bad parameters as a problem naming the field, and starts nothing', async () => {
    for (const [body, field] of [
      [{ timeLimitSeconds: 0 }, 'timeLimitSeconds'],
      [{ timeLimitSeconds: 601 }, 'timeLimitSeconds'],
      [{ timeLimitSeconds: 'soon' }, 'timeLimitSeconds'],
      [{ seed: -1 }, 'seed'],
    ] as const) {
      const refused = await request(t.app).post(`/events/${small.eventId}/schedule`).set(organiser()).send(body).expect(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 422, field });
    }
    expect((await scheduleOf(small.eventId)).currentJob?.status ?? null).not.toBe('running');
  });

  it('a 21-participant event under the default 30 s ends before it, proven optimal or no longer improving, and says which', async () => {
    // As in issue 18, which ran out the default limit although nothing was left to improve.
    const event = await scheduleFixture(t, { participants: 21, tables: 7, wishesEach: 3, timeLimitSeconds: 30 });
    const started = await request(t.app).post(`/events/${event.eventId}/schedule`).set(organiser()).send({ seed: 1 }).expect(202);
    const job = await waitForJob(t, started.body.id);
    expect(job.status).toBe('succeeded');
    const { report } = await scheduleOf(event.eventId);
    expect(report.certificate).toEqual(job.progress.certificate);
    expect(['optimal', 'stalled']).toContain(report.certificate.status);
    expect(report.certificate.stoppedAtSeconds).toBeLessThan(report.certificate.timeLimitSeconds);
    expect(report.breaks.optimal).toBe(report.certificate.status === 'optimal');
    expect(report.breaks.lowerBound).toBe(report.certificate.lowerBound);
  }, 60_000);

  it('moves a meeting to a free slot and table and locks it there; a move that would clash is refused, naming the field', async () => {
    const { meetings }: { meetings: Meeting[] } = await scheduleOf(small.eventId);
    const tables = small.tables.map((x) => x.id);
    const busy = (slot: number, p: string, except: string) => meetings.some((m) => m.id !== except && m.slot === slot && (m.a === p || m.b === p));
    const tableTaken = (slot: number, table: string, except: string) => meetings.some((m) => m.id !== except && m.slot === slot && m.tableId === table);
    // Every fifth participant (index 4, 9) is away 14:00–15:00: slots 9 and 10 (1-based).
    const away = new Set([small.participants[4]!.id, small.participants[9]!.id]);
    const blocked = new Map([...away].map((id) => [id, new Set([8, 9])]));
    const free = (m: Meeting, slot: number) => !busy(slot, m.a, m.id) && !busy(slot, m.b, m.id) && !blocked.get(m.a)?.has(slot) && !blocked.get(m.b)?.has(slot);

    const m = meetings.find((x) => meetings.some((y) => y.id !== x.id && y.slot !== x.slot && (y.a === x.a || y.b === x.a)))!;
    const partnerSlot = meetings.find((y) => y.id !== m.id && y.slot !== m.slot && (y.a === m.a || y.b === m.a))!.slot;
    const clash = await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(organiser()).send({ slot: partnerSlot + 1, tableId: null }).expect(409);
    expect(clash.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(clash.body.field).toBe('slot');

    const occupied = meetings.find((y) => y.tableId && free(m, y.slot) && y.a !== m.a && y.b !== m.a && y.a !== m.b && y.b !== m.b)!;
    const tableClash = await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(organiser()).send({ slot: occupied.slot + 1, tableId: occupied.tableId }).expect(409);
    expect(tableClash.body.field).toBe('tableId');

    const awayMeeting = meetings.find((x) => away.has(x.a) || away.has(x.b))!;
    const unavailable = await request(t.app).post(`/events/${small.eventId}/meetings/${awayMeeting.id}/move`).set(organiser()).send({ slot: 9, tableId: null }).expect(422);
    expect(unavailable.body.field).toBe('slot');

    expect((await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(organiser()).send({ slot: 15, tableId: null }).expect(422)).body.field).toBe('slot');
    expect((await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(organiser()).send({ slot: 1, tableId: 'nope' }).expect(422)).body.field).toBe('tableId');
    await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(bearer(t.keys.company)).send({ slot: 1, tableId: null }).expect(404); // a stranger to the event
    await request(t.app).post(`/events/${small.eventId}/meetings/nope/move`).set(organiser()).send({ slot: 1, tableId: null }).expect(404);

    // Refusals changed nothing.
    expect((await scheduleOf(small.eventId)).meetings).toEqual(meetings);

    const slot = [...Array(14).keys()].find((s) => s !== m.slot && free(m, s) && tables.some((x) => !tableTaken(s, x, m.id)))!;
    const table = tables.find((x) => !tableTaken(slot, x, m.id))!;
    const moved = await request(t.app).post(`/events/${small.eventId}/meetings/${m.id}/move`).set(organiser()).send({ slot: slot + 1, tableId: table }).expect(200);
    expect(moved.body).toMatchObject({ id: m.id, slot, slotNumber: slot + 1, tableId: table, status: 'locked', start: expect.any(String) });
    const after = await scheduleOf(small.eventId);
    expect(after.stale).toBe(true);
    expect(clashesOf(after.meetings, { blocked })).toEqual([]);
    // The next run keeps it where it was put.
    const rerun = await request(t.app).post(`/events/${small.eventId}/schedule`).set(organiser()).send({}).expect(202);
    expect((await waitForJob(t, rerun.body.id)).status).toBe('succeeded');
    const kept = (await scheduleOf(small.eventId)).meetings.find((x: Meeting) => x.a === m.a && x.b === m.b);
    expect(kept).toMatchObject({ slot, tableId: table, status: 'locked' });
  }, 60_000);

  it('a cancel right after the start, while the run loads, still keeps a schedule: the constructed one, marked partial', async () => {
    const event = await scheduleFixture(t, { participants: 16, tables: 6, timeLimitSeconds: 30, name: 'Cancelled at once' });
    const started = await request(t.app).post(`/events/${event.eventId}/schedule`).set(organiser()).send({}).expect(202);
    await request(t.app).post(`/jobs/${started.body.id}/cancel`).set(organiser()).expect(202);
    const job = await waitForJob(t, started.body.id);
    expect(job.status).toBe('cancelled');
    expect(job.result).toMatchObject({ partial: true, report: { stoppedEarly: true } });
    const schedule = await scheduleOf(event.eventId);
    expect(schedule.lastRun).toMatchObject({ jobId: started.body.id, status: 'cancelled', partial: true });
    expect(schedule.meetings.length).toBeGreaterThan(0);
    expect(schedule.meetings.length).toBe(schedule.report.meetings);
    expect(['cancelled', 'optimal', 'breaksOptimal']).toContain(schedule.report.certificate.status);
    const blocked = new Map(event.participants.filter((_p, i) => i % 5 === 4).map((p) => [p.id, new Set([8, 9])]));
    expect(clashesOf(schedule.meetings, { blocked })).toEqual([]);
  }, 60_000);

  it('a cancel during the timetable search keeps the best schedule found so far, marked partial', async () => {
    const large = await scheduleFixture(t, { participants: 200, tables: 70, maxMeetings: 10, wishesEach: 3, timeLimitSeconds: 120 });
    const started = await request(t.app).post(`/events/${large.eventId}/schedule`).set(organiser()).send({}).expect(202);
    const searching = await waitForJob(t, started.body.id, (job) => job.progress.phase === 'slots' && job.progress.bestBreaks !== undefined);
    expect(searching.status).toBe('running');
    expect(searching.progress).toMatchObject({ fraction: expect.any(Number), lowerBound: expect.any(Number), selection: { meetings: expect.any(Number) } });
    expect(searching.progress.fraction).toBeLessThan(1);
    await request(t.app).post(`/jobs/${started.body.id}/cancel`).set(organiser()).expect(202);
    const job = await waitForJob(t, started.body.id);
    expect(job.status).toBe('cancelled');
    expect(job.result).toMatchObject({ partial: true, report: { stoppedEarly: true } });

    const schedule = await scheduleOf(large.eventId);
    expect(schedule.lastRun).toMatchObject({ jobId: started.body.id, status: 'cancelled', partial: true });
    expect(schedule.stale).toBe(false);
    expect(schedule.meetings.length).toBe(schedule.report.meetings);
    expect(schedule.meetings.length).toBeGreaterThan(200);
    const blocked = new Map(large.participants.filter((_p, i) => i % 5 === 4).map((p) => [p.id, new Set([8, 9])]));
    expect(clashesOf(schedule.meetings, { blocked })).toEqual([]);
  }, 180_000);
});
