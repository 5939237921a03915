import { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const started = Date.now();
    await sql`select 1`.execute(ctx.db);
    res.json({
      status: 'ok',
      database: { dialect: ctx.database.dialect, latencyMs: Date.now() - started },
      taxonomy: { nace: ctx.taxonomy.naceCount, clusters: ctx.taxonomy.clusters().length },
    });
  });
  return router;
}
