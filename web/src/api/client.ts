/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from the server's
 * own OpenAPI document (`npm run build:web` makes schema.gen.d.ts first), so a contract change breaks
 * the build of the interface, not its users. The key and the language go with every request.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen.ts';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** The caller's key (sessionStorage: this tab only) and language, read on every request. */
let currentKey: string | undefined;
let currentLang = 'en';

export function useKey(key: string | undefined): void {
  currentKey = key;
}

export function useApiLanguage(lang: string): void {
  currentLang = lang;
}

export function authHeaders(): Record<string, string> {
  return currentKey ? { Authorization: `Bearer ${currentKey}`, 'Accept-Language': currentLang } : { 'Accept-Language': currentLang };
}

const attach: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders())) if (!request.headers.has(name)) request.headers.set(name, value);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(attach);

/** A refused request: the problem+json the server sent, as an error the pages can show by field. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }

  /** Messages by field (the problem's `errors`, else its one `field`). */
  get fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] ??= e.message;
    if (this.problem.field && !(this.problem.field in out)) out[this.problem.field] = this.problem.detail;
    return out;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value && 'code' in value;
}

/** The data of an answer, or the problem thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (isProblem(error)) throw new ApiProblem(response.status, error);
  throw new ApiProblem(response.status, {
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    detail: typeof error === 'string' ? error : `HTTP ${response.status}`,
    code: 'internal',
  });
}

/** A file the API serves (ICS, CSV, xlsx, HTML): fetched with the key and saved under its name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ApiProblem(response.status, isProblem(body) ? body : { type: 'about:blank', title: 'Error', status: response.status, detail: `HTTP ${response.status}`, code: 'internal' });
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
