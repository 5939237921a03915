/**
 * `npm run bench:quality`: ranks every judged partner search (test/bench/quality/searches.json) as the
 * product does and scores the rankings against the grades, under the protocol of
 * test/bench/quality/README.md. Prints a table per search and the summaries, per profile.
 *
 *   --label before|after   the label of this run's rows (default: current)
 *   --write                replace that label's rows in BENCHMARKS.md, keeping the other labels'
 *   --json <file>          the per-search results (with the ranked items and their grades) as JSON
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PROFILE, type ScoringProfile } from '../../engine/matching/score.ts';
import { FUSIONS, type Fusion } from '../../engine/matching/fusion.ts';
import { machine, writeSection } from './report.ts';
import {
  coverageGaps,
  CUTOFF,
  dcg10,
  idealDcg10,
  idealGrades,
  loadQualityData,
  PAIR_KINDS,
  precision10,
  queryFeatures,
  readSearches,
  staleness,
  gradeOf,
  type QualityData,
  type Search,
} from './quality/judge.ts';

const { values } = parseArgs({
  options: {
    label: { type: 'string', default: 'current' },
    write: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const label = values.label!;
if (!/^[a-z0-9-]+$/.test(label)) throw new Error(`--label must be a plain word, not '${label}'`);

interface SearchResult {
  id: string;
  pairKind: Search['pairKind'];
  queryCountry: string;
  ndcg: number;
  dcg: number;
  idealDcg: number;
  precision: number;
  idealPrecision: number;
  grades: number[];
  items: { rank: number; key: string; name: string; country: string; score: number; grade: number; why: string | null }[];
}

interface Summary {
  profile: string;
  searches: number;
  mean: number;
  /** The worst NDCG@10 and every search at it (ties are common at 0). */
  worst: { ids: string[]; ndcg: number };
  below: number;
  precision: number;
  idealPrecision: number;
  byPairKind: Record<string, number | null>;
  byCountry: Record<string, number | null>;
}

/** The default profile, and the other fusions with its weights and size matrix as alternatives. */
const PROFILES: { name: string; profile: ScoringProfile }[] = [
  { name: `default (${DEFAULT_PROFILE.fusion})`, profile: DEFAULT_PROFILE },
  ...FUSIONS.filter((f) => f !== DEFAULT_PROFILE.fusion).map((fusion: Fusion) => ({ name: fusion, profile: { ...DEFAULT_PROFILE, fusion } })),
];

const worstIds = (s: Summary) => s.worst.ids[0] + (s.worst.ids.length > 1 ? ` and ${s.worst.ids.length - 1} more` : '');
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const f3 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(3));
const f1 = (x: number) => x.toFixed(1);

function queryCountry(data: QualityData, s: Search): string {
  if ('company' in s.query) return s.query.company.country;
  const id = s.query.city;
  return data.cities.find((c) => c.id === id)!.country;
}

function runSearch(data: QualityData, s: Search, profile: ScoringProfile): SearchResult {
  const query = queryFeatures(data, s);
  const ideal = idealGrades(data, s, query);
  const { items } = data.matching.match(query, profile, {
    target: s.target,
    limit: CUTOFF,
    offset: 0,
    countries: s.countries ?? 'cross',
    lang: 'en',
  });
  const judged = items.map((item) => {
    const key = `${item.kind}:${item.id}`;
    const entity = data.entities.get(key);
    if (!entity) throw new Error(`${s.id}: the engine returned ${key}, which the dataset does not hold`);
    const { grade, why } = gradeOf(data.taxonomy, s, entity);
    return { rank: item.rank, key, name: item.name, country: item.country, score: item.score, grade, why };
  });
  const grades = judged.map((j) => j.grade);
  const idealDcg = idealDcg10(ideal);
  return {
    id: s.id,
    pairKind: s.pairKind,
    queryCountry: queryCountry(data, s),
    ndcg: dcg10(grades) / idealDcg,
    dcg: dcg10(grades),
    idealDcg,
    precision: precision10(grades),
    idealPrecision: precision10(ideal),
    grades,
    items: judged,
  };
}

function summarise(profile: string, results: SearchResult[]): Summary {
  const worst = Math.min(...results.map((r) => r.ndcg));
  const meanOf = (pick: (r: SearchResult) => boolean) => {
    const xs = results.filter(pick).map((r) => r.ndcg);
    return xs.length ? mean(xs) : null;
  };
  return {
    profile,
    searches: results.length,
    mean: mean(results.map((r) => r.ndcg)),
    worst: { ids: results.filter((r) => r.ndcg === worst).map((r) => r.id), ndcg: worst },
    below: results.filter((r) => r.ndcg < 0.5).length,
    precision: mean(results.map((r) => r.precision)),
    idealPrecision: mean(results.map((r) => r.idealPrecision)),
    byPairKind: Object.fromEntries(PAIR_KINDS.map((k) => [k, meanOf((r) => r.pairKind === k)])),
    byCountry: Object.fromEntries(['CN', 'DE'].map((c) => [c, meanOf((r) => r.queryCountry === c)])),
  };
}

// ---------- run ----------

const data = loadQualityData();
const searches = readSearches();
const problems = [...coverageGaps(searches), ...searches.flatMap((s) => staleness(data, s))];
if (problems.length) throw new Error(`the judged set cannot be scored as it stands:\n  ${problems.join('\n  ')}`);

const runs = PROFILES.map(({ name, profile }) => {
  const results = searches.map((s) => runSearch(data, s, profile));
  const infeasible = results.filter((r) => !(r.idealDcg > 0));
  if (infeasible.length) throw new Error(`no relevant partner in the data for ${infeasible.map((r) => r.id).join(', ')}`);
  return { name, results, summary: summarise(name, results) };
});
const main = runs[0]!;

// ---------- print ----------

const out = process.stdout;
const idWidth = Math.max(...searches.map((s) => s.id.length));
out.write(`\nMatch quality on ${searches.length} judged searches (${data.companies.length} companies, ${data.cities.length} cities), NDCG@${CUTOFF} and P@${CUTOFF}, profile ${main.name}\n\n`);
out.write(
  `${'search'.padEnd(idWidth)}  ${'pair kind'.padEnd(15)}  NDCG@10  P@10  ideal P@10  top 3  ${runs
    .slice(1)
    .map((r) => r.name.padStart(10))
    .join(' ')}\n`,
);
main.results.forEach((r, i) => {
  const others = runs.slice(1).map((run) => f3(run.results[i]!.ndcg).padStart(10));
  out.write(
    `${r.id.padEnd(idWidth)}  ${r.pairKind.padEnd(15)}  ${f3(r.ndcg).padStart(7)}  ${f1(r.precision).padStart(4)}  ${f1(r.idealPrecision).padStart(10)}  ${r.grades.slice(0, 3).join(' ').padEnd(5)}  ${others.join(' ')}${r.ndcg < 0.5 ? '  < 0.5' : ''}\n`,
  );
});
out.write('\n');
for (const { summary: s } of runs) {
  out.write(
    `${s.profile.padEnd(20)} mean NDCG@10 ${f3(s.mean)}  worst ${f3(s.worst.ndcg)} (${worstIds(s)})  below 0.5: ${s.below}  mean P@10 ${s.precision.toFixed(2)} (ideal ${s.idealPrecision.toFixed(2)})\n` +
      `${''.padEnd(20)} ${PAIR_KINDS.map((k) => `${k} ${f3(s.byPairKind[k]!)}`).join('  ')}  CN queries ${f3(s.byCountry.CN!)}  DE queries ${f3(s.byCountry.DE!)}\n`,
  );
}
out.write(`\nTargets (default profile): mean NDCG@10 ≥ 0.9 (${main.summary.mean >= 0.9 ? 'met' : `not met, ${f3(0.9 - main.summary.mean)} short`}), no search below 0.5 (${main.summary.below ? `${main.summary.below} below` : 'met'}).\n`);

if (values.json) {
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify({ label, date: new Date().toISOString(), machine: machine(), profiles: runs.map((r) => ({ profile: r.name, summary: r.summary, searches: r.results })) }, null, 2)}\n`);
  out.write(`Wrote ${values.json}\n`);
}

// ---------- BENCHMARKS.md ----------

const HEADING = '## Match quality (`npm run bench:quality`)';
const BENCHMARKS = new URL('../../BENCHMARKS.md', import.meta.url);

/** One label's figures as kept in the section (a comment under the tables), so that other labels' rows survive a rewrite. */
interface LabelRecord {
  date: string;
  /** The commit measured, so that "before" and "after" name the code they ran. */
  commit: string;
  machine: string;
  summaries: Summary[];
  searches: { id: string; pairKind: string; ndcg: number; precision: number; idealPrecision: number; top3: number[] }[];
}

function storedRecords(): Record<string, LabelRecord> {
  if (!existsSync(BENCHMARKS)) return {};
  const text = readFileSync(BENCHMARKS, 'utf8');
  const start = text.indexOf(HEADING);
  if (start === -1) return {};
  const match = /<!-- quality-records (.*?) -->/s.exec(text.slice(start));
  return match ? (JSON.parse(match[1]!) as Record<string, LabelRecord>) : {};
}

function sectionBody(records: Record<string, LabelRecord>): string {
  const labels = Object.keys(records).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const lines: string[] = [];
  lines.push(
    `${searches.length} partner searches judged by attributes before the value-chain change (protocol, grades and coverage: \`test/bench/quality/README.md\`), ranked exactly as \`npm start\` serves them (alliance data and 2,000 demo companies). NDCG@10 against the ideal the data allows; P@10 counts partners of grade ≥ 2. Targets: mean NDCG@10 ≥ 0.9, no search below 0.5. Command: \`npm run bench:quality -- --label <label> --write\`.`,
    '',
    '| label | profile | mean NDCG@10 | worst NDCG@10 (search) | below 0.5 | mean P@10 (ideal) | company-company | company-city | city-company | city-city | CN queries | DE queries | commit | date | machine |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
  );
  for (const l of labels) {
    const r = records[l]!;
    for (const s of r.summaries) {
      lines.push(
        `| ${l} | ${s.profile} | ${f3(s.mean)} | ${f3(s.worst.ndcg)} (${worstIds(s)}) | ${s.below} | ${s.precision.toFixed(2)} (${s.idealPrecision.toFixed(2)}) | ${PAIR_KINDS.map((k) => f3(s.byPairKind[k] ?? null)).join(' | ')} | ${f3(s.byCountry.CN ?? null)} | ${f3(s.byCountry.DE ?? null)} | ${r.commit ?? '–'} | ${r.date} | ${r.machine} |`,
      );
    }
  }
  lines.push('', `Per search, default profile (top 3: the grades at ranks 1–3):`, '');
  lines.push(`| search | pair kind | ideal P@10 | ${labels.map((l) => `${l} NDCG@10 | ${l} P@10 | ${l} top 3`).join(' | ')} |`);
  lines.push(`|---|---|---:|${labels.map(() => '---:|---:|---|').join('')}`);
  const ids = records[labels[0]!]!.searches.map((s) => s.id);
  for (const l of labels) for (const s of records[l]!.searches) if (!ids.includes(s.id)) ids.push(s.id);
  for (const id of ids) {
    const first = labels.map((l) => records[l]!.searches.find((s) => s.id === id)).find((s) => s)!;
    const cells = labels.map((l) => {
      const s = records[l]!.searches.find((x) => x.id === id);
      return s ? `${f3(s.ndcg)} | ${f1(s.precision)} | ${s.top3.join(' ')}` : '– | – | –';
    });
    lines.push(`| ${id} | ${first.pairKind} | ${f1(first.idealPrecision)} | ${cells.join(' | ')} |`);
  }
  lines.push('', `<!-- quality-records ${JSON.stringify(records)} -->`);
  return lines.join('\n');
}

/** The checked-out commit, marked when the working tree differs from it. */
function currentCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'engine', 'server', 'data'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} + changes` : head;
  } catch {
    return 'unknown';
  }
}

/** "before" first, then "after", then anything else. */
function order(l: string): number {
  return l === 'before' ? 0 : l === 'after' ? 1 : 2;
}

if (values.write) {
  const records = storedRecords();
  records[label] = {
    date: new Date().toISOString().slice(0, 10),
    commit: currentCommit(),
    machine: machine(),
    summaries: runs.map((r) => r.summary),
    searches: main.results.map((r) => ({ id: r.id, pairKind: r.pairKind, ndcg: r.ndcg, precision: r.precision, idealPrecision: r.idealPrecision, top3: r.grades.slice(0, 3) })),
  };
  writeSection(HEADING, sectionBody(records));
  out.write(`Wrote the '${label}' rows of BENCHMARKS.md\n`);
}
