/**
 * Events to schedule, set up through the API as an organiser would: demo companies as participants
 * (German and Chinese alternating while both last), a one-day grid of two sessions, some participants away for an hour
 * in the afternoon, and a few wishes each. Small ones for journeys, large ones to measure and to cancel.
 */
import request from 'supertest';
import { bearer, type TestApp } from './helpers.ts';

export interface ScheduleFixture {
  eventId: string;
  participants: { id: string; name: string; side: 'DE' | 'CN' }[];
  tables: { id: string; name: string }[];
}

/** A stored meeting as these tests read it (GET /events/{id}/schedule). */
export type FixtureMeeting = { id: string; a: string; b: string; slot: number; slotNumber?: number; tableId: string | null; status: string };

/** One day, 09:00–12:30 and 13:30–17:00 in 30-minute slots: 14 slots. */
export const FIXTURE_DAY = '2027-04-13';

/** Where the fixture goes: an app in this process (TestApp), or a server process's URL, with an admin's and an organiser's key. */
export interface FixtureTarget {
  app: Parameters<typeof request>[0];
  keys: Pick<TestApp['keys'], 'admin' | 'organiser'>;
}

export async function scheduleFixture(
  t: FixtureTarget,
  options: { participants: number; tables: number; name?: string; wishesEach?: number; maxMeetings?: number; timeLimitSeconds?: number },
): Promise<ScheduleFixture> {
  const organiser = bearer(t.keys.organiser);
  const byCountry = async (country: string) => {
    const found: { id: string }[] = [];
    for (let offset = 0; found.length < options.participants; offset += 200) {
      const page = (await request(t.app).get(`/companies?country=${country}&limit=200&offset=${offset}`).set(bearer(t.keys.admin)).expect(200)).body as { items: { id: string }[] };
      if (!page.items.length) break;
      found.push(...page.items);
    }
    return found;
  };
  const [de, cn] = await Promise.all([byCountry('DE'), byCountry('CN')]);
  // The sides alternate while both last.
  const companies = Array.from({ length: Math.max(de.length, cn.length) }, (_, i) => [de[i], cn[i]])
    .flat()
    .filter((c) => c !== undefined)
    .slice(0, options.participants);
  if (companies.length < options.participants) throw new Error(`the fixture needs ${options.participants} German and Chinese demo companies; there are ${companies.length}`);
  const event = await request(t.app)
    .post('/events')
    .set(organiser)
    .send({
      name: options.name ?? `Schedule fixture (${options.participants})`,
      timeZone: 'Europe/Berlin',
      slotMinutes: 30,
      days: [
        {
          date: FIXTURE_DAY,
          sessions: [
            { name: 'morning', start: '09:00', end: '12:30' },
            { name: 'afternoon', start: '13:30', end: '17:00' },
          ],
        },
      ],
      tables: Array.from({ length: options.tables }, (_, i) => ({ name: `T${i + 1}` })),
      settings: { maxMeetings: options.maxMeetings ?? 6, suggestBelow: 3, suggestionsPerParticipant: 4, timeLimitSeconds: options.timeLimitSeconds ?? 3 },
    })
    .expect(201);
  const eventId = event.body.id as string;
  const added = await request(t.app)
    .post(`/events/${eventId}/participants`)
    .set(organiser)
    .send({
      // Every fifth participant is away 14:00–15:00: those slots clash for it.
      participants: companies.map((c, i) => ({ companyId: c.id, unavailable: i % 5 === 4 ? [{ date: FIXTURE_DAY, from: '14:00', to: '15:00' }] : [] })),
    })
    .expect(201);
  const participants = (added.body.items ?? added.body) as ScheduleFixture['participants'];
  // Wishes to the other side: the first a must, the rest would-like.
  const wishes: Promise<unknown>[] = [];
  const each = options.wishesEach ?? 2;
  for (let i = 0; i < participants.length; i++) {
    for (let k = 0; k < each; k++) {
      const to = participants[(i + 1 + 2 * k + 2 * Math.floor(i / 7)) % participants.length]!;
      if (to.side === participants[i]!.side) continue;
      wishes.push(
        request(t.app)
          .put(`/events/${eventId}/participants/${participants[i]!.id}/wishes/${to.id}`)
          .set(organiser)
          .send({ kind: k === 0 ? 'must' : 'like' })
          .expect((res) => {
            if (res.status >= 300) throw new Error(`wish refused: ${res.status} ${JSON.stringify(res.body)}`);
          }),
      );
      if (wishes.length >= 20) await Promise.all(wishes.splice(0));
    }
  }
  await Promise.all(wishes);
  return { eventId, participants, tables: event.body.tables };
}

/** Polls a job until it has finished (bounded). */
export async function waitForJob(t: FixtureTarget, jobId: string, until: (job: JobView) => boolean = (job) => !['queued', 'running'].includes(job.status), limitMs = 120_000): Promise<JobView> {
  const started = Date.now();
  for (;;) {
    const job = (await request(t.app).get(`/jobs/${jobId}`).set(bearer(t.keys.organiser)).expect(200)).body as JobView;
    if (until(job)) return job;
    if (Date.now() - started > limitMs) throw new Error(`job ${jobId} is still ${job.status} (${JSON.stringify(job.progress)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface JobView {
  id: string;
  status: string;
  progress: {
    phase?: string;
    fraction?: number;
    bestBreaks?: number;
    lowerBound?: number;
    lowerBoundBy?: string;
    selection?: { meetings: number; relativeGap: number; exact: boolean };
    certificate?: { status: string; lowerBound: number; lowerBoundBy: string; stoppedAtSeconds: number; timeLimitSeconds: number };
  };
  result: { partial?: boolean; report?: { stoppedEarly?: boolean } } | null;
}
