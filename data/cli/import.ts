/**
 * `npm run import -- companies|participants|outcomes <file.csv|file.xlsx> [--event <id>] [--dry-run]`
 * Reads a spreadsheet (CSV or the first sheet of an Excel workbook), checks every row with the same
 * rules as the API's import (data/imports/), prints each row's problems by line and column, and stores
 * the whole file in one transaction, or nothing when any row has a problem (exit code 1). Participants
 * need --event; outcomes take the event from their event_id column, or --event for rows without one.
 * After storing companies it saves the matcher's and the search index's snapshots of them for the server's
 * next start (data/snapshots/).
 */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { AppError } from '../../engine/errors.ts';
import { migrateToLatest, openDatabase } from '../db.ts';
import { importCompanies } from '../imports/companies.ts';
import { importOutcomes } from '../imports/outcomes.ts';
import { importParticipants } from '../imports/participants.ts';
import type { ImportProgress, ImportReport } from '../imports/report.ts';
import { readSheet, sheetFormatOf } from '../imports/sheet.ts';
import { findEvent } from '../repositories/events.ts';
import { loadTaxonomy } from '../taxonomy.ts';
import { cliArgs, databaseOptions } from './args.ts';
import { saveSnapshots } from './snapshots.ts';

const USAGE = 'usage: npm run import -- companies|participants|outcomes <file.csv|file.xlsx> [--event <event id>] [--dry-run]';
const KINDS = ['companies', 'participants', 'outcomes'] as const;
type Kind = (typeof KINDS)[number];

const { values, positionals } = cliArgs({ event: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, USAGE);
const [kind, file] = positionals as [Kind | undefined, string | undefined];
const usage = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
if (!kind || !KINDS.includes(kind) || !file || positionals.length > 2) usage('name what to import and the file');
const format = sheetFormatOf(file!) ?? usage(`${file}: the file must end in .csv or .xlsx`);
if (kind === 'participants' && !values.event) usage('participants need --event <event id>');

/** A bar on the terminal while the rows are checked and stored (nothing when the output is no terminal). */
function progressBar(): { onProgress: ImportProgress; stop(): void } {
  const bar = new cliProgress.SingleBar({ format: '{phase} |{bar}| {value}/{total} rows', hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onProgress: ({ phase, done, total }) => {
      if (!started) bar.start(total, 0, { phase });
      started = true;
      bar.update(done, { phase });
    },
    stop: () => started && bar.stop(),
  };
}

function print(report: ImportReport): void {
  for (const p of report.problems) console.error(`${file}: line ${p.line}, ${p.column}: ${p.message}`);
  if (report.problems.length) {
    const lines = new Set(report.problems.map((p) => p.line)).size;
    console.error(`${report.rows} rows read, ${report.problems.length} problem(s) in ${lines} row(s): nothing stored.`);
  } else if (report.dryRun) console.log(`${report.rows} rows read, no problems (dry run: nothing stored).`);
  else console.log(`${report.rows} rows read, ${report.stored} ${kind} stored.`);
}

let loaded: ReturnType<typeof loadTaxonomy> | undefined;
const taxonomy = () => (loaded ??= loadTaxonomy()).taxonomy;
const dbOptions = databaseOptions();
const handle = openDatabase(dbOptions);
let exitCode = 0;
try {
  await migrateToLatest(handle);
  const sheet = await readSheet(readFileSync(file!), format);
  const bar = progressBar();
  const options = { dryRun: values['dry-run'] ?? false, onProgress: bar.onProgress };
  let report: ImportReport;
  try {
    if (kind === 'participants') {
      const event = await findEvent(handle.db, values.event!);
      if (!event) throw new AppError('not_found', `event '${values.event}' does not exist`, { field: 'event' });
      report = await importParticipants(handle.db, event, sheet, options);
    } else if (kind === 'companies') report = await importCompanies(handle.db, taxonomy(), sheet, options);
    else report = await importOutcomes(handle.db, sheet, { ...options, eventId: values.event });
  } finally {
    bar.stop();
  }
  print(report);
  // New companies: the server's next start loads their snapshots instead of building the indexes.
  if (kind === 'companies' && report.stored > 0 && !report.problems.length && !report.dryRun) await saveSnapshots(handle.db, taxonomy(), dbOptions);
  if (report.problems.length) exitCode = 1;
} catch (err) {
  // A file that cannot be read, an unknown event: a message, no stack.
  if (!(err instanceof AppError) && typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
  console.error(`${file}: ${(err as Error).message}`);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
