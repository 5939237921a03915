/**
 * API keys: only a SHA-256 hash is stored. Keys are 32 random bytes, so a fast hash is enough (there is
 * nothing to brute-force, unlike passwords); the prefix lets people tell keys apart in listings.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { ROLES, type Role } from '../../engine/model.ts';
import type { ApiKeyRow, Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export { ROLES, type Role };

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  companyId: string | null;
  cityId: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/**
 * Keys are stored as SHA-256, unsalted, on purpose: a key is 256 random bits, so neither a dictionary nor
 * a precomputed table can reach it, and a salt or a slow hash (bcrypt, scrypt) would add nothing but
 * cost to every request. Salts and slow hashes are for secrets people choose; these are not.
 */
export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const toKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  prefix: r.key_prefix,
  companyId: r.company_id,
  cityId: r.city_id,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/** Creates a key and returns its secret: the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  db: Db,
  spec: { name: string; role: Role; companyId?: string | null; cityId?: string | null },
  now = new Date().toISOString(),
): Promise<{ key: ApiKey; secret: string }> {
  const secret = `isa_${randomBytes(32).toString('base64url')}`;
  const row: ApiKeyRow = {
    id: randomUUID(),
    name: spec.name,
    role: spec.role,
    key_hash: hashKey(secret),
    key_prefix: secret.slice(0, 10),
    company_id: spec.companyId ?? null,
    city_id: spec.cityId ?? null,
    created_at: now,
    revoked_at: null,
    last_used_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { key: toKey(row), secret };
}

export async function findActiveKeyBySecret(db: Db, secret: string): Promise<ApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashKey(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toKey(row) : undefined;
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  return rows.map(toKey);
}

export async function revokeApiKey(db: Db, id: string, now = new Date().toISOString()): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchApiKey(db: Db, id: string, now = new Date().toISOString()): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function countAdminKeys(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
