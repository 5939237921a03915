/**
 * Schemas every resource uses: paging, lists, problems, ids, localised text. Response schemas are strict
 * (no field they do not name), so a response that grows a field without its schema fails the API tests.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ERROR_CODES } from '../../engine/errors.ts';

/** limit and offset of every list; honoured everywhere. */
export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(20).meta({ description: 'how many items at most' }),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).meta({ description: 'how many items to skip' }),
};
export const paginationQuery = z.strictObject(pagination);
export type Page = { limit: number; offset: number };

/** Every list: `{items, total, limit, offset}`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    total: z.number().int().min(0).meta({ description: 'how many items there are in all' }),
    limit: z.number().int(),
    offset: z.number().int(),
  });

/** A slice of a list held in memory, as every list answers. */
export function pageFrom<T>(all: readonly T[], page: Page): { items: T[]; total: number; limit: number; offset: number } {
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, limit: page.limit, offset: page.offset };
}

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODES),
    field: z.string().optional().meta({ description: 'the offending field, e.g. query.limit or industries.0.code' }),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Ids the API makes and takes in paths and bodies. */
export const idParam = z.string().min(1).max(200);
export const pathParams = <K extends string>(...names: K[]) => z.strictObject(Object.fromEntries(names.map((n) => [n, idParam])) as Record<K, typeof idParam>);

export const isoDateTime = z.string().meta({ description: 'an instant, ISO 8601 in UTC', example: '2026-12-06T09:30:00.000Z' });

export const localizedText = z.strictObject({ de: z.string().optional(), en: z.string().optional(), zh: z.string().optional() });
export const labels = z.strictObject({ de: z.string(), en: z.string(), zh: z.string() }).partial();

/** A day of the calendar: 2026-02-30 has the right form but is no day. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'utc' }).isValid, 'no such day in the calendar')
  .meta({ description: 'a day of the calendar, YYYY-MM-DD', example: '2027-04-13' });
