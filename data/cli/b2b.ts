/**
 * `npm run b2b -- solve <instance.json> --out <schedule.json> [--time-limit <seconds>] [--seed <n>] [--fairness <d>] [--workers <n>] [--strategies <s,…>] [--restarts <k>]`
 * Reads a B2B meeting-scheduling instance in the published format and writes a schedule with the fewest
 * breaks found; exits 1 with the reason when no schedule exists or none was found in time. Searches with
 * `--workers` threads at once (default 2, seeds n, n + 1, …) by `--strategies` (one per thread; default
 * cores,hybrid; see runtime/solver/slotSearch.worker.ts), and keeps the best schedule; `--restarts` applies to the
 * annealing strategy.
 *
 * `npm run b2b -- variant <instance.json> --kind forbidden|fixed|precedences --rate <share> [--seed <n>] --out <variant.json>`
 * writes one variant of the instance (data/b2b/variants.ts says how each kind is made);
 * `npm run b2b -- variants <instance.json> --out <dir>` writes the standard set that `npm run bench:b2b -- --variants` runs,
 * as <dir>/<name>.<variant>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../engine/errors.ts';
import { b2bSchedule, b2bToSlotProblem, parseB2bInstance } from '../b2b/instance.ts';
import { makeVariant, STANDARD_VARIANTS, VARIANT_KINDS, variantName, type VariantKind } from '../b2b/variants.ts';
import { solveSlotsParallel, type SlotStrategy } from '../../runtime/solver/parallel.ts';
import { cliArgs } from './args.ts';

const USAGE = `usage: npm run b2b -- solve <instance.json> --out <schedule.json> [--time-limit <seconds>] [--seed <n>] [--fairness <d>] [--workers <n>] [--strategies cores,cores-busy,hybrid,annealing] [--restarts <k>]
       npm run b2b -- variant <instance.json> --kind ${VARIANT_KINDS.join('|')} --rate <share, e.g. 0.03> [--seed <n>] --out <variant.json>
       npm run b2b -- variants <instance.json> --out <dir>`;
const STRATEGIES: readonly SlotStrategy[] = ['cores', 'cores-busy', 'hybrid', 'annealing'];
const { values, positionals } = cliArgs(
  { out: { type: 'string' }, 'time-limit': { type: 'string', default: '60' }, seed: { type: 'string', default: '1' }, fairness: { type: 'string', default: '2' }, workers: { type: 'string', default: '2' }, strategies: { type: 'string' }, restarts: { type: 'string', default: '1' }, kind: { type: 'string' }, rate: { type: 'string' } },
  USAGE,
);
const [command, file] = positionals;
if (!['solve', 'variant', 'variants'].includes(command ?? '') || !file || !values.out || (command === 'variant' && (!values.kind || !values.rate))) {
  console.error(USAGE);
  process.exit(2);
}

/** Runs a command, printing bad input (not JSON, not an instance, no schedule, an unreadable or unwritable file) as a message, no stack. */
function reportingBadInput(run: () => void | Promise<void>): Promise<void> {
  return Promise.resolve()
    .then(run)
    .catch((err: unknown) => {
      if (err instanceof AppError || err instanceof SyntaxError || typeof (err as NodeJS.ErrnoException).code === 'string') {
        console.error(`${file}: ${(err as Error).message}`);
        process.exit(1);
      }
      throw err;
    });
}

if (command === 'variant' || command === 'variants') {
  await reportingBadInput(() => {
    const instance = parseB2bInstance(JSON.parse(readFileSync(file, 'utf8')));
    if (command === 'variant') {
      const variant = makeVariant(instance, { kind: values.kind as VariantKind, rate: Number(values.rate), seed: Number(values.seed) });
      writeFileSync(values.out!, `${JSON.stringify(variant)}\n`);
      console.log(`${file}: ${values.kind} at ${values.rate}, seed ${values.seed}: written to ${values.out}`);
      return;
    }
    mkdirSync(values.out!, { recursive: true });
    const name = basename(file).replace(/(\.original)?\.json$/, '');
    for (const spec of STANDARD_VARIANTS) {
      const out = join(values.out!, `${name}.${variantName(spec)}.json`);
      writeFileSync(out, `${JSON.stringify(makeVariant(instance, spec))}\n`);
      console.log(out);
    }
  });
  process.exit(0);
}
const timeLimit = Number(values['time-limit']);
const fairness = Number(values.fairness);
const workers = Number(values.workers);
const restarts = Number(values.restarts);
const strategies = values.strategies?.split(',') as SlotStrategy[] | undefined;
if (strategies?.some((s) => !STRATEGIES.includes(s))) {
  console.error(`--strategies takes a comma-separated list of ${STRATEGIES.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
if (!(timeLimit > 0) || !Number.isInteger(fairness) || fairness < 0 || !Number.isInteger(workers) || workers < 1 || !Number.isInteger(restarts) || restarts < 1) {
  console.error(`--time-limit must be a positive number of seconds, --fairness a whole number ≥ 0, --workers and --restarts ≥ 1\n\n${USAGE}`);
  process.exit(2);
}
await reportingBadInput(async () => {
  const instance = parseB2bInstance(JSON.parse(readFileSync(file, 'utf8')));
  const schedule = await solveSlotsParallel(b2bToSlotProblem(instance, fairness), { timeLimitMs: timeLimit * 1000, seed: Number(values.seed), workers: strategies?.length ?? workers, strategies, restarts });
  const out = b2bSchedule(schedule);
  writeFileSync(values.out!, `${JSON.stringify(out)}\n`);
  console.log(`${file}: ${out.total_breaks} breaks (spread ${out.break_spread}, lower bound ${out.lower_bound}${out.optimal ? ', optimal' : ''}) in ${out.seconds_to_best} s; written to ${values.out}`);
});
