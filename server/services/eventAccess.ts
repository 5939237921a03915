/**
 * Loading an event for a caller: the record and what the policy says the caller may do with it. Every
 * event service starts here, so the rules in policy.ts are asked the same way everywhere.
 */
import type { EventParticipant, MatchmakingEvent } from '../../engine/events.ts';
import { getEvent, getParticipant, listParticipants } from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { actsFor, assertActsFor, assertOrganiserOf, isOrganiserOf, readerOf } from '../policy.ts';

/** The event, for its organiser (or an admin). */
export async function eventForOrganiser(ctx: AppContext, principal: Principal, eventId: string): Promise<MatchmakingEvent> {
  const event = await getEvent(ctx.db, eventId);
  // Only a caller who is not the organiser needs the participants read: is it one of them, or a stranger?
  if (!isOrganiserOf(principal, event)) assertOrganiserOf(principal, event, await listParticipants(ctx.db, event.id));
  return event;
}

export interface EventReader {
  event: MatchmakingEvent;
  organiser: boolean;
  /** The participants the caller acts for (empty for the organiser). */
  actingFor: EventParticipant[];
}

/** The event, for its organiser or a key acting for one of its participants. */
export async function eventForReader(ctx: AppContext, principal: Principal, eventId: string): Promise<EventReader> {
  const event = await getEvent(ctx.db, eventId);
  if (isOrganiserOf(principal, event)) return { event, organiser: true, actingFor: [] };
  return { event, ...readerOf(principal, event, await listParticipants(ctx.db, event.id)) };
}

/** The event and one participant, for the organiser or the key bound to that participant; `field` names the participant in errors. */
export async function eventForParticipant(ctx: AppContext, principal: Principal, eventId: string, participantId: string, field: string) {
  const event = await getEvent(ctx.db, eventId);
  const organiser = isOrganiserOf(principal, event);
  // A stranger to the event learns nothing of it, its participants' ids included.
  const participants = organiser ? [] : await listParticipants(ctx.db, event.id);
  if (!organiser && !participants.some((p) => actsFor(principal, p))) assertOrganiserOf(principal, event, participants);
  const participant = await getParticipant(ctx.db, event.id, participantId, field);
  assertActsFor(principal, event, participant, field, participants);
  return { event, participant, organiser };
}
