/** Match lists: the options a request scores and filters with, and the ranked, explained list it answers. */
import { z } from 'zod';
import { SIZE_CLASSES, WISH_DIRECTIONS, WISH_TYPES } from '../../engine/cooperation.ts';
import { COMPONENTS } from '../../engine/matching/score.ts';
import { FUSIONS } from '../../engine/matching/fusion.ts';
import { countryCode } from '../validation.ts';
import { profileReference, weightsSchema } from './weightProfiles.ts';

const LANGS = ['de', 'en', 'zh'] as const;

/** Partners a list may leave out besides the "not interested" marks (always left out). */
export const MATCH_EXCLUSIONS = ['met', 'declined'] as const;
export type MatchExclusion = (typeof MATCH_EXCLUSIONS)[number];

const exclusionList = z
  .string()
  .regex(new RegExp(`^(${MATCH_EXCLUSIONS.join('|')})(,(${MATCH_EXCLUSIONS.join('|')}))*$`), {
    error: (issue) => {
      const unknown = String(issue.input).split(',').find((v) => !(MATCH_EXCLUSIONS as readonly string[]).includes(v));
      return `unknown exclusion '${unknown ?? issue.input}': a comma-separated list of ${MATCH_EXCLUSIONS.join(', ')}`;
    },
  })
  .transform((list) => [...new Set(list.split(',') as MatchExclusion[])].sort());

/**
 * Options of a match list. Top-k lists: limit and offset are capped lower than elsewhere (the index ranks
 * offset + limit candidates exactly).
 */
export const matchOptions = {
  target: z.enum(['companies', 'cities']).default('companies').meta({ description: 'what to suggest' }),
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'how many items at most' }),
  offset: z.coerce.number().int().min(0).max(1000).default(0).meta({ description: 'how many items to skip' }),
  countries: z.enum(['cross', 'same', 'any']).default('cross').meta({ description: 'partners from the other country (cross), the same one, or any' }),
  lang: z.enum(LANGS).default('en').meta({ description: 'the language of the reasons' }),
  profile: profileReference.optional(),
  weights: z
    .string()
    .regex(/^(\w+:[0-9.]+)(,\w+:[0-9.]+)*$/, 'weights such as industry:0.5,complementarity:0.3,size:0.2')
    .optional()
    .meta({
      description: "an analyst's what-if, not saved (analyst and admin keys only): weights instead of the profile's, every component non-negative and together 1, as a saved profile's; an unnamed component weighs 0",
      example: 'industry:0.5,complementarity:0.3,size:0.2',
    }),
  fusion: z.enum(FUSIONS).optional().meta({ description: "how both directions fuse into one score, instead of the profile's (a what-if: analyst and admin keys only)" }),
  country: countryCode.optional().meta({ description: "only candidates from this country" }),
  city: z.string().min(1).max(80).optional().meta({ description: 'only candidates in this city (id)' }),
  industry: z.string().min(1).max(20).optional().meta({ description: 'only candidates in this NACE code or below it' }),
  cluster: z.string().min(1).max(60).optional().meta({ description: 'only candidates in this cluster' }),
  wish: z.enum(WISH_TYPES).optional().meta({ description: 'only candidates with a wish of this type' }),
  direction: z.enum(WISH_DIRECTIONS).optional().meta({ description: 'with wish: only offers or only requests' }),
  size: z.enum(SIZE_CLASSES).optional().meta({ description: 'only candidates of this size class' }),
  exclude: exclusionList.optional().meta({
    description:
      'leave out partners, comma-separated: met (met at an event: a meeting scheduled, confirmed or locked at a current event, or held at a past one as its recorded outcomes say), declined (a meeting request between the two was declined, in either direction). An unsaved profile (POST /matches/preview) has no events, so nothing is left out there. The list says how many were left out per reason (excluded)',
    example: 'met,declined',
  }),
  met: z
    .enum(['include', 'exclude'])
    .optional()
    .meta({ deprecated: true, description: 'deprecated: use exclude=met. exclude is the same as exclude=met; include adds nothing' }),
};
export const matchQuery = z.strictObject(matchOptions).meta({ description: 'Partners the subject marked "not interested" (PUT …/dismissals/{partnerId}) are always left out.' });
export type MatchOptions = z.output<typeof matchQuery>;

const componentScore = z
  .strictObject({
    name: z.enum(COMPONENTS),
    weight: z.number(),
    forward: z.number().meta({ description: 'what the candidate offers the query, in [0, 1]' }),
    backward: z.number().meta({ description: 'what the query offers the candidate, in [0, 1]' }),
    contribution: z.number().meta({ description: "the component's share of the score; the shares add up to it" }),
  })
  .meta({ id: 'MatchComponent' });

export const matchItemSchema = z
  .strictObject({
    rank: z.number().int().min(1),
    kind: z.enum(['company', 'city']),
    id: z.string(),
    name: z.string().meta({ description: 'a city in the requested language' }),
    country: z.string(),
    cityId: z.string().nullable(),
    cityName: z.string().nullable().meta({ description: "a company's city in the requested language; null when it is not in the directory" }),
    score: z.number().min(0).max(1),
    components: z.array(componentScore),
    reasons: z.array(z.strictObject({ component: z.enum(COMPONENTS), text: z.string() })).meta({ description: 'why, in the requested language' }),
  })
  .meta({ id: 'MatchItem' });

export const matchListSchema = z
  .strictObject({
    query: z.strictObject({ kind: z.enum(['company', 'city']), id: z.string(), name: z.string(), country: z.string() }).meta({ description: 'whom the list is for' }),
    target: z.enum(['companies', 'cities']),
    profile: z
      .strictObject({
        name: z.string(),
        version: z.number().int(),
        weights: weightsSchema,
        fusion: z.enum(FUSIONS),
        inline: z.boolean().meta({ description: 'what-if weights or fusion replaced the stored ones' }),
      })
      .meta({ description: 'the profile the list was scored with' }),
    lang: z.enum(LANGS),
    limit: z.number().int(),
    offset: z.number().int(),
    excluded: z
      .strictObject({
        dismissed: z.number().int().min(0).meta({ description: 'partners marked "not interested" (always left out)' }),
        met: z.number().int().min(0).optional().meta({ description: 'partners met at an event (when exclude has met)' }),
        declined: z.number().int().min(0).optional().meta({ description: 'partners with a declined meeting request (when exclude has declined)' }),
      })
      .meta({
        id: 'MatchExclusions',
        description: 'how many partners were left out, by reason: those that would otherwise have been ranked (the target kind, the country rule and the filters); a partner may count under more than one reason',
      }),
    items: z.array(matchItemSchema),
  })
  .meta({ id: 'MatchList', description: 'a ranking, best first; it has no total (the index ranks only as far as offset + limit)' });
export type MatchList = z.output<typeof matchListSchema>;
