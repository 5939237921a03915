/**
 * The planning input built from what a run read: scores of the pairs asked for, suggestions for those
 * with few wishes, kept meetings, and the input as it crosses threads.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_SETTINGS, type EventParticipant } from '../../engine/events.ts';
import { pairKey } from '../../engine/pairs.ts';
import { buildPlanData, planInputOf, type EventRecords, type PairScoring } from '../../engine/scheduling/input.ts';

const participant = (id: string, side: 'DE' | 'CN', extra: Partial<EventParticipant> = {}): EventParticipant => ({
  id,
  eventId: 'ev',
  name: id.toUpperCase(),
  kind: 'company',
  companyId: null,
  cityId: null,
  side,
  attendees: [],
  languages: [],
  interpreterNeeded: false,
  unavailable: [],
  tableId: null,
  minMeetings: null,
  maxMeetings: null,
  createdAt: '',
  updatedAt: '',
  ...extra,
});

/** Features are the id's number; x has none. A pair scores by the sum of its numbers. */
const scoring: PairScoring<number> & { calls: number } = {
  calls: 0,
  featuresOf: (p) => (p.id === 'x' ? undefined : Number(p.id.slice(1))),
  score(a, b) {
    this.calls++;
    return (a + b) / 100;
  },
};

function records(settings: Partial<typeof DEFAULT_EVENT_SETTINGS> = {}): EventRecords {
  return {
    event: {
      slotMinutes: 30,
      days: [{ date: '2027-04-13', sessions: [{ name: 'morning', start: '09:00', end: '11:00' }] }],
      tables: [{ id: 't1', name: 'A1', reservedFor: null }],
      settings: { ...DEFAULT_EVENT_SETTINGS, suggestBelow: 2, suggestionsPerParticipant: 2, ...settings },
    },
    participants: [
      participant('d1', 'DE', { unavailable: [{ date: '2027-04-13', from: '10:00', to: '10:30' }], maxMeetings: 3 }),
      participant('d2', 'DE'),
      participant('d3', 'DE'),
      participant('c4', 'CN'),
      participant('c5', 'CN'),
      participant('c6', 'CN'),
      participant('x', 'CN'),
    ],
    wishes: [
      { from: 'd1', to: 'c4', kind: 'must' },
      { from: 'c4', to: 'd1', kind: 'like' },
      { from: 'd1', to: 'x', kind: 'like' },
      { from: 'd2', to: 'c5', kind: 'no' },
    ],
    requests: [
      { from: 'd2', to: 'c6', status: 'declined' },
      { from: 'd3', to: 'c4', status: 'pending' },
      { from: 'd3', to: 'c5', status: 'accepted' },
    ],
    meetings: [
      { a: 'd1', b: 'c4', slot: 0, tableId: 't1', status: 'locked' },
      { a: 'd2', b: 'c6', slot: 1, tableId: null, status: 'scheduled' },
      { a: 'd3', b: 'c5', slot: 2, tableId: null, status: 'confirmed' },
    ],
  };
}

describe('planning input', () => {
  it('scores each pair asked for once, by pair key; a participant without features is not scored', async () => {
    const data = await buildPlanData(records(), scoring);
    expect([...data.scores].sort()).toEqual(
      [
        [pairKey('d1', 'c4'), 0.05],
        [pairKey('d2', 'c5'), 0.07],
        [pairKey('d2', 'c6'), 0.08],
        [pairKey('d3', 'c4'), 0.07],
        [pairKey('d3', 'c5'), 0.08],
      ].sort(),
    );
    const input = planInputOf(data);
    expect(input.score('c4', 'd1')).toBe(0.05);
    expect(input.score('d1', 'x')).toBeUndefined();
  });

  it('suggests the best-scored partners on the other side to those with few positive wishes (no thanks and declined requests do not count)', async () => {
    const data = await buildPlanData(records(), scoring);
    // d1 and d3 stated two each; d2 none that count, c4 one, c5 and c6 none; x has no features.
    expect(data.suggestions).toEqual([
      { a: 'd2', b: 'c6', score: 0.08 },
      { a: 'd2', b: 'c5', score: 0.07 },
      { a: 'c4', b: 'd3', score: 0.07 },
      { a: 'c4', b: 'd2', score: 0.06 },
      { a: 'c5', b: 'd3', score: 0.08 },
      { a: 'c5', b: 'd2', score: 0.07 },
      { a: 'c6', b: 'd3', score: 0.09 },
      { a: 'c6', b: 'd2', score: 0.08 },
    ]);
    expect((await buildPlanData(records({ suggestBelow: 0 }), scoring)).suggestions).toEqual([]);
  });

  it('keeps locked and confirmed meetings, and takes slots, caps and settings from the event', async () => {
    const data = await buildPlanData(records({ requireMutual: true }), scoring);
    expect(data.kept).toEqual([
      { a: 'd1', b: 'c4', slot: 0, table: 't1', status: 'locked' },
      { a: 'd3', b: 'c5', slot: 2, table: null, status: 'confirmed' },
    ]);
    expect(data.slots).toBe(4);
    expect(data.participants[0]).toEqual({ id: 'd1', name: 'D1', side: 'DE', blocked: [2], minMeetings: 0, maxMeetings: 3, table: null });
    expect(data.participants[1]!.maxMeetings).toBe(DEFAULT_EVENT_SETTINGS.maxMeetings);
    expect(data.requireMutual).toBe(true);
  });

  it('crosses threads as it is (structured clone keeps the score map)', async () => {
    const data = await buildPlanData(records(), scoring);
    const copy = structuredClone(data);
    expect(planInputOf(copy).score('c5', 'd3')).toBe(0.08);
    expect(copy).toEqual(data);
  });

  it('pauses for the caller while it scores suggestions', async () => {
    const many: EventRecords = { ...records(), participants: Array.from({ length: 200 }, (_x, i) => participant(`p${i}`, i % 2 ? 'CN' : 'DE')), wishes: [], requests: [], meetings: [] };
    let pauses = 0;
    scoring.calls = 0;
    await buildPlanData(many, scoring, async () => void pauses++);
    expect(scoring.calls).toBe(200 * 100);
    expect(pauses).toBe(Math.floor(scoring.calls / 2000));
  });
});
