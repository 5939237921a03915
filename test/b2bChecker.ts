/**
 * An independent checker for B2B schedules, written from the instance format's README and sharing no
 * code with the solver: it reads the raw 1-based instance and the schedule file's fields, and recounts
 * everything from scratch with plain loops.
 */
export interface RawInstance {
  nParticipants: number;
  nMeetings: number;
  nTables: number;
  nSlots: number;
  nMorningSlots: number;
  meetings: [number, number, number][];
  forbidden: number[][];
  fixed?: number[];
  precedences?: number[][];
}

export interface RawSchedule {
  slot_of_meeting: number[];
  total_breaks: number;
  break_spread: number;
}

export interface CheckResult {
  errors: string[];
  totalBreaks: number;
  spread: number;
}

export function checkB2bSchedule(instance: RawInstance, schedule: RawSchedule, fairness = 2): CheckResult {
  const errors: string[] = [];
  const slots = schedule.slot_of_meeting;
  if (slots.length !== instance.nMeetings) errors.push(`${slots.length} slots for ${instance.nMeetings} meetings`);
  const busy: number[][] = Array.from({ length: instance.nParticipants + 1 }, () => []);
  const perSlot = new Map<number, number>();
  instance.meetings.forEach(([a, b, session], i) => {
    const t = slots[i]!;
    if (!Number.isInteger(t) || t < 1 || t > instance.nSlots) {
      errors.push(`meeting ${i + 1} has slot ${t}`);
      return;
    }
    const morning = t <= instance.nMorningSlots;
    if (session === 1 && !morning) errors.push(`meeting ${i + 1} is morning-only but in slot ${t}`);
    if (session === 2 && morning) errors.push(`meeting ${i + 1} is afternoon-only but in slot ${t}`);
    for (const p of [a, b]) {
      if (instance.forbidden[p - 1]!.includes(t)) errors.push(`participant ${p} cannot meet in slot ${t} (meeting ${i + 1})`);
      if (busy[p]!.includes(t)) errors.push(`participant ${p} has two meetings in slot ${t}`);
      busy[p]!.push(t);
    }
    perSlot.set(t, (perSlot.get(t) ?? 0) + 1);
    const fixed = instance.fixed?.[i] ?? 0;
    if (fixed && fixed !== t) errors.push(`meeting ${i + 1} is fixed to slot ${fixed} but in ${t}`);
    for (const earlier of instance.precedences?.[i] ?? []) {
      if (!(slots[earlier - 1]! < t)) errors.push(`meeting ${earlier} must come before meeting ${i + 1}`);
    }
  });
  for (const [t, n] of perSlot) if (n > instance.nTables) errors.push(`slot ${t} holds ${n} meetings for ${instance.nTables} tables`);
  // Breaks: maximal runs of idle slots between two meetings of the same participant.
  const breaks: number[] = [];
  for (let p = 1; p <= instance.nParticipants; p++) {
    const mine = [...busy[p]!].sort((x, y) => x - y);
    let count = 0;
    for (let k = 1; k < mine.length; k++) if (mine[k]! - mine[k - 1]! > 1) count++;
    breaks.push(count);
  }
  const totalBreaks = breaks.reduce((x, y) => x + y, 0);
  const spread = breaks.length ? Math.max(...breaks) - Math.min(...breaks) : 0;
  if (spread > fairness) errors.push(`break spread ${spread} exceeds ${fairness}`);
  if (schedule.total_breaks !== totalBreaks) errors.push(`total_breaks says ${schedule.total_breaks}, recount gives ${totalBreaks}`);
  if (schedule.break_spread !== spread) errors.push(`break_spread says ${schedule.break_spread}, recount gives ${spread}`);
  return { errors, totalBreaks, spread };
}
