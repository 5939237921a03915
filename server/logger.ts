import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout; secrets in headers never reach them. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'isa-match' },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
