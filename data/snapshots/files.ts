/**
 * Files of data derived from the companies table and kept between starts (DATA_DIR/<prefix><key>.<ext>),
 * and their key: the companies table's version (every write changes it, triggers; data/repositories/meta.ts)
 * and the code that derives them. A snapshot is used only under the key it was saved with; anything else
 * (another database, a write since, other code) finds no file and derives afresh. Here in data/, so that
 * the CLIs that write the companies (seed, import) save what the server would otherwise derive on its next
 * start, under the key the server looks for.
 * Kinds: the search index (search.ts), the matcher's company rows and index (match.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where a database's snapshots live: beside the SQLite file (DATA_DIR), also for PostgreSQL; none for an in-memory database. */
export function snapshotDirOf(options: { dataDir?: string | undefined; sqliteFile?: string | undefined }): string | undefined {
  return options.sqliteFile === ':memory:' ? undefined : (options.dataDir ?? './var');
}

function codeHash(sources: readonly URL[], packages: readonly string[]): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(readFileSync(source));
  for (const name of packages) {
    const manifest = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    hash.update(existsSync(manifest) ? readFileSync(manifest) : name);
  }
  return hash.digest('hex');
}

export class SnapshotFiles {
  private readonly code: string;

  /** `sources`: the files whose code decides what is derived; `packages`: the npm packages that do. */
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly extension: string,
    sources: readonly URL[],
    packages: readonly string[] = [],
  ) {
    this.code = codeHash(sources, packages);
  }

  /** The snapshot file for the companies at `version` (it may not exist). */
  fileFor(version: string): string {
    const key = createHash('sha256').update(`${version}|${this.code}`).digest('hex').slice(0, 24);
    return join(this.dir, `${this.prefix}${key}.${this.extension}`);
  }

  /** Deletes every snapshot of this kind but `keep`: an older one can never be used again. */
  removeAllBut(keep: string): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (name.startsWith(this.prefix) && path !== keep) rmSync(path, { force: true });
    }
  }
}
