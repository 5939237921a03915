/** Liveness: the database answers, the taxonomy is loaded. */
import { pingDatabase } from '../../data/db.ts';
import type { AppContext } from '../context.ts';

export async function serviceHealth(ctx: AppContext) {
  const started = Date.now();
  await pingDatabase(ctx.db);
  return {
    status: 'ok' as const,
    instance: ctx.instanceId,
    database: { dialect: ctx.database.dialect, latencyMs: Date.now() - started },
    taxonomy: { nace: ctx.taxonomy.naceCount, clusters: ctx.taxonomy.clusters().length },
  };
}
