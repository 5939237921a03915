/** Spreadsheets read as rows: CSV and xlsx alike, lines as in the file, the header's faults named. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet, sheetFormatOf } from '../../data/imports/sheet.ts';
import { AppError } from '../../engine/errors.ts';

describe('readSheet', () => {
  it('reads CSV with a BOM, quotes and blank lines, keeping each row its line', async () => {
    const sheet = await readSheet('\uFEFF Name ,Side\n"Acme, Inc.",DE\n\n"Line\nbreak",CN\n', 'csv');
    expect(sheet.columns).toEqual(['name', 'side']);
    expect(sheet.rows).toEqual([
      { line: 2, cells: { name: 'Acme, Inc.', side: 'DE' } },
      { line: 4, cells: { name: 'Line\nbreak', side: 'CN' } },
    ]);
  });

  it('reads the first sheet of a workbook: numbers, formulas by their result, empty rows skipped', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('first');
    sheet.addRow(['name', 'max_meetings']);
    sheet.addRow(['Acme', 6]);
    sheet.addRow([]);
    sheet.addRow(['Foshan', { formula: '2+3', result: 5 }]);
    book.addWorksheet('second').addRow(['ignored']);
    const read = await readSheet(new Uint8Array(await book.xlsx.writeBuffer()), 'xlsx');
    expect(read.rows).toEqual([
      { line: 2, cells: { name: 'Acme', max_meetings: '6' } },
      { line: 4, cells: { name: 'Foshan', max_meetings: '5' } },
    ]);
  });

  it('refuses what is no table: a column named twice, no rows, no workbook', async () => {
    const fieldOf = (p: Promise<unknown>) => p.then(() => undefined, (err: AppError) => err.field);
    expect(await fieldOf(readSheet('name,Name\nx,y\n', 'csv'))).toBe('file.name');
    expect(await fieldOf(readSheet('name\n', 'csv'))).toBe('file');
    expect(await fieldOf(readSheet(new Uint8Array([1, 2, 3]), 'xlsx'))).toBe('file');
  });

  it('tells the format by name or media type', () => {
    expect(sheetFormatOf('People.XLSX')).toBe('xlsx');
    expect(sheetFormatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(sheetFormatOf('notes.txt')).toBeUndefined();
  });
});
