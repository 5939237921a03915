/**
 * Background jobs (scheduling and tuning runs): status, progress, result or error. A job outlives its
 * request; one a previous process left unfinished is marked failed at start.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Page } from '../../engine/model.ts';
import type { Database, JobRow } from '../schema.ts';
import { newId } from './events.ts';
import { parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;


export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  eventId: string | null;
  ownerKeyId: string;
  status: JobStatus;
  params: Record<string, unknown>;
  progress: Record<string, unknown>;
  result: unknown;
  error: { code: string; message: string; field?: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  eventId: r.event_id,
  ownerKeyId: r.owner_key_id,
  status: r.status as JobStatus,
  params: parseJson(r.params, {}),
  progress: parseJson(r.progress, {}),
  result: parseJson(r.result, null),
  error: parseJson(r.error, null),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export async function createJob(db: Db, spec: { kind: string; eventId: string | null; ownerKeyId: string; params: Record<string, unknown> }, now = new Date().toISOString()): Promise<Job> {
  const row: JobRow = {
    id: newId('job'),
    kind: spec.kind,
    event_id: spec.eventId,
    owner_key_id: spec.ownerKeyId,
    status: 'queued',
    params: toJson(spec.params),
    progress: toJson({ phase: 'queued', fraction: 0 }),
    result: null,
    error: null,
    created_at: now,
    started_at: null,
    finished_at: null,
  };
  await db.insertInto('jobs').values(row).execute();
  return toJob(row);
}

export async function findJob(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export async function updateJob(
  db: Db,
  id: string,
  change: { status?: JobStatus; progress?: unknown; result?: unknown; error?: Job['error']; startedAt?: string; finishedAt?: string },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.progress !== undefined ? { progress: toJson(change.progress) } : {}),
      ...(change.result !== undefined ? { result: toJson(change.result) } : {}),
      ...(change.error !== undefined ? { error: toJson(change.error) } : {}),
      ...(change.startedAt ? { started_at: change.startedAt } : {}),
      ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The newest job of a kind for an event, optionally only in some states, or only one that left a result (a cancelled run may). */
export async function latestJob(db: Db, eventId: string, kind: string, statuses?: JobStatus[], options: { withResult?: boolean } = {}): Promise<Job | undefined> {
  let query = db.selectFrom('jobs').selectAll().where('event_id', '=', eventId).where('kind', '=', kind);
  if (statuses?.length) query = query.where('status', 'in', statuses);
  if (options.withResult) query = query.where('result', 'is not', null);
  const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Jobs of a kind, newest first, a page at a time. */
export async function listJobs(db: Db, kind: string, page: { limit: number; offset: number }): Promise<Page<Job>> {
  const [rows, count] = await Promise.all([
    db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', kind).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toJob), total: Number(count.n), limit: page.limit, offset: page.offset };
}

/** Jobs a previous process left queued or running can never finish: mark them failed at start. */
export async function failInterruptedJobs(db: Db, now = new Date().toISOString()): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'failed', error: toJson({ code: 'unavailable', message: 'The server restarted before the job finished; start it again' }), finished_at: now })
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
