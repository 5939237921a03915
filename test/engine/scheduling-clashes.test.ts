/** Clashes of a timetable as the organiser edits it: each kind found, naming the meetings involved. */
import { describe, expect, it } from 'vitest';
import { clashesOf, clashesOfMove, type PlacedMeeting } from '../../engine/scheduling/clashes.ts';

const meetings: PlacedMeeting[] = [
  { id: 'm1', a: 'de1', b: 'cn1', slot: 0, tableId: 't1' },
  { id: 'm2', a: 'de2', b: 'cn2', slot: 0, tableId: 't2' },
  { id: 'm3', a: 'de1', b: 'cn2', slot: 1, tableId: 't1' },
];
const rules = { blocked: new Map([['cn2', new Set([2])]]), sides: new Map<string, 'DE' | 'CN'>([['de1', 'DE'], ['de2', 'DE'], ['cn1', 'CN'], ['cn2', 'CN']]), reservedFor: new Map<string, 'DE' | 'CN'>([['t9', 'CN']]) };

describe('clashes', () => {
  it('finds none in a clean timetable', () => {
    expect(clashesOf(meetings, rules)).toEqual([]);
  });

  it('finds a participant twice in a slot, a table twice in a slot, an unavailable slot and a reserved table', () => {
    const edited = [...meetings, { id: 'm4', a: 'de1', b: 'cn9', slot: 0, tableId: 't2' }, { id: 'm5', a: 'de3', b: 'cn2', slot: 2, tableId: null }, { id: 'm6', a: 'de4', b: 'de5', slot: 3, tableId: 't9' }];
    expect(clashesOf(edited, rules)).toEqual(
      expect.arrayContaining([
        { kind: 'participant', slot: 0, participant: 'de1', meetings: ['m1', 'm4'] },
        { kind: 'table', slot: 0, table: 't2', meetings: ['m2', 'm4'] },
        { kind: 'unavailable', slot: 2, participant: 'cn2', meetings: ['m5'] },
        { kind: 'reservedTable', slot: 3, table: 't9', side: 'CN', meetings: ['m6'] },
      ]),
    );
  });

  it('checks a move against the others only', () => {
    expect(clashesOfMove(meetings, { ...meetings[2]!, slot: 0 }, rules).map((c) => c.kind).sort()).toEqual(['participant', 'participant', 'table']);
    expect(clashesOfMove(meetings, { ...meetings[2]!, slot: 2 }, rules).map((c) => c.kind)).toEqual(['unavailable']);
    expect(clashesOfMove(meetings, { ...meetings[2]!, slot: 3, tableId: 't2' }, rules)).toEqual([]);
  });
});
