/** The Express application, without listen(), so tests drive it through supertest. */
import express from 'express';
import type { AppContext } from './context.ts';
import { authenticate } from './auth.ts';
import { SWAGGER_UI_ASSETS, SWAGGER_UI_DIR } from './docs/page.ts';
import { openApiDocument } from './openapi.ts';
import { notFoundRoute, problemHandler } from './problem.ts';
import { requestLog } from './requestLog.ts';
import { mountRoutes } from './routing.ts';
import { allRoutes } from './routes/index.ts';
import { rejectNulInUrl } from './validation.ts';
import { authFailureLimit, requestLimit } from './limits.ts';
import { securityHeaders } from './securityHeaders.ts';
import { workbenchAssets } from './web.ts';

export interface AppOptions {
  /** Check every reply against its route's declared statuses and schemas (the API tests turn it on). */
  checkResponses?: boolean;
}

export function createApp(ctx: AppContext, options: AppOptions = {}): express.Express {
  const checkResponses = options.checkResponses ?? false;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', ctx.trustProxy);
  app.set('check responses', checkResponses);
  app.use(requestLog(ctx.log));
  app.use(securityHeaders());
  app.use(rejectNulInUrl);
  // Keys are guessed by sending many: an address that sent too many wrong ones is refused before the lookup.
  app.use(authFailureLimit(ctx.rateLimits));
  // Who calls is known from the headers alone; each route checks access before it reads its body.
  app.use(authenticate(ctx));
  app.use(requestLimit(ctx.rateLimits));
  // Only the files the reference page loads; any other path under /docs/assets leaves this router for the 404.
  const assets = express.Router();
  assets.use((req, _res, next) => next(SWAGGER_UI_ASSETS.includes(req.path.slice(1)) ? undefined : 'router'), express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' }));
  app.use('/docs/assets', assets);

  let document: Record<string, unknown> | undefined;
  const routes = allRoutes(() => (document ??= apiDocument(routes)));
  const router = express.Router();
  mountRoutes(router, ctx, routes, { checkResponses });
  app.use(router);
  app.use(workbenchAssets());

  app.use(notFoundRoute);
  app.use(problemHandler);
  return app;
}

/** The OpenAPI document of the app's routes. */
export function apiDocument(routes = allRoutes(() => ({}))): Record<string, unknown> {
  return openApiDocument(routes);
}
