/** The industry taxonomy as the API shows it: resolutions of free text, the overview, one entry per code or cluster. */
import { z } from 'zod';
import { ZH_SOURCES } from '../../engine/taxonomy.ts';

/** A taxonomy label in three languages; zhSource says where a NACE code's Chinese label comes from. */
export const taxonomyLabels = z
  .strictObject({
    de: z.string(),
    en: z.string(),
    zh: z.string().nullable(),
    zhSource: z.enum(ZH_SOURCES).nullable().optional().meta({
      description:
        "NACE codes: curated (written for the code), gbt4754 (the GB/T 4754 division that corresponds one-to-one), group (the group's label; the class is its only class), group-approx (the group's label for a part of it: shown as approximate); null: none",
    }),
  })
  .meta({ id: 'Labels', description: 'German, English and Chinese names' });

const trilingual = z.strictObject({ de: z.string(), en: z.string(), zh: z.string() });
const gbtLabels = z.strictObject({ zh: z.string(), en: z.string() });

export const weightedCode = z.strictObject({ code: z.string(), weight: z.number().meta({ description: 'how much of the code the mapping covers, 0–1' }) });
/** A NACE code a cluster, GB/T code or company industry maps to, with its label when the code is known. */
export const labelledCode = weightedCode.extend({ label: taxonomyLabels.nullable() });

const naceLevel = z.enum(['section', 'division', 'group', 'class']);

export const industryResolutionSchema = z
  .strictObject({
    query: z.string(),
    items: z.array(
      z.strictObject({
        kind: z.enum(['cluster', 'nace', 'gbt']),
        code: z.string(),
        level: z.string(),
        label: taxonomyLabels,
        score: z.number().meta({ description: 'relative to the best item: 1 for the first' }),
        nace: z.array(weightedCode),
      }),
    ),
    divisions: z.array(z.strictObject({ code: z.string(), label: taxonomyLabels, score: z.number() })).meta({ description: 'NACE divisions ranked by the evidence of all items' }),
  })
  .meta({ id: 'IndustryResolution' });

export const industryOverviewSchema = z
  .strictObject({
    sections: z.array(z.strictObject({ code: z.string(), label: taxonomyLabels })),
    clusters: z.array(z.strictObject({ id: z.string(), label: trilingual })),
  })
  .meta({ id: 'IndustryOverview', description: 'the top of the NACE tree and the cluster vocabulary, to browse from' });

const naceBrief = z.strictObject({ code: z.string(), level: naceLevel, label: taxonomyLabels });

const naceEntry = z
  .strictObject({
    kind: z.literal('nace'),
    scheme: z.literal('NACE Rev. 2'),
    code: z.string(),
    level: naceLevel,
    label: taxonomyLabels,
    path: z.array(naceBrief),
    children: z.array(naceBrief),
    clusters: z.array(z.strictObject({ id: z.string(), weight: z.number(), label: trilingual })),
    gbt4754: z.array(z.strictObject({ code: z.string(), label: gbtLabels, weight: z.number() })),
  })
  .meta({ id: 'NaceEntry' });

const clusterEntry = z
  .strictObject({
    kind: z.literal('cluster'),
    code: z.string(),
    label: trilingual,
    synonyms: z.strictObject({ de: z.array(z.string()), en: z.array(z.string()), zh: z.array(z.string()) }),
    description: trilingual,
    nace: z.array(labelledCode),
    related: z.array(z.strictObject({ id: z.string(), label: trilingual.nullable() })),
    seedThemes: z.array(z.string()),
    provenance: z.literal('curated'),
  })
  .meta({ id: 'ClusterEntry' });

const gbtEntry = z
  .strictObject({
    kind: z.literal('gbt'),
    scheme: z.literal('GB/T 4754-2017'),
    code: z.string(),
    level: z.enum(['section', 'division']),
    section: z.string(),
    label: gbtLabels,
    nace: z.array(labelledCode),
  })
  .meta({ id: 'GbtEntry' });

export const industryEntrySchema = z.discriminatedUnion('kind', [naceEntry, clusterEntry, gbtEntry]).meta({ id: 'IndustryEntry' });
