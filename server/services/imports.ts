/**
 * Spreadsheet imports for an organiser: the file read as CSV or xlsx, every row checked and the whole
 * file stored in one transaction, or nothing (data/imports/ does both, for this and the CLI).
 */
import { AppError } from '../../engine/errors.ts';
import { importParticipants } from '../../data/imports/participants.ts';
import type { ImportReport } from '../../data/imports/report.ts';
import { readSheet, type SheetFormat } from '../../data/imports/sheet.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { eventForOrganiser } from './eventAccess.ts';

export { CSV_TYPES, XLSX_TYPE } from '../../data/imports/sheet.ts';
export { PARTICIPANT_COLUMNS } from '../../engine/imports.ts';

export type Upload = { format: SheetFormat; content: string | Uint8Array };

/** A report with problems, when storing was asked: a 422 naming each cell (line.N.column). */
function refuseWithProblems(report: ImportReport): ImportReport {
  if (report.dryRun || !report.problems.length) return report;
  const issues = report.problems.map((p) => ({ field: `line.${p.line}.${p.column}`, message: `line ${p.line}, ${p.column}: ${p.message}` }));
  throw new AppError('validation_failed', `${report.problems.length} problem(s) in the file; nothing was stored. ${issues[0]!.message}`, { issues });
}

export async function importParticipantFile(ctx: AppContext, principal: Principal, eventId: string, upload: Upload, dryRun: boolean): Promise<ImportReport> {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const sheet = await readSheet(upload.content, upload.format);
  return refuseWithProblems(await importParticipants(ctx.db, event, sheet, { dryRun }));
}
