/**
 * What an event's schedule becomes on paper and in calendars: a participant's agenda as iCalendar and as
 * a printable page (eventPrint.ts), the organiser's master list as CSV and .xlsx, and the score matrix as CSV.
 *
 * Libraries: ical-generator writes RFC 5545 (folding, escaping, VTIMEZONE via timezones-ical-library),
 * luxon turns the grid's wall-clock times into instants in the event's time zone (daylight saving
 * included), csv-stringify quotes CSV cells. Each is small, maintained, and a source of subtle bugs if
 * hand-written.
 */
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { stringify } from 'csv-stringify/sync';
import type { EventMeeting, EventParticipant, MatchmakingEvent, RemovedMeeting } from '../../engine/events.ts';
import type { GridSlot } from '../../engine/scheduling/grid.ts';
import { orderedPair } from '../../engine/pairs.ts';
import { participantLang, say, type PrintLang } from './paperWords.ts';

export const slotStart = (event: MatchmakingEvent, slot: GridSlot) => DateTime.fromISO(`${slot.date}T${slot.start}`, { zone: event.timeZone });
export const slotEnd = (event: MatchmakingEvent, slot: GridSlot) => DateTime.fromISO(`${slot.date}T${slot.end}`, { zone: event.timeZone });

/**
 * One UID per pair and event, not per stored meeting: a re-run that moves the meeting keeps the UID, so
 * calendar clients replace the entry (with the higher SEQUENCE) instead of adding a second one.
 */
export const meetingUid = (eventId: string, a: string, b: string) => `${eventId}.${orderedPair(a, b).join('.')}@isa-match`;

/**
 * Seconds since 2026-01-01 of the entry's last change: grows with every change (a removal after the
 * meeting's last update, a new meeting after the removal), and fits SEQUENCE's integer.
 */
const sequenceAt = (iso: string) => Math.max(0, Math.floor((Date.parse(iso) - Date.UTC(2026, 0, 1)) / 1000));
const sequenceOf = (m: EventMeeting) => sequenceAt(m.updatedAt);

export interface AgendaEntry {
  meeting: EventMeeting;
  slot: GridSlot;
  partner: EventParticipant;
  tableName: string | null;
}

export function agendaEntries(event: MatchmakingEvent, slots: readonly GridSlot[], participant: EventParticipant, meetings: readonly EventMeeting[], byId: ReadonlyMap<string, EventParticipant>): AgendaEntry[] {
  const tableNames = new Map(event.tables.map((t) => [t.id, t.name]));
  return meetings
    .filter((m) => (m.a === participant.id || m.b === participant.id) && slots[m.slot])
    .map((m) => ({ meeting: m, slot: slots[m.slot]!, partner: byId.get(m.a === participant.id ? m.b : m.a)!, tableName: m.tableId ? (tableNames.get(m.tableId) ?? m.tableId) : null }))
    .filter((e) => e.partner)
    .sort((x, y) => x.slot.index - y.slot.index);
}

const languagesOf = (p: EventParticipant) => [...new Set([...p.languages, ...p.attendees.flatMap((a) => a.languages ?? [])])];

/** A shared language of both sides, if any; an interpreter is needed when there is none or one side asks for it. */
export function interpreting(a: EventParticipant, b: EventParticipant): { common: string[]; needed: boolean } {
  const other = new Set(languagesOf(b));
  const common = languagesOf(a).filter((l) => other.has(l));
  return { common, needed: a.interpreterNeeded || b.interpreterNeeded || common.length === 0 };
}

/** A meeting the participant lost, in its old slot, for the calendar to cancel. */
export interface CancelledEntry {
  removed: RemovedMeeting;
  slot: GridSlot;
  partnerName: string;
}

/** The participant's lost meetings whose pairs have no meeting now and whose slots are still on the grid. */
export function cancelledEntries(slots: readonly GridSlot[], participant: EventParticipant, removed: readonly RemovedMeeting[], entries: readonly AgendaEntry[]): CancelledEntry[] {
  const partnerOf = (a: string, b: string) => (a === participant.id ? b : a);
  const live = new Set(entries.map((e) => partnerOf(e.meeting.a, e.meeting.b)));
  return removed
    .filter((r) => slots[r.slot] && !live.has(partnerOf(r.a, r.b)))
    .map((r) => ({ removed: r, slot: slots[r.slot]!, partnerName: r.a === participant.id ? r.names.b : r.names.a }));
}

/**
 * The agenda as iCalendar, in the participant's language unless `lang` says another: each meeting under its pair's UID, and each lost meeting under its UID with
 * STATUS:CANCELLED and a later SEQUENCE, so that a client that imported it earlier takes it out.
 */
/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n, so that a name cannot end its line. */
export const icsText = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

export function agendaIcs(event: MatchmakingEvent, participant: EventParticipant, entries: readonly AgendaEntry[], cancelled: readonly CancelledEntry[] = [], lang: PrintLang = participantLang(participant)): string {
  // ical-generator escapes the events' texts but writes the calendar's name (NAME, X-WR-CALNAME) as given.
  const calendar = new ICalCalendar({ name: icsText(`${event.name}: ${participant.name}`), prodId: { company: 'Sino-German Industrial City Alliance', product: 'isa-match', language: lang.toUpperCase() } });
  calendar.timezone({ name: event.timeZone, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  for (const e of entries) {
    const { common, needed } = interpreting(participant, e.partner);
    const table = e.tableName ? say(lang, 'atTable', { name: e.tableName }) : null;
    const where = [event.venue, table].filter(Boolean).join(', ');
    calendar.createEvent({
      id: meetingUid(event.id, e.meeting.a, e.meeting.b),
      sequence: sequenceOf(e.meeting),
      start: slotStart(event, e.slot),
      end: slotEnd(event, e.slot),
      timezone: event.timeZone,
      stamp: DateTime.fromISO(e.meeting.updatedAt, { zone: 'utc' }),
      summary: `${say(lang, 'meeting', { name: e.partner.name })}${table ? ` (${table})` : ''}`,
      location: where || null,
      description: [
        say(lang, 'meetingWith', { event: event.name, name: e.partner.name, side: e.partner.side }),
        e.partner.attendees.length ? say(lang, 'attendees', { names: e.partner.attendees.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ') }) : null,
        common.length ? say(lang, 'commonLanguage', { languages: common.join(', ') }) : say(lang, 'noCommonLanguage'),
        needed ? say(lang, 'interpreterNeeded') : null,
        e.meeting.status === 'scheduled' ? null : say(lang, 'status', { status: e.meeting.status }),
      ]
        .filter(Boolean)
        .join('\n'),
      status: ICalEventStatus.CONFIRMED,
    });
  }
  for (const c of cancelled) {
    calendar.createEvent({
      id: meetingUid(event.id, c.removed.a, c.removed.b),
      sequence: sequenceAt(c.removed.removedAt),
      start: slotStart(event, c.slot),
      end: slotEnd(event, c.slot),
      timezone: event.timeZone,
      stamp: DateTime.fromISO(c.removed.removedAt, { zone: 'utc' }),
      summary: say(lang, 'cancelled', { name: c.partnerName }),
      description: say(lang, 'cancelledText', { event: event.name, name: c.partnerName }),
      status: ICalEventStatus.CANCELLED,
    });
  }
  return calendar.toString();
}

export const MEETINGS_CSV_COLUMNS = [
  'slot',
  'date',
  'start',
  'end',
  'table',
  'a_id',
  'a_name',
  'a_side',
  'a_languages',
  'b_id',
  'b_name',
  'b_side',
  'b_languages',
  'common_languages',
  'interpreter_needed',
  'status',
  'origin',
  'value',
] as const;

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return before one)
 * gets a leading apostrophe: the names in the list are other people's input.
 */
export const inertCell = (value: string | number) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** UTF-8 with a byte-order mark, so that Excel reads the Chinese and German names right. */
const BOM = '\uFEFF';

/** The master list's rows: one per meeting in the grid, in the order of MEETINGS_CSV_COLUMNS, cells made inert. */
export function meetingsRows(event: MatchmakingEvent, slots: readonly GridSlot[], meetings: readonly EventMeeting[], byId: ReadonlyMap<string, EventParticipant>): (string | number)[][] {
  const tableNames = new Map(event.tables.map((t) => [t.id, t.name]));
  return meetings
    .filter((m) => slots[m.slot] && byId.has(m.a) && byId.has(m.b))
    .map((m) => {
      const slot = slots[m.slot]!;
      const a = byId.get(m.a)!;
      const b = byId.get(m.b)!;
      const { common, needed } = interpreting(a, b);
      return [
        slot.index + 1,
        slot.date,
        slot.start,
        slot.end,
        m.tableId ? (tableNames.get(m.tableId) ?? m.tableId) : '',
        a.id,
        a.name,
        a.side,
        languagesOf(a).join(' '),
        b.id,
        b.name,
        b.side,
        languagesOf(b).join(' '),
        common.join(' '),
        needed ? 'yes' : 'no',
        m.status,
        m.origin,
        m.value,
      ].map(inertCell);
    });
}

export function meetingsCsv(event: MatchmakingEvent, slots: readonly GridSlot[], meetings: readonly EventMeeting[], byId: ReadonlyMap<string, EventParticipant>): string {
  return BOM + stringify([[...MEETINGS_CSV_COLUMNS], ...meetingsRows(event, slots, meetings, byId)]);
}

/** The master list as an Excel workbook: the same columns, a frozen header, filters. */
export async function meetingsXlsx(event: MatchmakingEvent, slots: readonly GridSlot[], meetings: readonly EventMeeting[], byId: ReadonlyMap<string, EventParticipant>): Promise<Buffer> {
  // exceljs takes about half a second to load: loaded on the first workbook, not at every start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'isa-match';
  const sheet = workbook.addWorksheet('meetings', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...MEETINGS_CSV_COLUMNS]).font = { bold: true };
  for (const row of meetingsRows(event, slots, meetings, byId)) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: MEETINGS_CSV_COLUMNS.length } };
  sheet.columns.forEach((column) => (column.width = 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** German participants down, Chinese across; a cell is empty when either has no profile to score. */
export function scoresCsv(participants: readonly EventParticipant[], score: (a: EventParticipant, b: EventParticipant) => number | undefined): string {
  const rows = participants.filter((p) => p.side === 'DE');
  const columns = participants.filter((p) => p.side === 'CN');
  const header = ['id', 'name', ...columns.map((c) => `${c.id} ${c.name}`)];
  return stringify([header, ...rows.map((r) => [r.id, r.name, ...columns.map((c) => score(r, c) ?? '')])].map((row) => row.map(inertCell)));
}
