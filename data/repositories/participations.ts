/**
 * Where a company or a city takes part: the events with the participant that stands for it (a company's
 * own participant, a city's delegation), whom it met there and with whom a meeting request was declined.
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

/** Why a partner is left out of a subject's lists, from the events they took part in together. */
export interface PartnerHistory {
  /** Partners it met: a meeting at any event (scheduled, confirmed or locked) that no account calls missed, or an account of attending. */
  met: EntityKey[];
  /** Partners with whom a meeting request was declined, in either direction. */
  declined: EntityKey[];
}

/** A participant of one event, as one string. */
const at = (eventId: string, participantId: string) => `${eventId}\u0000${participantId}`;

/**
 * Whom a company or city has met, and with whom a meeting request was declined, at the events where it
 * stands as a participant (a company's own participant, a city's delegation); partners are the companies
 * and cities the other participants stand for. A pair counts as met when it has a meeting that no account
 * of it says was missed (a current event's scheduled meeting, a past one's held meeting), or when an
 * account says it was attended (a re-run may have replaced the meeting row; the accounts stay).
 */
export async function partnerHistory(db: Db, subject: EntityKey, wanted: { met: boolean; declined: boolean }): Promise<PartnerHistory> {
  const history: PartnerHistory = { met: [], declined: [] };
  if (!wanted.met && !wanted.declined) return history;
  let own = db.selectFrom('event_participants').select(['event_id', 'id']);
  own = subject.kind === 'company' ? own.where('company_id', '=', subject.id) : own.where('city_id', '=', subject.id).where('kind', '=', 'delegation');
  const ownRows = await own.execute();
  if (!ownRows.length) return history;
  const ownSet = new Set(ownRows.map((r) => at(r.event_id, r.id)));
  const events = [...new Set(ownRows.map((r) => r.event_id))];
  const ids = [...new Set(ownRows.map((r) => r.id))];
  /** The other side of a pair in which the subject stands on one side (undefined otherwise). */
  const otherOf = (eventId: string, a: string, b: string) => (ownSet.has(at(eventId, a)) ? b : ownSet.has(at(eventId, b)) ? a : undefined);

  const met = new Set<string>();
  if (wanted.met) {
    const [meetings, outcomes] = await Promise.all([
      db
        .selectFrom('event_meetings')
        .select(['event_id', 'a_id as a', 'b_id as b'])
        .where('event_id', 'in', events)
        .where((eb) => eb.or([eb('a_id', 'in', ids), eb('b_id', 'in', ids)]))
        .execute(),
      db
        .selectFrom('meeting_outcomes')
        .select(['event_id', 'participant_id as a', 'partner_id as b', 'attended'])
        .where('event_id', 'in', events)
        .where((eb) => eb.or([eb('participant_id', 'in', ids), eb('partner_id', 'in', ids)]))
        .execute(),
    ]);
    // Per pair of participants: whether any account says attended (true) or every account says missed (false).
    const accounts = new Map<string, boolean>();
    for (const o of outcomes) {
      const other = otherOf(o.event_id, o.a, o.b);
      if (other === undefined) continue;
      const pair = at(o.event_id, other);
      accounts.set(pair, (accounts.get(pair) ?? false) || o.attended === 1);
    }
    for (const m of meetings) {
      const other = otherOf(m.event_id, m.a, m.b);
      if (other !== undefined && accounts.get(at(m.event_id, other)) !== false) met.add(at(m.event_id, other));
    }
    for (const [pair, attended] of accounts) if (attended) met.add(pair);
  }

  const declined = new Set<string>();
  if (wanted.declined) {
    const requests = await db
      .selectFrom('event_requests')
      .select(['event_id', 'from_id as a', 'to_id as b'])
      .where('event_id', 'in', events)
      .where('status', '=', 'declined')
      .where((eb) => eb.or([eb('from_id', 'in', ids), eb('to_id', 'in', ids)]))
      .execute();
    for (const r of requests) {
      const other = otherOf(r.event_id, r.a, r.b);
      if (other !== undefined) declined.add(at(r.event_id, other));
    }
  }

  const others = [...new Set([...met, ...declined])];
  if (!others.length) return history;
  const stands = new Map<string, EntityKey>();
  const rows = await db
    .selectFrom('event_participants')
    .select(['event_id', 'id', 'kind', 'company_id', 'city_id'])
    .where('event_id', 'in', events)
    .where('id', 'in', [...new Set(others.map((o) => o.slice(o.indexOf('\u0000') + 1)))])
    .execute();
  for (const r of rows) {
    const partner: EntityKey | undefined = r.kind === 'company' && r.company_id ? { kind: 'company', id: r.company_id } : r.kind === 'delegation' && r.city_id ? { kind: 'city', id: r.city_id } : undefined;
    if (partner && !(partner.kind === subject.kind && partner.id === subject.id)) stands.set(at(r.event_id, r.id), partner);
  }
  const entities = (pairs: Set<string>) => {
    const byKey = new Map<string, EntityKey>();
    for (const pair of pairs) {
      const partner = stands.get(pair);
      if (partner) byKey.set(`${partner.kind}:${partner.id}`, partner);
    }
    return [...byKey.values()];
  };
  return { met: entities(met), declined: entities(declined) };
}
