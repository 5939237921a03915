/** A company's or city's own affairs: its "not interested" marks and the events it takes part in. */
import { z } from 'zod';
import { idParam, isoDateTime } from './common.ts';
import { eventSchema, participantSchema } from './events.ts';

export const partnerParams = z.strictObject({
  id: idParam.meta({ description: 'the company or city that marks' }),
  partnerId: idParam.meta({ description: 'the suggested partner (a company id, or a city id with kind=city)' }),
});

export const partnerQuery = z.strictObject({
  kind: z.enum(['company', 'city']).default('company').meta({ description: 'what the partner is' }),
});

export const dismissalListQuery = z.strictObject({
  lang: z.enum(['de', 'en', 'zh']).default('en').meta({ description: "the language of cities' names" }),
});

export const dismissalSchema = z
  .strictObject({
    kind: z.enum(['company', 'city']),
    id: z.string(),
    name: z.string(),
    country: z.string(),
    cityId: z.string().nullable(),
    dismissedAt: isoDateTime,
  })
  .meta({ id: 'Dismissal', description: 'a partner marked "not interested": left out of the match lists until the mark is taken back' });

export const dismissalListSchema = z.strictObject({ items: z.array(dismissalSchema) }).meta({ id: 'DismissalList', description: 'newest first' });

export const participationListSchema = z
  .strictObject({
    items: z.array(
      z
        .strictObject({ event: eventSchema, participant: participantSchema.meta({ description: 'the participant that stands for the company or city' }) })
        .meta({ id: 'Participation' }),
    ),
  })
  .meta({ id: 'ParticipationList', description: 'newest event first' });
