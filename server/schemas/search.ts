/** Search hits: companies and cities, best first. */
import { z } from 'zod';
import { pageOf } from './common.ts';

export const searchHitSchema = z
  .strictObject({
    kind: z.enum(['company', 'city']),
    id: z.string(),
    name: z.string().meta({ description: "a city's name in the requested language, or without lang its names in German, English and Chinese, separated by ' | '" }),
    country: z.string(),
    cityId: z.string().nullable(),
    score: z.number(),
  })
  .meta({ id: 'SearchHit' });

export const searchResultSchema = pageOf(searchHitSchema)
  .extend({ query: z.string() })
  .meta({ id: 'SearchResult' });
