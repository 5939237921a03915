/** The alliance's past events: read-only history from the seed documents, public. */
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../engine/errors.ts';
import { findEventById, listEvents } from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import { pagination, parseQuery } from '../validation.ts';

const listQuery = z.strictObject({
  city: z.string().min(1).max(80).optional(),
  relevance: z.enum(['isa', 'member-city', 'isa-origin', 'context']).optional(),
  type: z.string().min(1).max(60).optional(),
  ...pagination,
});

export function eventRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const query = parseQuery(listQuery, req);
    res.json(await listEvents(ctx.db, { ...query, cityId: query.city }));
  });
  router.get('/events/:id', async (req, res) => {
    const event = await findEventById(ctx.db, req.params.id);
    if (!event) throw notFound('Event', req.params.id);
    res.json(event);
  });
  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const eventSchemas = { listQuery };
