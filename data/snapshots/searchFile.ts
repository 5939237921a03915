/**
 * The search index's snapshot file: the index's own structures (SearchIndex.state()), v8-serialised,
 * written whole or not at all. The server's search thread and the CLIs (search.ts) read and write it with
 * these two functions only, so a file either wrote is the other's. Kept apart from search.ts so that the
 * search thread loads no database code.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { SearchIndex, type SearchIndexState } from '../../engine/search.ts';

export function writeSearchIndexFile(file: string, index: SearchIndex): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, serialize(index.state()));
  renameSync(`${file}.tmp`, file);
}

export function readSearchIndexFile(file: string): SearchIndex {
  return SearchIndex.fromState(deserialize(readFileSync(file)) as SearchIndexState);
}
