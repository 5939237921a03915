/**
 * An event's time grid: days with sessions (morning, afternoon), a slot length and breaks, unrolled into
 * one numbered sequence of meeting slots. Times are wall-clock times in the event's time zone
 * ("09:30"); turning them into instants is the exporter's business, so the engine needs no time zone data.
 */
import { AppError } from '../errors.ts';
import { MAX_SLOTS } from './problem.ts';

export interface GridBreak {
  start: string;
  end: string;
}

export interface GridSession {
  /** "morning", "afternoon" or another name the organiser chooses. */
  name: string;
  start: string;
  end: string;
  /** Coffee breaks and the like inside the session: no slot overlaps them. */
  breaks?: readonly GridBreak[];
}

export interface GridDay {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  sessions: readonly GridSession[];
}

export interface EventGrid {
  slotMinutes: number;
  days: readonly GridDay[];
}

export interface GridSlot {
  /** 0-based position in the event's sequence of slots. */
  index: number;
  date: string;
  session: string;
  start: string;
  end: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });

function minutesOf(time: string, field: string): number {
  const m = TIME.exec(time);
  if (!m) throw invalid(field, `'${time}' is not a time of day as HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The slots of a grid in time order. Throws `validation_failed` naming the field when days are out of
 * order, sessions overlap, a break lies outside its session, or the grid has no slot or more slots than
 * the scheduler handles.
 */
export function gridSlots(grid: EventGrid): GridSlot[] {
  const { slotMinutes } = grid;
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 240) throw invalid('slotMinutes', 'slotMinutes must be a whole number of minutes between 5 and 240');
  if (!grid.days.length) throw invalid('days', 'an event needs at least one day');
  const slots: GridSlot[] = [];
  let lastDate = '';
  grid.days.forEach((day, d) => {
    if (!DATE.test(day.date)) throw invalid(`days.${d}.date`, `'${day.date}' is not a date as YYYY-MM-DD`);
    if (day.date <= lastDate) throw invalid(`days.${d}.date`, `days must be in order and distinct: ${day.date} follows ${lastDate}`);
    lastDate = day.date;
    if (!day.sessions.length) throw invalid(`days.${d}.sessions`, 'a day needs at least one session');
    let lastEnd = -1;
    day.sessions.forEach((session, s) => {
      const field = `days.${d}.sessions.${s}`;
      const start = minutesOf(session.start, `${field}.start`);
      const end = minutesOf(session.end, `${field}.end`);
      if (end <= start) throw invalid(`${field}.end`, `the session ends (${session.end}) before it starts (${session.start})`);
      if (start < lastEnd) throw invalid(`${field}.start`, `the session starts at ${session.start}, before the previous one ends`);
      lastEnd = end;
      const breaks = (session.breaks ?? []).map((b, i) => {
        const from = minutesOf(b.start, `${field}.breaks.${i}.start`);
        const to = minutesOf(b.end, `${field}.breaks.${i}.end`);
        if (to <= from || from < start || to > end) throw invalid(`${field}.breaks.${i}`, `the break ${b.start}–${b.end} must lie inside the session ${session.start}–${session.end}`);
        return { from, to };
      });
      breaks.sort((x, y) => x.from - y.from);
      let t = start;
      while (t + slotMinutes <= end) {
        const clash = breaks.find((b) => t < b.to && b.from < t + slotMinutes);
        if (clash) {
          t = clash.to;
          continue;
        }
        slots.push({ index: slots.length, date: day.date, session: session.name, start: clock(t), end: clock(t + slotMinutes) });
        t += slotMinutes;
      }
    });
  });
  if (!slots.length) throw invalid('slotMinutes', `no session is long enough for one slot of ${slotMinutes} minutes`);
  if (slots.length > MAX_SLOTS) {
    throw invalid('days', `the grid has ${slots.length} slots; the scheduler handles at most ${MAX_SLOTS} per event (longer slots or fewer sessions)`);
  }
  return slots;
}

/**
 * How many leading slots are the morning, for morning/afternoon restrictions: the slots of sessions named
 * "morning" when they come first and only on a single-day grid; otherwise the slot problem has no split.
 */
export function morningSlotsOf(slots: readonly GridSlot[]): number {
  let n = 0;
  while (n < slots.length && slots[n]!.session === 'morning' && slots[n]!.date === slots[0]!.date) n++;
  const laterMorning = slots.slice(n).some((s) => s.session === 'morning');
  return laterMorning ? slots.length : n;
}
