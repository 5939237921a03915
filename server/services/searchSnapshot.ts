/**
 * Where the search index's snapshot lives between starts (DATA_DIR/search-index-<key>.json), and its key:
 * the companies table's version (every write changes it, triggers; data/repositories/meta.ts) and the
 * code that turns a company into index terms. A snapshot is used only under the key it was saved with;
 * anything else (another database, a write since, other code) finds no file and rebuilds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What a company's index terms depend on besides its row: the document, the text pipeline, the index. */
const TERM_SOURCES = ['../../engine/search.ts', '../../engine/text.ts', '../../data/repositories/companies.ts', './search.worker.ts'];
const TERM_PACKAGES = ['minisearch', '@orama/stemmers'];

const PREFIX = 'search-index-';

function codeHash(): string {
  const hash = createHash('sha256');
  for (const source of TERM_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
  for (const name of TERM_PACKAGES) {
    const manifest = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    hash.update(existsSync(manifest) ? readFileSync(manifest) : name);
  }
  return hash.digest('hex');
}

export class SearchSnapshots {
  private readonly code = codeHash();

  constructor(private readonly dir: string) {}

  /** The snapshot file for the companies at `version` (it may not exist). */
  fileFor(version: string): string {
    const key = createHash('sha256').update(`${version}|${this.code}`).digest('hex').slice(0, 24);
    return join(this.dir, `${PREFIX}${key}.json`);
  }

  /** Deletes every snapshot but `keep`: an older one can never be used again. */
  removeAllBut(keep: string): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (name.startsWith(PREFIX) && path !== keep) rmSync(path, { force: true });
    }
  }
}
