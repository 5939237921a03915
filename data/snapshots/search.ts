/**
 * The search index as it is derived from the database, for the server (server/services/search.ts, which
 * builds it on its search thread) and for the CLIs that write the companies (seed, import), which save it
 * so that the server's next start loads it instead of building it (a minute at 100,000 companies before the
 * build was staged, seconds to load). One order of documents (every city, then the companies by id in
 * slices), one file format (searchFile.ts), one key: the server saves and loads the same bytes a CLI does.
 */
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { cityDoc, companyDoc, SearchIndex, type SearchDoc } from '../../engine/search.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import { listCities } from '../repositories/cities.ts';
import { listCompanySearchSources } from '../repositories/companies.ts';
import { companiesVersion } from '../repositories/meta.ts';
import type { Database } from '../schema.ts';
import { SnapshotFiles } from './files.ts';
import { writeSearchIndexFile } from './searchFile.ts';

/** What a company's index terms depend on besides its row: the document, the text pipeline, the index, this order and file. */
const TERM_SOURCES = ['../../engine/search.ts', '../../engine/text.ts', '../repositories/companies.ts', './search.ts', './searchFile.ts'].map((path) => new URL(path, import.meta.url));
const TERM_PACKAGES = ['minisearch', '@orama/stemmers'];

export const searchSnapshots = (dir: string) => new SnapshotFiles(dir, 'search-index-', 'v8', TERM_SOURCES, TERM_PACKAGES);

/** Companies read per slice (the server posts each to its search thread and serves requests between slices). */
const SLICE = 1000;

/**
 * The index's documents in the order it is built: every city (one slice), then, unless `companies` is
 * false (a snapshot holds them), the companies by id, a slice at a time.
 */
export async function* searchDocuments(db: Kysely<Database>, taxonomy: Taxonomy, options: { companies: boolean }): AsyncGenerator<{ kind: 'city' | 'company'; docs: SearchDoc[] }> {
  const cities = await listCities(db, { limit: 100_000, offset: 0 });
  yield { kind: 'city', docs: cities.items.map((c) => cityDoc(taxonomy, c)) };
  if (!options.companies) return;
  for (let after = ''; ; ) {
    const rows = await listCompanySearchSources(db, after, SLICE);
    if (!rows.length) return;
    yield { kind: 'company', docs: rows.map(companyDoc) };
    after = rows.at(-1)!.id;
  }
}

export interface SearchSnapshotReport {
  file: string;
  /** Whether the file was there already (nothing built). */
  existed: boolean;
  /** Whether it was written: not when a write to the companies overlapped the build. */
  saved: boolean;
  documents: number;
  ms: number;
}

/**
 * Makes sure the search index of the companies as they are now is saved in `dir`: builds and saves it
 * unless its file exists. Run by the CLIs after they write the companies, while no server writes them.
 */
export async function saveSearchSnapshot(db: Kysely<Database>, taxonomy: Taxonomy, dir: string): Promise<SearchSnapshotReport> {
  const started = Date.now();
  const files = searchSnapshots(dir);
  const version = await companiesVersion(db);
  const file = files.fileFor(version);
  if (existsSync(file)) return { file, existed: true, saved: false, documents: 0, ms: Date.now() - started };
  const index = new SearchIndex();
  for await (const { docs } of searchDocuments(db, taxonomy, { companies: true })) index.upsertAll(docs);
  // Saved only when no write to the companies overlapped the build: then it is exactly that version.
  const saved = version === (await companiesVersion(db));
  if (saved) {
    writeSearchIndexFile(file, index);
    files.removeAllBut(file);
  }
  return { file, existed: false, saved, documents: index.size, ms: Date.now() - started };
}
