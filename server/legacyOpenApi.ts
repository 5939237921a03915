/** TRANSITION ONLY: the hand-written paths of routes not yet declared as data (server/routing.ts). Deleted once every route is declared. */
/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests (zod 4's own JSON
 * Schema output), so the document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { PROBLEM_STATUS } from './problem.ts';

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
    },
  };
}
