/** The events a company or city takes part in, as its own key (or an admin acting for it) sees them. */
import { listParticipations, type Participation } from '../../data/repositories/participations.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { ownSubject, type EntityKey } from './dismissals.ts';

/** Each event with the participant that stands for the company (or the city's delegation), newest event first. */
export async function listOwnEvents(ctx: AppContext, principal: Principal, subject: EntityKey): Promise<{ items: Participation[] }> {
  await ownSubject(ctx, principal, subject);
  return { items: await listParticipations(ctx.db, subject) };
}
