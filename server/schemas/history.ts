/** The alliance's past events as its papers report them. */
import { z } from 'zod';

export const historyEventSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    dateStart: z.string().nullable().meta({ description: 'ISO date, as far as the source says' }),
    dateEnd: z.string().nullable(),
    dateAsWritten: z.string().nullable().meta({ description: 'the date as the source writes it' }),
    place: z.string().nullable(),
    organiser: z.string().nullable(),
    type: z.string().nullable(),
    format: z.string().nullable(),
    status: z.string().nullable(),
    relevance: z.string().nullable(),
    topic: z.string().nullable(),
    cityIds: z.array(z.string()),
    details: z.record(z.string(), z.unknown()),
    sources: z.array(z.string().meta({ description: 'seed:<file>:<line>' })),
  })
  .meta({ id: 'HistoryEvent' });
