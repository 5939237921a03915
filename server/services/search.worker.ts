/**
 * The search index's thread (a runtime/threads.ts Thread): holds the MiniSearch index, applies documents
 * and removals in the order they were posted, and answers queries. Its heap is its own, so the server's
 * garbage collector never walks the index, and building it never stalls a request.
 */
import { AppError } from '../../engine/errors.ts';
import { SearchIndex, type SearchDoc, type SearchHit, type SearchOptions } from '../../engine/search.ts';
import { readSearchIndexFile, writeSearchIndexFile } from '../../data/snapshots/searchFile.ts';

export type ToSearchWorker =
  | { type: 'upsert'; docs: SearchDoc[] }
  | { type: 'remove'; id: string }
  /** Answered with the index's size once every message before it is applied. */
  | { type: 'sync' }
  /** Replaces the index with the snapshot in `file` (data/snapshots/searchFile.ts); answered with its size. */
  | { type: 'load'; file: string }
  /** Writes the index as it is after every message before this one to `file` (whole or not at all). */
  | { type: 'save'; file: string }
  | { type: 'search'; q: string; options: SearchOptions };

let index = new SearchIndex();

export default function search(message: ToSearchWorker): number | { items: SearchHit[]; total: number } | undefined {
  switch (message.type) {
    case 'upsert':
      index.upsertAll(message.docs);
      return undefined;
    case 'remove':
      index.remove(message.id);
      return undefined;
    case 'sync':
      return index.size;
    case 'load':
      try {
        index = readSearchIndexFile(message.file);
      } catch (err) {
        throw new AppError('internal', `could not load the search snapshot: ${(err as Error).message}`);
      }
      return index.size;
    case 'save':
      try {
        writeSearchIndexFile(message.file, index);
      } catch (err) {
        throw new AppError('internal', `could not save the search snapshot: ${(err as Error).message}`);
      }
      return index.size;
    case 'search':
      // A query that fails is that query's failure: the index stays up.
      try {
        return index.search(message.q, message.options);
      } catch (err) {
        throw new AppError('internal', `search failed: ${(err as Error).message}`);
      }
  }
}
