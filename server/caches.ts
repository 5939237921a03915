/**
 * Small in-process caches on the request path. Each says when it forgets: the key cache after a few
 * seconds (a key revoked through the API is dropped at once; one revoked with the CLI, another process,
 * stops working within KEY_TTL_MS), the profile cache whenever a profile is saved or activated.
 */
import type { Kysely } from 'kysely';
import { findActiveKeyBySecret, hashKey, type ApiKey } from '../data/repositories/apiKeys.ts';
import { findWeightProfile, type StoredProfile } from '../data/repositories/weightProfiles.ts';
import type { Database } from '../data/schema.ts';

export const KEY_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

export class KeyCache {
  private readonly entries = new Map<string, { key: ApiKey; expires: number }>();

  async find(db: Kysely<Database>, secret: string): Promise<ApiKey | undefined> {
    const hash = hashKey(secret);
    const now = Date.now();
    const hit = this.entries.get(hash);
    if (hit && hit.expires > now) return hit.key;
    const key = await findActiveKeyBySecret(db, secret);
    if (!key) {
      this.entries.delete(hash);
      return undefined;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { key, expires: now + KEY_TTL_MS });
    return key;
  }

  forget(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.key.id === keyId) this.entries.delete(hash);
  }
}

export class ProfileCache {
  private readonly entries = new Map<string, StoredProfile | undefined>();

  async find(db: Kysely<Database>, reference: string | undefined): Promise<StoredProfile | undefined> {
    const key = reference ?? '';
    if (this.entries.has(key)) return this.entries.get(key);
    const profile = await findWeightProfile(db, reference);
    if (profile) this.entries.set(key, profile);
    return profile;
  }

  clear(): void {
    this.entries.clear();
  }
}
