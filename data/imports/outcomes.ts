/**
 * Outcomes of held meetings from a spreadsheet (`npm run import -- outcomes`), one side's account per
 * row: every row checked (cells, the event, a meeting of the pair at it, the rules of a no-show and an
 * agreement), all problems reported, and all rows stored in one transaction only when none has any.
 * Re-recording a side's account replaces it.
 */
import type { Kysely } from 'kysely';
import { OUTCOME_COLUMNS } from '../../engine/imports.ts';
import { AGREEMENT_TYPES, FOLLOW_UP_STAGES } from '../../engine/tuning/relevance.ts';
import { orderedPair } from '../../engine/pairs.ts';
import type { Database } from '../schema.ts';
import { findEvent, listMeetings } from '../repositories/events.ts';
import { recordOutcomes, type OutcomeInput } from '../repositories/outcomes.ts';
import { headerProblems, importProblem, RowReader, type ImportProblem, type ImportProgress, type ImportReport } from './report.ts';
import type { Sheet } from './sheet.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkRow(line: number, cells: Record<string, string>, defaultEvent: string | undefined): { eventId?: string; input?: OutcomeInput; problems: ImportProblem[] } {
  const row = new RowReader(line, cells);
  const eventId = cells.event_id ? row.pattern('event_id', ID) : defaultEvent;
  if (!cells.event_id && !defaultEvent) row.problem('event_id', 'required');
  const participantId = row.pattern('participant_id', ID, { required: true });
  const partnerId = row.pattern('partner_id', ID, { required: true });
  const attended = row.boolean('attended');
  if (attended === undefined && !row.problems.some((p) => p.column === 'attended')) row.problem('attended', 'required');
  const rating = row.integer('rating', 1, 5) ?? null;
  const followUp = row.oneOf('follow_up', FOLLOW_UP_STAGES, { fold: 'lower' }) ?? 'none';
  const agreementType = row.oneOf('agreement_type', AGREEMENT_TYPES, { fold: 'lower' }) ?? null;
  const followUpDate = row.pattern('follow_up_date', DATE) ?? null;
  const note = row.text('note', { max: 2000 }) ?? null;
  if (participantId && participantId === partnerId) row.problem('partner_id', 'samePair');
  if (attended === false && (rating !== null || followUp !== 'none')) row.problem('attended', 'noShowReport');
  if ((followUp === 'agreement') !== (agreementType !== null) && !row.problems.some((p) => p.column === 'agreement_type' || p.column === 'follow_up')) row.problem('agreement_type', 'agreementType');
  if (row.problems.length || !eventId || !participantId || !partnerId || attended === undefined) return { problems: row.problems };
  return { eventId, problems: [], input: { participantId, partnerId, attended, rating, followUp, agreementType, followUpDate, note } };
}

export async function importOutcomes(db: Kysely<Database>, sheet: Sheet, options: { dryRun: boolean; eventId?: string; onProgress?: ImportProgress }): Promise<ImportReport> {
  const total = sheet.rows.length;
  const report = (problems: ImportProblem[], stored = 0): ImportReport => ({ kind: 'outcomes', rows: total, stored, dryRun: options.dryRun, problems });
  const header = headerProblems(sheet.columns, OUTCOME_COLUMNS, options.eventId ? ['participant_id', 'partner_id', 'attended'] : ['event_id', 'participant_id', 'partner_id', 'attended']);
  if (header.length) return report(header);
  /** Each event's pairs that met, or undefined for an event that does not exist. */
  const pairsOf = new Map<string, Set<string> | undefined>();
  const problems: ImportProblem[] = [];
  const byEvent = new Map<string, OutcomeInput[]>();
  const seen = new Map<string, number>();
  for (const [i, { line, cells }] of sheet.rows.entries()) {
    const checked = checkRow(line, cells, options.eventId);
    problems.push(...checked.problems);
    const { eventId, input } = checked;
    if (eventId && input) {
      if (!pairsOf.has(eventId)) pairsOf.set(eventId, (await findEvent(db, eventId)) ? new Set((await listMeetings(db, eventId)).map((m) => orderedPair(m.a, m.b).join('\u0000'))) : undefined);
      const pairs = pairsOf.get(eventId);
      const key = `${eventId}\u0000${input.participantId}\u0000${input.partnerId}`;
      if (!pairs) problems.push(importProblem(line, 'event_id', 'unknownEvent', { value: eventId }));
      else if (!pairs.has(orderedPair(input.participantId, input.partnerId).join('\u0000'))) problems.push(importProblem(line, 'partner_id', 'noMeeting', { value: input.participantId, other: input.partnerId }));
      else if (seen.has(key)) problems.push(importProblem(line, 'partner_id', 'duplicateInFile', { value: `${input.participantId} → ${input.partnerId}`, other: seen.get(key)! }));
      else {
        seen.set(key, line);
        byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), input]);
      }
    }
    if ((i + 1) % 100 === 0 || i + 1 === total) options.onProgress?.({ phase: 'checking', done: i + 1, total });
  }
  if (problems.length || options.dryRun) return report(problems);
  options.onProgress?.({ phase: 'storing', done: 0, total });
  const stored = await db.transaction().execute(async (trx) => {
    let count = 0;
    for (const [eventId, inputs] of byEvent) count += (await recordOutcomes(trx, eventId, inputs, { source: 'csv', recordedBy: 'npm run import' })).length;
    return count;
  });
  options.onProgress?.({ phase: 'storing', done: total, total });
  return report([], stored);
}
