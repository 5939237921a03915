/**
 * The matcher's state kept between starts, keyed like the search index's snapshot by the companies table's
 * version and the code that makes it (files.ts), in two files, written by the server after a build from the
 * database (server/services/matching.ts) and by the CLIs that write the companies (saveMatchSnapshot):
 * - the company rows (DATA_DIR/match-sources-<key>.bin): at 100,000 companies reading them from the
 *   database (whole rows of a wide table, their industries and wishes) takes longer than the rest of a
 *   restart; the file is read in a fraction of that.
 * - the index's candidate store (DATA_DIR/match-index-<key>.v8, engine/matching/matchIndex/snapshot.ts):
 *   restoring it skips the index build, and the features of a company are then made from its row when
 *   first needed (server/services/matching.ts). Keyed also by the code of features and store and the taxonomy's data.
 * Without the index's file (a first start, other code), features and index are built from the rows.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Kysely } from 'kysely';
import { companyFeatures, ClusterSpace, type CompanyMatchSource, type MatchFeatures } from '../../engine/matching/features.ts';
import { MatchIndex, type IndexState } from '../../engine/matching/index.ts';
import type { WishDirection, WishType } from '../../engine/cooperation.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import { loadCompanyMatchSources } from '../repositories/matching.ts';
import { companiesVersion } from '../repositories/meta.ts';
import type { Database } from '../schema.ts';
import { SnapshotFiles } from './files.ts';

const SOURCES = ['../repositories/matching.ts', './match.ts'].map((path) => new URL(path, import.meta.url));
/**
 * The index's file holds what the features of these rows were when it was saved: it is keyed also by the
 * code that makes features and stores them, and by the taxonomy's data (a restore checks the cluster
 * space, every code's path and a sample of rows besides: engine/matching/matchIndex/snapshot.ts).
 */
const INDEX_SOURCES = [
  './match.ts',
  '../../engine/matching/features.ts',
  '../../engine/matching/matchIndex/store.ts',
  '../../engine/matching/matchIndex/growable.ts',
  '../../engine/matching/matchIndex/snapshot.ts',
  '../../engine/cooperation.ts',
  '../../engine/taxonomy.ts',
  '../../engine/valueChain.ts',
  '../../data/taxonomy.ts',
  ...['clusters.json', 'gbt4754-2017.json', 'nace-rev2-zh.json', 'noga2008_levels1-4_de_en_fr_it.csv', 'value-chain.json'].map((file) => `../../data/taxonomy/${file}`),
].map((path) => new URL(path, import.meta.url));

/**
 * The file: a header of three counts (uint32: bytes of the string table, integers, weights), the string
 * table (every distinct string once, as a JSON array: one parse instead of one per row), then the
 * integers (int32: string numbers, -1 for null, and counts) and the weights (float64), in the order
 * decode() reads them. Reading allocates little besides the rows themselves.
 */
const HEADER_BYTES = 16;
const FORMAT = 1;

function encode(companies: CompanyMatchSource[]): Buffer {
  const numbers = new Map<string, number>();
  const strings: string[] = [];
  const ints: number[] = [];
  const weights: number[] = [];
  const string = (s: string | null) => {
    if (s === null) return ints.push(-1);
    let n = numbers.get(s);
    if (n === undefined) numbers.set(s, (n = strings.push(s) - 1));
    return ints.push(n);
  };
  for (const c of companies) {
    string(c.id);
    string(c.name);
    string(c.country);
    string(c.cityId);
    string(c.groupId);
    string(c.size.sizeClass);
    ints.push(c.industries.length);
    for (const industry of c.industries) {
      ints.push(industry.nace.length);
      for (const n of industry.nace) {
        string(n.code);
        weights.push(n.weight);
      }
    }
    ints.push(c.wishes.length);
    for (const w of c.wishes) {
      string(w.direction);
      string(w.type);
      ints.push(w.clusters.length);
      for (const cluster of w.clusters) string(cluster);
      string(w.targetCountry);
    }
  }
  const table = Buffer.from(JSON.stringify(strings));
  // The typed arrays start at multiples of 8 bytes.
  const intsAt = HEADER_BYTES + Math.ceil(table.length / 8) * 8;
  const weightsAt = intsAt + Math.ceil((ints.length * 4) / 8) * 8;
  const out = Buffer.alloc(weightsAt + weights.length * 8);
  out.writeUInt32LE(FORMAT, 0);
  out.writeUInt32LE(table.length, 4);
  out.writeUInt32LE(ints.length, 8);
  out.writeUInt32LE(weights.length, 12);
  table.copy(out, HEADER_BYTES);
  Buffer.from(Int32Array.from(ints).buffer).copy(out, intsAt);
  Buffer.from(Float64Array.from(weights).buffer).copy(out, weightsAt);
  return out;
}

/**
 * The rows, checked whole first (a file that does not add up is an error before any row is used), then
 * made one by one as they are asked for: in order, each dropped as soon as it is indexed, or one at a
 * time by number (a start that restores the index makes a company's features when first asked for).
 */
function decode(file: Buffer): CompanyRows {
  if (file.readUInt32LE(0) !== FORMAT) throw new Error('not a match snapshot of this format');
  const tableBytes = file.readUInt32LE(4);
  const intCount = file.readUInt32LE(8);
  const weightCount = file.readUInt32LE(12);
  const strings = JSON.parse(file.toString('utf8', HEADER_BYTES, HEADER_BYTES + tableBytes)) as string[];
  const intsAt = HEADER_BYTES + Math.ceil(tableBytes / 8) * 8;
  const weightsAt = intsAt + Math.ceil((intCount * 4) / 8) * 8;
  if (file.length !== weightsAt + weightCount * 8) throw new Error('a match snapshot of the wrong length');
  // Copied out: the file's own buffer need not be aligned for typed arrays.
  const ints = new Int32Array(file.buffer.slice(file.byteOffset + intsAt, file.byteOffset + intsAt + intCount * 4));
  const weights = new Float64Array(file.buffer.slice(file.byteOffset + weightsAt, file.byteOffset + weightsAt + weightCount * 8));
  const starts = check(ints, strings.length, weightCount);
  const size = starts.length / 2;
  return {
    size,
    idAt: (n) => strings[ints[starts[2 * n]!]!]!,
    at: (n) => rowAt(strings, ints, weights, starts[2 * n]!, starts[2 * n + 1]!),
    *[Symbol.iterator]() {
      for (let n = 0; n < size; n++) yield rowAt(strings, ints, weights, starts[2 * n]!, starts[2 * n + 1]!);
    },
  };
}

/**
 * Walks the integers as decode() reads them: every count in range, every string number in the table.
 * Returns where each row starts: its first integer and its first weight, in pairs.
 */
function check(ints: Int32Array, stringCount: number, weightCount: number): Int32Array {
  let i = 0;
  let w = 0;
  const starts: number[] = [];
  const fail = () => {
    throw new Error('a match snapshot that does not add up');
  };
  const next = () => (i < ints.length ? ints[i++]! : fail());
  const string = (nullable: boolean) => {
    const n = next();
    if (n >= stringCount || n < (nullable ? -1 : 0)) fail();
  };
  while (i < ints.length) {
    starts.push(i, w);
    for (let k = 0; k < 6; k++) string(k >= 3);
    for (let industries = next(); industries > 0; industries--) {
      for (let codes = next(); codes > 0; codes--) {
        string(false);
        w++;
      }
    }
    for (let wishes = next(); wishes > 0; wishes--) {
      string(false);
      string(false);
      for (let n = next(); n > 0; n--) string(false);
      string(true);
    }
  }
  if (w !== weightCount) fail();
  return Int32Array.from(starts);
}

/** The row whose integers start at i and weights at w. */
function rowAt(strings: string[], ints: Int32Array, weights: Float64Array, i: number, w: number): CompanyMatchSource {
  const text = () => strings[ints[i++]!]!;
  const textOrNull = () => {
    const n = ints[i++]!;
    return n < 0 ? null : strings[n]!;
  };
  const company: CompanyMatchSource = { id: text(), name: text(), country: text(), cityId: textOrNull(), groupId: textOrNull(), size: { sizeClass: textOrNull() }, industries: [], wishes: [] };
  for (let industries = ints[i++]!; industries > 0; industries--) {
    const nace: CompanyMatchSource['industries'][number]['nace'] = [];
    for (let codes = ints[i++]!; codes > 0; codes--) nace.push({ code: text(), weight: weights[w++]! });
    company.industries.push({ nace });
  }
  for (let wishes = ints[i++]!; wishes > 0; wishes--) {
    const direction = text() as WishDirection;
    const type = text() as WishType;
    const clusters: string[] = [];
    for (let n = ints[i++]!; n > 0; n--) clusters.push(text());
    company.wishes.push({ direction, type, clusters, targetCountry: textOrNull() });
  }
  return company;
}

/** The companies' rows: in order, or one by number. */
export interface CompanyRows extends Iterable<CompanyMatchSource> {
  readonly size: number;
  /** Row n's company id. */
  idAt(n: number): string;
  /** Row n (made anew at each call from a snapshot). */
  at(n: number): CompanyMatchSource;
}

export const rowsOf = (companies: CompanyMatchSource[]): CompanyRows => ({ size: companies.length, idAt: (n) => companies[n]!.id, at: (n) => companies[n]!, [Symbol.iterator]: () => companies[Symbol.iterator]() });

export interface MatchSources {
  companies: CompanyRows;
  /** Whether they came from a snapshot. */
  fromSnapshot: boolean;
  /** The index's state saved for these companies' version, if there is one (still to be checked against them). */
  index?: IndexState;
  /** Writes the rows as the snapshot of their version; absent when read from one, or when a write overlapped the read. */
  save?: () => Promise<string>;
  /** Writes an index of exactly these companies as the snapshot of their version; absent when a write overlapped the read. */
  saveIndex?: (state: IndexState) => Promise<string>;
}

export class MatchSourceSnapshots {
  private readonly files: SnapshotFiles;
  private readonly indexFiles: SnapshotFiles;

  constructor(dir: string) {
    this.files = new SnapshotFiles(dir, 'match-sources-', 'bin', SOURCES);
    this.indexFiles = new SnapshotFiles(dir, 'match-index-', 'v8', INDEX_SOURCES);
  }

  /**
   * Every company's match source: from the snapshot of the companies' current version if there is one,
   * else from the database; with the index's state of that version when it was saved.
   */
  async read(db: Kysely<Database>, onUnreadable: (err: unknown, file: string) => void): Promise<MatchSources> {
    const version = await companiesVersion(db);
    const file = this.files.fileFor(version);
    const indexFile = this.indexFiles.fileFor(version);
    const index = existsSync(indexFile) ? this.readIndex(indexFile, onUnreadable) : undefined;
    const saveIndex = index ? undefined : (state: IndexState) => this.write(this.indexFiles, indexFile, serialize(state));
    if (existsSync(file)) {
      try {
        return { companies: decode(readFileSync(file)), fromSnapshot: true, index, saveIndex: mkdirFor(indexFile, saveIndex) };
      } catch (err) {
        onUnreadable(err, file);
      }
    }
    const companies = await loadCompanyMatchSources(db);
    // Saved only when no write to the companies overlapped the read: then the rows are exactly that version.
    if (version !== (await companiesVersion(db))) return { companies: rowsOf(companies), fromSnapshot: false };
    return { companies: rowsOf(companies), fromSnapshot: false, index, save: mkdirFor(file, () => this.write(this.files, file, encode(companies))), saveIndex: mkdirFor(indexFile, saveIndex) };
  }

  private readIndex(file: string, onUnreadable: (err: unknown, file: string) => void): IndexState | undefined {
    try {
      return deserialize(readFileSync(file)) as IndexState;
    } catch (err) {
      onUnreadable(err, file);
      return undefined;
    }
  }

  private async write(files: SnapshotFiles, file: string, content: Buffer): Promise<string> {
    await writeFile(`${file}.tmp`, content);
    await rename(`${file}.tmp`, file);
    files.removeAllBut(file);
    return file;
  }
}

/** `save`, with its file's directory made now: a later save into a directory removed since (a test's) just fails. */
function mkdirFor<T extends unknown[]>(file: string, save: ((...args: T) => Promise<string>) | undefined): ((...args: T) => Promise<string>) | undefined {
  if (save) mkdirSync(dirname(file), { recursive: true });
  return save;
}

/**
 * Indexes companies the way a start does: their features made from the rows, the whole load at once (the
 * index lays it out by block); each feature is also handed to `made`. The server's build and
 * saveMatchSnapshot() both index through here, so the state a CLI saves is the one the server would.
 */
export function indexCompanyRows(index: MatchIndex, space: ClusterSpace, companies: Iterable<CompanyMatchSource>, made?: (features: MatchFeatures) => void): void {
  const features: MatchFeatures[] = [];
  for (const company of companies) {
    const f = companyFeatures(space, company);
    made?.(f);
    features.push(f);
  }
  index.upsertMany(features);
}

/**
 * Makes sure the matcher's snapshots of the companies as they are now are saved in `dir` (the rows, and the
 * index of the companies alone, as the server's build exports it); the files written. Run by the CLIs after
 * they write the companies, while no server writes them.
 */
export async function saveMatchSnapshot(db: Kysely<Database>, taxonomy: Taxonomy, dir: string): Promise<string[]> {
  // A file that cannot be read is made anew, as the server would.
  const sources = await new MatchSourceSnapshots(dir).read(db, () => undefined);
  const written: string[] = [];
  if (sources.save) written.push(await sources.save());
  if (sources.saveIndex) {
    const space = new ClusterSpace(taxonomy);
    const index = new MatchIndex(space);
    indexCompanyRows(index, space, sources.companies);
    written.push(await sources.saveIndex(index.exportState()));
  }
  return written;
}
