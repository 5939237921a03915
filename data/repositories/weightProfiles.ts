/**
 * Weight profiles: each save makes a new version of a name; nothing is overwritten. One version per name
 * is active, and one name is the default used when a request names no profile.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ScoringProfile } from '../../engine/matching/score.ts';
import type { Database, WeightProfileRow } from '../schema.ts';
import { parseJson, toJson } from './json.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredProfile extends ScoringProfile {
  name: string;
  version: number;
  active: boolean;
  isDefault: boolean;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  /** How a fitted version was made and its cross-validated metrics; null for versions saved by hand. */
  metrics: Record<string, unknown> | null;
}

const toProfile = (r: WeightProfileRow): StoredProfile => ({
  name: r.name,
  version: r.version,
  weights: parseJson(r.weights, { industry: 0, complementarity: 0, size: 0 }),
  fusion: r.fusion as ScoringProfile['fusion'],
  sizeMatrix: parseJson(r.size_matrix, []),
  active: r.active === 1,
  isDefault: r.is_default === 1,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  metrics: r.metrics === null ? null : parseJson(r.metrics, null),
});

export async function listWeightProfiles(db: Db, name?: string): Promise<StoredProfile[]> {
  let query = db.selectFrom('weight_profiles').selectAll().orderBy('name').orderBy('version');
  if (name) query = query.where('name', '=', name);
  return (await query.execute()).map(toProfile);
}

/** A profile by "name" (its active version) or "name@v3"; without a reference, the default's active version. */
export async function findWeightProfile(db: Db, reference?: string): Promise<StoredProfile | undefined> {
  let query = db.selectFrom('weight_profiles').selectAll();
  if (!reference) query = query.where('is_default', '=', 1).where('active', '=', 1);
  else {
    const m = /^(.+)@v(\d+)$/.exec(reference);
    query = m ? query.where('name', '=', m[1]!).where('version', '=', Number(m[2])) : query.where('name', '=', reference).where('active', '=', 1);
  }
  const row = await query.executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

/** Saves a new version of `name` (1 for a new name), active unless told otherwise. */
export async function saveWeightProfile(
  db: Db,
  spec: ScoringProfile & { name: string; note?: string | null; createdBy?: string | null; activate?: boolean; isDefault?: boolean; metrics?: Record<string, unknown> | null },
  now = new Date().toISOString(),
): Promise<StoredProfile> {
  const last = await db
    .selectFrom('weight_profiles')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('name', '=', spec.name)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const activate = spec.activate ?? true;
  if (activate) await db.updateTable('weight_profiles').set({ active: 0 }).where('name', '=', spec.name).execute();
  const anyDefault = await db.selectFrom('weight_profiles').select('name').where('is_default', '=', 1).executeTakeFirst();
  const isDefault = spec.isDefault ?? (anyDefault ? anyDefault.name === spec.name : true);
  const row: WeightProfileRow = {
    name: spec.name,
    version,
    weights: toJson(spec.weights),
    fusion: spec.fusion,
    size_matrix: toJson(spec.sizeMatrix),
    active: activate ? 1 : 0,
    is_default: isDefault ? 1 : 0,
    note: spec.note ?? null,
    created_by: spec.createdBy ?? null,
    created_at: now,
    metrics: spec.metrics ? toJson(spec.metrics) : null,
  };
  await db.insertInto('weight_profiles').values(row).execute();
  return toProfile(row);
}

/** Makes `version` the active one of its name; the others stay stored. */
export async function activateWeightProfile(db: Db, name: string, version: number): Promise<boolean> {
  const exists = await db.selectFrom('weight_profiles').select('version').where('name', '=', name).where('version', '=', version).executeTakeFirst();
  if (!exists) return false;
  await db.updateTable('weight_profiles').set({ active: 0 }).where('name', '=', name).execute();
  await db.updateTable('weight_profiles').set({ active: 1 }).where('name', '=', name).where('version', '=', version).execute();
  return true;
}
