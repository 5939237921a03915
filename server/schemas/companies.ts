/** Companies as the API takes and shows them, and the cooperation wishes companies and cities share. */
import { z } from 'zod';
import { ORG_TYPES, REVENUE_BANDS, SIZE_CLASSES, WISH_DIRECTIONS, WISH_TYPES } from '../../engine/cooperation.ts';
import { countryCode } from '../validation.ts';
import { isoDateTime, localizedText } from './common.ts';
import { labelledCode, taxonomyLabels } from './industries.ts';

// ---------- requests ----------

const text = (max: number) => z.string().trim().min(1).max(max);
const localizedInput = z.strictObject({ de: text(5000).optional(), en: text(5000).optional(), zh: text(5000).optional() });

/** A cooperation wish as the API takes it (companies and cities alike). */
export const wishBody = z.strictObject({
  direction: z.enum(WISH_DIRECTIONS),
  type: z.enum(WISH_TYPES),
  clusters: z.array(z.string().max(60)).max(10).default([]),
  targetCountry: countryCode.nullable().default(null),
  description: localizedInput.default({}),
});

const fields = {
  name: text(200),
  orgType: z.enum(ORG_TYPES),
  country: countryCode,
  cityId: z.string().max(80).nullable(),
  cityName: text(120).nullable(),
  groupId: text(80).nullable(),
  size: z.strictObject({
    employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
    sizeClass: z.enum(SIZE_CLASSES).nullable().optional(),
    revenueBand: z.enum(REVENUE_BANDS).nullable().optional(),
  }),
  foundedYear: z
    .number()
    .int()
    .min(1500)
    .refine((year) => year <= new Date().getUTCFullYear(), 'a founding year cannot lie in the future')
    .nullable(),
  industries: z
    .array(z.strictObject({ scheme: z.enum(['NACE', 'GBT4754']).default('NACE'), code: z.string().trim().min(1).max(20) }))
    .max(20),
  industryText: text(500).nullable(),
  description: localizedInput,
  languages: z.array(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as de, en or zh')).max(20),
  wishes: z.array(wishBody).max(30),
  contact: z.strictObject({
    person: text(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().regex(/^[+0-9 ()\-/]{4,40}$/, 'a phone number').optional(),
    website: z.url().max(500).optional(),
  }),
};

const companyFields = z.strictObject({
  name: fields.name,
  country: fields.country,
  orgType: fields.orgType.optional(),
  cityId: fields.cityId.optional(),
  cityName: fields.cityName.optional(),
  groupId: fields.groupId.optional(),
  size: fields.size.optional(),
  foundedYear: fields.foundedYear.optional(),
  industries: fields.industries.optional(),
  industryText: fields.industryText.optional(),
  description: fields.description.optional(),
  languages: fields.languages.optional(),
  wishes: fields.wishes.optional(),
  contact: fields.contact.optional(),
});

/** A new company: name and country, the rest optional. */
export const companyCreateBody = companyFields.meta({
  example: {
    name: 'Rhein Batteriekomponenten GmbH',
    country: 'DE',
    cityId: 'de-ingolstadt',
    size: { employees: 180, revenueBand: '10m-50m' },
    foundedYear: 1998,
    industries: [{ scheme: 'NACE', code: '27.20' }, { scheme: 'GBT4754', code: '3841' }],
    industryText: 'Batteriegehäuse und Zellverbinder',
    description: { de: 'Zulieferer für Batteriesysteme', en: 'Supplier of battery system parts' },
    languages: ['de', 'en'],
    wishes: [{ direction: 'request', type: 'distribution', clusters: ['new-energy-vehicles', 'batteries'], targetCountry: 'CN' }],
    contact: { person: 'Anna Becker', email: 'anna.becker@example.org' },
  },
});

/** The given top-level fields replace the stored ones; null clears an optional field. */
export const companyPatchBody = companyFields
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'the patch is empty', path: [] })
  .meta({ example: { foundedYear: null, languages: ['de', 'en', 'zh'], size: { revenueBand: '50m-250m' } } });

// ---------- responses ----------

const labelOrNull = taxonomyLabels.nullable().meta({ description: 'null when the taxonomy no longer knows the code' });
const trilingual = z.strictObject({ de: z.string(), en: z.string(), zh: z.string() });

export const provenance = z.string().meta({ description: 'where a fact comes from: seed:<file>:<line>, curated, demo or api', example: 'api' });

export const wishSchema = z
  .strictObject({
    direction: z.enum(WISH_DIRECTIONS),
    type: z.enum(WISH_TYPES),
    typeLabel: trilingual.nullable(),
    clusters: z.array(z.strictObject({ id: z.string(), label: labelOrNull })),
    targetCountry: z.string().nullable(),
    description: localizedText,
    provenance,
  })
  .meta({ id: 'Wish', description: 'a typed, directed cooperation wish (offer or request)' });

export const sourcedText = z.strictObject({ text: z.string(), provenance, quote: z.string().optional() });

export const companySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    orgType: z.enum(ORG_TYPES),
    country: z.string(),
    cityId: z.string().nullable(),
    cityName: z.string().nullable(),
    cityNames: z
      .strictObject({ de: z.string(), en: z.string(), zh: z.string().nullable() })
      .nullable()
      .optional()
      .meta({ description: "the directory city's names in German, English and Chinese (null when the city is not in the directory)" }),
    groupId: z.string().nullable(),
    size: z.strictObject({ employees: z.number().int().nullable(), sizeClass: z.enum(SIZE_CLASSES).nullable(), revenueBand: z.enum(REVENUE_BANDS).nullable() }),
    foundedYear: z.number().int().nullable(),
    industries: z.array(
      z.strictObject({
        scheme: z.enum(['NACE', 'GBT4754']),
        code: z.string(),
        label: labelOrNull,
        nace: z.array(labelledCode).meta({ description: 'the NACE codes the entry maps to' }),
      }),
    ),
    clusters: z.array(z.strictObject({ id: z.string(), weight: z.number(), label: labelOrNull })).meta({ description: 'clusters from the NACE codes, strongest first' }),
    industryText: z.string().nullable(),
    description: localizedText,
    languages: z.array(z.string()),
    wishes: z.array(wishSchema),
    contact: z
      .strictObject({ person: z.string().optional(), email: z.string().optional(), phone: z.string().optional(), website: z.string().optional() })
      .optional()
      .meta({ description: "private: only for the company's own key and admins" }),
    facts: z.array(sourcedText),
    demo: z.boolean(),
    provenance: z.array(provenance),
    fieldProvenance: z.strictObject({ cityName: provenance.optional(), sizeClass: provenance.optional(), country: provenance.optional() }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Company' });
