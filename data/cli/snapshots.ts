/** The CLIs that write companies (seed, import) save the server's derived files for them. */
import type { Kysely } from 'kysely';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { Database } from '../schema.ts';
import { snapshotDirOf } from '../snapshots/files.ts';
import { saveMatchSnapshot } from '../snapshots/match.ts';
import { saveSearchSnapshot } from '../snapshots/search.ts';

/**
 * After a CLI wrote the companies: saves what the server would otherwise derive from them on its next start
 * (the matcher's rows and index, the search index), under the keys it looks for. A failure is reported, not
 * fatal: the data is stored, and the server then derives it itself.
 */
export async function saveSnapshots(db: Kysely<Database>, taxonomy: Taxonomy, options: { dataDir?: string | undefined }): Promise<void> {
  const dir = snapshotDirOf(options);
  if (!dir) return;
  try {
    const started = Date.now();
    const written = await saveMatchSnapshot(db, taxonomy, dir);
    console.log(written.length ? `match snapshots saved in ${((Date.now() - started) / 1000).toFixed(1)} s: ${written.join(', ')}` : 'match snapshots: none written (current already, or the companies changed meanwhile)');
  } catch (err) {
    console.error(`match snapshots not saved (the server makes them on start): ${(err as Error).message}`);
  }
  try {
    const report = await saveSearchSnapshot(db, taxonomy, dir);
    if (report.existed) console.log(`search index: ${report.file} is current`);
    else if (report.saved) console.log(`search index of ${report.documents} documents saved in ${(report.ms / 1000).toFixed(1)} s: ${report.file}`);
    else console.log('search index not saved: the companies changed while it was built (the server builds it on start)');
  } catch (err) {
    console.error(`search index not saved (the server builds it on start): ${(err as Error).message}`);
  }
}
