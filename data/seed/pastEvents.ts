/**
 * Simulated past matchmaking events for the demo: a few events between demo companies of both sides,
 * with held meetings and both sides' outcomes drawn from hidden "true" weights plus noise and no-shows
 * (engine/tuning/simulate.ts). They give an analyst something to evaluate and fit against on a fresh
 * start, and since the hidden weights are stored as the profile `simulated-truth`, a fit can be checked
 * against what it should find.
 *
 * Everything is labelled: event names say "simulated", outcomes have source 'simulated', meetings and
 * participants link only demo companies, and the settings are kept in meta `simulated_history`.
 * Deterministic for a seed, like the demo companies.
 */
import type { Kysely } from 'kysely';
import { ClusterSpace, companyFeatures, type MatchFeatures } from '../../engine/matching/features.ts';
import { DEFAULT_EVENT_SETTINGS } from '../../engine/events.ts';
import { COMPONENTS, DEFAULT_PROFILE, directedScore } from '../../engine/matching/score.ts';
import { symmetricFusion } from '../../engine/matching/fusion.ts';
import { Random } from '../../engine/random.ts';
import type { GridDay } from '../../engine/scheduling/grid.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { Weights } from '../../engine/tuning/rankingSet.ts';
import { DEFAULT_SIMULATION, simulateEventOutcomes, trueScore, type SimulatedMeeting } from '../../engine/tuning/simulate.ts';
import type { Database, EventMeetingRow } from '../schema.ts';
import { addParticipants, createEvent, deleteEvent, newId } from '../repositories/events.ts';
import { chunks } from '../repositories/json.ts';
import { loadCompanyMatchSources } from '../repositories/matching.ts';
import { getMeta, setMeta } from '../repositories/meta.ts';
import { recordOutcomes } from '../repositories/outcomes.ts';
import { findWeightProfile, saveWeightProfile } from '../repositories/weightProfiles.ts';

/** The weights the simulated outcomes follow: more on size fit and less on industry than the default. */
export const SIMULATED_TRUE_WEIGHTS: Weights = { industry: 0.1, complementarity: 0.5, size: 0.4 };
export const SIMULATED_PROFILE = 'simulated-truth';
export const SIMULATED_OWNER = 'demo-simulation';
const META_KEY = 'simulated_history';
/** A meeting's true value has no searcher: the default profile's fusion seen from both sides alike (score.ts symmetricFusion). */
const MEETING_FUSION = symmetricFusion(DEFAULT_PROFILE.fusion);

export interface PastEventOptions {
  events: number;
  /** Participants on each side of an event. */
  perSide: number;
  /** Meetings each participant of the German side asks for; partners are drawn the likelier the better the default profile scores them. */
  meetingsPerParticipant: number;
  seed: number;
}

export const DEFAULT_PAST_EVENTS: PastEventOptions = { events: 12, perSide: 30, meetingsPerParticipant: 7, seed: 20161027 };

export interface SimulatedHistoryReport {
  events: number;
  participants: number;
  meetings: number;
  outcomes: number;
}

/** One day, two sessions of 30-minute slots: 14 slots. */
const DAY_SESSIONS: GridDay['sessions'] = [
  { name: 'morning', start: '09:00', end: '12:30' },
  { name: 'afternoon', start: '13:30', end: '17:00' },
];
const SLOTS = 14;

interface StoredHistory {
  eventIds: string[];
  trueWeights: Weights;
  fusion: string;
  noise: number;
  noShowRate: number;
  options: PastEventOptions;
}

/**
 * Replaces the simulated history (its events, their participants, meetings and outcomes) with a fresh one
 * from the demo companies now stored. Call inside a transaction. Returns zeros when there are too few
 * demo companies of either side.
 */
export async function seedSimulatedHistory(db: Kysely<Database>, taxonomy: Taxonomy, options: PastEventOptions = DEFAULT_PAST_EVENTS, now = new Date().toISOString()): Promise<SimulatedHistoryReport> {
  const previous = await getMeta(db, META_KEY);
  if (previous) for (const id of (JSON.parse(previous) as StoredHistory).eventIds) await deleteEvent(db, id).catch(() => undefined);
  const report: SimulatedHistoryReport = { events: 0, participants: 0, meetings: 0, outcomes: 0 };
  const space = new ClusterSpace(taxonomy);
  const demo = (await loadCompanyMatchSources(db)).filter((c) => c.id.startsWith('demo-'));
  const bySide = { DE: demo.filter((c) => c.country === 'DE'), CN: demo.filter((c) => c.country === 'CN') };
  if (bySide.DE.length < options.perSide || bySide.CN.length < options.perSide) {
    await setMeta(db, META_KEY, JSON.stringify({ eventIds: [], trueWeights: SIMULATED_TRUE_WEIGHTS, fusion: MEETING_FUSION, noise: DEFAULT_SIMULATION.noise, noShowRate: DEFAULT_SIMULATION.noShowRate, options } satisfies StoredHistory));
    return report;
  }
  const random = new Random(options.seed);
  const settings = { ...DEFAULT_SIMULATION, trueWeights: SIMULATED_TRUE_WEIGHTS, seed: options.seed };
  const eventIds: string[] = [];
  const vector = (a: MatchFeatures, b: MatchFeatures) => {
    const { components } = directedScore(space, DEFAULT_PROFILE, a, b);
    return COMPONENTS.map((c) => components[c]);
  };
  for (let e = 0; e < options.events; e++) {
    // Every other month, on the 15th, from March 2024: dates in the past, fixed so that the demo is the same everywhere.
    const month = 2 + e * 2;
    const date = `${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-15`;
    const inChina = e % 2 === 1;
    const event = await createEvent(
      db,
      {
        name: `Simulated matchmaking ${String(e + 1).padStart(2, '0')} (demo history, outcomes simulated)`,
        venue: null,
        timeZone: inChina ? 'Asia/Shanghai' : 'Europe/Berlin',
        slotMinutes: 30,
        days: [{ date, sessions: DAY_SESSIONS }],
        tables: Array.from({ length: options.perSide }, (_, t) => ({ id: `T${t + 1}`, name: `Table ${t + 1}`, reservedFor: null })),
      },
      SIMULATED_OWNER,
      now,
    );
    eventIds.push(event.id);
    const chosen = {
      DE: random.shuffle([...bySide.DE]).slice(0, options.perSide),
      CN: random.shuffle([...bySide.CN]).slice(0, options.perSide),
    };
    const participants = await addParticipants(
      db,
      event.id,
      [...chosen.DE, ...chosen.CN].map((c) => ({
        name: c.name,
        kind: 'company' as const,
        companyId: c.id,
        cityId: null,
        side: c.country as 'DE' | 'CN',
        attendees: [],
        languages: [],
        interpreterNeeded: false,
        unavailable: [],
        tableId: null,
        minMeetings: null,
        maxMeetings: null,
      })),
      now,
    );
    const features = new Map(participants.map((p) => [p.id, companyFeatures(space, demo.find((c) => c.id === p.companyId)!)]));
    const de = participants.filter((p) => p.side === 'DE');
    const cn = participants.filter((p) => p.side === 'CN');
    // Each German participant meets partners drawn by the default profile's score (as if it had followed
    // the suggestions), in the first slot both are free; a pair with no common free slot does not meet.
    const busy = new Map(participants.map((p) => [p.id, new Uint8Array(SLOTS)]));
    // Nobody holds more meetings than the event's settings allow.
    const held = new Map(participants.map((p) => [p.id, 0]));
    const full = (id: string) => held.get(id)! >= DEFAULT_EVENT_SETTINGS.maxMeetings;
    const tablesUsed = new Uint8Array(SLOTS);
    const meetings: (SimulatedMeeting & { row: EventMeetingRow })[] = [];
    for (const p of de) {
      const fp = features.get(p.id)!;
      const candidates = cn.filter((q) => !full(q.id)).map((q) => {
        const fq = features.get(q.id)!;
        const meeting = { forward: vector(fp, fq), backward: vector(fq, fp) };
        return { q, meeting, value: trueScore(meeting, { trueWeights: DEFAULT_PROFILE.weights, fusion: MEETING_FUSION }) };
      });
      for (let m = 0; m < options.meetingsPerParticipant && candidates.length; m++) {
        const pick = random.weighted(candidates, (c) => 0.05 + c.value);
        candidates.splice(candidates.indexOf(pick), 1);
        if (full(pick.q.id) || full(p.id)) continue;
        const a = busy.get(p.id)!;
        const b = busy.get(pick.q.id)!;
        const slot = a.findIndex((x, s) => !x && !b[s] && tablesUsed[s]! < options.perSide);
        if (slot < 0) continue;
        a[slot] = b[slot] = 1;
        held.set(p.id, held.get(p.id)! + 1);
        held.set(pick.q.id, held.get(pick.q.id)! + 1);
        const table = `T${++tablesUsed[slot]!}`;
        meetings.push({
          ...pick.meeting,
          row: { event_id: event.id, id: newId('m'), a_id: p.id, b_id: pick.q.id, slot, table_id: table, status: 'confirmed', origin: 'suggestion', value: pick.value, job_id: null, created_at: now, updated_at: now },
        });
      }
    }
    for (const part of chunks(meetings.map((m) => m.row), 60)) await db.insertInto('event_meetings').values(part).execute();
    const outcomes = simulateEventOutcomes(meetings, settings, random);
    const rows = meetings.flatMap((m, i) => {
      const [a, b] = outcomes[i]!;
      return [
        { ...a, participantId: m.row.a_id, partnerId: m.row.b_id, followUpDate: a.followUp === 'none' ? null : followUpDate(date, random) },
        { ...b, participantId: m.row.b_id, partnerId: m.row.a_id, followUpDate: b.followUp === 'none' ? null : followUpDate(date, random) },
      ];
    });
    await recordOutcomes(db, event.id, rows, { source: 'simulated', recordedBy: 'simulation' }, now);
    report.events++;
    report.participants += participants.length;
    report.meetings += meetings.length;
    report.outcomes += rows.length;
  }
  if (report.events && !(await findWeightProfile(db, SIMULATED_PROFILE))) {
    await saveWeightProfile(
      db,
      {
        ...DEFAULT_PROFILE,
        fusion: MEETING_FUSION,
        weights: SIMULATED_TRUE_WEIGHTS,
        name: SIMULATED_PROFILE,
        isDefault: false,
        note: 'the hidden weights the demo history\'s simulated outcomes were drawn from: a fitted profile should come close to them',
        createdBy: 'simulation',
      },
      now,
    );
  }
  await setMeta(db, META_KEY, JSON.stringify({ eventIds, trueWeights: SIMULATED_TRUE_WEIGHTS, fusion: MEETING_FUSION, noise: DEFAULT_SIMULATION.noise, noShowRate: DEFAULT_SIMULATION.noShowRate, options } satisfies StoredHistory));
  return report;
}

/** Whether a simulated history was seeded (even an empty one), so that a restart does not make another. */
export async function hasSimulatedHistory(db: Kysely<Database>): Promise<boolean> {
  return (await getMeta(db, META_KEY)) !== undefined;
}

/** A follow-up 2–16 weeks after the event. */
function followUpDate(eventDate: string, random: Random): string {
  const d = new Date(`${eventDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * random.int(2, 16));
  return d.toISOString().slice(0, 10);
}
