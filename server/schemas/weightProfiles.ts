/** Weight profiles: named, versioned scoring profiles, and the reference by which requests name one. */
import { z } from 'zod';
import { DEFAULT_PROFILE, DEFAULT_SIZE_MATRIX } from '../../engine/matching/score.ts';
import { FUSIONS } from '../../engine/matching/fusion.ts';
import { isoDateTime } from './common.ts';

const PROFILE_NAME = '[a-z0-9][a-z0-9-]{0,59}';

export const profileName = z.string().regex(new RegExp(`^${PROFILE_NAME}$`), 'lower-case letters, digits and dashes');

/** How a request names a profile: "name" (its active version) or "name@v2" (that version). */
export const profileReference = z
  .string()
  .regex(new RegExp(`^${PROFILE_NAME}(@v\\d{1,6})?$`), 'a profile name, optionally with @v<version>')
  .meta({ description: 'a weight profile: its name (the active version) or name@v<version>', example: 'default@v2' });

/** One version of a profile, always with its number: what activation names. */
export const profileVersionReference = z
  .string()
  .regex(new RegExp(`^${PROFILE_NAME}@v\\d{1,6}$`), 'a profile version: name@v<version>, e.g. default@v2')
  .meta({ description: 'the version to make active: name@v<version>', example: 'default@v2' });

const weight = z.number().min(0).max(1);
export const weightsSchema = z.strictObject({ industry: weight, complementarity: weight, size: weight }).meta({ description: 'non-negative, summing to 1' });

export const profileBody = z
  .strictObject({
    name: profileName,
    weights: weightsSchema,
    fusion: z.enum(FUSIONS).default(DEFAULT_PROFILE.fusion).meta({ description: "how both directions fuse (score.ts FUSIONS); the engine's default when left out" }),
    sizeMatrix: z.array(z.array(z.number().min(0).max(1)).length(4)).length(4).default(DEFAULT_SIZE_MATRIX),
    note: z.string().max(1000).optional(),
    activate: z.boolean().default(true).meta({ description: 'make the new version the active one of its name' }),
  })
  .meta({ example: { name: 'default', weights: { industry: 0.5, complementarity: 0.4, size: 0.1 }, fusion: 'searcher-harmonic', note: 'more weight on industry' } });

export const weightProfileSchema = z
  .strictObject({
    name: z.string(),
    version: z.number().int().min(1),
    weights: weightsSchema,
    fusion: z.enum(FUSIONS),
    sizeMatrix: z.array(z.array(z.number())).meta({ description: 'size fit over micro, small, medium, large (row: the query, column: the candidate)' }),
    active: z.boolean(),
    isDefault: z.boolean().meta({ description: 'the profile a request that names none scores with' }),
    note: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: isoDateTime,
    metrics: z.record(z.string(), z.unknown()).nullable().meta({ description: 'how a fitted version was made and its cross-validated metrics; null for versions saved by hand' }),
  })
  .meta({ id: 'WeightProfile' });
