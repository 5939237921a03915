/** The city directory as the API takes and shows it. */
import { z } from 'zod';
import { CITY_STATUSES } from '../../engine/cooperation.ts';
import { provenance, sourcedText, wishBody, wishSchema } from './companies.ts';
import { taxonomyLabels } from './industries.ts';

// ---------- requests ----------

const figureBody = z.strictObject({
  value: z.number().positive(),
  year: z.number().int().min(1900).max(2100).nullable().default(null),
  approx: z.boolean().default(true),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  note: z.string().max(500).nullable().optional(),
});

const COOPERATION_KINDS = ['city-partnership', 'representative-office', 'agreement', 'project', 'membership', 'other'] as const;

/** Each list given replaces the stored one; a fact sent back unchanged keeps its provenance. */
export const cityPatchBody = z
  .strictObject({
    keyData: z.strictObject({ population: figureBody.nullable(), areaKm2: figureBody.nullable(), gdp: figureBody.nullable() }).partial(),
    clusters: z
      .array(z.strictObject({ id: z.string().max(60), note: z.string().max(500).nullable().default(null) }))
      .max(40)
      .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'each cluster may appear once'),
    cooperations: z
      .array(
        z.strictObject({
          partner: z.string().trim().min(1).max(200),
          partnerCountry: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
          kind: z.enum(COOPERATION_KINDS),
          since: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date such as 2019, 2019-10 or 2019-10-16').nullable().default(null),
          description: z.string().max(2000).nullable().default(null),
        }),
      )
      .max(100),
    wishes: z.array(wishBody).max(50),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'the patch is empty', path: [] })
  .meta({
    example: {
      keyData: { gdp: { value: 1.33e12, year: 2023, currency: 'CNY' } },
      wishes: [{ direction: 'request', type: 'joint-rnd', clusters: ['hydrogen'], targetCountry: 'DE', description: { en: 'Fuel-cell R&D partners' } }],
    },
  });

export type CityPatch = z.output<typeof cityPatchBody>;

// ---------- responses ----------

const keyFigure = z
  .strictObject({
    value: z.number(),
    year: z.number().int().nullable(),
    approx: z.boolean(),
    provenance,
    note: z.string().nullable().optional(),
    currency: z.string().optional(),
  })
  .meta({ id: 'KeyFigure' });

const geoPoint = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    provenance,
    note: z.string().nullable(),
  })
  .meta({ id: 'GeoPoint', description: 'where the city is drawn on the map, in degrees (WGS 84)' });

export const citySchema = z
  .strictObject({
    id: z.string().meta({ example: 'cn-foshan' }),
    name: z.strictObject({ de: z.string(), en: z.string(), zh: z.string().nullable() }),
    country: z.string(),
    region: z.string().nullable(),
    kind: z.string(),
    parentId: z.string().nullable(),
    networkId: z.string().nullable(),
    location: geoPoint.nullable().meta({ description: 'null for a network of several towns' }),
    status: z.strictObject({
      current: z.enum(CITY_STATUSES),
      since: z.string().nullable().describe('when the current standing began; null when unknown or disputed (see disputes)'),
      asOf: z.string().nullable(),
      disputes: z.array(
        z.strictObject({
          field: z.enum(['status', 'since']),
          claims: z.array(z.strictObject({ value: z.string(), provenance, quote: z.string().nullable() })),
        }),
      ).describe('where the papers disagree: every claim with its source'),
      note: z.string().nullable(),
    }),
    statusHistory: z.array(z.strictObject({ status: z.string(), since: z.string().nullable(), asOf: z.string().nullable(), provenance, note: z.string().nullable() })),
    keyData: z.strictObject({ population: keyFigure.nullable(), areaKm2: keyFigure.nullable(), gdp: keyFigure.nullable() }),
    clusters: z.array(z.strictObject({ id: z.string(), provenance, note: z.string().nullable(), label: taxonomyLabels.nullable() })),
    cooperations: z.array(
      z.strictObject({
        partner: z.string(),
        partnerCountry: z.string().nullable(),
        kind: z.string(),
        since: z.string().nullable(),
        description: z.string().nullable(),
        provenance,
      }),
    ),
    wishes: z.array(wishSchema),
    profile: z.strictObject({
      seedName: z.string(),
      provenance: z.strictObject({ nameZh: provenance.nullable(), region: provenance.nullable(), nameDe: provenance.optional(), nameEn: provenance.optional() }),
      parentName: z.string().nullable().meta({ description: 'the parent city when it is not itself in the directory' }),
      nameVariants: z.array(z.string()),
      highlights: z.array(sourcedText),
      research: z.array(sourcedText),
      membershipInterest: z.unknown(),
      notes: z.string().nullable(),
    }),
    sources: z.array(provenance),
  })
  .meta({ id: 'City' });
