/** Where each meeting sits: tables per slot, hosts keeping one table where they can. */
import { AppError } from '../errors.ts';

/** What seating needs of a participant: its side, and the booth it hosts at, if any. */
interface Seated {
  side: 'DE' | 'CN';
  table?: string | null;
}

/** What seating needs of a table: its id and the side it is reserved for, if any. */
interface Seat {
  id: string;
  reservedFor?: 'DE' | 'CN' | null;
}

/**
 * Tables per slot. Each participant with a booth, and otherwise the busier side of each meeting, is a
 * host who should stay at one table all day while partners come to it. Kept meetings keep their tables.
 * Greedy in order of hosts' meeting counts: a host takes its home table when free in the slot, else any
 * free table that fits the reservation (and that becomes its home if it had none).
 */
export function assignTables(
  tables: readonly Seat[],
  participants: readonly Seated[],
  meetings: readonly { a: number; b: number }[],
  slotOf: ArrayLike<number>,
  keptTables: readonly (string | null)[],
): { tableOf: string[]; hostsKeepingTable: number; hostsMoving: number } {
  const tableIndex = new Map(tables.map((t, i) => [t.id, i]));
  const counts = new Int32Array(participants.length);
  for (const m of meetings) {
    counts[m.a]!++;
    counts[m.b]!++;
  }
  const home = new Int32Array(participants.length).fill(-1);
  /** Tables some host calls home. */
  const isHome = new Uint8Array(tables.length);
  participants.forEach((p, i) => {
    if (p.table && tableIndex.has(p.table)) {
      home[i] = tableIndex.get(p.table)!;
      isHome[home[i]!] = 1;
    }
  });
  const hostOf = (m: { a: number; b: number }) => {
    if (home[m.a]! >= 0 && home[m.b]! < 0) return m.a;
    if (home[m.b]! >= 0 && home[m.a]! < 0) return m.b;
    return counts[m.a]! > counts[m.b]! || (counts[m.a] === counts[m.b] && m.a < m.b) ? m.a : m.b;
  };
  const T = meetings.reduce((mx, _m, i) => Math.max(mx, slotOf[i]! + 1), 0);
  const K = tables.length;
  const used = new Uint8Array(T * K);
  const tableOf = new Array<string>(meetings.length).fill('');
  // Kept meetings first, at their tables.
  meetings.forEach((_m, i) => {
    const id = keptTables[i];
    const t = id ? tableIndex.get(id) : undefined;
    if (t !== undefined && !used[slotOf[i]! * K + t]) {
      used[slotOf[i]! * K + t] = 1;
      tableOf[i] = id!;
    }
  });
  const hosts = Int32Array.from(meetings, (m) => hostOf(m));
  const order = meetings.map((_m, i) => i).filter((i) => !tableOf[i]);
  order.sort((x, y) => counts[hosts[y]!]! - counts[hosts[x]!]! || hosts[x]! - hosts[y]! || slotOf[x]! - slotOf[y]!);
  // A reserved table (a side's booths) hosts only meetings whose host is of that side.
  const fits = (t: number, host: number) => {
    const side = tables[t]!.reservedFor;
    return !side || participants[host]!.side === side;
  };
  // Per slot, the first table that may still be free (and not a home): both only move forward, since
  // tables only ever get taken and homes only ever get claimed. Valid for meetings every table fits.
  const cursorFree = new Int32Array(T);
  const cursorNotHome = new Int32Array(T);
  const reserved = tables.some((t) => t.reservedFor);
  const tablesUsedBy = new Map<number, Set<number>>();
  for (const i of order) {
    const host = hosts[i]!;
    const s = slotOf[i]!;
    const base = s * K;
    let t = home[host]!;
    if (t < 0 || used[base + t] || !fits(t, host)) {
      t = -1;
      if (!reserved) {
        // Prefer a table no host calls home, so that later hosts find theirs free.
        let x = cursorNotHome[s]!;
        while (x < K && (used[base + x] || isHome[x])) x++;
        cursorNotHome[s] = x;
        if (x < K) t = x;
        else {
          x = cursorFree[s]!;
          while (x < K && used[base + x]) x++;
          cursorFree[s] = x;
          if (x < K) t = x;
        }
      } else {
        for (let pass = 0; pass < 2 && t < 0; pass++) {
          for (let x = 0; x < K; x++) {
            if (used[base + x] || !fits(x, host) || (pass === 0 && isHome[x])) continue;
            t = x;
            break;
          }
        }
      }
      // Every table is taken by the other side's hosts: any free one, rather than no meeting.
      if (t < 0) for (let x = 0; x < K && t < 0; x++) if (!used[base + x]) t = x;
      if (t < 0) throw new AppError('infeasible', `slot ${s + 1} has more meetings than tables`, { field: 'tables' });
      if (home[host]! < 0) {
        home[host] = t;
        isHome[t] = 1;
      }
    }
    used[base + t] = 1;
    tableOf[i] = tables[t]!.id;
    let set = tablesUsedBy.get(host);
    if (!set) tablesUsedBy.set(host, (set = new Set()));
    set.add(t);
  }
  let keeping = 0;
  let moving = 0;
  for (const set of tablesUsedBy.values()) {
    if (set.size === 1) keeping++;
    else moving++;
  }
  return { tableOf, hostsKeepingTable: keeping, hostsMoving: moving };
}
