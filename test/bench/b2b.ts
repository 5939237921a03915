/**
 * npm run bench:b2b [-- --time-limit 60 --instances forum-13,tic-12 --seed 1 --workers 2 --strategies cores,cores-busy --restarts 1]
 *                   [--variants [--only-variants] [--busy]] [--baseline <git ref>] [--no-mip]
 *
 * The 20 published B2B meeting-scheduling instances (read from ../shared/bench/b2b, never copied here;
 * the bench fails, naming the path, when they are absent): per instance our breaks against the published
 * optimum, and a MIP of the same instance solved by HiGHS (npm `highs`) under the same time limit, one
 * after the other in this run. `--variants` adds the standard variants of each (data/b2b/variants.ts:
 * forbidden slots, fixed meetings, precedences; no published optimum: judged by our proof and the MIP);
 * `--busy` keeps one core busy with another process for the whole run (a user's laptop). `--baseline`
 * solves each instance also with the solver of another commit (its tree exported, its modules loaded
 * from there), after ours and before the MIP, so that a change is measured side by side in one run.
 * Every schedule, ours and the MIP's, is judged by the independent checker. Figures go to BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { b2bSchedule, b2bToSlotProblem, parseB2bInstance } from '../../data/b2b/instance.ts';
import { makeVariant, STANDARD_VARIANTS, variantName } from '../../data/b2b/variants.ts';
import { defaultStrategies, solveSlotsParallel, type SlotStrategy } from '../../runtime/solver/parallel.ts';
import { checkB2bSchedule, type RawInstance } from '../b2bChecker.ts';
import { sharedPath } from '../sharedData.ts';
import { AppError } from '../../engine/errors.ts';
import { isNoScheduleInTime } from '../../engine/scheduling/problem.ts';
import { b2bMip } from './b2bMip.ts';
import { machine, writeSection } from './report.ts';
import { exportCommit } from './report.ts';

const { values } = parseArgs({
  options: { 'time-limit': { type: 'string', default: '60' }, instances: { type: 'string' }, seed: { type: 'string', default: '1' }, workers: { type: 'string', default: '2' }, strategies: { type: 'string' }, restarts: { type: 'string', default: '1' }, 'no-mip': { type: 'boolean', default: false }, variants: { type: 'boolean', default: false }, 'only-variants': { type: 'boolean', default: false }, busy: { type: 'boolean', default: false }, baseline: { type: 'string' } },
});
// Without the instances there is nothing to measure: say which path is missing and fail.
let dir: string;
try {
  dir = sharedPath('bench/b2b');
  sharedPath('bench/b2b/instances');
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const limit = Number(values['time-limit']);
const strategies = (values.strategies?.split(',') as SlotStrategy[] | undefined) ?? defaultStrategies(Number(values.workers));
const workers = strategies.length;
const restarts = Number(values.restarts);
const published = JSON.parse(readFileSync(`${dir}/published-results.json`, 'utf8')).instances as Record<string, { optimum_breaks: number; maxsat_s: number }>;
const only = values.instances?.split(',');
const names = readdirSync(`${dir}/instances`)
  .filter((f) => f.endsWith('.original.json'))
  .map((f) => f.replace('.original.json', ''))
  .filter((n) => !only || only.includes(n))
  .sort();
// highs ships CommonJS-style typings for an ES module; its default export is the loader at runtime.
type HighsLoader = () => Promise<{ solve(lp: string, options: object): unknown }>;
const loadHighs = (await import('highs')).default as unknown as HighsLoader;
const highs = values['no-mip'] ? undefined : await loadHighs();

interface Row {
  name: string;
  optimum: number | null;
  ours: SolverFigures;
  mip: number | string;
  mipStatus: string;
  mipSeconds: number;
  /** The baseline's solver on the same instance (with --baseline). */
  previous?: SolverFigures;
}

/** What one solver made of one instance. */
interface SolverFigures {
  breaks: number | string;
  lowerBound: number;
  /** A proven optimum, or a proof that no schedule exists. */
  proven: boolean;
  toBest: number;
  stopped: number;
}

/** The solver of a tree: its own parallel search and instance reader, so that a baseline runs as it was. */
interface SolverTree {
  solveSlotsParallel: typeof solveSlotsParallel;
  b2bToSlotProblem: typeof b2bToSlotProblem;
  parseB2bInstance: typeof parseB2bInstance;
  b2bSchedule: typeof b2bSchedule;
  /** The tree's own error class and test: a baseline's errors are not instances of this tree's AppError. */
  AppError: typeof AppError;
  isNoScheduleInTime: typeof isNoScheduleInTime;
}
const thisTree: SolverTree = { solveSlotsParallel, b2bToSlotProblem, parseB2bInstance, b2bSchedule, AppError, isNoScheduleInTime };
const exported = values.baseline ? exportCommit(new URL('../..', import.meta.url).pathname, values.baseline) : undefined;
process.on('exit', () => exported?.remove());
async function loadTree(dir: string): Promise<SolverTree> {
  const load = (path: string) => import(new URL(path, `file://${dir}/`).href);
  const [parallel, instance, errors, problem] = await Promise.all([load('runtime/solver/parallel.ts'), load('data/b2b/instance.ts'), load('engine/errors.ts'), load('engine/scheduling/problem.ts')]);
  return { solveSlotsParallel: parallel.solveSlotsParallel, b2bToSlotProblem: instance.b2bToSlotProblem, parseB2bInstance: instance.parseB2bInstance, b2bSchedule: instance.b2bSchedule, AppError: errors.AppError, isNoScheduleInTime: problem.isNoScheduleInTime };
}
const baselineTree = exported ? await loadTree(exported.dir) : undefined;

/** One solver on one instance, its schedule judged by the independent checker. */
async function solveWith(tree: SolverTree, raw: RawInstance): Promise<SolverFigures> {
  const figures: SolverFigures = { breaks: '—', lowerBound: 0, proven: false, toBest: 0, stopped: 0 };
  const started = performance.now();
  try {
    const schedule = await tree.solveSlotsParallel(tree.b2bToSlotProblem(tree.parseB2bInstance(raw)), { timeLimitMs: limit * 1000, seed: Number(values.seed), workers, strategies, restarts });
    const out = tree.b2bSchedule(schedule);
    figures.stopped = (performance.now() - started) / 1000;
    const verdict = checkB2bSchedule(raw, out);
    figures.breaks = verdict.errors.length ? `invalid: ${verdict.errors[0]}` : out.total_breaks;
    figures.lowerBound = out.lower_bound;
    figures.proven = out.optimal;
    figures.toBest = out.seconds_to_best;
  } catch (err) {
    figures.stopped = (performance.now() - started) / 1000;
    // A proof that no schedule exists is an answer; running out of time is not.
    figures.breaks = `none: ${(err as Error).message}`;
    figures.proven = err instanceof tree.AppError && err.code === 'infeasible' && !tree.isNoScheduleInTime(err);
  }
  return figures;
}
/** Solves one instance (ours, the baseline's with --baseline, then the MIP), each schedule judged by the independent checker. */
async function measure(name: string, raw: RawInstance, optimum: number | null): Promise<Row> {
  const row: Row = { name, optimum, ours: await solveWith(thisTree, raw), mip: '—', mipStatus: 'not run', mipSeconds: 0 };
  if (baselineTree) row.previous = await solveWith(baselineTree, raw);
  if (highs) {
    const { lp, slotOf } = b2bMip(raw);
    const mipStarted = performance.now();
    const result = highs.solve(lp, { time_limit: limit, output_flag: false, mip_rel_gap: 0 }) as { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
    row.mipSeconds = (performance.now() - mipStarted) / 1000;
    row.mipStatus = result.Status;
    const slots = slotOf(result.Columns ?? {});
    if (slots.every((t) => t > 0)) {
      // An incumbent stopped by the time limit may carry slack in its break variables: its objective is
      // an upper bound, so judge the schedule itself and count its breaks from scratch.
      const verdict = checkB2bSchedule(raw, { slot_of_meeting: slots, total_breaks: -1, break_spread: -1 });
      const errors = verdict.errors.filter((e) => !e.startsWith('break_spread says') && !e.startsWith('total_breaks says'));
      row.mip = errors.length ? `invalid: ${errors[0]}` : verdict.totalBreaks;
    } else row.mip = 'no schedule';
  }
  console.log(JSON.stringify(row));
  return row;
}

// --busy: another process keeps one core busy for the whole run, ended with it (and after six hours at most).
const busy = values.busy ? spawn(process.execPath, ['-e', 'const end = Date.now() + 6 * 3600e3; while (Date.now() < end);'], { stdio: 'ignore' }) : undefined;
process.on('exit', () => busy?.kill());
// Interrupted, the bench ends its busy process too rather than leave it spinning.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const command = `npm run bench:b2b -- --time-limit ${limit}${values['no-mip'] ? ' --no-mip' : ''}${only ? ` --instances ${only.join(',')}` : ''}${values.strategies ? ` --strategies ${values.strategies}` : values.workers !== '2' ? ` --workers ${workers}` : ''}${restarts !== 1 ? ` --restarts ${restarts}` : ''}${values.baseline ? ` --baseline ${values.baseline}` : ''}`;
const ourMethod = `"Ours": runtime/solver/parallel.ts on ${workers} thread${workers > 1 ? 's' : ''} at once, by ${strategies.join(' and ')}
(cores: core-guided SAT search on CaDiCaL, proving lower bounds; cores-busy: a short annealing, then the same search
with the implied constraint "at most 2 × tables busy participants per slot"; hybrid: annealing for a tenth of the time, then the SAT solver
improving its schedule; annealing: \`solveSlots\` alone; seeds from ${values.seed}), with a ${limit} s limit; it stops early when its
schedule meets a proven lower bound ("stopped at" is the wall time of the whole run).${exported ? ` "Previous": the solver of commit ${exported.commit}, the same way on the same instance, run after ours.` : ''} "MIP": the same instance as a MIP (test/bench/b2bMip.ts) solved by
HiGHS (npm \`highs\`) under the same limit, run last. Every schedule is recounted by the independent checker.`;
const loadAtStart = loadavg()[0]!.toFixed(2);
const busyNote = busy ? ' Another process kept one core busy for the whole run (`--busy`).' : '';
/** The machine's load around the run: other work on these shared cores slows the solver. */
const loadNote = () => `${busyNote} One-minute load average ${loadAtStart} at the start, ${loadavg()[0]!.toFixed(2)} at the end.`;
const total = (rows: Row[], figures: (r: Row) => SolverFigures | undefined) => rows.reduce((sum, r) => sum + (figures(r)?.stopped ?? 0), 0).toFixed(1);
/** The previous solver's columns, with --baseline. */
const previousHead = exported ? ' previous | previous: proven | previous: stopped at (s) |' : '';
const previousRule = exported ? '---:|:---|---:|' : '';
const previousCells = (r: Row) => (r.previous ? ` ${r.previous.breaks} | ${r.previous.proven ? 'yes' : 'no'} | ${r.previous.stopped.toFixed(1)} |` : '');
const mipCells = (r: Row) => ` ${r.mip} | ${r.mipStatus} | ${r.mipSeconds.toFixed(1)} |`;
/** Per solver: how many ended correctly, over 20 s, and the total time. */
const summary = (rows: Row[], label: string, figures: (r: Row) => SolverFigures | undefined) =>
  `${label}: ended correctly (proven optimum or proven infeasible) ${rows.filter((r) => figures(r)?.proven).length} of ${rows.length}; over 20 s: ${rows.filter((r) => (figures(r)?.stopped ?? 0) > 20).length}; total stopped-at time ${total(rows, figures)} s.`;
const summaries = (rows: Row[]) => [summary(rows, 'Ours', (r) => r.ours), ...(exported ? [summary(rows, `Previous (${exported.commit})`, (r) => r.previous)] : [])].join('\n');
/** How far ours is from the targets, instance by instance: what it left unproven (breaks against its bound) and what took over 20 s. */
const distances = (rows: Row[]) => {
  const unproven = rows.filter((r) => !r.ours.proven).map((r) => `${r.name} ${r.ours.breaks}/${r.ours.lowerBound}`);
  const slow = rows.filter((r) => r.ours.proven && r.ours.stopped > 20).map((r) => `${r.name} ${r.ours.stopped.toFixed(1)} s`);
  return `Ours, distance to the targets per instance: ${unproven.length ? `not proven within the limit (breaks / proven lower bound): ${unproven.join(', ')}` : 'every one proven'}; ${slow.length ? `proven, but after more than 20 s: ${slow.join(', ')}` : 'none proven after more than 20 s'}.`;
};

if (!values['only-variants']) {
  const rows: Row[] = [];
  for (const name of names) rows.push(await measure(name, JSON.parse(readFileSync(`${dir}/instances/${name}.original.json`, 'utf8')) as RawInstance, published[name]!.optimum_breaks));
  const atOptimum = rows.filter((r) => r.ours.breaks === r.optimum).length;
  const notWorse = rows.filter((r) => typeof r.ours.breaks === 'number' && (typeof r.mip !== 'number' || r.ours.breaks <= r.mip)).length;
  const body = `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`${command}${busy ? ' --busy' : ''}\`.${loadNote()}

The published B2B meeting-scheduling instances (Bofill et al., JAIR 74, 2022), read from \`../shared/bench/b2b\`.
Objective: total breaks with fairness d = 2. ${ourMethod}

| instance | published optimum | published MaxSAT (s) | ours | our lower bound | ours: best found at (s) | ours: stopped at (s) |${previousHead} MIP (HiGHS) | MIP status | MIP time (s) |
|:---|---:|---:|---:|---:|---:|---:|${previousRule}---:|:---|---:|
${rows.map((r) => `| ${r.name} | ${r.optimum} | ${published[r.name]!.maxsat_s} | ${r.ours.breaks} | ${r.ours.lowerBound} | ${r.ours.toBest.toFixed(1)} | ${r.ours.stopped.toFixed(1)} |${previousCells(r)}${mipCells(r)}`).join('\n')}

At the published optimum: ${atOptimum} of ${rows.length}. Ours no worse than the MIP: ${notWorse} of ${rows.length}. Published MaxSAT total: ${rows.reduce((sum, r) => sum + published[r.name]!.maxsat_s, 0).toFixed(1)} s (3.1 GHz Xeon).
${summaries(rows)}
${distances(rows)}

Targets: all 20 at the published optimum; in total no slower than the published MaxSAT (81 s), none over 20 s, on 2 cores; never worse than the HiGHS MIP at the same limit.
`;
  writeSection(busy ? '## B2B scheduling, one core busy (`npm run bench:b2b -- --busy`)' : '## B2B scheduling (`npm run bench:b2b`)', body);
}

if (values.variants || values['only-variants']) {
  const rows: Row[] = [];
  for (const name of names) {
    const original = parseB2bInstance(JSON.parse(readFileSync(`${dir}/instances/${name}.original.json`, 'utf8')));
    for (const spec of STANDARD_VARIANTS) rows.push(await measure(`${name}.${variantName(spec)}`, makeVariant(original, spec) as RawInstance, null));
  }
  const slowest = rows.reduce((worst, r) => (r.ours.stopped > worst.ours.stopped ? r : worst), rows[0]!);
  const notWorse = rows.filter((r) => (typeof r.ours.breaks === 'number' || r.ours.proven) && (typeof r.mip !== 'number' || (typeof r.ours.breaks === 'number' && r.ours.breaks <= r.mip))).length;
  const body = `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`${command} --only-variants${busy ? ' --busy' : ''}\`.${loadNote()}

Variants of the published instances made by our seeded generator (data/b2b/variants.ts, \`npm run b2b -- variants\`), the kinds
and rates of the published study: forb03/forb07 forbidden slots at 3 % and 7 % of the cells, fixed20/fixed40 a fifth and two fifths of
the meetings fixed to random slots, prec15/prec25 precedences on 15 % and 25 % of the meetings; seed 1. No published optimum: a run
ends correctly at a proven optimum (breaks = our lower bound) or with a proof that no schedule exists, naming its cause.
Objective: total breaks with fairness d = 2. ${ourMethod}

| variant | ours | our lower bound | proven | ours: best found at (s) | ours: stopped at (s) |${previousHead} MIP (HiGHS) | MIP status | MIP time (s) |
|:---|:---|---:|:---|---:|---:|${previousRule}---:|:---|---:|
${rows.map((r) => `| ${r.name} | ${r.ours.breaks} | ${typeof r.ours.breaks === 'number' ? r.ours.lowerBound : '—'} | ${r.ours.proven ? 'yes' : 'no'} | ${r.ours.toBest.toFixed(1)} | ${r.ours.stopped.toFixed(1)} |${previousCells(r)}${mipCells(r)}`).join('\n')}

${summaries(rows)}
${distances(rows)}
Slowest: ${slowest?.name} at ${slowest?.ours.stopped.toFixed(1)} s.${highs ? ` Ours no worse than the MIP: ${notWorse} of ${rows.length}.` : ''}

Targets (issue 18): every variant at a proven optimum or proven infeasible, none over 20 s on 2 quiet cores, and within 60 s with one core busy.
`;
  writeSection(busy ? '## B2B scheduling variants, one core busy (`npm run bench:b2b -- --variants --busy`)' : '## B2B scheduling variants (`npm run bench:b2b -- --variants`)', body);
}
busy?.kill();
console.log('written to BENCHMARKS.md');
