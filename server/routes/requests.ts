/** Meeting requests: one participant asks another for a meeting; the requested side accepts or declines. */
import { z } from 'zod';
import { defineRoute, created, ok, type RouteDef } from '../routing.ts';
import { pageOf, pagination, pathParams } from '../schemas/common.ts';
import { meetingRequestBody, meetingRequestSchema, recordId } from '../schemas/events.ts';
import { answerRequest, listRequests, sendRequest } from '../services/requests.ts';

const listQuery = z.strictObject({
  participant: recordId.optional().meta({ description: "only this participant's requests, sent or received (a participant's key must name itself)" }),
  ...pagination,
});

/** Accepting and declining: actions with an empty body, answered by the requested side. */
const answerRoute = (action: 'accept' | 'decline', answer: 'accepted' | 'declined', operationId: string, summary: string): RouteDef =>
  defineRoute({
    method: 'post',
    path: `/events/:id/requests/:rid/${action}`,
    operationId,
    summary,
    tags: ['participants'],
    access: 'key',
    params: pathParams('id', 'rid'),
    responses: { 200: { description: 'the request', schema: meetingRequestSchema } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params }) => ok(await answerRequest(ctx, principal, params.id, params.rid, answer)),
  });

export const requestRoutes = [
  defineRoute({
    method: 'post',
    path: '/events/:id/requests',
    operationId: 'createMeetingRequest',
    summary: 'Request a meeting; the other side accepts or declines',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id'),
    body: meetingRequestBody,
    responses: { 201: { description: 'the request', schema: meetingRequestSchema, headers: { Location: 'the request' } } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params, body }) => {
      const request = await sendRequest(ctx, principal, params.id, body);
      return created(request, `/events/${params.id}/requests/${request.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/requests',
    operationId: 'listMeetingRequests',
    summary: 'Meeting requests (a participant: ?participant=<its id>)',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id'),
    query: listQuery,
    responses: { 200: { description: 'a page of requests, oldest first', schema: pageOf(meetingRequestSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => ok(await listRequests(ctx, principal, params.id, query.participant, query)),
  }),
  answerRoute('accept', 'accepted', 'acceptMeetingRequest', 'Accept a request (the requested side)'),
  answerRoute('decline', 'declined', 'declineMeetingRequest', 'Decline a request (the requested side)'),
];
