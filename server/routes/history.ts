/** The alliance's past events as its papers report them: read-only, public. */
import { z } from 'zod';
import { defineRoute, ok } from '../routing.ts';
import { pageOf, pagination, pathParams } from '../schemas/common.ts';
import { historyEventSchema } from '../schemas/history.ts';
import { getHistoryEvent, listHistoryEvents } from '../services/history.ts';

const listQuery = z.strictObject({
  city: z.string().min(1).max(80).optional().meta({ description: 'a city id: the events it took part in' }),
  relevance: z.enum(['isa', 'member-city', 'isa-origin', 'context']).optional(),
  type: z.string().min(1).max(60).optional(),
  ...pagination,
});

export const historyRoutes = [
  defineRoute({
    method: 'get',
    path: '/history/events',
    operationId: 'listHistoryEvents',
    summary: "The alliance's past events from its papers (public, read-only)",
    tags: ['history'],
    access: 'public',
    query: listQuery,
    responses: { 200: { description: 'a page of past events, oldest first', schema: pageOf(historyEventSchema) } },
    handler: async ({ ctx, query }) => ok(await listHistoryEvents(ctx, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/history/events/:id',
    operationId: 'getHistoryEvent',
    summary: 'One past event',
    tags: ['history'],
    access: 'public',
    params: pathParams('id'),
    responses: { 200: { description: 'the event', schema: historyEventSchema } },
    problems: [404],
    handler: async ({ ctx, params }) => ok(await getHistoryEvent(ctx, params.id)),
  }),
];
