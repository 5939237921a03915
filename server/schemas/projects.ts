/**
 * Cooperation projects as the API takes and shows them: the list's filters, a project with its parties,
 * dated and sourced status history, links and sources; the bodies that create, change and advance one;
 * and the draft an agreement outcome offers.
 */
import { z } from 'zod';
import { LINK_KINDS, PARTY_KINDS, PARTY_ROLES, PROJECT_DATE, PROJECT_STATUSES, PROJECT_TYPES } from '../../engine/projects.ts';
import { AGREEMENT_TYPES, type AgreementType } from '../../engine/tuning/relevance.ts';
import { countryCode } from '../validation.ts';
import { calendarDate, isoDateTime, localizedText, pagination } from './common.ts';

export const LANGS = ['de', 'en', 'zh'] as const;
const lang = z.enum(LANGS).optional().meta({ description: 'the language of titles and names; else the Accept-Language, else English' });
const statusDate = z.string().regex(PROJECT_DATE, 'a date as YYYY-MM-DD, or YYYY-MM where only the month is known');
const projectType = z.enum(PROJECT_TYPES);
const projectStatus = z.enum(PROJECT_STATUSES);
const text = (max: number) => z.string().trim().min(1).max(max);

export const projectListQuery = z.strictObject({
  city: z.string().min(1).max(100).optional().meta({ description: 'a city id: projects with it as a party, or with a party company sitting there' }),
  country: countryCode.optional().meta({ description: 'projects with a party of this country' }),
  sector: z.string().min(1).max(20).optional().meta({ description: "a NACE code ('C27', '27', '27.1'): projects with a sector inside it" }),
  status: projectStatus.optional().meta({ description: 'the current status' }),
  type: projectType.optional(),
  from: calendarDate.optional().meta({ description: 'projects with a status entry on or after this day' }),
  to: calendarDate.optional().meta({ description: 'projects with a status entry on or before this day' }),
  q: z.string().min(1).max(200).optional().meta({ description: 'words of the title (any language) or a party' }),
  lang,
  ...pagination,
});
export const projectQuery = z.strictObject({ lang });

const titleText = localizedText.refine((t) => Object.values(t).some((v) => v && v.trim()), 'a title in at least one language');

export const partyInput = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  id: z.string().min(1).max(100).nullable().default(null).meta({ description: "the company's or city's id; required for those kinds" }),
  name: text(300).optional().meta({ description: "an organisation's name; a company's or city's is taken from its record" }),
  country: countryCode.optional().meta({ description: "an organisation's country; a company's or city's is taken from its record" }),
  role: z.enum(PARTY_ROLES),
});

const volumeInput = z.strictObject({
  amount: z.number().min(0).max(1e13),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or CNY'),
  asWritten: z.string().max(200).nullable().default(null).meta({ description: 'the figure as the source writes it' }),
});

const statusInput = z.strictObject({
  status: projectStatus,
  date: statusDate,
  note: z.string().trim().max(2000).nullable().default(null),
  quote: z.string().trim().max(1000).nullable().default(null).meta({ description: 'the words of the source the status rests on' }),
});

const linkInput = z.strictObject({
  kind: z.enum(LINK_KINDS),
  refId: z.string().min(1).max(300).meta({ description: 'meeting: eventId/meetingId; outcome: eventId/participantId/partnerId; event: eventId; alliance-event: its id' }),
});

export const projectCreateBody = z
  .strictObject({
    title: titleText,
    summary: localizedText.default({}),
    type: projectType,
    naceCodes: z.array(z.string().min(1).max(20)).max(10).default([]).meta({ description: 'NACE codes of the sector(s)' }),
    volume: volumeInput.nullable().default(null).meta({ description: 'only where a source gives it' }),
    parties: z.array(partyInput).min(1).max(20),
    status: statusInput.meta({ description: 'the first, dated status entry' }),
    links: z.array(linkInput).max(20).default([]),
  })
  .meta({ id: 'ProjectInput' });

export const projectPatchBody = z
  .strictObject({
    title: titleText.optional(),
    summary: localizedText.optional(),
    type: projectType.optional(),
    naceCodes: z.array(z.string().min(1).max(20)).max(10).optional(),
    volume: volumeInput.nullable().optional(),
    parties: z.array(partyInput).min(1).max(20).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .meta({ id: 'ProjectPatch' });

export const projectStatusBody = statusInput
  .extend({ reopen: z.boolean().default(false).meta({ description: 'leave a completed or abandoned status (a note must say why)' }) })
  .meta({ id: 'ProjectStatusInput' });

const partySchema = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  id: z.string().nullable(),
  name: z.string().meta({ description: "in the requested language where the record has it (cities)" }),
  country: z.string(),
  role: z.enum(PARTY_ROLES),
});

const citation = z
  .strictObject({ file: z.string(), line: z.number().int(), label: z.string().meta({ description: "e.g. 'seed 004 L491'" }) })
  .nullable()
  .meta({ description: 'the seed line a seed: provenance cites' });

const statusEntrySchema = z.strictObject({
  seq: z.number().int(),
  status: projectStatus,
  date: z.string(),
  provenance: z.string().meta({ description: "seed:<file>:<line>, curated, or user:<keyId>" }),
  citation,
  quote: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: isoDateTime,
});

export const projectSchema = z
  .strictObject({
    id: z.string(),
    title: z.string().meta({ description: 'in the requested language, else another' }),
    titles: localizedText,
    summary: z.string().nullable(),
    summaries: localizedText,
    type: projectType,
    naceCodes: z.array(z.string()),
    sectors: z.array(z.strictObject({ code: z.string(), label: z.string() })),
    volume: z.strictObject({ amount: z.number(), currency: z.string(), asWritten: z.string().nullable(), provenance: z.string() }).nullable(),
    status: projectStatus,
    statusDate: z.string(),
    parties: z.array(partySchema),
    history: z.array(statusEntrySchema),
    links: z.array(z.strictObject({ kind: z.enum(LINK_KINDS), refId: z.string() })),
    sources: z.array(z.strictObject({ provenance: z.string(), citation, quote: z.string().nullable() })),
    createdBy: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Project' });

const agreementType = z.enum(AGREEMENT_TYPES as readonly [AgreementType, ...AgreementType[]]);

export const projectDraftQuery = z.strictObject({
  eventId: z.string().min(1).max(100).meta({ description: 'the event whose agreement outcomes offer drafts' }),
  lang,
  ...pagination,
});

export const projectDraftSchema = z
  .strictObject({
    outcome: z.strictObject({
      eventId: z.string(),
      eventName: z.string(),
      participantId: z.string(),
      partnerId: z.string(),
      meetingId: z.string().nullable(),
      agreementType: agreementType,
      date: z.string().meta({ description: 'the follow-up date, else the first day of the event' }),
    }),
    project: z.strictObject({
      title: localizedText,
      summary: localizedText,
      type: projectType,
      naceCodes: z.array(z.string()),
      parties: z.array(z.strictObject({ kind: z.enum(PARTY_KINDS), id: z.string().nullable(), name: z.string(), country: z.string(), role: z.enum(PARTY_ROLES) })),
      status: z.strictObject({ status: projectStatus, date: z.string(), note: z.string().nullable(), quote: z.string().nullable() }),
      links: z.array(z.strictObject({ kind: z.enum(LINK_KINDS), refId: z.string() })),
    }).meta({ description: 'a ProjectInput to confirm (POST /projects); no volume: an outcome gives none' }),
    existingProjectId: z.string().nullable().meta({ description: 'the project already made from this agreement, if any' }),
  })
  .meta({ id: 'ProjectDraft', description: "an agreement outcome's offer of a project, pre-filled" });
