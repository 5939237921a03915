/**
 * What is wrong with a timetable as it stands, meeting by meeting: a participant in two meetings of one
 * slot, two meetings at one table in one slot, a meeting in a slot one of its participants is
 * unavailable in, a meeting at a table reserved for the other side. The organiser's edits are checked
 * with it twice: in the browser as they are made (instant feedback) and by the server before it stores
 * a move (which refuses any clash).
 */
import type { Side } from './event.ts';

export interface PlacedMeeting {
  id: string;
  a: string;
  b: string;
  /** 0-based slot. */
  slot: number;
  tableId: string | null;
}

export type Clash =
  | { kind: 'participant'; slot: number; participant: string; meetings: string[] }
  | { kind: 'table'; slot: number; table: string; meetings: string[] }
  | { kind: 'unavailable'; slot: number; participant: string; meetings: string[] }
  | { kind: 'reservedTable'; slot: number; table: string; side: Side; meetings: string[] };

export interface ClashRules {
  /** Slots (0-based) each participant is unavailable in; participants not listed are free throughout. */
  blocked: ReadonlyMap<string, ReadonlySet<number>>;
  /** Each participant's side, for tables reserved for one side. */
  sides?: ReadonlyMap<string, Side>;
  /** Tables reserved for one side: they host only meetings with a participant of that side. */
  reservedFor?: ReadonlyMap<string, Side>;
}

/** Every clash of the timetable, each naming the meetings involved. */
export function clashesOf(meetings: readonly PlacedMeeting[], rules: ClashRules): Clash[] {
  const clashes: Clash[] = [];
  const byParticipant = new Map<string, string[]>();
  const byTable = new Map<string, string[]>();
  const add = (index: Map<string, string[]>, key: string, id: string) => {
    const list = index.get(key);
    if (list) list.push(id);
    else index.set(key, [id]);
  };
  for (const m of meetings) {
    for (const p of [m.a, m.b]) {
      add(byParticipant, `${m.slot}\u0000${p}`, m.id);
      if (rules.blocked.get(p)?.has(m.slot)) clashes.push({ kind: 'unavailable', slot: m.slot, participant: p, meetings: [m.id] });
    }
    if (m.tableId === null) continue;
    add(byTable, `${m.slot}\u0000${m.tableId}`, m.id);
    const side = rules.reservedFor?.get(m.tableId);
    if (side && rules.sides && rules.sides.get(m.a) !== side && rules.sides.get(m.b) !== side) clashes.push({ kind: 'reservedTable', slot: m.slot, table: m.tableId, side, meetings: [m.id] });
  }
  for (const [key, ids] of byParticipant) {
    if (ids.length < 2) continue;
    const [slot, participant] = key.split('\u0000') as [string, string];
    clashes.push({ kind: 'participant', slot: Number(slot), participant, meetings: ids });
  }
  for (const [key, ids] of byTable) {
    if (ids.length < 2) continue;
    const [slot, table] = key.split('\u0000') as [string, string];
    clashes.push({ kind: 'table', slot: Number(slot), table, meetings: ids });
  }
  return clashes;
}

/** The clashes a meeting would have if it were placed as `moved` (the others as they are). */
export function clashesOfMove(meetings: readonly PlacedMeeting[], moved: PlacedMeeting, rules: ClashRules): Clash[] {
  const inSlot = meetings.filter((m) => m.id !== moved.id && m.slot === moved.slot);
  return clashesOf([...inSlot, moved], rules).filter((c) => c.meetings.includes(moved.id));
}
