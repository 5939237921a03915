/**
 * Matchmaking events: the organiser's event (time zone, days with sessions and breaks, slot length,
 * tables, settings) and its grid unrolled into slots. Organisers create events and manage their own
 * (admins all); a company or city key reads the events it takes part in.
 */
import type { MatchmakingEvent } from '../../engine/events.ts';
import { gridSlots } from '../../engine/scheduling/grid.ts';
import { ORGANISERS } from '../policy.ts';
import { created, defineRoute, noContent, ok } from '../routing.ts';
import { pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { eventBody, eventPatch, eventSchema, slotsSchema } from '../schemas/events.ts';
import { changeEvent, createEvent, deleteEvent, eventSlots, listEvents, readEvent } from '../services/events.ts';

export const presentEvent = (event: MatchmakingEvent) => ({ ...event, slotCount: gridSlots(event).length });

export const eventRoutes = [
  defineRoute({
    method: 'post',
    path: '/events',
    operationId: 'createEvent',
    summary: 'Create an event: time zone, days with sessions and breaks, slot length, tables, settings (organiser, admin)',
    description: 'Days must be days of the calendar, and every session, break and slot must exist in the time zone (not in the hour the clocks skip when daylight saving starts).',
    tags: ['events'],
    access: ORGANISERS,
    body: eventBody,
    responses: { 201: { description: 'the event', schema: eventSchema, headers: { Location: 'the event' } } },
    handler: async ({ ctx, principal, body }) => {
      const event = await createEvent(ctx, principal, body);
      return created(presentEvent(event), `/events/${event.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    summary: "The organiser's events (admins: all)",
    tags: ['events'],
    access: ORGANISERS,
    query: paginationQuery,
    responses: { 200: { description: 'a page of events, newest first', schema: pageOf(eventSchema) } },
    handler: async ({ ctx, principal, query }) => {
      const page = await listEvents(ctx, principal, query);
      return ok({ ...page, items: page.items.map(presentEvent) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id',
    operationId: 'getEvent',
    summary: 'One event (its organiser, or a key of one of its participants)',
    tags: ['events'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: { description: 'the event', schema: eventSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(presentEvent(await readEvent(ctx, principal, params.id))),
  }),
  defineRoute({
    method: 'patch',
    path: '/events/:id',
    operationId: 'updateEvent',
    summary: 'Change an event (its organiser)',
    tags: ['events'],
    access: ORGANISERS,
    params: pathParams('id'),
    body: eventPatch,
    responses: { 200: { description: 'the event', schema: eventSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body }) => ok(presentEvent(await changeEvent(ctx, principal, params.id, body))),
  }),
  defineRoute({
    method: 'delete',
    path: '/events/:id',
    operationId: 'deleteEvent',
    summary: 'Delete an event with everything in it (its organiser)',
    tags: ['events'],
    access: ORGANISERS,
    params: pathParams('id'),
    responses: { 204: { description: 'deleted' } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      await deleteEvent(ctx, principal, params.id);
      return noContent();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/slots',
    operationId: 'listEventSlots',
    summary: 'The grid unrolled: numbered slots with local times and instants',
    description: 'A 422 names the field to correct when the event was stored before its dates and times were checked.',
    tags: ['events'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: { description: 'every slot of the event, in time order', schema: slotsSchema } },
    problems: [404, 422],
    handler: async ({ ctx, principal, params }) => ok(await eventSlots(ctx, principal, params.id)),
  }),
];
