/** Configuration from environment variables; README lists them. Invalid values stop the start with a clear message. */
import { z } from 'zod';
import { CONSENT_RULES, type ConsentRule } from '../engine/alliance/applications.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./var'),
  DATABASE_URL: z.string().optional(),
  DATABASE_SCHEMA: z.string().regex(/^([a-z_][a-z0-9_]*)?$/, 'a lower-case SQL name').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_COMPANIES: z.coerce.number().int().min(0).max(2_000_000).default(2000),
  DEMO_PAST_EVENTS: z.coerce.number().int().min(0).max(1000).default(12),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'a size such as 100kb or 1mb').default('100kb'),
  TRUST_PROXY: z.string().regex(/^(|false|true|\d+|[0-9a-f.:/, ]+|loopback|linklocal|uniquelocal)$/i, 'false, true, a number of hops, or addresses').default(''),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(3000),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(30),
  TUNING_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  REPORT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  ISA_CONSENT_RULE: z.enum(CONSENT_RULES).default('all-written'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The PostgreSQL schema to work in (created if missing); undefined: the connection's default. */
  databaseSchema: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  demoCompanies: number;
  /** Simulated past events among the demo companies, made on first start. */
  demoPastEvents: number;
  bodyLimit: string;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe (rate limits count the client's address). */
  trustProxy: boolean | number | string;
  /** PostgreSQL connections per instance. */
  databasePoolSize: number;
  /** Requests per minute per API key (or per address without one); 0 turns the limit off. */
  requestsPerMinute: number;
  /** Rejected keys per minute per address before it is refused for the rest of the minute; 0: no limit. */
  authFailuresPerMinute: number;
  /** Threads per tuning run; undefined: one per core. */
  tuningThreads: number | undefined;
  /** Minutes between the passes that produce scheduled reports; 0 turns the scheduler off. */
  reportIntervalMinutes: number;
  /** How membership applications are decided: 'all-written' (003 §5.1) or 'majority' (002's wording). */
  consentRule: ConsentRule;
};

/** '' and 'false': no proxy (the socket's address counts); 'true': any; a number: that many hops; else addresses or names. */
function parseTrustProxy(value: string): boolean | number | string {
  if (!value || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL || undefined,
    databaseSchema: e.DATABASE_SCHEMA || undefined,
    logLevel: e.LOG_LEVEL,
    demoCompanies: e.DEMO_COMPANIES,
    demoPastEvents: e.DEMO_PAST_EVENTS,
    bodyLimit: e.BODY_LIMIT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    tuningThreads: e.TUNING_THREADS,
    reportIntervalMinutes: e.REPORT_INTERVAL_MINUTES,
    consentRule: e.ISA_CONSENT_RULE,
  };
}
