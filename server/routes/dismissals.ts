/**
 * A company's or city's own affairs: GET/PUT/DELETE …/dismissals ("not interested" marks, which every
 * match list of the subject respects) and GET …/events (where it takes part, with its participant).
 * Admins act for any; a company key for its company, a city key for its city.
 */
import { noContent, ok, defineRoute, type RouteDef } from '../routing.ts';
import { pathParams } from '../schemas/common.ts';
import { dismissalListQuery, dismissalListSchema, dismissalSchema, participationListSchema, partnerParams, partnerQuery } from '../schemas/dismissals.ts';
import { dismissPartner, listDismissed, restorePartner } from '../services/dismissals.ts';
import { listOwnEvents } from '../services/participations.ts';
import { presentEvent } from './events.ts';

function subjectRoutes(kind: 'company' | 'city', base: '/companies' | '/cities', noun: 'Company' | 'City'): RouteDef[] {
  const whose = kind === 'company' ? 'a company (admin, the company itself)' : 'a city (admin, the city itself)';
  return [
    defineRoute({
      method: 'get',
      path: `${base}/:id/dismissals`,
      operationId: `list${noun}Dismissals`,
      summary: `The partners ${whose.replace(/ \(.*/, '')} marked "not interested"`,
      tags: ['matches'],
      access: kind === 'company' ? ['admin', 'company'] : ['admin', 'city'],
      params: pathParams('id'),
      query: dismissalListQuery,
      responses: { 200: { description: 'the marks, newest first', schema: dismissalListSchema } },
      problems: [404],
      handler: async ({ ctx, principal, params, query }) => ok(await listDismissed(ctx, principal, { kind, id: params.id }, query.lang)),
    }),
    defineRoute({
      method: 'put',
      path: `${base}/:id/dismissals/:partnerId`,
      operationId: `dismiss${noun}Partner`,
      summary: `Mark a suggested partner "not interested" for ${whose}; its match lists leave it out`,
      tags: ['matches'],
      access: kind === 'company' ? ['admin', 'company'] : ['admin', 'city'],
      params: partnerParams,
      query: partnerQuery,
      responses: { 200: { description: 'the mark (setting it again changes nothing)', schema: dismissalSchema } },
      problems: [404],
      handler: async ({ ctx, principal, params, query }) => ok(await dismissPartner(ctx, principal, { kind, id: params.id }, { kind: query.kind, id: params.partnerId })),
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:id/dismissals/:partnerId`,
      operationId: `restore${noun}Partner`,
      summary: `Take a "not interested" mark back for ${whose}: the partner may be suggested again`,
      tags: ['matches'],
      access: kind === 'company' ? ['admin', 'company'] : ['admin', 'city'],
      params: partnerParams,
      query: partnerQuery,
      responses: { 204: { description: 'the mark is gone' } },
      problems: [404],
      handler: async ({ ctx, principal, params, query }) => {
        await restorePartner(ctx, principal, { kind, id: params.id }, { kind: query.kind, id: params.partnerId });
        return noContent();
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id/events`,
      operationId: `list${noun}Events`,
      summary: `The events ${whose} takes part in, with the participant that stands for it`,
      tags: ['events'],
      access: kind === 'company' ? ['admin', 'company'] : ['admin', 'city'],
      params: pathParams('id'),
      responses: { 200: { description: 'its participations, newest event first', schema: participationListSchema } },
      problems: [404],
      handler: async ({ ctx, principal, params }) => {
        const { items } = await listOwnEvents(ctx, principal, { kind, id: params.id });
        return ok({ items: items.map(({ event, participant }) => ({ event: presentEvent(event), participant })) });
      },
    }),
  ];
}

export const dismissalRoutes = [...subjectRoutes('company', '/companies', 'Company'), ...subjectRoutes('city', '/cities', 'City')];
