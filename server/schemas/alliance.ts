/** Schemas of the alliance's membership registry (composition, statements, applications). */
import { z } from 'zod';
import { APPLICATION_STATES, CONSENT_RULES, VOTES } from '../../engine/alliance/applications.ts';
import { MEMBER_STATUSES, RECORDABLE_KINDS, STATEMENT_KINDS } from '../../engine/alliance/membership.ts';
import { calendarDate, isoDateTime, localizedText, pageOf, pagination } from './common.ts';

const isoDay = calendarDate.meta({ description: 'a day of the calendar, YYYY-MM-DD', example: '2021-06-30' });
const partialDate = z.string().meta({ description: 'an ISO date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD', example: '2020-10' });
const provenance = z.string().meta({ description: "where it comes from: 'seed:<file>:<line>' (that line contains the quote), or 'registry:…' for a decision taken here" });

export const sourceSchema = z.strictObject({ provenance, quote: z.string().nullable() }).meta({ id: 'Source' });

export const statementSchema = z
  .strictObject({
    id: z.string(),
    cityId: z.string(),
    kind: z.enum(STATEMENT_KINDS),
    date: partialDate,
    dateAsWritten: z.string().nullable(),
    status: z.enum(MEMBER_STATUSES).nullable(),
    rollId: z.string().nullable(),
    applicationId: z.string().nullable(),
    provenance,
    quote: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'MembershipStatement' });

const countsSchema = z.strictObject({ members: z.number().int(), observers: z.number().int(), guests: z.number().int(), contested: z.number().int(), unnamed: z.number().int() });

const stated = z.strictObject({ date: partialDate, dateAsWritten: z.string().nullable(), country: z.string(), count: z.number().int(), source: sourceSchema });

export const compositionSchema = z
  .strictObject({
    date: isoDay,
    rolls: z.array(
      z.strictObject({
        id: z.string(),
        date: partialDate,
        dateAsWritten: z.string().nullable(),
        title: localizedText,
        stated: z.array(z.strictObject({ country: z.string(), count: z.number().int(), provenance, quote: z.string().nullable() })),
        unnamed: z.array(z.strictObject({ country: z.string(), count: z.number().int(), provenance, quote: z.string().nullable() })),
        provenance,
        quote: z.string().nullable(),
      }),
    ).meta({ description: 'the member list(s) in force: the latest the papers print on or before the date (two when they disagree)' }),
    entries: z.array(
      z.strictObject({
        cityId: z.string(),
        name: z.strictObject({ de: z.string(), en: z.string(), zh: z.string().nullable() }),
        country: z.string(),
        status: z.enum(MEMBER_STATUSES),
        contested: z.boolean(),
        towns: z.array(z.string()).meta({ description: 'towns of a network that count through it (a network counts once)' }),
        support: z.array(statementSchema),
        against: z.array(sourceSchema.extend({ reason: z.string() })),
      }),
    ),
    counts: z.record(z.string(), countsSchema).meta({ description: 'by country: named members (a network once), observers, guests; contested members; seats a list counts without a name' }),
    stated: z.array(stated).meta({ description: 'the counts the papers state for the date: the list’s own and the latest stated later' }),
    ratio: z.number().nullable().meta({ description: 'Chinese members per German member (the rules allow at most 2)' }),
    agrees: z.boolean().meta({ description: 'true when every stated count matches the names and the lists in force agree' }),
    disagreements: z.array(
      z.strictObject({
        code: z.enum(['count', 'roll', 'status', 'unlisted']),
        cityId: z.string().nullable(),
        country: z.string().nullable(),
        message: z.string().meta({ description: 'in English, for people reading the raw answer' }),
        figures: z.strictObject({ stated: z.number().int(), named: z.number().int() }).nullable().meta({ description: 'for a count: the count a paper states, and the count named beside it' }),
        sources: z.array(sourceSchema),
      }),
    ),
    awaitingAnnouncement: z.array(statementSchema).meta({ description: 'admissions no joint meeting has announced yet (003 L206)' }),
  })
  .meta({ id: 'Composition' });

export const compositionQuery = z.strictObject({ date: isoDay.optional().meta({ description: 'the day (default: today)' }) });
export const historyQuery = z.strictObject({ from: isoDay.default('2016-01-01'), to: isoDay.optional() });
export const compositionHistorySchema = z
  .array(z.strictObject({ date: isoDay, counts: z.record(z.string(), countsSchema), stated: z.array(stated), agrees: z.boolean() }))
  .meta({ id: 'CompositionHistory' });

export const statementQuery = z.strictObject({
  cityId: z.string().max(80).optional(),
  kind: z.enum(STATEMENT_KINDS).optional(),
  from: partialDate.optional(),
  to: partialDate.optional(),
});
export const statementListSchema = z.array(statementSchema.extend({ recordedAt: isoDateTime })).meta({ id: 'MembershipStatementList' });

export const statementBody = z
  .strictObject({
    cityId: z.string().min(1).max(80),
    kind: z.enum(RECORDABLE_KINDS),
    date: isoDay,
    dateAsWritten: z.string().max(200).optional(),
    source: z.string().trim().min(3).max(300).meta({ description: "where it is written: 'seed:<file>:<line>', a letter's or minute's reference" }),
    quote: z.string().max(500).optional(),
    note: z.string().max(2000).optional(),
  })
  .meta({ example: { cityId: 'de-moenchengladbach', kind: 'interest', date: '2021-03-24', source: 'minutes of the Fachtagung 2021-03-24' } });

const text = (what: string) => z.string().trim().min(1, `${what} is required (003 §5.1)`).max(5000);
export const applicationContent = z.strictObject({
  keyData: text('keyData (wirtschaftliche Eckdaten)'),
  industrialCharacteristics: text('industrialCharacteristics (industrielle Eigenschaften)'),
  cooperations: z
    .strictObject({ national: z.array(z.string().trim().min(1).max(500)).max(100), international: z.array(z.string().trim().min(1).max(500)).max(100) })
    .refine((c) => c.national.length + c.international.length > 0, { message: 'name at least one current national or international cooperation (003 §5.1)' }),
  wishes: z.array(z.string().trim().min(1).max(500)).min(1, 'name at least one cooperation wish (003 §5.1)').max(100),
  document: z.string().max(300).nullable().default(null),
});

export const applicationBody = z
  .strictObject({ cityId: z.string().min(1).max(80), filedOn: isoDay.optional(), content: applicationContent })
  .meta({
    example: {
      cityId: 'de-moenchengladbach',
      filedOn: '2026-11-02',
      content: {
        keyData: 'about 260,000 inhabitants; service and textile economy',
        industrialCharacteristics: 'textile and clothing, mechanical engineering, logistics',
        cooperations: { national: ['Metropolregion Rheinland'], international: ['twin town Thurrock'] },
        wishes: ['settlement of Chinese logistics companies'],
        document: 'letter of 2026-10-28',
      },
    },
  });

const decisionSchema = z.strictObject({
  outcome: z.enum(['member', 'observer', 'rejected', 'pending']),
  code: z.enum(['consented', 'ratio', 'objected', 'not-enough-consent', 'awaiting']),
  message: z.string(),
  consents: z.array(z.string()),
  objections: z.array(z.string()),
  missing: z.array(z.string()),
});

export const applicationSchema = z
  .strictObject({
    id: z.string(),
    cityId: z.string(),
    state: z.enum(APPLICATION_STATES),
    filedOn: isoDay,
    content: applicationContent,
    consentRule: z.enum(CONSENT_RULES).nullable().meta({ description: 'the rule in force when it was circulated; it decides' }),
    circulatedOn: isoDay.nullable(),
    electorate: z.array(z.string()).meta({ description: 'the member cities asked for consent (a network votes once)' }),
    decidedOn: isoDay.nullable(),
    decision: decisionSchema.nullable(),
    preview: decisionSchema.nullable().meta({ description: 'while circulated: what a decision today would be' }),
    votes: z.array(
      z.strictObject({ cityId: z.string(), vote: z.enum(VOTES), inWriting: z.boolean(), document: z.string().nullable(), date: isoDay, note: z.string().nullable(), recordedAt: isoDateTime }),
    ),
    createdBy: z.string().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'MembershipApplication' });

export const applicationListQuery = z.strictObject({ ...pagination, cityId: z.string().max(80).optional(), state: z.enum(APPLICATION_STATES).optional() });
export const applicationPage = pageOf(applicationSchema);
export const dayBody = z.strictObject({ date: isoDay.optional().meta({ description: 'default: today' }) });
export const withdrawApplicationBody = z.strictObject({ date: isoDay.optional(), note: z.string().max(2000).optional() });
export const voteBody = z
  .strictObject({
    vote: z.enum(VOTES),
    inWriting: z.boolean().meta({ description: "003 §5.1 counts only written consent; under 002's reading any consent counts" }),
    document: z.string().max(300).optional(),
    date: isoDay.optional(),
    note: z.string().max(2000).optional(),
  })
  .meta({ example: { vote: 'consent', inWriting: true, document: 'letter of 2026-11-20' } });
export const withdrawalBody = z.strictObject({ requestedOn: isoDay, communicatedOn: isoDay, document: z.string().trim().min(1).max(300), note: z.string().max(2000).optional() });
export const conversionBody = z.strictObject({ date: isoDay, meeting: z.string().trim().min(1).max(300), reason: z.string().trim().min(1).max(2000) });
export const announcementBody = z.strictObject({ date: isoDay, meeting: z.string().trim().min(1).max(300) });
export const rulesSchema = z
  .strictObject({
    consentRule: z.enum(CONSENT_RULES),
    readings: z.array(z.strictObject({ rule: z.enum(CONSENT_RULES), text: z.string(), source: sourceSchema })),
    ratio: z.strictObject({ limit: z.number(), text: z.string(), source: sourceSchema }),
  })
  .meta({ id: 'MembershipRules' });
