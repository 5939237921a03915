import { sql, type RawBuilder } from 'kysely';

/** JSON-as-text columns: parse with a fallback so one bad cell cannot take a listing down. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

/** Splits ids into chunks that stay under PostgreSQL's and SQLite's bound-parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `column LIKE '%term%'` with the term's own %, _ and \ taken literally, the same on SQLite and
 * PostgreSQL (both get an explicit ESCAPE).
 */
export function containsText(column: string, term: string): RawBuilder<boolean> {
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<boolean>`${sql.ref(column)} like ${`%${escaped}%`} escape '\\'`;
}
