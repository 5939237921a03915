/**
 * The OpenAPI 3.1 document, generated from the route declarations (server/routing.ts) by zod-openapi:
 * the same zod schemas validate requests, check responses in the tests and describe both here.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { PROBLEM_STATUS } from './problem.ts';
import { openApiPath, type RouteDef } from './routing.ts';
import { problemSchema } from './schemas/common.ts';

const TAGS: { name: string; description: string }[] = [
  { name: 'service', description: 'Health, this document, the reference page, the caller' },
  { name: 'cities', description: "The alliance's member cities with key data, clusters, cooperations and wishes" },
  { name: 'industries', description: 'The trilingual industry taxonomy: NACE Rev. 2, GB/T 4754-2017, clusters' },
  { name: 'companies', description: 'Companies with industries, wishes, size and contact' },
  { name: 'matches', description: 'Ranked, explained partner suggestions and the weight profiles behind them' },
  { name: 'search', description: 'Full-text search in German, English and Chinese' },
  { name: 'history', description: "The alliance's past events as its papers report them" },
  { name: 'keys', description: 'API keys and roles (admins)' },
  { name: 'alliance', description: "The alliance's registry: membership by its rules (003 §5), composition on a date, dated sourced statements" },
  { name: 'events', description: 'Matchmaking events: grid, tables and settings' },
  { name: 'participants', description: "An event's participants, their wishes and meeting requests" },
  { name: 'meetings', description: 'Meetings, locks and scheduling runs' },
  { name: 'jobs', description: 'Background jobs: scheduling and tuning runs' },
  { name: 'exports', description: 'Agendas (iCalendar, printable page) and CSV lists' },
  { name: 'analysis', description: 'Outcomes of past meetings, evaluations and weight fitting (analysts)' },
];

const KEYED: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

function problemResponse(status: number): ZodOpenApiResponseObject {
  const titles = [...new Set(Object.values(PROBLEM_STATUS).filter((p) => p.status === status).map((p) => p.title))];
  return { description: titles.join(' / ') || `Problem ${status}`, content: { 'application/problem+json': { schema: problemSchema } } };
}

function operationOf(def: RouteDef): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject | { $ref: string }> = {};
  for (const [status, spec] of Object.entries(def.responses)) {
    const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]));
    responses[status] = {
      description: spec.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Number(status) === 204 ? {} : { content: { [spec.contentType ?? 'application/json']: { schema: spec.schema ?? z.unknown() } } }),
    };
  }
  for (const status of def.problems) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  const content: Record<string, { schema: z.ZodType }> = {};
  if (def.body) content['application/json'] = { schema: def.body };
  for (const type of def.textBody?.contentTypes ?? []) content[type] = { schema: z.string().meta({ description: def.textBody!.description }) };
  for (const type of def.binaryBody?.contentTypes ?? []) content[type] = { schema: z.string().meta({ format: 'binary', description: def.binaryBody!.description }) };
  return {
    operationId: def.operationId,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    tags: def.tags,
    security: def.access === 'public' ? [] : KEYED,
    ...(def.params || def.query ? { requestParams: { ...(def.params ? { path: def.params } : {}), ...(def.query ? { query: def.query } : {}) } } : {}),
    ...(Object.keys(content).length ? { requestBody: { required: !def.bodyOptional, content } } : {}),
    responses,
  } as unknown as ZodOpenApiOperationObject;
}

export function openApiDocument(routes: readonly RouteDef[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const def of routes) {
    const path = openApiPath(def.path);
    paths[path] = { ...paths[path], [def.method]: operationOf(def) };
  }
  const statuses = [...new Set(routes.flatMap((r) => r.problems))].sort((a, b) => a - b);
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'isa-match',
        version: '0.1.0',
        description:
          'Matchmaking engine of the Sino-German Industrial City Alliance (中德工业城市联盟): cities, companies, industry taxonomy, explained matches, matchmaking events with optimal schedules, and the analysts\' tuning. Errors are RFC 9457 problem details naming the offending field.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: 'http://127.0.0.1:3000', description: 'a local server (npm start); the reference page at /docs calls the server that serves it' }],
      tags: TAGS,
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <api key>' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'the same API key in a header of its own' },
        },
        responses: Object.fromEntries(statuses.map((s) => [`Problem${s}`, problemResponse(s)])),
      },
    },
    {
      // z.int() says "a safe integer" by its bounds; in a document they are noise.
      override: ({ jsonSchema }) => {
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    },
  ) as unknown as Record<string, unknown>;
}
