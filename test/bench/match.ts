/**
 * npm run bench:match [-- --sizes 10000,100000,1000000 --queries 200 --no-http --baseline <git ref> --only search]
 *
 * 1. Engine: top-20 latency of the pruned index against the exhaustive scan (the same kernel over every
 *    candidate), measured in one run, results checked identical; build time and memory. With --baseline,
 *    that commit's engine beside this one's, in the same process, queries interleaved.
 * 2. Serving (serving.ts): `npm start` on 127.0.0.1, start to first answered match list (first start and
 *    restart at 2,000, start and restart at 100k), start to search ready, autocannon against
 *    GET /companies/:id/matches with the result cache off and on. With --baseline, the same measurements
 *    of that commit's tree (exported to a temporary directory) first, side by side in the table.
 * 3. With --only search: just the search index at --http-companies (serving.ts, measureSearchStart): the
 *    seed CLI, search ready on the first start after it, on a restart, and on a start without any search
 *    snapshot (the server builds the index); baseline first with --baseline. Printed, not written to
 *    BENCHMARKS.md (that holds the whole bench's runs).
 * Figures go to BENCHMARKS.md. Not a test: nothing here fails on a slow machine.
 */
import { parseArgs } from 'node:util';
import type { demoCompanyStream } from '../../data/seed/demo.ts';
import type { ClusterSpace, companyFeatures, MatchFeatures } from '../../engine/matching/features.ts';
import type { MatchIndex } from '../../engine/matching/index.ts';
import type { DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { exportCommit, machine, percentile, writeSection } from './report.ts';
import { measureSearchStart, measureServing, SEARCH_LIMIT_MS, ServedTree, type SearchStartFigures, type ServingFigures } from './serving.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '200' },
    'no-http': { type: 'boolean', default: false },
    'http-seconds': { type: 'string', default: '10' },
    'http-companies': { type: 'string', default: '100000' },
    baseline: { type: 'string' },
    only: { type: 'string' },
  },
});
if (values.only !== undefined && values.only !== 'search') throw new Error(`--only takes 'search', not '${values.only}'`);
const sizes = values.sizes.split(',').map(Number);
const queryCount = Number(values.queries);
const K = 20;
const root = new URL('../../', import.meta.url).pathname;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** One tree's engine, its modules loaded from that tree (this one, or the baseline's export). */
interface EngineTree {
  label: string;
  taxonomy: unknown;
  space: unknown;
  cities: unknown;
  demoCompanyStream: typeof demoCompanyStream;
  companyFeatures: typeof companyFeatures;
  MatchIndex: typeof MatchIndex;
  profile: typeof DEFAULT_PROFILE;
}

async function engineTree(label: string, dir: string): Promise<EngineTree> {
  const load = (path: string) => import(new URL(path, `file://${dir}/`).href);
  const [{ loadTaxonomy }, { loadAllianceData }, demo, features, index, score] = await Promise.all([load('data/taxonomy.ts'), load('data/seed/isaFacts.ts'), load('data/seed/demo.ts'), load('engine/matching/features.ts'), load('engine/matching/index.ts'), load('engine/matching/score.ts')]);
  const { taxonomy } = loadTaxonomy();
  return { label, taxonomy, space: new features.ClusterSpace(taxonomy), cities: loadAllianceData(taxonomy, '').cities, demoCompanyStream: demo.demoCompanyStream, companyFeatures: features.companyFeatures, MatchIndex: index.MatchIndex, profile: score.DEFAULT_PROFILE };
}

interface EngineRow {
  label: string;
  n: number;
  buildS: number;
  memoryMb: number;
  oursMedian: number;
  oursP99: number;
  /** The median of each query's CPU time (process.cpuUsage): what a busy machine's waiting leaves out. */
  oursCpuMedian: number;
  scanMedian: number;
  scanP99: number;
  scored: number;
  identical: boolean;
}

interface BuiltIndex {
  tree: EngineTree;
  index: MatchIndex;
  queries: MatchFeatures[];
  buildS: number;
  memoryMb: number;
}

function build(tree: EngineTree, n: number): BuiltIndex {
  gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const index = new tree.MatchIndex(tree.space as ClusterSpace);
  const queries: MatchFeatures[] = [];
  const every = Math.max(1, Math.floor(n / queryCount));
  let i = 0;
  const all: MatchFeatures[] = [];
  for (const company of tree.demoCompanyStream(tree.cities as never, tree.taxonomy as never, { count: n, seed: 2026, now: '' })) {
    const f = tree.companyFeatures(tree.space as ClusterSpace, company);
    all.push(f);
    // A copy of the vector: a kept view would pin its whole slab (4,096 vectors) and inflate the memory figure.
    if (i++ % every === 0 && queries.length < queryCount) queries.push({ ...f, clusters: Float64Array.from(f.clusters) });
  }
  // The whole load at once, as the server's start does (laid out by block where the tree can).
  if ('upsertMany' in index) index.upsertMany(all);
  else for (const f of all) (index as MatchIndex).upsert(f);
  all.length = 0;
  const buildS = (performance.now() - started) / 1000;
  gc?.();
  const after = process.memoryUsage();
  return { tree, index, queries, buildS, memoryMb: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) };
}

/**
 * Top-k latency of each tree at size n, the trees' queries interleaved (query j of each in turn, the order
 * alternating) so that a busy machine weighs on both alike; the exhaustive scan of the last tree (this one).
 */
function engine(trees: EngineTree[], n: number): EngineRow[] {
  const built = trees.map((tree) => build(tree, n));
  // Steady state: every query once before measuring, so that compiling the code (which also counts as
  // the process's CPU time) is not measured; the larger the scoring code, the longer it warms up.
  for (const b of built) for (const q of b.queries) b.index.topK(q, b.tree.profile, { k: K });
  const times = built.map(() => [] as number[]);
  const cpu = built.map(() => [] as number[]);
  const hits = built.map(() => [] as ReturnType<MatchIndex['topK']>[]);
  const scored = built.map(() => 0);
  for (let j = 0; j < queryCount; j++) {
    const order = j % 2 ? [...built.keys()].reverse() : [...built.keys()];
    for (const t of order) {
      const b = built[t]!;
      const q = b.queries[j];
      if (!q) continue;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      hits[t]!.push(b.index.topK(q, b.tree.profile, { k: K }));
      times[t]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      cpu[t]!.push((used.user + used.system) / 1000);
      scored[t]! += b.index.lastStats.candidatesScored;
    }
  }
  const self = built.at(-1)!;
  for (const q of self.queries.slice(0, 5)) self.index.scanAll(q, self.tree.profile, { k: K });
  const scan: number[] = [];
  let identical = true;
  self.queries.forEach((q, j) => {
    const t = performance.now();
    const found = self.index.scanAll(q, self.tree.profile, { k: K });
    scan.push(performance.now() - t);
    if (JSON.stringify(found) !== JSON.stringify(hits.at(-1)![j])) identical = false;
  });
  return built.map((b, t) => ({
    label: b.tree.label,
    n,
    buildS: b.buildS,
    memoryMb: b.memoryMb,
    oursMedian: percentile(times[t]!, 0.5),
    oursP99: percentile(times[t]!, 0.99),
    oursCpuMedian: percentile(cpu[t]!, 0.5),
    scanMedian: b === self ? percentile(scan, 0.5) : NaN,
    scanP99: b === self ? percentile(scan, 0.99) : NaN,
    scored: Math.round(scored[t]! / b.queries.length),
    identical: b === self ? identical : true,
  }));
}

const exported = values.baseline ? exportCommit(root, values.baseline) : undefined;
if (values.only === 'search') {
  const companies = Number(values['http-companies']);
  const log = (line: string) => console.log(line);
  const runs: SearchStartFigures[] = [];
  try {
    if (exported) runs.push(await measureSearchStart(new ServedTree(`baseline (${exported.commit})`, exported.dir), { companies, log }));
    runs.push(await measureSearchStart(new ServedTree('this tree', root), { companies, log }));
  } finally {
    exported?.remove();
  }
  const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : `> ${SEARCH_LIMIT_MS / 1000}`);
  const n = companies.toLocaleString('en');
  const row = (name: string, cell: (f: SearchStartFigures) => string) => `| ${name} | ${runs.map(cell).join(' | ')} |`;
  console.log(`
Machine: ${machine()}. Command: \`npm run bench:match -- --only search${values.baseline ? ` --baseline ${values.baseline}` : ''}\`.

| | ${runs.map((f) => f.label).join(' | ')} |
|:---|${runs.map(() => '---:|').join('')}
${[
  row(`seed CLI, ${n} (s)`, (f) => s(f.seedMs)),
  row(`first match list, first start after seeding, ${n} (s)`, (f) => s(f.start100kMs)),
  row(`search ready, first start after seeding, ${n} (s)`, (f) => s(f.searchFirst100kMs)),
  row(`search ready, restart, ${n} (s)`, (f) => s(f.searchRestart100kMs)),
  row(`search ready, start without a search snapshot (built), ${n} (s)`, (f) => s(f.searchBuilt100kMs)),
  row('load average (1 min), begin → end', (f) => `${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)}`),
].join('\n')}`);
  process.exit(0);
}
const engineTrees = [...(exported ? [await engineTree(`baseline (${exported.commit})`, exported.dir)] : []), await engineTree('this tree', root)];
const rows: EngineRow[] = [];
for (const n of sizes) {
  for (const row of engine(engineTrees, n)) {
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
// autocannon runs in this process: drop the engine section's indexes first, so that collecting them
// does not pause the load generator and show up as server latency.
gc?.();
const httpCompanies = Number(values['http-companies']);
const httpSeconds = Number(values['http-seconds']);
const serving: ServingFigures[] = [];
if (!values['no-http']) {
  const log = (line: string) => console.log(line);
  if (exported) serving.push(await measureServing(new ServedTree(`baseline (${exported.commit})`, exported.dir), { companies: httpCompanies, seconds: httpSeconds, log }));
  serving.push(await measureServing(new ServedTree('this tree', root), { companies: httpCompanies, seconds: httpSeconds, log }));
}
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
let body = `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench:match\`.

Engine, top-${K} for ${queryCount} queries per size (demo companies as queries, default profile, German–Chinese pairs).
"Scan" is the straightforward exhaustive scan: the same scoring kernel over every candidate. Both measured in this run;
"identical" compares the two top-${K} lists (keys and scores) for every query. With a baseline, its engine is loaded
from that commit's tree into the same process and its queries interleaved with this tree's, query by query. "Median
CPU" is the median of each query's CPU time (process.cpuUsage), which leaves out the time a busy machine makes it wait.

| tree | companies | build (s) | index memory (MB) | ours median (ms) | ours p99 (ms) | ours median CPU (ms) | scan median (ms) | scan p99 (ms) | speed-up (median) | scored per query | identical |
|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|
${rows.map((r) => `| ${r.label} | ${r.n.toLocaleString('en')} | ${r.buildS.toFixed(1)} | ${r.memoryMb} | ${fmt(r.oursMedian)} | ${fmt(r.oursP99)} | ${fmt(r.oursCpuMedian)} | ${Number.isNaN(r.scanMedian) ? '' : fmt(r.scanMedian)} | ${Number.isNaN(r.scanP99) ? '' : fmt(r.scanP99)} | ${Number.isNaN(r.scanMedian) ? '' : `${(r.scanMedian / r.oursMedian).toFixed(1)}×`} | ${r.scored} | ${r.identical ? 'yes' : '**no**'} |`).join('\n')}

Targets: top-20 among 100k median ≤ 1 ms, among 1M ≤ 5 ms, ≥ 3× faster than the scan with identical results; 1M in ≤ 1.5 GB.
`;
if (serving.length) {
  const n = httpCompanies.toLocaleString('en');
  const seconds = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : `> ${SEARCH_LIMIT_MS / 1000}`);
  const load = (r: ServingFigures['uncached']) => `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`;
  const line = (name: string, target: string, cell: (f: ServingFigures) => string) => `| ${name} | ${serving.map(cell).join(' | ')} | ${target} |`;
  body += `
Serving: the server as \`npm start\` runs it (its package.json start script, on 127.0.0.1), SQLite. Start times run
from spawning the process to the first answered \`GET /companies/demo-000001/matches?limit=20\` (polled every 20 ms)
or \`GET /search\` (every 100 ms). "First start" is a fresh database that the server seeds itself (2,000 demo
companies, 12 simulated past events); the ${n} are seeded by the CLI beforehand, then the server starts twice.
Load: autocannon (in the bench's process, same machine) with 16 connections for ${httpSeconds} s against
\`GET /companies/:id/matches?limit=20\` over 1,000 different companies, once search is ready (steady state; at most
${SEARCH_LIMIT_MS / 1000} s after start), with the match-result cache off (\`MATCH_CACHE=0\`: every request ranks and
explains) and on (a company's first request is a miss, its repeats hits). The machine's 2 cores are shared with other
work: its load average is in the last row (4 or more means the figures are several times what a quiet machine gives).

| | ${serving.map((f) => f.label).join(' | ')} | target |
|:---|${serving.map(() => '---:|').join('')}:---|
${[
  line('first start, 2,000 (fresh database) (s)', '≤ 5', (f) => seconds(f.firstStart2kMs)),
  line('restart, 2,000 (s)', '≤ 1.5', (f) => seconds(f.restart2kMs)),
  line(`first start after seeding, ${n} (s)`, '', (f) => seconds(f.start100kMs)),
  line(`restart, ${n} (s)`, '≤ 3', (f) => seconds(f.restart100kMs)),
  line(`search ready, first start, ${n} (s)`, '', (f) => seconds(f.searchFirst100kMs)),
  line(`search ready, restart, ${n} (s)`, '≤ 10', (f) => seconds(f.searchRestart100kMs)),
  line(`uncached match lists, ${n}`, '≥ 2,000 req/s, p99 ≤ 50 ms', (f) => load(f.uncached)),
  line(`cached match lists, ${n}`, 'no regression', (f) => load(f.cached)),
  line('load average (1 min), begin → end', '', (f) => `${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)}`),
].join('\n')}
`;
}
exported?.remove();
writeSection('## Matching (`npm run bench:match`)', body);
console.log('written to BENCHMARKS.md');
