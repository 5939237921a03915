/**
 * Participants of an event from a spreadsheet: every row checked (cells, links to the directory, the
 * event's tables, duplicates in the file and in the event), all problems reported, and the whole file
 * stored in one transaction only when no row has any. The API's import route and `npm run import` both
 * come here.
 */
import type { Kysely } from 'kysely';
import type { MatchmakingEvent } from '../../engine/events.ts';
import type { City } from '../../engine/model.ts';
import { PARTICIPANT_COLUMNS } from '../../engine/imports.ts';
import type { Database } from '../schema.ts';
import { companyNamesByIds } from '../repositories/companies.ts';
import { addParticipants, listParticipants, type ParticipantSpec } from '../repositories/events.ts';
import { headerProblems, importProblem, RowReader, type ImportProblem, type ImportProgress, type ImportReport } from './report.ts';
import { citiesNamed } from './lookups.ts';
import type { Sheet } from './sheet.ts';

const sideOf = (country: string) => (country === 'DE' ? 'DE' : country === 'CN' ? 'CN' : undefined);

/** Progress is told every this many rows (and at the end). */
const PROGRESS_EVERY = 25;

/** The companies and cities a file names, looked up once for all its rows. */
interface Directory {
  companies: Map<string, { name: string; country: string }>;
  cities: Map<string, City | undefined>;
}

async function directoryOf(db: Kysely<Database>, sheet: Sheet): Promise<Directory> {
  const companies = await companyNamesByIds(db, sheet.rows.flatMap((r) => (r.cells.company_id ? [r.cells.company_id] : [])));
  return { companies, cities: await citiesNamed(db, sheet) };
}

function checkRow(directory: Directory, event: MatchmakingEvent, line: number, cells: Record<string, string>): { spec?: ParticipantSpec; problems: ImportProblem[] } {
  const row = new RowReader(line, cells);
  const companyId = row.text('company_id', { max: 80 });
  const cityId = row.text('city_id', { max: 80 });
  let name = row.text('name', { max: 200 });
  let side = row.oneOf('side', ['DE', 'CN'] as const, { fold: 'upper' });
  const kind = row.oneOf('kind', ['company', 'delegation'] as const, { fold: 'lower' }) ?? (cityId && !companyId ? 'delegation' : 'company');
  const languages = row.list('languages', /^[a-z]{2,3}$/, 10);
  const interpreterNeeded = row.boolean('interpreter_needed') ?? false;
  const tableCell = row.text('table', { max: 60 });
  const minMeetings = row.integer('min_meetings', 0, 32) ?? null;
  const maxMeetings = row.integer('max_meetings', 0, 32) ?? null;
  if (companyId) {
    const company = directory.companies.get(companyId);
    if (!company) row.problem('company_id', 'unknownCompany', { value: companyId });
    else {
      name ??= company.name;
      side ??= sideOf(company.country);
    }
  }
  if (cityId) {
    const city = directory.cities.get(cityId);
    if (!city) row.problem('city_id', 'unknownCity', { value: cityId });
    else {
      name ??= kind === 'delegation' ? `Delegation of ${city.name.en}${city.name.zh ? ` (${city.name.zh})` : ''}` : undefined;
      side ??= sideOf(city.country);
    }
  }
  const linksFailed = row.problems.some((p) => p.column === 'company_id' || p.column === 'city_id');
  if (!name && !linksFailed) row.problem('name', 'needsName');
  if (!side && !linksFailed && !row.problems.some((p) => p.column === 'side')) row.problem('side', 'needsSide');
  const table = tableCell ? event.tables.find((t) => t.id === tableCell || t.name === tableCell) : undefined;
  if (tableCell && !table) row.problem('table', 'unknownTable', { value: tableCell });
  if (minMeetings !== null && maxMeetings !== null && minMeetings > maxMeetings) row.problem('min_meetings', 'minAboveMax', { min: minMeetings, max: maxMeetings });
  if (row.problems.length || !name || !side) return { problems: row.problems };
  return {
    problems: [],
    spec: { name, kind, side, companyId: companyId ?? null, cityId: cityId ?? null, attendees: [], languages, interpreterNeeded, unavailable: [], tableId: table?.id ?? null, minMeetings, maxMeetings },
  };
}

/**
 * Checks every row and, unless `dryRun` or any row has a problem, stores them all in one transaction.
 * `db` must be able to open a transaction (not one already open).
 */
export async function importParticipants(db: Kysely<Database>, event: MatchmakingEvent, sheet: Sheet, options: { dryRun: boolean; onProgress?: ImportProgress }): Promise<ImportReport> {
  const total = sheet.rows.length;
  const report = (problems: ImportProblem[], stored = 0): ImportReport => ({ kind: 'participants', rows: total, stored, dryRun: options.dryRun, problems });
  const header = headerProblems(sheet.columns, PARTICIPANT_COLUMNS, [], ['company_id', 'city_id', 'name']);
  if (header.length) return report(header);
  const problems: ImportProblem[] = [];
  const specs: ParticipantSpec[] = [];
  const companyLine = new Map<string, number>();
  for (const p of await listParticipants(db, event.id)) if (p.companyId) companyLine.set(p.companyId, 0);
  const directory = await directoryOf(db, sheet);
  for (const [i, { line, cells }] of sheet.rows.entries()) {
    const checked = checkRow(directory, event, line, cells);
    problems.push(...checked.problems);
    const companyId = checked.spec?.companyId;
    if (companyId) {
      const other = companyLine.get(companyId);
      if (other === 0) problems.push(importProblem(line, 'company_id', 'alreadyParticipant', { value: companyId }));
      else if (other !== undefined) problems.push(importProblem(line, 'company_id', 'duplicateInFile', { value: companyId, other }));
      else companyLine.set(companyId, line);
    }
    if (checked.spec) specs.push(checked.spec);
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === total) options.onProgress?.({ phase: 'checking', done: i + 1, total });
  }
  if (problems.length || options.dryRun) return report(problems);
  options.onProgress?.({ phase: 'storing', done: 0, total });
  const stored = await db.transaction().execute((trx) => addParticipants(trx, event.id, specs));
  options.onProgress?.({ phase: 'storing', done: total, total });
  return report([], stored.length);
}
