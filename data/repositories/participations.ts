/**
 * Where a company or a city takes part: the events with the participant that stands for it (a company's
 * own participant, a city's delegation), and whom it has met there.
 */
import type { Kysely, Transaction } from 'kysely';
import type { EventParticipant, MatchmakingEvent } from '../../engine/events.ts';
import type { Database } from '../schema.ts';
import type { EntityKey } from './dismissals.ts';
import { toEvent, toParticipant } from './events.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Participation {
  event: MatchmakingEvent;
  participant: EventParticipant;
}

/** A company's participants, or a city's delegations, with their events: newest event first. */
export async function listParticipations(db: Db, subject: EntityKey): Promise<Participation[]> {
  let participants = db.selectFrom('event_participants').selectAll();
  participants = subject.kind === 'company' ? participants.where('company_id', '=', subject.id) : participants.where('city_id', '=', subject.id).where('kind', '=', 'delegation');
  const rows = await participants.execute();
  if (!rows.length) return [];
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('id', 'in', [...new Set(rows.map((r) => r.event_id))])
    .execute();
  const byId = new Map(events.map((e) => [e.id, toEvent(e)]));
  return rows
    .map((r) => ({ event: byId.get(r.event_id)!, participant: toParticipant(r) }))
    .sort((x, y) => y.event.createdAt.localeCompare(x.event.createdAt) || x.event.id.localeCompare(y.event.id) || x.participant.id.localeCompare(y.participant.id));
}

/**
 * Whom a company or city has a meeting with at any event (scheduled, confirmed or locked): the partners'
 * companies and delegations' cities.
 */
export async function meetingPartners(db: Db, subject: EntityKey): Promise<EntityKey[]> {
  const own = subject.kind === 'company' ? 'company_id' : 'city_id';
  const rows = await db
    .selectFrom('event_meetings as m')
    .innerJoin('event_participants as a', (j) => j.onRef('a.event_id', '=', 'm.event_id').onRef('a.id', '=', 'm.a_id'))
    .innerJoin('event_participants as b', (j) => j.onRef('b.event_id', '=', 'm.event_id').onRef('b.id', '=', 'm.b_id'))
    .select(['a.kind as aKind', 'a.company_id as aCompany', 'a.city_id as aCity', 'b.kind as bKind', 'b.company_id as bCompany', 'b.city_id as bCity'])
    .where((eb) => eb.or([eb(`a.${own}`, '=', subject.id), eb(`b.${own}`, '=', subject.id)]))
    .execute();
  const partners = new Map<string, EntityKey>();
  const stands = (kind: string, company: string | null, city: string | null): EntityKey | undefined =>
    kind === 'company' && company ? { kind: 'company', id: company } : kind === 'delegation' && city ? { kind: 'city', id: city } : undefined;
  const isSubject = (key: EntityKey | undefined) => key?.kind === subject.kind && key.id === subject.id;
  for (const r of rows) {
    const a = stands(r.aKind, r.aCompany, r.aCity);
    const b = stands(r.bKind, r.bCompany, r.bCity);
    const partner = isSubject(a) ? b : isSubject(b) ? a : undefined;
    if (partner) partners.set(`${partner.kind}:${partner.id}`, partner);
  }
  return [...partners.values()];
}
