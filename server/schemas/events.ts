/**
 * Matchmaking events over HTTP: what the API takes (events with their grid, participants, wishes, meeting
 * requests) and what it answers (Event, Participant, EventWish, MeetingRequest, the slots).
 */
import { z } from 'zod';
import { calendarDate, isoDateTime } from './common.ts';

// ---------- building blocks ----------

const text = (max: number) => z.string().trim().min(1).max(max);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const side = z.enum(['DE', 'CN']);
/** Ids the API takes for tables and participants. */
export const recordId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'letters, digits, dot, dash or underscore');
const language = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as de, zh or en');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Berlin or Asia/Shanghai');

// ---------- events ----------

const session = z.strictObject({
  name: text(40),
  start: time,
  end: time,
  breaks: z.array(z.strictObject({ start: time, end: time })).max(10).default([]),
});
const day = z.strictObject({ date: calendarDate, sessions: z.array(session).min(1).max(4) });
const table = z.strictObject({ id: recordId.optional(), name: text(60).optional(), reservedFor: side.nullable().default(null) });
const settings = z.strictObject({
  fairness: z.number().int().min(0).max(32).optional(),
  minMeetings: z.number().int().min(0).max(32).optional(),
  maxMeetings: z.number().int().min(0).max(32).optional(),
  suggestBelow: z.number().int().min(0).max(100).optional(),
  suggestionsPerParticipant: z.number().int().min(0).max(50).optional(),
  requireMutual: z.boolean().optional(),
  timeLimitSeconds: z.number().min(1).max(600).optional(),
});
const eventFields = {
  name: text(200),
  venue: text(200).nullable().default(null),
  timeZone,
  slotMinutes: z.number().int().min(5).max(240),
  days: z.array(day).min(1).max(7),
  tables: z.union([z.array(table).min(1).max(2000), z.number().int().min(1).max(2000)]).meta({ description: 'tables as a list, or just how many (named 1, 2, …)' }),
  settings: settings.default({}),
};

const EVENT_EXAMPLE = {
  name: 'Business Matchmaking Hannover Messe',
  venue: 'Hall 2, Hannover',
  timeZone: 'Europe/Berlin',
  slotMinutes: 30,
  days: [
    {
      date: '2027-04-13',
      sessions: [
        { name: 'morning', start: '09:00', end: '12:00', breaks: [{ start: '10:30', end: '11:00' }] },
        { name: 'afternoon', start: '13:30', end: '16:00' },
      ],
    },
  ],
  tables: [{ name: 'A1' }, { name: 'A2' }, { name: 'CN booth', reservedFor: 'CN' }],
  settings: { maxMeetings: 6 },
};

export const eventBody = z.strictObject(eventFields).meta({ example: EVENT_EXAMPLE });
export const eventPatch = z
  .strictObject({ ...eventFields, venue: text(200).nullable() })
  .partial()
  .meta({ example: { days: [{ date: '2027-04-14', sessions: [{ name: 'morning', start: '09:00', end: '12:00' }] }], settings: { maxMeetings: 8 } } });
export type EventInput = z.output<typeof eventBody>;
export type EventChange = z.output<typeof eventPatch>;
export type TablesInput = EventInput['tables'];

const gridBreakSchema = z.strictObject({ start: z.string(), end: z.string() });
const gridDaySchema = z.strictObject({
  date: z.string(),
  sessions: z.array(z.strictObject({ name: z.string(), start: z.string(), end: z.string(), breaks: z.array(gridBreakSchema).optional() })),
});
const eventTableSchema = z.strictObject({ id: z.string(), name: z.string(), reservedFor: side.nullable() }).meta({ id: 'EventTable' });
const eventSettingsSchema = z
  .strictObject({
    fairness: z.number().int(),
    minMeetings: z.number().int(),
    maxMeetings: z.number().int(),
    suggestBelow: z.number().int(),
    suggestionsPerParticipant: z.number().int(),
    requireMutual: z.boolean(),
    timeLimitSeconds: z.number(),
  })
  .meta({ id: 'EventSettings' });

export const eventSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    venue: z.string().nullable(),
    timeZone: z.string(),
    slotMinutes: z.number().int(),
    days: z.array(gridDaySchema),
    tables: z.array(eventTableSchema),
    settings: eventSettingsSchema,
    ownerKeyId: z.string().meta({ description: "the organiser's key" }),
    revision: z.number().int().meta({ description: 'counts the changes a schedule depends on' }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    slotCount: z.number().int().meta({ description: 'how many meeting slots the grid unrolls into' }),
  })
  .meta({ id: 'Event' });

export const slotsSchema = z
  .strictObject({
    timeZone: z.string(),
    items: z.array(
      z
        .strictObject({
          number: z.number().int().meta({ description: '1-based, as locks name slots' }),
          index: z.number().int().meta({ description: '0-based' }),
          date: z.string(),
          session: z.string(),
          start: z.string().meta({ description: 'local time in the event time zone' }),
          end: z.string(),
          startsAt: z.string().meta({ description: 'the instant, ISO 8601 with the offset of the event time zone' }),
          endsAt: z.string(),
        })
        .meta({ id: 'EventSlot' }),
    ),
  })
  .meta({ id: 'EventSlots' });

// ---------- participants ----------

const unavailable = z.strictObject({ date: calendarDate, from: time, to: time });
const participantFields = {
  name: text(200),
  kind: z.enum(['company', 'delegation']),
  companyId: z.string().max(80).nullable(),
  cityId: z.string().max(80).nullable(),
  side,
  attendees: z.array(z.strictObject({ name: text(120), role: text(120).optional(), languages: z.array(language).max(10).optional() })).max(30),
  languages: z.array(language).max(10),
  interpreterNeeded: z.boolean(),
  unavailable: z.array(unavailable).max(100),
  tableId: recordId.nullable(),
  minMeetings: z.number().int().min(0).max(32).nullable(),
  maxMeetings: z.number().int().min(0).max(32).nullable(),
};
const participantBody = z.strictObject({
  ...participantFields,
  name: participantFields.name.optional(),
  kind: participantFields.kind.optional(),
  companyId: participantFields.companyId.optional(),
  cityId: participantFields.cityId.optional(),
  side: side.optional(),
  attendees: participantFields.attendees.default([]),
  languages: participantFields.languages.default([]),
  interpreterNeeded: participantFields.interpreterNeeded.default(false),
  unavailable: participantFields.unavailable.default([]),
  tableId: participantFields.tableId.default(null),
  minMeetings: participantFields.minMeetings.default(null),
  maxMeetings: participantFields.maxMeetings.default(null),
});
export const participantsBody = z
  .union([participantBody, z.strictObject({ participants: z.array(participantBody).min(1).max(500) })])
  .meta({
    description: 'one participant, or {participants: [...]} to register many at once (all or none)',
    example: { participants: [{ companyId: 'demo-000001', languages: ['de', 'en'] }, { cityId: 'cn-foshan', languages: ['zh'], interpreterNeeded: true }] },
  });
export const participantPatch = z
  .strictObject(participantFields)
  .partial()
  .meta({ example: { unavailable: [{ date: '2027-04-13', from: '13:30', to: '14:30' }], maxMeetings: 5 } });
export type ParticipantInput = z.output<typeof participantBody>;
export type ParticipantsInput = z.output<typeof participantsBody>;
export type ParticipantChange = z.output<typeof participantPatch>;

export const participantSchema = z
  .strictObject({
    id: z.string(),
    eventId: z.string(),
    name: z.string(),
    kind: z.enum(['company', 'delegation']),
    companyId: z.string().nullable(),
    cityId: z.string().nullable(),
    side,
    attendees: z.array(z.strictObject({ name: z.string(), role: z.string().optional(), languages: z.array(z.string()).optional() })),
    languages: z.array(z.string()),
    interpreterNeeded: z.boolean(),
    unavailable: z.array(z.strictObject({ date: z.string(), from: z.string(), to: z.string() })),
    tableId: z.string().nullable().meta({ description: 'the table it hosts at (its booth)' }),
    minMeetings: z.number().int().nullable(),
    maxMeetings: z.number().int().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Participant' });

// ---------- wishes ----------

/** A participant's mark on another (not a company's cooperation wish: that is companies' `wishBody`). */
export const eventWishBody = z.strictObject({ kind: z.enum(['must', 'like', 'no']) }).meta({ example: { kind: 'must' } });

export const eventWishSchema = z
  .strictObject({ from: z.string(), to: z.string(), kind: z.enum(['must', 'like', 'no']), createdAt: isoDateTime })
  .meta({ id: 'EventWish', description: 'a participant marks another: must meet, would like to, or no thanks' });

// ---------- meeting requests ----------

export const meetingRequestBody = z
  .strictObject({ from: recordId, to: recordId, message: text(2000).nullable().default(null) })
  .meta({ example: { from: 'p-cn1', to: 'p-de3', message: 'Battery recycling?' } });
export type MeetingRequestInput = z.output<typeof meetingRequestBody>;

export const meetingRequestSchema = z
  .strictObject({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    status: z.enum(['pending', 'accepted', 'declined']),
    message: z.string().nullable(),
    createdAt: isoDateTime,
    answeredAt: isoDateTime.nullable(),
  })
  .meta({ id: 'MeetingRequest' });
