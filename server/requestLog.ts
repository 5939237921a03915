/**
 * One log line per finished request, in pino-http's shape (req, res, responseTime), without a child
 * logger and serialisers per request: on the hot path those cost more than serving a cached match list.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

/** 5xx are errors (503 is a passing state: an index being built), 4xx worth a look, the rest debug. */
const levelOf = (status: number): Level => (status === 503 ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug');

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 200) || randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    req.log = log;
    const started = performance.now();
    const done = (aborted: boolean) => {
      const level = aborted ? 'info' : levelOf(res.statusCode);
      if (!log.isLevelEnabled(level)) return;
      log[level](
        { reqId: id, req: { method: req.method, url: req.originalUrl }, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    res.once('finish', () => done(false));
    res.once('close', () => {
      if (!res.writableFinished) done(true);
    });
    next();
  };
}
