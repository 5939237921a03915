/**
 * The search index's thread: holds the MiniSearch index, applies documents and removals in the order
 * they were posted, and answers queries. Its heap is its own, so the server's garbage collector never
 * walks the index, and building it never stalls a request.
 */
import { parentPort } from 'node:worker_threads';
import { SearchIndex, type SearchDoc, type SearchOptions } from '../../engine/search.ts';

export type ToSearchWorker =
  | { type: 'upsert'; docs: SearchDoc[] }
  | { type: 'remove'; id: string }
  | { type: 'sync'; id: number }
  | { type: 'search'; id: number; q: string; options: SearchOptions };

export type FromSearchWorker =
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; message: string };

const index = new SearchIndex();
const port = parentPort!;

port.on('message', (message: ToSearchWorker) => {
  switch (message.type) {
    case 'upsert':
      for (const doc of message.docs) index.upsert(doc);
      break;
    case 'remove':
      index.remove(message.id);
      break;
    case 'sync':
      port.postMessage({ type: 'done', id: message.id, result: index.size } satisfies FromSearchWorker);
      break;
    case 'search':
      try {
        port.postMessage({ type: 'done', id: message.id, result: index.search(message.q, message.options) } satisfies FromSearchWorker);
      } catch (err) {
        port.postMessage({ type: 'failed', id: message.id, message: (err as Error).message } satisfies FromSearchWorker);
      }
      break;
  }
});
