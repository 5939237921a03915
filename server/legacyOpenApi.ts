/** TRANSITION ONLY: the hand-written paths of routes not yet declared as data (server/routing.ts). Deleted once every route is declared. */
/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests (zod 4's own JSON
 * Schema output), so the document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { PROBLEM_STATUS } from './problem.ts';
import { analysisSchemas } from './routes/analysis.ts';
import { eventSchemas } from './routes/events.ts';

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
      ...eventPaths(),
      ...analysisPaths(),
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

/** Analysts: outcomes of past meetings, evaluations of weight profiles, tuning runs. */
function analysisPaths() {
  const a = analysisSchemas;
  return {
    '/outcomes': {
      post: {
        summary: `Record outcomes of held meetings, one side each (organiser of the event, analyst, admin): JSON {eventId, outcomes}, or text/csv with columns ${a.csvColumns.join(', ')}; all or nothing, errors name the row (CSV: line.N.column)`,
        security: keyed,
        requestBody: { required: true, content: { 'application/json': { schema: schemaOf(a.outcomesBody) }, 'text/csv': { schema: { type: 'string' } } } },
        responses: { 200: ok('{items, total}'), ...problems(400, 401, 403, 404, 413, 415, 422) },
      },
      get: { summary: "An event's outcomes", security: keyed, parameters: queryParameters(a.listQuery), responses: { 200: ok('{items, total}'), ...problems(400, 401, 403, 404) } },
    },
    '/outcomes/{eventId}/{participantId}/{partnerId}': {
      delete: { summary: "Delete one side's account of a meeting", security: keyed, parameters: path('eventId', 'participantId', 'partnerId'), responses: { 204: { description: 'deleted' }, ...problems(401, 403, 404) } },
    },
    '/features.csv': {
      get: { summary: 'The feature matrix for your own tools: pair, each component both ways, graded relevance (analyst, admin)', security: keyed, parameters: queryParameters(a.featuresQuery), responses: { 200: file('text/csv', 'CSV'), ...problems(400, 401, 403, 422) } },
    },
    '/evaluations': {
      post: {
        summary: 'Evaluate up to 5 profiles side by side on past events: NDCG@k, precision@k, MAP, MRR per participant, per event and overall (mean, spread), with ablation per component (analyst, admin)',
        security: keyed,
        requestBody: { ...json(a.evaluationBody), required: false },
        responses: { 201: ok('the evaluation'), ...problems(400, 401, 403, 415, 422) },
      },
      get: { summary: 'Stored evaluations, newest first', security: keyed, responses: { 200: ok('{items, total}'), ...problems(401, 403) } },
    },
    '/evaluations/{id}': { get: { summary: 'One evaluation (?detail=participants for every list)', security: keyed, parameters: [...path('id'), ...queryParameters(a.detailQuery)], responses: { 200: ok('the evaluation'), ...problems(400, 401, 403, 404) } } },
    '/evaluations/{id}/curves.svg': { get: { summary: 'NDCG@k against each component weight, the others in proportion', security: keyed, parameters: path('id'), responses: { 200: file('image/svg+xml', 'SVG'), ...problems(401, 403, 404) } } },
    '/evaluations/{id}/scores.svg': { get: { summary: 'Distribution of pair scores per relevance grade', security: keyed, parameters: path('id'), responses: { 200: file('image/svg+xml', 'SVG'), ...problems(401, 403, 404) } } },
    '/tuning-runs': {
      post: {
        summary: 'Fit the weights by coordinate ascent on NDCG@k with k-fold cross-validation grouped by event: 202 with a job; the result is a new inactive profile version with its cross-validated metrics beside the base\'s (analyst, admin)',
        security: keyed,
        requestBody: { ...json(a.tuningBody), required: false },
        responses: { 202: ok('the job'), ...problems(400, 401, 403, 415, 422) },
      },
      get: { summary: 'Tuning runs, newest first', security: keyed, responses: { 200: ok('{items, total}'), ...problems(401, 403) } },
    },
    '/tuning-runs/{id}': { get: { summary: 'A tuning run: status, progress, result (profile version, per-fold and summary metrics) or error', security: keyed, parameters: path('id'), responses: { 200: ok('the job'), ...problems(401, 403, 404) } } },
    '/tuning-runs/{id}/cancel': { post: { summary: 'Cancel a queued or running tuning run', security: keyed, parameters: path('id'), responses: { 202: ok('the job'), ...problems(401, 403, 404, 409) } } },
  };
}
