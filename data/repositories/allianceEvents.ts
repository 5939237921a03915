/** The alliance's past events, read-only history from the seed documents. */
import type { Kysely, Transaction } from 'kysely';
import type { Page } from '../../engine/model.ts';
import type { AllianceEventRow, Database } from '../schema.ts';
import { chunks, containsText, parseJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AllianceEvent {
  id: string;
  title: string;
  dateStart: string | null;
  dateEnd: string | null;
  dateAsWritten: string | null;
  place: string | null;
  organiser: string | null;
  type: string | null;
  format: string | null;
  status: string | null;
  relevance: string | null;
  topic: string | null;
  cityIds: string[];
  details: Record<string, unknown>;
  sources: string[];
}

export interface AllianceEventFilters {
  cityId?: string;
  relevance?: string;
  type?: string;
  limit: number;
  offset: number;
}

export async function insertAllianceEvents(db: Db, rows: AllianceEventRow[]): Promise<void> {
  for (const part of chunks(rows, 200)) await db.insertInto('alliance_events').values(part).execute();
}

const toEvent = (r: AllianceEventRow): AllianceEvent => ({
  id: r.id,
  title: r.title,
  dateStart: r.date_start,
  dateEnd: r.date_end,
  dateAsWritten: r.date_as_written,
  place: r.place,
  organiser: r.organiser,
  type: r.type,
  format: r.format,
  status: r.status,
  relevance: r.relevance,
  topic: r.topic,
  cityIds: parseJson<string[]>(r.city_ids, []),
  details: parseJson(r.details, {}),
  sources: parseJson<string[]>(r.sources, []),
});

function filtered(db: Db, f: Omit<AllianceEventFilters, 'limit' | 'offset'>) {
  let query = db.selectFrom('alliance_events');
  if (f.relevance) query = query.where('relevance', '=', f.relevance);
  if (f.type) query = query.where('type', '=', f.type);
  // city_ids is JSON text of slugs; quoting the id makes the substring match exact.
  if (f.cityId) query = query.where(containsText('city_ids', JSON.stringify(f.cityId)));
  return query;
}

export async function listAllianceEvents(db: Db, f: AllianceEventFilters): Promise<Page<AllianceEvent>> {
  const counted = await filtered(db, f).select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow();
  const rows = await filtered(db, f).selectAll().orderBy('date_start').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { items: rows.map(toEvent), total: Number(counted.total), limit: f.limit, offset: f.offset };
}

export async function findAllianceEventById(db: Db, id: string): Promise<AllianceEvent | undefined> {
  const row = await db.selectFrom('alliance_events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEvent(row) : undefined;
}
