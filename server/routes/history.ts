/**
 * The alliance's past events: read-only history from the seed documents, public. Matchmaking events
 * that organisers run live elsewhere; these are what the alliance's papers report.
 */
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../engine/errors.ts';
import { findAllianceEventById, listAllianceEvents } from '../../data/repositories/allianceEvents.ts';
import type { AppContext } from '../context.ts';
import { pagination, parseQuery } from '../validation.ts';

const listQuery = z.strictObject({
  city: z.string().min(1).max(80).optional(),
  relevance: z.enum(['isa', 'member-city', 'isa-origin', 'context']).optional(),
  type: z.string().min(1).max(60).optional(),
  ...pagination,
});

export function historyRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/history/events', async (req, res) => {
    const query = parseQuery(listQuery, req);
    res.json(await listAllianceEvents(ctx.db, { ...query, cityId: query.city }));
  });
  router.get('/history/events/:id', async (req, res) => {
    const event = await findAllianceEventById(ctx.db, req.params.id);
    if (!event) throw notFound('Event', req.params.id);
    res.json(event);
  });
  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const historySchemas = { listQuery };
