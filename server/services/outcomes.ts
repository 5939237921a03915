/**
 * Outcomes of past meetings: recorded as JSON or CSV (all or nothing; errors name the row), listed and
 * deleted. Organisers reach their own events' outcomes, analysts and admins every event's (policy.ts).
 */
import { AppError, notFound } from '../../engine/errors.ts';
import type { MatchmakingEvent } from '../../engine/events.ts';
import type { Page } from '../../engine/model.ts';
import { getEvent } from '../../data/repositories/events.ts';
import { deleteOutcome, listEventOutcomes, recordOutcomes, type MeetingOutcome, type OutcomeInput } from '../../data/repositories/outcomes.ts';
import type { Principal } from '../policy.ts';
import type { AppContext } from '../context.ts';
import { assertMayUseOutcomes } from '../policy.ts';
import { outcomeInputSchema, recordId } from '../schemas/analysis.ts';
import { csvColumnOf, readOutcomesCsv } from './outcomesCsv.ts';

export type { MeetingOutcome };

/** The event, for a caller who may see or record its outcomes; `field` names the event in a 404. */
async function eventForOutcomes(ctx: AppContext, principal: Principal, eventId: string, field: string): Promise<MatchmakingEvent> {
  const event = await getEvent(ctx.db, eventId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? new AppError('not_found', `Event '${eventId}' does not exist`, { field }) : err;
  });
  assertMayUseOutcomes(principal, event);
  return event;
}

/** Rules zod cannot say per field: what a no-show may report, and an agreement's type. */
function checkOutcome(o: OutcomeInput, field: string): void {
  if (!o.attended && (o.rating !== null || o.followUp !== 'none')) {
    throw new AppError('validation_failed', 'a side that did not attend cannot rate the meeting or report a follow-up', { field: `${field}.attended` });
  }
  if (o.followUp === 'agreement' && !o.agreementType) throw new AppError('validation_failed', 'an agreement needs its type', { field: `${field}.agreementType` });
  if (o.followUp !== 'agreement' && o.agreementType) throw new AppError('validation_failed', 'agreementType is for followUp "agreement" only', { field: `${field}.agreementType` });
  if (o.participantId === o.partnerId) throw new AppError('validation_failed', 'a participant does not meet itself', { field: `${field}.partnerId` });
  if (o.followUpDate !== null && o.followUp === 'none') throw new AppError('validation_failed', 'followUpDate is the date of a follow-up; there is none', { field: `${field}.followUpDate` });
}

/** One event's outcomes in an upload, with the request's name for each row (outcomes.3, line.5). */
interface EventBatch {
  inputs: OutcomeInput[];
  fields: string[];
}

/** An upload: a JSON body for one event, or a CSV file whose rows may span events. */
export type OutcomeUpload = { source: 'api'; eventId: string; outcomes: OutcomeInput[] } | { source: 'csv'; text: string };

/** The CSV's rows checked as JSON outcomes are (the first bad row fails, naming its line and column), grouped by event. */
function csvBatches(text: string): Map<string, EventBatch> {
  const byEvent = new Map<string, EventBatch>();
  for (const { line, eventId, fields } of readOutcomesCsv(text)) {
    const parsed = outcomeInputSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = csvColumnOf(String(issue.path[0]));
      throw new AppError('validation_failed', `line ${line}, ${column}: ${issue.message}`, { field: `line.${line}.${column}` });
    }
    const event = recordId.safeParse(eventId);
    if (!event.success) throw new AppError('validation_failed', `line ${line}, event_id: ${event.error.issues[0]!.message}`, { field: `line.${line}.event_id` });
    try {
      checkOutcome(parsed.data, `line.${line}`);
    } catch (err) {
      if (err instanceof AppError && err.field) throw new AppError(err.code, `line ${line}: ${err.message}`, { field: err.field.replace(/[^.]+$/, csvColumnOf) });
      throw err;
    }
    let batch = byEvent.get(event.data);
    if (!batch) byEvent.set(event.data, (batch = { inputs: [], fields: [] }));
    batch.inputs.push(parsed.data);
    batch.fields.push(`line.${line}`);
  }
  return byEvent;
}

function jsonBatch(eventId: string, outcomes: OutcomeInput[]): Map<string, EventBatch> {
  outcomes.forEach((o, i) => checkOutcome(o, `outcomes.${i}`));
  return new Map([[eventId, { inputs: outcomes, fields: outcomes.map((_, i) => `outcomes.${i}`) }]]);
}

/**
 * Records an upload all or nothing: one bad row leaves everything stored as it was. Re-recording a
 * side's account replaces it.
 */
export async function recordOutcomeUpload(ctx: AppContext, principal: Principal, upload: OutcomeUpload): Promise<{ items: MeetingOutcome[]; total: number; events: string[] }> {
  const batches = upload.source === 'csv' ? csvBatches(upload.text) : jsonBatch(upload.eventId, upload.outcomes);
  for (const eventId of batches.keys()) await eventForOutcomes(ctx, principal, eventId, upload.source === 'csv' ? 'event_id' : 'eventId');
  const stored = await ctx.db.transaction().execute(async (trx) => {
    const all: MeetingOutcome[] = [];
    for (const [eventId, batch] of batches) {
      try {
        all.push(...(await recordOutcomes(trx, eventId, batch.inputs, { source: upload.source, recordedBy: principal.name })));
      } catch (err) {
        // The repository names rows by position within the event: map back to the request's field.
        if (err instanceof AppError && err.field) {
          const m = /^outcomes\.(\d+)(.*)$/.exec(err.field);
          if (m) throw new AppError(err.code, err.message, { field: `${batch.fields[Number(m[1])]}${upload.source === 'csv' ? '.partner_id' : m[2]}` });
        }
        throw err;
      }
    }
    return all;
  });
  return { items: stored, total: stored.length, events: [...batches.keys()] };
}

export async function listOutcomes(ctx: AppContext, principal: Principal, eventId: string, page: { limit: number; offset: number }): Promise<Page<MeetingOutcome>> {
  await eventForOutcomes(ctx, principal, eventId, 'query.eventId');
  return listEventOutcomes(ctx.db, eventId, page);
}

/** Deletes one side's account of a meeting. */
export async function removeOutcome(ctx: AppContext, principal: Principal, key: { eventId: string; participantId: string; partnerId: string }): Promise<void> {
  await eventForOutcomes(ctx, principal, key.eventId, 'eventId');
  if (!(await deleteOutcome(ctx.db, key.eventId, key.participantId, key.partnerId))) throw notFound('Outcome', `${key.participantId} → ${key.partnerId}`, 'partnerId');
}
