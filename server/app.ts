/** The Express application, without listen(), so tests drive it through supertest. */
import express from 'express';
import type { AppContext } from './context.ts';
import { authenticate, requirePrincipal } from './auth.ts';
import { notFoundRoute, problemHandler } from './problem.ts';
import { rejectNulCharacters } from './validation.ts';
import { requestLog } from './requestLog.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { cityRoutes } from './routes/cities.ts';
import { companyRoutes } from './routes/companies.ts';
import { eventRoutes } from './routes/events.ts';
import { historyRoutes } from './routes/history.ts';
import { healthRoutes } from './routes/health.ts';
import { industryRoutes } from './routes/industries.ts';
import { keyRoutes } from './routes/keys.ts';
import { matchRoutes } from './routes/matches.ts';
import { searchRoutes } from './routes/search.ts';
import { openApiDocument } from './openapi.ts';

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(ctx.log));
  app.use(express.json({ limit: ctx.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(rejectNulCharacters);
  app.use(authenticate(ctx));

  app.use(healthRoutes(ctx));
  const openApi = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/auth/me', (req, res) => {
    res.json(requirePrincipal(req));
  });
  app.use(matchRoutes(ctx));
  app.use(searchRoutes(ctx));
  app.use(cityRoutes(ctx));
  app.use(industryRoutes(ctx));
  app.use(companyRoutes(ctx));
  app.use(historyRoutes(ctx));
  app.use(keyRoutes(ctx));
  app.use(eventRoutes(ctx));
  app.use(analysisRoutes(ctx));

  app.use(notFoundRoute);
  app.use(problemHandler);
  return app;
}
