/** The service itself: the workbench's page, liveness, the OpenAPI document, the reference page that renders it, and the caller. */
import { z } from 'zod';
import { ROLES } from '../../engine/model.ts';
import { DOCS_HTML, DOCS_SCRIPT } from '../docs/page.ts';
import { defineRoute, file, ok } from '../routing.ts';
import { serviceHealth } from '../services/health.ts';
import { WORKBENCH_CSP, workbenchPage } from '../web.ts';

const healthSchema = z
  .strictObject({
    status: z.literal('ok'),
    instance: z.string().meta({ description: 'this server process among the instances sharing the database (random per start): which one answered, and which one holds a job' }),
    database: z.strictObject({ dialect: z.enum(['sqlite', 'postgres']), latencyMs: z.number() }),
    taxonomy: z.strictObject({ nace: z.number().int(), clusters: z.number().int() }),
  })
  .meta({ id: 'Health' });

export const principalSchema = z
  .strictObject({ keyId: z.string(), name: z.string(), role: z.enum(ROLES), companyId: z.string().nullable(), cityId: z.string().nullable() })
  .meta({ id: 'Principal', description: "the caller's key: its role and what it acts for" });

const openApiSchema = z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) });

/** The OpenAPI document is made from all routes, this module's among them: handed in when the app is built. */
export function serviceRoutes(openApi: () => Record<string, unknown>) {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      summary: 'Liveness, database dialect and latency, taxonomy size',
      tags: ['service'],
      access: 'public',
      responses: { 200: { description: 'healthy', schema: healthSchema } },
      handler: async ({ ctx }) => ok(await serviceHealth(ctx)),
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      summary: 'This OpenAPI 3.1 document, with the answering server first among its servers',
      tags: ['service'],
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1', schema: openApiSchema } },
      handler: ({ req }) => {
        const doc = openApi();
        // "Try it" on /docs should call the server that serves the page, wherever it runs.
        const here = { url: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, description: 'this server' };
        return ok({ ...doc, servers: [here, ...((doc.servers as unknown[]) ?? [])] });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/',
      operationId: 'getWorkbench',
      summary: 'The workbench: the web interface for companies, cities, organisers and analysts (de, en, zh)',
      tags: ['service'],
      access: 'public',
      // The pages keep their list filters in the address (?exclude=met…#/my/…): the page is the same whatever they are.
      query: z.looseObject({}),
      responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
      // 503: the interface is not built yet (npm run build:web).
      problems: [503],
      handler: () => file('text/html; charset=utf-8', workbenchPage(), undefined, { 'Cache-Control': 'no-cache', 'Content-Security-Policy': WORKBENCH_CSP }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'getDocs',
      summary: 'The interactive API reference (Swagger UI from npm, no outside requests): examples, and "try it" with an API key',
      tags: ['service'],
      access: 'public',
      responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
      handler: () => file('text/html; charset=utf-8', DOCS_HTML, undefined, { 'Content-Security-Policy': DOCS_CSP }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs/init.js',
      operationId: 'getDocsScript',
      summary: 'The script that starts the reference page',
      tags: ['service'],
      access: 'public',
      responses: { 200: { description: 'JavaScript', contentType: 'text/javascript', schema: z.string() } },
      handler: () => file('text/javascript; charset=utf-8', DOCS_SCRIPT),
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      operationId: 'getCaller',
      summary: "The caller's role and binding",
      tags: ['service'],
      access: 'key',
      responses: { 200: { description: 'the principal', schema: principalSchema } },
      handler: ({ principal }) => ok(principal),
    }),
  ];
}

/** The page loads only what this server serves; Swagger UI needs inline styles. */
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'";
