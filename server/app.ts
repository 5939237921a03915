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
import { rejectNulCharacters, verifyJsonDepth } from './validation.ts';
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
  app.set('check responses', checkResponses);
  app.use(requestLog(ctx.log));
  app.use(express.json({ limit: ctx.bodyLimit, type: ['application/json', 'application/*+json'], verify: verifyJsonDepth }));
  app.use(rejectNulCharacters);
  app.use(authenticate(ctx));
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
