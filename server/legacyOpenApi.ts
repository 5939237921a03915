/** TRANSITION ONLY: the hand-written paths of routes not yet declared as data (server/routing.ts). Deleted once every route is declared. */
/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests (zod 4's own JSON
 * Schema output), so the document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { PROBLEM_STATUS } from './problem.ts';
import { eventSchemas } from './routes/events.ts';

import { matchSchemas } from './routes/matches.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function queryParameters(schema: z.ZodType) {
  const json = schemaOf(schema);
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name) && !(s as { default?: unknown }).default,
    schema: s,
  }));
}

const pathId = (description: string) => [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description }];
const json = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schemaOf(schema) } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }]));
const keyed = [{ apiKey: [] }, { bearer: [] }];
const path = (...names: string[]) => names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

export function legacyOpenApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'isa-match',
      version: '0.1.0',
      description: 'Matchmaking engine of the Sino-German Industrial City Alliance (中德工业城市联盟): cities, companies, industry taxonomy.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <api key>' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', enum: Object.keys(PROBLEM_STATUS) },
            field: { type: 'string', description: 'the offending field, e.g. query.limit or industries.0.code' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
          required: ['type', 'title', 'status', 'detail', 'code'],
        },
      },
      responses: Object.fromEntries(
        [...new Set(Object.values(PROBLEM_STATUS).map((p) => p.status))].map((status) => [
          `Problem${status}`,
          { description: Object.values(PROBLEM_STATUS).find((p) => p.status === status)!.title, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        ]),
      ),
    },
    paths: {
      '/companies/{id}/matches': {
        get: {
          summary: 'Ranked, explained matches for a company (a company key: its own only)',
          security: keyed,
          parameters: [...pathId('company id'), ...queryParameters(matchSchemas.matchQuery)],
          responses: { 200: ok('{query, target, profile, items: [{rank, score, components, reasons}]}'), ...problems(400, 401, 403, 404) },
        },
      },
      '/cities/{id}/matches': {
        get: {
          summary: 'Whom a city should invite (target=companies) or partner cities (target=cities)',
          security: keyed,
          parameters: [...pathId('city id'), ...queryParameters(matchSchemas.matchQuery)],
          responses: { 200: ok('match list'), ...problems(400, 401, 403, 404) },
        },
      },
      '/matches/preview': {
        post: { summary: 'What would match an unsaved company profile (nothing is stored)', security: keyed, requestBody: json(matchSchemas.previewBody), responses: { 200: ok('match list'), ...problems(400, 401, 415, 422) } },
      },
      '/weight-profiles': {
        get: { summary: 'All weight profile versions', security: keyed, responses: { 200: ok('{items, total}'), ...problems(401) } },
        post: { summary: 'Save a new version of a profile (admin, analyst); nothing is overwritten', security: keyed, requestBody: json(matchSchemas.profileBody), responses: { 201: ok('the saved version'), ...problems(401, 403, 422) } },
      },
      '/weight-profiles/{name}/activate': {
        post: { summary: 'Make a stored version the active one (admin, analyst)', security: keyed, parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: ok('the active version'), ...problems(401, 403, 404, 422) } },
      },
      ...eventPaths(),
    },
  };
}

/** Matchmaking events: organisers own theirs; a company or city key acts for its participant. */
function eventPaths() {
  const e = eventSchemas;
  return {
    '/events': {
      get: { summary: "The organiser's events (admins: all)", security: keyed, responses: { 200: ok('{items, total, limit, offset}'), ...problems(401, 403) } },
      post: { summary: 'Create an event: time zone, days with sessions and breaks, slot length, tables, settings (organiser, admin)', security: keyed, requestBody: json(e.eventBody), responses: { 201: ok('the event'), ...problems(401, 403, 415, 422) } },
    },
    '/events/{id}': {
      get: { summary: 'One event (its organiser, or a key of one of its participants)', security: keyed, parameters: path('id'), responses: { 200: ok('the event'), ...problems(401, 403, 404) } },
      patch: { summary: 'Change an event (its organiser)', security: keyed, parameters: path('id'), requestBody: json(e.eventPatch), responses: { 200: ok('the event'), ...problems(401, 403, 404, 422) } },
      delete: { summary: 'Delete an event with everything in it (its organiser)', security: keyed, parameters: path('id'), responses: { 204: { description: 'deleted' }, ...problems(401, 403, 404) } },
    },
    '/events/{id}/slots': { get: { summary: 'The grid unrolled: numbered slots with local times and instants', security: keyed, parameters: path('id'), responses: { 200: ok('{timeZone, items}'), ...problems(401, 403, 404) } } },
    '/events/{id}/participants': {
      get: { summary: 'Participants', security: keyed, parameters: path('id'), responses: { 200: ok('{items, total}'), ...problems(401, 403, 404) } },
      post: { summary: 'Register one participant or {participants: [...]}; name and side come from a linked company or city', security: keyed, parameters: path('id'), requestBody: json(e.participantsBody), responses: { 201: ok('the participant(s)'), ...problems(401, 403, 404, 409, 422) } },
    },
    '/events/{id}/participants/{pid}': {
      get: { summary: 'One participant', security: keyed, parameters: path('id', 'pid'), responses: { 200: ok('the participant'), ...problems(401, 403, 404) } },
      patch: { summary: 'Change a participant (availability, caps, languages, booth)', security: keyed, parameters: path('id', 'pid'), requestBody: json(e.participantPatch), responses: { 200: ok('the participant'), ...problems(401, 403, 404, 422) } },
      delete: { summary: 'Remove a participant with its wishes, requests and meetings', security: keyed, parameters: path('id', 'pid'), responses: { 204: { description: 'removed' }, ...problems(401, 403, 404) } },
    },
    '/events/{id}/wishes': { get: { summary: 'Every wish of the event (organiser)', security: keyed, parameters: path('id'), responses: { 200: ok('{items, total}'), ...problems(401, 403, 404) } } },
    '/events/{id}/participants/{pid}/wishes': { get: { summary: "A participant's wishes", security: keyed, parameters: path('id', 'pid'), responses: { 200: ok('{items, total}'), ...problems(401, 403, 404) } } },
    '/events/{id}/participants/{pid}/wishes/{to}': {
      put: { summary: 'Mark another participant must meet, would like or no thanks', security: keyed, parameters: path('id', 'pid', 'to'), requestBody: json(e.wishBody), responses: { 200: ok('the wish'), ...problems(401, 403, 404, 422) } },
      delete: { summary: 'Take a wish back', security: keyed, parameters: path('id', 'pid', 'to'), responses: { 204: { description: 'removed' }, ...problems(401, 403, 404) } },
    },
    '/events/{id}/requests': {
      get: { summary: 'Meeting requests (a participant: ?participant=<its id>)', security: keyed, parameters: path('id'), responses: { 200: ok('{items, total}'), ...problems(401, 403, 404) } },
      post: { summary: 'Request a meeting; the other side accepts or declines', security: keyed, parameters: path('id'), requestBody: json(e.requestBody), responses: { 201: ok('the request'), ...problems(401, 403, 404, 409, 422) } },
    },
    '/events/{id}/requests/{rid}/accept': { post: { summary: 'Accept a request (the requested side)', security: keyed, parameters: path('id', 'rid'), responses: { 200: ok('the request'), ...problems(401, 403, 404, 409) } } },
    '/events/{id}/requests/{rid}/decline': { post: { summary: 'Decline a request (the requested side)', security: keyed, parameters: path('id', 'rid'), responses: { 200: ok('the request'), ...problems(401, 403, 404, 409) } } },
  };
}
