/**
 * Outcomes as a CSV file: the columns, the header's rules, and each row's cells read into the fields of a
 * JSON outcome, so that one schema and one set of rules judge both (services/outcomes.ts). Errors name
 * the line (the header is line 1) and the column.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../../engine/errors.ts';
import { OUTCOME_COLUMNS } from '../../engine/imports.ts';

export const OUTCOME_CSV_COLUMNS = OUTCOME_COLUMNS;
const REQUIRED_COLUMNS = ['event_id', 'participant_id', 'partner_id', 'attended'];

/** Outcomes in one upload, CSV rows or a JSON body's: beyond it, split the file. */
export const MAX_OUTCOME_ROWS = 20_000;

export interface CsvOutcomeRow {
  /** The row's line in the file. */
  line: number;
  eventId: string;
  /** The outcome's fields, as a JSON body would give them (still to be checked). */
  fields: Record<string, unknown>;
}

const COLUMN_OF: Record<string, string> = { participantId: 'participant_id', partnerId: 'partner_id', followUp: 'follow_up', agreementType: 'agreement_type', followUpDate: 'follow_up_date' };
/** The CSV column of an outcome's JSON field: a CSV user knows the column. */
export const csvColumnOf = (field: string) => COLUMN_OF[field] ?? field;

/** The header row, trimmed and lower-cased; a column named twice is refused (which one would count?). */
function csvHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new AppError('validation_failed', `the CSV names the column ${twice} twice`, { field: `csv.${twice}` });
  return names;
}

const bool = (v: string) => (/^(true|yes|1)$/i.test(v) ? true : /^(false|no|0)$/i.test(v) ? false : v);

export function readOutcomesCsv(text: string): CsvOutcomeRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: csvHeader, skip_empty_lines: true, trim: true, bom: true, to: MAX_OUTCOME_ROWS + 1 });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('validation_failed', `the CSV cannot be read: ${(err as Error).message}`, { field: 'body' });
  }
  if (!records.length) throw new AppError('validation_failed', 'the CSV has no rows', { field: 'body' });
  if (records.length > MAX_OUTCOME_ROWS) throw new AppError('validation_failed', `the CSV has more than ${MAX_OUTCOME_ROWS.toLocaleString('en')} rows; split it`, { field: 'body' });
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in records[0]!));
  if (missing.length) throw new AppError('validation_failed', `the CSV lacks the column ${missing[0]} (columns: ${OUTCOME_CSV_COLUMNS.join(', ')})`, { field: `csv.${missing[0]}` });
  const unknown = Object.keys(records[0]!).filter((c) => !(OUTCOME_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new AppError('validation_failed', `unknown CSV column ${unknown[0]} (columns: ${OUTCOME_CSV_COLUMNS.join(', ')})`, { field: `csv.${unknown[0]}` });
  return records.map((r, i) => {
    const cell = (c: string) => (r[c] === undefined || r[c] === '' ? undefined : r[c]);
    return {
      line: i + 2,
      eventId: r.event_id ?? '',
      fields: {
        participantId: r.participant_id,
        partnerId: r.partner_id,
        attended: bool(r.attended ?? ''),
        // Digits only: Number() would read "0x5" or "5e0" as 5.
        rating: cell('rating') === undefined ? null : /^\d+$/.test(r.rating!) ? Number(r.rating) : r.rating,
        followUp: cell('follow_up') ?? 'none',
        agreementType: cell('agreement_type') ?? null,
        followUpDate: cell('follow_up_date') ?? null,
        note: cell('note') ?? null,
      },
    };
  });
}
