/**
 * `npm run bench:tuning [-- --events 100] [--participants 200] [--meetings 10] [--threads 2] [--seed 1]`:
 * fitting the weights with 5-fold cross-validation on simulated history (engine/tuning/simulate.ts),
 * through the same threaded runner the API's tuning runs use (server/services/tuning.ts crossValidateOnThreads).
 *
 * Side by side in one run, on the same held-out events: the fitted profile, the default profile and the
 * hidden "true" weights the outcomes were drawn from, for two hidden weight vectors; and the main case's
 * time on `--threads` threads against one thread (which must give the identical result).
 *
 * Targets: 100 events × 200 participants fitted with 5-fold cross-validation in ≤ 60 s on 2 cores; the
 * fitted profile's held-out NDCG@10 beats the default's by a clear margin and reaches ≥ 95 % of the true
 * weights'.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { COMPONENTS, DEFAULT_PROFILE } from '../../engine/matching/score.ts';
import { RANKLIB_DEFAULTS, type CrossValidation } from '../../engine/tuning/fit.ts';
import { DEFAULT_METRIC_OPTIONS, type Weights } from '../../engine/tuning/rankingSet.ts';
import { DEFAULT_SIMULATION, syntheticHistory } from '../../engine/tuning/simulate.ts';
import { crossValidateOnThreads } from '../../server/services/tuning.ts';
import { machine, writeSection } from './report.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100' },
    participants: { type: 'string', default: '200' },
    meetings: { type: 'string', default: '10' },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    folds: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
  },
});
const events = Number(values.events);
const participants = Number(values.participants);
const meetingsPerParticipant = Number(values.meetings);
const threads = Number(values.threads);
const seed = Number(values.seed);
const folds = Number(values.folds);

const TARGET_S = 60;
const SCENARIOS: { name: string; trueWeights: Weights }[] = [
  { name: 'size-led', trueWeights: { industry: 0.15, complementarity: 0.25, size: 0.6 } },
  { name: 'complementarity-led', trueWeights: { industry: 0.1, complementarity: 0.75, size: 0.15 } },
];

const fmtWeights = (w: Weights) => COMPONENTS.map((c) => `${c} ${w[c].toFixed(3)}`).join(', ');
const distance = (a: Weights, b: Weights) => COMPONENTS.reduce((s, c) => s + Math.abs(a[c] - b[c]), 0);

async function fit(trueWeights: Weights, threadCount: number, scenarioSeed: number) {
  const started = performance.now();
  const queries = syntheticHistory({ ...DEFAULT_SIMULATION, trueWeights, seed: scenarioSeed, events, participants, meetingsPerParticipant });
  const simulatedS = (performance.now() - started) / 1000;
  const judgements = queries.reduce((s, q) => s + q.items.length, 0);
  const t0 = performance.now();
  const cv = await crossValidateOnThreads(
    {
      queries,
      fusion: DEFAULT_PROFILE.fusion,
      start: DEFAULT_PROFILE.weights,
      compare: [
        { label: 'default', weights: DEFAULT_PROFILE.weights },
        { label: 'true', weights: trueWeights },
      ],
      folds,
      seed,
      settings: {},
      metrics: DEFAULT_METRIC_OPTIONS,
    },
    { threads: threadCount },
  );
  const seconds = (performance.now() - t0) / 1000;
  return { cv, seconds, simulatedS, lists: queries.length, judgements };
}

const ndcg = (cv: CrossValidation, label: string) => cv.summary.find((s) => s.label === label)!.metrics.ndcg;
const cell = (s: { mean: number | null; sd: number | null }) => `${s.mean!.toFixed(4)} ± ${(s.sd ?? 0).toFixed(4)}`;

const rows: string[] = [];
const lines: string[] = [];
let mainSeconds = 0;
let allMet = true;
for (const [i, scenario] of SCENARIOS.entries()) {
  const run = await fit(scenario.trueWeights, threads, seed + i);
  const fitted = ndcg(run.cv, 'fitted');
  const byDefault = ndcg(run.cv, 'default');
  const byTrue = ndcg(run.cv, 'true');
  const margin = fitted.mean! - byDefault.mean!;
  const share = fitted.mean! / byTrue.mean!;
  const met = share >= 0.95 && margin > 0.02 && run.seconds <= TARGET_S;
  allMet &&= met;
  if (i === 0) mainSeconds = run.seconds;
  process.stdout.write(
    `${scenario.name}: ${run.lists} lists, ${run.judgements} judgements; fitted ${fitted.mean!.toFixed(4)} default ${byDefault.mean!.toFixed(4)} true ${byTrue.mean!.toFixed(4)}; ${run.seconds.toFixed(1)} s on ${threads} threads\n`,
  );
  rows.push(
    `| ${scenario.name} | ${run.lists.toLocaleString('en')} | ${run.judgements.toLocaleString('en')} | ${cell(fitted)} | ${cell(byDefault)} | ${cell(byTrue)} | +${margin.toFixed(4)} | ${(100 * share).toFixed(1)} % | ${run.seconds.toFixed(1)} | ${run.cv.final.evaluations.toLocaleString('en')} |`,
  );
  lines.push(
    `- ${scenario.name}: hidden ${fmtWeights(scenario.trueWeights)}; fitted on all events ${fmtWeights(run.cv.final.weights)} ` +
      `(L1 distance to the hidden ${distance(run.cv.final.weights, scenario.trueWeights).toFixed(3)}, the default's ${distance(DEFAULT_PROFILE.weights, scenario.trueWeights).toFixed(3)}).`,
  );
  if (i === 0) {
    // One thread on the same case, for the speed-up and to show the result does not depend on threads.
    const single = await fit(scenario.trueWeights, 1, seed + i);
    const same = isDeepStrictEqual(single.cv, run.cv);
    allMet &&= same;
    process.stdout.write(`${scenario.name} on 1 thread: ${single.seconds.toFixed(1)} s, same result: ${same}\n`);
    lines.push(`- ${scenario.name} on one thread: ${single.seconds.toFixed(1)} s against ${run.seconds.toFixed(1)} s on ${threads}; identical result: ${same ? 'yes' : 'NO'}.`);
  }
}

const memoryMb = process.resourceUsage().maxRSS / 1024;
const body = `
Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench:tuning${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`.

Simulated history (engine/tuning/simulate.ts): ${events} events × ${participants} participants (half on each side), up to ${meetingsPerParticipant} meetings each,
outcomes drawn from the hidden weights (harmonic fusion) plus noise ${DEFAULT_SIMULATION.noise} and no-shows ${DEFAULT_SIMULATION.noShowRate}. Fitting:
coordinate ascent with RankLib's defaults (${RANKLIB_DEFAULTS.restarts} restarts, ${RANKLIB_DEFAULTS.iterations} steps per direction, tolerance ${RANKLIB_DEFAULTS.tolerance}) on NDCG@10,
${folds}-fold cross-validation grouped by event plus the final fit on all events, on ${threads} worker threads (server/services/tuning.ts crossValidateOnThreads).
NDCG@10 on the held-out events: mean ± standard deviation over the ${folds} folds, the three profiles on the same lists. "Time" is the whole
cross-validation and final fit; "evaluations" are the final fit's objective evaluations.

| hidden weights | judged lists | judgements | fitted | default | true weights | fitted − default | fitted / true | time (s) | evaluations |
|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${lines.join('\n')}

Peak memory of the run (max RSS, all threads): ${memoryMb.toFixed(0)} MB.

Targets: ${events} events × ${participants} participants with ${folds}-fold cross-validation in ≤ ${TARGET_S} s on 2 cores (${mainSeconds.toFixed(1)} s);
fitted beats the default by a clear margin and reaches ≥ 95 % of the true weights' NDCG@10. ${allMet ? 'All met.' : 'NOT all met.'}
`;
process.stdout.write(body);
if (!values['no-write']) writeSection('## Weight fitting (`npm run bench:tuning`)', body);
