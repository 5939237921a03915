/** Wishes: a participant's own marks on others (must meet, would like to, no thanks), which the scheduler weighs. */
import { AppError } from '../../engine/errors.ts';
import type { EventWish, WishKind } from '../../engine/events.ts';
import * as repository from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { pageFrom, type Page } from '../schemas/common.ts';
import { eventForOrganiser, eventForParticipant } from './eventAccess.ts';

/** Every wish of the event: the organiser's view. */
export async function listEventWishes(ctx: AppContext, principal: Principal, eventId: string, page: Page) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  return pageFrom(await repository.listWishes(ctx.db, event.id), page);
}

/** One participant's wishes: the organiser or the participant's own key. */
export async function listParticipantWishes(ctx: AppContext, principal: Principal, eventId: string, participantId: string, page: Page) {
  const { event, participant } = await eventForParticipant(ctx, principal, eventId, participantId, 'pid');
  return pageFrom(await repository.listWishes(ctx.db, event.id, participant.id), page);
}

/** Sets (or replaces) the participant's wish about another participant of the same event. */
export async function setWish(ctx: AppContext, principal: Principal, eventId: string, participantId: string, otherId: string, kind: WishKind): Promise<EventWish> {
  const { event, participant } = await eventForParticipant(ctx, principal, eventId, participantId, 'pid');
  const other = await repository.getParticipant(ctx.db, event.id, otherId, 'to');
  if (other.id === participant.id) throw new AppError('validation_failed', 'a participant cannot wish to meet itself', { field: 'to' });
  return ctx.db.transaction().execute((trx) => repository.setWish(trx, event.id, participant.id, other.id, kind));
}

export async function removeWish(ctx: AppContext, principal: Principal, eventId: string, participantId: string, otherId: string): Promise<void> {
  const { event, participant } = await eventForParticipant(ctx, principal, eventId, participantId, 'pid');
  const removed = await ctx.db.transaction().execute((trx) => repository.deleteWish(trx, event.id, participant.id, otherId));
  if (!removed) throw new AppError('not_found', `participant '${participant.id}' has no wish about '${otherId}'`, { field: 'to' });
}
