/** Periodic reports and their schedules. */
import { z } from 'zod';
import { CADENCES, REPORT_LANGS, REPORT_SCOPE_KINDS } from '../../engine/reports.ts';
import { calendarDate, idParam, isoDateTime, pagination } from './common.ts';

const day = calendarDate;
const lang = z.enum(REPORT_LANGS);

export const reportScopeRef = z
  .strictObject({
    kind: z.enum(REPORT_SCOPE_KINDS).meta({ description: 'city: one member city (with its towns when it is a network); country: a side of the alliance (DE or CN), all its member cities; organisation: an investment-promotion organisation (an organisation record among the companies), the member cities it serves' }),
    id: idParam.meta({ description: 'a city id, DE or CN, or the organisation record’s id' }),
  })
  .meta({ id: 'ReportScopeRef' });

export const reportRequestBody = z
  .strictObject({
    scope: reportScopeRef,
    from: day.meta({ description: 'the period’s first day' }),
    to: day.meta({ description: 'the period’s last day (included)' }),
    lang: lang.default('en').meta({ description: 'the report’s language; every format can be had in the others too' }),
  })
  .meta({ id: 'ReportRequest' });

export const reportListQuery = z.strictObject({
  scopeKind: z.enum(REPORT_SCOPE_KINDS).optional().meta({ description: 'only reports of this kind of scope' }),
  scopeId: idParam.optional().meta({ description: 'only reports of this scope (a city id, DE or CN, an organisation id)' }),
  lang: lang.optional().meta({ description: 'the language of the titles; default: the Accept-Language' }),
  ...pagination,
});

export const reportLangQuery = z.strictObject({ lang: lang.optional().meta({ description: 'the language; default: the report’s' }) });

const localName = z.strictObject({ de: z.string(), en: z.string(), zh: z.string().nullable() }).meta({ id: 'LocalName' });
const recipient = z
  .discriminatedUnion('kind', [z.strictObject({ kind: z.enum(['organisation', 'city']), id: idParam }), z.strictObject({ kind: z.literal('person'), name: z.string().trim().min(1).max(200) })])
  .meta({ id: 'ReportRecipient', description: 'an organisation record or a member city (their keys then receive the reports), or a person by name' });
const monthCounts = z.array(z.strictObject({ month: z.string(), count: z.number().int() }));

const reportFields = {
  id: z.string(),
  scope: z.strictObject({ kind: z.enum(REPORT_SCOPE_KINDS), id: z.string(), name: localName }),
  period: z.strictObject({ from: z.string(), to: z.string() }),
  lang,
  languages: z.array(lang),
  scheduleId: z.string().nullable().meta({ description: 'the schedule that produced it; null when produced on request' }),
  recipients: z.array(recipient),
  title: z.string().meta({ description: 'in the language asked for' }),
  createdAt: isoDateTime,
};

export const reportSummarySchema = z.strictObject(reportFields).meta({ id: 'ReportSummary', description: 'a stored report without its sections' });

export const reportContentSchema = z
  .strictObject({
    scope: z.strictObject({ kind: z.enum(REPORT_SCOPE_KINDS), id: z.string(), name: localName, cities: z.array(z.strictObject({ id: z.string(), name: localName })) }),
    period: z.strictObject({ from: z.string(), to: z.string() }),
    months: z.array(z.string()),
    profiles: z.strictObject({
      cities: z.strictObject({ total: z.number().int(), items: z.array(z.strictObject({ id: z.string(), name: localName, country: z.string(), createdAt: z.string() })) }),
      companies: z.strictObject({
        total: z.number().int(),
        demo: z.number().int(),
        byMonth: monthCounts,
        byCity: z.array(z.strictObject({ cityId: z.string(), count: z.number().int() })),
        items: z.array(z.strictObject({ id: z.string(), name: z.string(), cityId: z.string().nullable(), orgType: z.string(), demo: z.boolean(), createdAt: z.string() })),
      }),
    }),
    matchLists: z.strictObject({
      total: z.number().int(),
      byKind: z.strictObject({ company: z.number().int(), city: z.number().int() }),
      byMonth: monthCounts,
      bySubject: z.array(z.strictObject({ kind: z.enum(['company', 'city']), id: z.string(), name: z.string(), count: z.number().int() })),
    }),
    meetings: z.strictObject({
      total: z.number().int(),
      byMonth: monthCounts,
      events: z.array(z.strictObject({ id: z.string(), name: z.string(), from: z.string(), to: z.string(), meetings: z.number().int() })),
      items: z.array(z.strictObject({ eventId: z.string(), eventName: z.string(), date: z.string(), party: z.string(), partner: z.string(), status: z.string() })),
    }),
    outcomes: z.strictObject({
      accounts: z.number().int(),
      attended: z.number().int(),
      meanRating: z.number().nullable(),
      byFollowUp: z.record(z.string(), z.number().int()).meta({ description: 'accounts by the follow-up stage they report' }),
      meetingsWithAgreement: z.number().int().meta({ description: 'meetings of which either side reports an agreement, each once' }),
      agreements: z.array(z.strictObject({ eventId: z.string(), date: z.string(), party: z.string(), partner: z.string(), agreementType: z.string().nullable(), followUpDate: z.string().nullable() })),
    }),
    projects: z.strictObject({
      started: z.number().int(),
      advanced: z.number().int(),
      completed: z.number().int(),
      abandoned: z.number().int(),
      entries: z.number().int().meta({ description: 'status entries in the period (items lists at most 200 of them)' }),
      items: z.array(
        z.strictObject({
          projectId: z.string(),
          title: localName,
          type: z.string(),
          change: z.enum(['started', 'advanced', 'completed', 'abandoned']).meta({ description: "a project's first entry starts it; completed and abandoned end it; any other moves it on" }),
          date: z.string(),
          status: z.string(),
          previousStatus: z.string().nullable(),
          parties: z.array(z.string()),
          provenance: z.string(),
        }),
      ),
    }),
    membership: z.strictObject({
      total: z.number().int(),
      byKind: z.record(z.string(), z.number().int()),
      items: z.array(
        z.strictObject({
          date: z.string().meta({ description: 'as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD' }),
          dateAsWritten: z.string().nullable(),
          cityId: z.string(),
          cityName: localName,
          kind: z.string().meta({ description: 'admitted, observer-admitted, converted-to-observer, withdrawn, applied, rejected, announced, guest-status' }),
          status: z.string().nullable(),
          provenance: z.string().meta({ description: 'seed:<file>:<line>, or the registry decision that made it' }),
          note: z.string().nullable(),
        }),
      ),
    }),
  })
  .meta({ id: 'ReportContent', description: 'the sections; lists name at most 200 items, the counts are always whole' });

export const reportSchema = z.strictObject({ ...reportFields, content: reportContentSchema }).meta({ id: 'Report', description: 'a stored report with its sections' });

export const scopeChoicesSchema = z
  .strictObject({
    cities: z.array(z.strictObject({ id: z.string(), name: localName, country: z.string() })),
    countries: z.array(z.strictObject({ id: z.string(), name: localName })),
    organisations: z.array(z.strictObject({ id: z.string(), name: z.string(), country: z.string(), cityId: z.string().nullable(), orgType: z.string() })),
  })
  .meta({ id: 'ReportScopeChoices', description: 'the member cities, sides and investment-promotion organisations the caller may produce reports for' });

export const scheduleBody = z
  .strictObject({
    scope: reportScopeRef,
    cadence: z.enum(CADENCES),
    languages: z.array(lang).min(1).max(3).default(['en']).meta({ description: 'the languages its reports are offered in; the first is their own' }),
    recipients: z.array(recipient).max(50).default([]),
    startsOn: day.optional().meta({ description: 'a day in the first period to produce; default: the period just ended' }),
  })
  .meta({ id: 'ReportScheduleRequest' });

export const scheduleSchema = z
  .strictObject({
    id: z.string(),
    scope: z.strictObject({ kind: z.enum(REPORT_SCOPE_KINDS), id: z.string() }),
    cadence: z.enum(CADENCES),
    languages: z.array(lang),
    recipients: z.array(recipient),
    startsOn: z.string(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'ReportSchedule', description: 'a standing order: its reports are produced when each period has ended, without a request' });

export const scheduleListSchema = z.strictObject({ items: z.array(scheduleSchema) }).meta({ id: 'ReportScheduleList' });
