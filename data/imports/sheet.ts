/**
 * A spreadsheet as rows of text cells, whether it came as CSV or as an Excel workbook (.xlsx, its first
 * sheet): the header row names the columns (trimmed, lower-cased), each later row keeps its line in the
 * file so that a report can point at it. csv-parse reads CSV (quotes, BOM, line breaks in cells), exceljs
 * reads xlsx; both are well kept and hand-written parsers of either go wrong in the corners.
 */
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { AppError } from '../../engine/errors.ts';

export type SheetFormat = 'csv' | 'xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPES = ['text/csv', 'application/csv'];

/** Rows in one file: beyond it, split the file. */
export const MAX_SHEET_ROWS = 20_000;

export interface SheetRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface Sheet {
  columns: string[];
  rows: SheetRow[];
}

/** The format a file name or media type says, if either says one. */
export function sheetFormatOf(nameOrType: string): SheetFormat | undefined {
  const value = nameOrType.toLowerCase();
  if (value.endsWith('.xlsx') || value.startsWith(XLSX_TYPE)) return 'xlsx';
  if (value.endsWith('.csv') || CSV_TYPES.some((t) => value.startsWith(t))) return 'csv';
  return undefined;
}

const unreadable = (message: string) => new AppError('validation_failed', `the file cannot be read: ${message}`, { field: 'file' });

function sheetOf(header: string[], body: { line: number; values: string[] }[]): Sheet {
  const columns = header.map((h) => h.trim().toLowerCase());
  const twice = columns.find((c, i) => c && columns.indexOf(c) !== i);
  if (twice !== undefined) throw new AppError('validation_failed', `the file names the column ${twice} twice`, { field: `file.${twice}` });
  const rows = body
    .filter((r) => r.values.some((v) => v.trim() !== ''))
    .map(({ line, values }) => ({ line, cells: Object.fromEntries(columns.flatMap((c, i) => (c ? [[c, (values[i] ?? '').trim()]] : []))) }));
  if (!rows.length) throw new AppError('validation_failed', 'the file has no rows below its header', { field: 'file' });
  if (rows.length > MAX_SHEET_ROWS) throw new AppError('validation_failed', `the file has more than ${MAX_SHEET_ROWS} rows; split it`, { field: 'file' });
  return { columns: columns.filter(Boolean), rows };
}

function readCsv(text: string): Sheet {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, to: MAX_SHEET_ROWS + 2 });
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  const [header, ...body] = records;
  if (!header) throw new AppError('validation_failed', 'the file is empty', { field: 'file' });
  return sheetOf(header, body.map((values, i) => ({ line: i + 2, values })));
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  // exceljs takes about half a second to load: loaded on the first workbook, not at every start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new AppError('validation_failed', 'the workbook has no filled sheet', { field: 'file' });
  if (sheet.rowCount > MAX_SHEET_ROWS + 1) throw new AppError('validation_failed', `the file has more than ${MAX_SHEET_ROWS} rows; split it`, { field: 'file' });
  const width = sheet.columnCount;
  const valuesOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => row.getCell(i + 1).text ?? '');
  const body: { line: number; values: string[] }[] = [];
  for (let line = 2; line <= sheet.rowCount; line++) body.push({ line, values: valuesOf(sheet.getRow(line)) });
  return sheetOf(valuesOf(sheet.getRow(1)), body);
}

/** The file's rows; a file that cannot be read at all is a 422 naming `file`. */
export async function readSheet(content: string | Uint8Array, format: SheetFormat): Promise<Sheet> {
  if (format === 'xlsx') {
    if (typeof content === 'string') throw unreadable('an Excel workbook is binary, not text');
    return readXlsx(content);
  }
  return readCsv(typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content));
}
