/**
 * Routes as data. Each route declares its method, path, summary, tags, who may call it, its request
 * schemas (path, query, body) and its responses (success and problem statuses, with schemas); the
 * Express router and the OpenAPI document are both made from these declarations, so they cannot drift.
 *
 * A handler gets the parsed input and the caller and returns a reply; it calls one service function and
 * presents the result. When response checking is on (the API tests), every reply is checked against its
 * declared status and schema, and every problem against the route's declared problem statuses.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../engine/errors.ts';
import type { AppContext } from './context.ts';
import type { Principal } from './policy.ts';
import { requireAccess, type Access } from './policy.ts';
import { issuesOf, rejectNulInBody, verifyJsonDepth } from './validation.ts';
import { byteSize, declaredLengthWithin } from './limits.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** The body's schema: JSON by default, or text in `contentType` (files). */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
  /** Response headers worth documenting (Location, Content-Disposition). */
  headers?: Record<string, string>;
}

/** A request body in another format than JSON (CSV uploads): read as text, handed to the handler as `text`. */
export interface TextBodySpec {
  contentTypes: string[];
  limit: string;
  description: string;
}

/** A binary request body (a workbook): read as bytes, handed to the handler as `bytes`. */
export type BinaryBodySpec = TextBodySpec;

type Obj = z.ZodType<Record<string, unknown>>;
type EmptyObject = z.ZodObject<Record<string, never>>;

export interface Call<P, Q, B, A extends Access> {
  ctx: AppContext;
  principal: A extends 'public' ? Principal | undefined : Principal;
  params: P;
  query: Q;
  body: B;
  /** The body as text when it came in one of `textBody`'s types. */
  text: string | undefined;
  /** The body's bytes when it came in one of `binaryBody`'s types. */
  bytes: Buffer | undefined;
  req: Request;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** For non-JSON bodies (files). */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteSpec<P extends Obj, Q extends Obj, B extends z.ZodType, A extends Access> {
  method: Method;
  /** Express form: /events/:id/participants/:pid */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: [string, ...string[]];
  access: A;
  params?: P;
  query?: Q;
  /** A JSON body. Without one, the route takes an empty body (or none). */
  body?: B;
  /** The body may be left out: the schema then parses {} (its defaults). */
  bodyOptional?: boolean;
  textBody?: TextBodySpec;
  binaryBody?: BinaryBodySpec;
  responses: Record<number, ResponseSpec>;
  /** Problem statuses beyond those that follow from the declaration (400 for a query, 401/403 for a key, …). */
  problems?: number[];
  handler(call: Call<z.output<P>, z.output<Q>, z.output<B>, A>): Promise<Reply> | Reply;
}

export interface RouteDef {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: Obj;
  query?: Obj;
  body?: z.ZodType;
  bodyOptional: boolean;
  textBody?: TextBodySpec;
  binaryBody?: BinaryBodySpec;
  responses: Record<number, ResponseSpec>;
  /** Every problem status the route may answer with, derived and declared. */
  problems: number[];
  handler(call: Call<unknown, unknown, unknown, Access>): Promise<Reply> | Reply;
}

/** Problem statuses any route may answer: a wrong key (401, even on public routes), an unreadable URL, too many requests. */
const ALWAYS = [400, 401, 429];

export function defineRoute<P extends Obj = EmptyObject, Q extends Obj = EmptyObject, B extends z.ZodType = z.ZodUndefined, A extends Access = Access>(
  spec: RouteSpec<P, Q, B, A>,
): RouteDef {
  const problems = new Set<number>([...ALWAYS, ...(spec.problems ?? [])]);
  if (spec.access !== 'public') problems.add(403);
  if (spec.body || spec.textBody || spec.binaryBody) [413, 415, 422].forEach((s) => problems.add(s));
  else if (spec.method === 'post' || spec.method === 'put' || spec.method === 'patch') problems.add(422);
  return {
    ...spec,
    bodyOptional: spec.bodyOptional ?? false,
    problems: [...problems].sort((a, b) => a - b),
    handler: spec.handler as RouteDef['handler'],
  };
}

// Replies: one helper per kind of answer, so handlers read as what they answer.
export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown, location?: string): Reply => ({ status: 201, body, ...(location ? { headers: { Location: location } } : {}) });
export const accepted = (body: unknown, location?: string): Reply => ({ status: 202, body, ...(location ? { headers: { Location: location } } : {}) });
export const noContent = (): Reply => ({ status: 204 });
/** JSON already encoded (a cached answer): written as it is, and checked as the value it encodes. */
export const okEncoded = (json: Buffer): Reply => ({ status: 200, body: json, contentType: 'application/json' });
/** A file name safe in a header: the stem folded to ASCII letters, digits and dashes, the extension kept. */
export function downloadName(name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80)}${ext.replace(/[^A-Za-z0-9.]+/g, '')}`;
}

/** A file: text in a content type, optionally offered for download under a name. */
export function file(contentType: string, body: string | Buffer, download?: string, headers: Record<string, string> = {}): Reply {
  const disposition: Record<string, string> = download ? { 'Content-Disposition': `attachment; filename="${downloadName(download)}"` } : {};
  return { status: 200, body, contentType, headers: { ...disposition, ...headers } };
}

/** OpenAPI's path form: /events/{id}. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The languages validation messages are given in, by the request's Accept-Language (English by default). */
const ISSUE_LANGUAGES = {
  en: { errorMap: undefined, invalid: { field: 'Invalid field', 'path parameter': 'Invalid path parameter', 'query parameter': 'Invalid query parameter' } },
  de: { errorMap: z.locales.de().localeError, invalid: { field: 'Ungültiges Feld', 'path parameter': 'Ungültiger Pfadparameter', 'query parameter': 'Ungültiger Abfrageparameter' } },
  zh: { errorMap: z.locales.zhCN().localeError, invalid: { field: '无效字段', 'path parameter': '无效路径参数', 'query parameter': '无效查询参数' } },
} as const;
type IssueLanguage = (typeof ISSUE_LANGUAGES)[keyof typeof ISSUE_LANGUAGES];
type InputKind = keyof IssueLanguage['invalid'];

/** zod's own messages in the caller's language; a schema's messages of our own stay as written. */
function issueLanguage(req: Request): IssueLanguage {
  const lang = req.acceptsLanguages('en', 'de', 'zh');
  return ISSUE_LANGUAGES[lang === 'de' || lang === 'zh' ? lang : 'en'];
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown, code: 'bad_request' | 'validation_failed', prefix: string, what: InputKind, language: IssueLanguage): z.output<S> {
  const parsed = language.errorMap ? schema.safeParse(value, { error: language.errorMap }) : schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error, prefix);
  throw new AppError(code, `${language.invalid[what]} ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
}

function readBody(def: RouteDef, req: Request): { body: unknown; text: string | undefined; bytes?: Buffer } {
  if (def.textBody && req.is(def.textBody.contentTypes)) {
    if (typeof req.body !== 'string' || !req.body.trim()) throw new AppError('validation_failed', 'The body is empty', { field: 'body' });
    return { body: undefined, text: req.body };
  }
  if (def.binaryBody && req.is(def.binaryBody.contentTypes)) {
    if (!Buffer.isBuffer(req.body) || !req.body.length) throw new AppError('validation_failed', 'The body is empty', { field: 'body' });
    return { body: undefined, text: undefined, bytes: req.body };
  }
  const empty = req.body === undefined || req.get('content-length') === '0';
  if (!def.body && (def.textBody || def.binaryBody)) {
    const types = [...(def.textBody?.contentTypes ?? []), ...(def.binaryBody?.contentTypes ?? [])].join(' or ');
    throw new AppError(empty ? 'validation_failed' : 'unsupported_media_type', empty ? `The body is empty: send ${types}` : `The request body must be ${types} (Content-Type)`, { field: 'body' });
  }
  if (!def.body) {
    // Action endpoints take an empty body; an empty JSON object is the same thing said explicitly.
    const nothing = empty || (req.is('application/json') && typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) && Object.keys(req.body).length === 0);
    if (!nothing && (def.method === 'post' || def.method === 'put' || def.method === 'patch')) {
      throw new AppError('validation_failed', `${def.method.toUpperCase()} ${def.path} takes no body`, { field: 'body' });
    }
    return { body: undefined, text: undefined };
  }
  if (empty && def.bodyOptional) return { body: parseInput(def.body, {}, 'validation_failed', '', 'field', issueLanguage(req)), text: undefined };
  if (!req.is('application/json')) {
    const types = ['application/json', ...(def.textBody?.contentTypes ?? []), ...(def.binaryBody?.contentTypes ?? [])].join(' or ');
    throw new AppError('unsupported_media_type', `The request body must be ${types} (Content-Type)`, { field: 'body' });
  }
  if (empty) throw new AppError('malformed_json', 'The request body is empty', { field: 'body' });
  return { body: parseInput(def.body, req.body, 'validation_failed', '', 'field', issueLanguage(req)), text: undefined };
}

/** The route that answered, kept on the response for the problem check. */
const ROUTE = Symbol('route');
type WithRoute = Response & { [ROUTE]?: RouteDef };

function checkReply(def: RouteDef, reply: Reply): void {
  const declared = def.responses[reply.status];
  if (!declared) throw new AppError('internal', `response contract: ${def.operationId} answered ${reply.status}, which it does not declare`);
  if (!declared.schema) return;
  const body = Buffer.isBuffer(reply.body) && reply.contentType === 'application/json' ? JSON.parse(reply.body.toString('utf8')) : reply.body;
  const parsed = declared.schema.safeParse(body);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error, '');
    throw new AppError('internal', `response contract: ${def.operationId} ${reply.status} does not match its schema: ${issues.slice(0, 3).map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}

/** A problem status the answering route did not declare, when checking: said as a contract error. */
export function undeclaredProblem(res: Response, status: number): string | undefined {
  const def = (res as WithRoute)[ROUTE];
  if (!def || status === 500 || def.problems.includes(status)) return undefined;
  return `response contract: ${def.operationId} answered problem ${status}, which it does not declare (declared: ${def.problems.join(', ')})`;
}

function send(res: Response, reply: Reply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.status === 204 || reply.body === undefined) res.end();
  else if (reply.contentType) res.type(reply.contentType).send(reply.body);
  else res.json(reply.body);
}

function handlerOf(def: RouteDef, ctx: AppContext, checkResponses: boolean): RequestHandler {
  return async (req: Request, res: Response) => {
    (res as WithRoute)[ROUTE] = def;
    const principal = requireAccess(req.principal, def.access);
    const params = def.params ? parseInput(def.params, req.params, 'bad_request', 'path', 'path parameter', issueLanguage(req)) : req.params;
    const query = parseInput(def.query ?? z.strictObject({}), req.query, 'bad_request', 'query', 'query parameter', issueLanguage(req));
    const { body, text, bytes } = readBody(def, req);
    const reply = await def.handler({ ctx, principal: principal as Principal, params, query, body, text, bytes, req });
    if (checkResponses) checkReply(def, reply);
    send(res, reply);
  };
}

/** 405 with Allow for a known path asked with a method it does not serve; OPTIONS answers with Allow. */
function methodNotAllowed(allowed: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Allow', allowed);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next(new AppError('method_not_allowed', `${req.method} is not served at ${req.path}; allowed: ${allowed}`));
  };
}

/** JSON bodies of routes that take none ("{}" says so explicitly) are refused beyond this. */
const NO_BODY_LIMIT = '1kb';
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Before a route reads its body: the caller's access (401/403 without reading a byte), then the
 * declared length against the route's limit for the body's type (413); then the body, parsed with the
 * same limits (a body without a declared length stops at them) and checked for depth and NUL characters.
 */
function bodyHandlers(def: RouteDef, ctx: AppContext): RequestHandler[] {
  const jsonLimit = def.body ? ctx.bodyLimit : NO_BODY_LIMIT;
  const limitOf = (req: Request) =>
    byteSize(def.textBody && req.is(def.textBody.contentTypes) ? def.textBody.limit : def.binaryBody && req.is(def.binaryBody.contentTypes) ? def.binaryBody.limit : jsonLimit);
  const handlers: RequestHandler[] = [
    (req, res, next) => {
      (res as WithRoute)[ROUTE] = def;
      requireAccess(req.principal, def.access);
      next();
    },
    declaredLengthWithin(limitOf),
    express.json({ limit: jsonLimit, type: JSON_TYPES, verify: verifyJsonDepth }),
  ];
  if (def.textBody) handlers.push(express.text({ type: def.textBody.contentTypes, limit: def.textBody.limit }));
  if (def.binaryBody) handlers.push(express.raw({ type: def.binaryBody.contentTypes, limit: def.binaryBody.limit }));
  handlers.push(rejectNulInBody);
  return handlers;
}

export function mountRoutes(router: Router, ctx: AppContext, defs: readonly RouteDef[], options: { checkResponses: boolean }): void {
  const methods = new Map<string, Set<string>>();
  for (const def of defs) {
    const handlers: RequestHandler[] = bodyHandlers(def, ctx);
    handlers.push(handlerOf(def, ctx, options.checkResponses));
    router[def.method](def.path, ...handlers);
    const known = methods.get(def.path) ?? new Set<string>();
    known.add(def.method.toUpperCase());
    if (def.method === 'get') known.add('HEAD');
    methods.set(def.path, known);
  }
  for (const [path, known] of methods) router.all(path, methodNotAllowed([...known].join(', ')));
}

