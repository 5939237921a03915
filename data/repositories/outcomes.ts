/**
 * Meeting outcomes: one side's account of its meeting with one partner. Recording checks that the pair
 * met (a meeting row exists) and writes a batch all or nothing; re-recording replaces that side's
 * account, the other side's stays.
 */
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../engine/errors.ts';
import type { Page } from '../../engine/model.ts';
import type { AgreementType, FollowUpStage, SideOutcome } from '../../engine/tuning/relevance.ts';
import { pairKey } from '../../engine/pairs.ts';
import type { Database, MeetingOutcomeRow } from '../schema.ts';
import { chunks } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const OUTCOME_SOURCES = ['api', 'csv', 'simulated'] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

export interface MeetingOutcome extends SideOutcome {
  eventId: string;
  participantId: string;
  partnerId: string;
  meetingId: string | null;
  note: string | null;
  source: OutcomeSource;
  recordedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OutcomeInput extends SideOutcome {
  participantId: string;
  partnerId: string;
  note?: string | null;
}

const toOutcome = (r: MeetingOutcomeRow): MeetingOutcome => ({
  eventId: r.event_id,
  participantId: r.participant_id,
  partnerId: r.partner_id,
  meetingId: r.meeting_id,
  attended: r.attended === 1,
  rating: r.rating,
  followUp: r.follow_up as FollowUpStage,
  agreementType: r.agreement_type as AgreementType | null,
  followUpDate: r.follow_up_date,
  note: r.note,
  source: r.source as OutcomeSource,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Records a batch of outcomes of one event (call inside a transaction: a batch with one bad row writes
 * nothing). Each row's pair must have a meeting at the event; `field` of an error names the row.
 */
export async function recordOutcomes(
  db: Db,
  eventId: string,
  inputs: readonly OutcomeInput[],
  meta: { source: OutcomeSource; recordedBy: string | null; fieldPrefix?: string },
  now = new Date().toISOString(),
): Promise<MeetingOutcome[]> {
  const meetings = await db.selectFrom('event_meetings').select(['id', 'a_id', 'b_id']).where('event_id', '=', eventId).execute();
  const meetingOf = new Map(meetings.map((m) => [pairKey(m.a_id, m.b_id), m.id]));
  const prefix = meta.fieldPrefix ?? 'outcomes';
  const seen = new Set<string>();
  const rows: MeetingOutcomeRow[] = inputs.map((input, i) => {
    const key = `${input.participantId}\u0000${input.partnerId}`;
    const meetingId = meetingOf.get(pairKey(input.participantId, input.partnerId));
    if (!meetingId) throw new AppError('validation_failed', `${input.participantId} and ${input.partnerId} have no meeting at this event`, { field: `${prefix}.${i}.partnerId` });
    if (seen.has(key)) throw new AppError('validation_failed', `the outcome of ${input.participantId} with ${input.partnerId} is given twice`, { field: `${prefix}.${i}` });
    seen.add(key);
    return {
      event_id: eventId,
      participant_id: input.participantId,
      partner_id: input.partnerId,
      meeting_id: meetingId,
      attended: input.attended ? 1 : 0,
      rating: input.rating,
      follow_up: input.followUp,
      agreement_type: input.agreementType,
      follow_up_date: input.followUpDate,
      note: input.note ?? null,
      source: meta.source,
      recorded_by: meta.recordedBy,
      created_at: now,
      updated_at: now,
    };
  });
  // 15 columns per row: chunks stay below the bound-parameter limits of SQLite and PostgreSQL.
  for (const part of chunks(rows, 500)) {
    await db
      .insertInto('meeting_outcomes')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['event_id', 'participant_id', 'partner_id']).doUpdateSet((eb) => ({
          meeting_id: eb.ref('excluded.meeting_id'),
          attended: eb.ref('excluded.attended'),
          rating: eb.ref('excluded.rating'),
          follow_up: eb.ref('excluded.follow_up'),
          agreement_type: eb.ref('excluded.agreement_type'),
          follow_up_date: eb.ref('excluded.follow_up_date'),
          note: eb.ref('excluded.note'),
          source: eb.ref('excluded.source'),
          recorded_by: eb.ref('excluded.recorded_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const stored = await listOutcomes(db, [eventId], { participants: new Set(inputs.map((x) => x.participantId)) });
  return stored.filter((o) => seen.has(`${o.participantId}\u0000${o.partnerId}`));
}

/** Outcomes of the given events, ordered by event, participant and partner. */
export async function listOutcomes(db: Db, eventIds: readonly string[], filter: { participants?: ReadonlySet<string> } = {}): Promise<MeetingOutcome[]> {
  const out: MeetingOutcome[] = [];
  for (const part of chunks(eventIds, 500)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('meeting_outcomes').selectAll().where('event_id', 'in', part).orderBy('event_id').orderBy('participant_id').orderBy('partner_id').execute();
    for (const r of rows) if (!filter.participants || filter.participants.has(r.participant_id)) out.push(toOutcome(r));
  }
  return out;
}

/** One event's outcomes a page at a time, in listOutcomes' order, with how many there are in all. */
export async function listEventOutcomes(db: Db, eventId: string, page: { limit: number; offset: number }): Promise<Page<MeetingOutcome>> {
  const query = db.selectFrom('meeting_outcomes').where('event_id', '=', eventId);
  const counted = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('participant_id').orderBy('partner_id').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toOutcome), total: Number(counted.n), limit: page.limit, offset: page.offset };
}

/** Ids of the events with at least one outcome (of those given, when given). */
export async function eventsWithOutcomes(db: Db, among?: readonly string[]): Promise<string[]> {
  if (among && !among.length) return [];
  let query = db.selectFrom('meeting_outcomes').select('event_id').distinct();
  if (among) query = query.where('event_id', 'in', among);
  return (await query.orderBy('event_id').execute()).map((r) => r.event_id);
}

export async function deleteOutcome(db: Db, eventId: string, participantId: string, partnerId: string): Promise<boolean> {
  const result = await db.deleteFrom('meeting_outcomes').where('event_id', '=', eventId).where('participant_id', '=', participantId).where('partner_id', '=', partnerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
