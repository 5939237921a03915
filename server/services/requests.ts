/** Meeting requests: one participant asks another, who accepts or declines; an accepted request is held by the scheduler. */
import { AppError } from '../../engine/errors.ts';
import type { MeetingRequest } from '../../engine/events.ts';
import * as repository from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { assertMayReadRequests } from '../policy.ts';
import { pageFrom, type Page } from '../schemas/common.ts';
import type { MeetingRequestInput } from '../schemas/events.ts';
import { eventForParticipant, eventForReader } from './eventAccess.ts';

/** Sent for `from`: by the organiser or the key bound to that participant. */
export async function sendRequest(ctx: AppContext, principal: Principal, eventId: string, input: MeetingRequestInput): Promise<MeetingRequest> {
  const { event, participant } = await eventForParticipant(ctx, principal, eventId, input.from, 'from');
  const other = await repository.getParticipant(ctx.db, event.id, input.to, 'to');
  if (other.id === participant.id) throw new AppError('validation_failed', 'a participant cannot request a meeting with itself', { field: 'to' });
  return ctx.db.transaction().execute((trx) => repository.createRequest(trx, event.id, participant.id, other.id, input.message));
}

/** The organiser reads all requests (or one participant's); a participant only its own, named in `participant`. */
export async function listRequests(ctx: AppContext, principal: Principal, eventId: string, participant: string | undefined, page: Page) {
  const reader = await eventForReader(ctx, principal, eventId);
  assertMayReadRequests(reader, participant);
  return pageFrom(await repository.listRequests(ctx.db, reader.event.id, participant), page);
}

/** Answered by the requested side (or the organiser), once. */
export async function answerRequest(ctx: AppContext, principal: Principal, eventId: string, requestId: string, answer: 'accepted' | 'declined'): Promise<MeetingRequest> {
  const event = await repository.getEvent(ctx.db, eventId);
  const request = await repository.findRequest(ctx.db, event.id, requestId);
  if (!request) throw new AppError('not_found', `Request '${requestId}' does not exist`, { field: 'rid' });
  await eventForParticipant(ctx, principal, event.id, request.to, 'rid');
  if (request.status !== 'pending') throw new AppError('conflict', `The request is already ${request.status}`, { field: 'status' });
  return ctx.db.transaction().execute((trx) => repository.answerRequest(trx, event.id, request.id, answer));
}
