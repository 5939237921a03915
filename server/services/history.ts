/**
 * The alliance's past events: read-only history from the seed documents. Matchmaking events that
 * organisers run live elsewhere; these are what the alliance's papers report.
 */
import { notFound } from '../../engine/errors.ts';
import type { Page } from '../../engine/model.ts';
import { findAllianceEventById, listAllianceEvents, type AllianceEvent } from '../../data/repositories/allianceEvents.ts';
import type { AppContext } from '../context.ts';

export interface HistoryQuery {
  city?: string | undefined;
  relevance?: string | undefined;
  type?: string | undefined;
  limit: number;
  offset: number;
}

export function listHistoryEvents(ctx: AppContext, query: HistoryQuery): Promise<Page<AllianceEvent>> {
  return listAllianceEvents(ctx.db, { cityId: query.city, relevance: query.relevance, type: query.type, limit: query.limit, offset: query.offset });
}

export async function getHistoryEvent(ctx: AppContext, id: string): Promise<AllianceEvent> {
  const event = await findAllianceEventById(ctx.db, id);
  if (!event) throw notFound('Event', id);
  return event;
}
