/** Wishes: a participant marks others must meet, would like to, or no thanks; the organiser sees them all. */
import { ORGANISERS } from '../policy.ts';
import { defineRoute, noContent, ok } from '../routing.ts';
import { pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { eventWishBody, eventWishSchema } from '../schemas/events.ts';
import { listEventWishes, listParticipantWishes, removeWish, setWish } from '../services/wishes.ts';

export const wishRoutes = [
  defineRoute({
    method: 'get',
    path: '/events/:id/wishes',
    operationId: 'listEventWishes',
    summary: 'Every wish of the event (organiser)',
    tags: ['participants'],
    access: ORGANISERS,
    params: pathParams('id'),
    query: paginationQuery,
    responses: { 200: { description: 'a page of wishes', schema: pageOf(eventWishSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => ok(await listEventWishes(ctx, principal, params.id, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid/wishes',
    operationId: 'listParticipantWishes',
    summary: "A participant's wishes",
    tags: ['participants'],
    access: 'key',
    params: pathParams('id', 'pid'),
    query: paginationQuery,
    responses: { 200: { description: "a page of the participant's wishes", schema: pageOf(eventWishSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => ok(await listParticipantWishes(ctx, principal, params.id, params.pid, query)),
  }),
  defineRoute({
    method: 'put',
    path: '/events/:id/participants/:pid/wishes/:to',
    operationId: 'setWish',
    summary: 'Mark another participant must meet, would like or no thanks',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id', 'pid', 'to'),
    body: eventWishBody,
    responses: { 200: { description: 'the wish', schema: eventWishSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body }) => ok(await setWish(ctx, principal, params.id, params.pid, params.to, body.kind)),
  }),
  defineRoute({
    method: 'delete',
    path: '/events/:id/participants/:pid/wishes/:to',
    operationId: 'deleteWish',
    summary: 'Take a wish back',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id', 'pid', 'to'),
    responses: { 204: { description: 'removed' } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      await removeWish(ctx, principal, params.id, params.pid, params.to);
      return noContent();
    },
  }),
];
