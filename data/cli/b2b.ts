/**
 * `npm run b2b -- solve <instance.json> --out <schedule.json> [--time-limit <seconds>] [--seed <n>] [--fairness <d>] [--workers <n>] [--strategies <s,…>] [--restarts <k>]`
 * Reads a B2B meeting-scheduling instance in the published format and writes a schedule with the fewest
 * breaks found; exits 1 with the reason when no schedule exists or none was found in time. Searches with
 * `--workers` threads at once (default 2, seeds n, n + 1, …) by `--strategies` (one per thread; default
 * cores,hybrid; see runtime/solver/slotSearch.worker.ts), and keeps the best schedule; `--restarts` applies to the
 * annealing strategy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../engine/errors.ts';
import { b2bSchedule, b2bToSlotProblem, parseB2bInstance } from '../b2b/instance.ts';
import { solveSlotsParallel, type SlotStrategy } from '../../runtime/solver/parallel.ts';
import { cliArgs } from './args.ts';

const USAGE = 'usage: npm run b2b -- solve <instance.json> --out <schedule.json> [--time-limit <seconds>] [--seed <n>] [--fairness <d>] [--workers <n>] [--strategies cores,cores-busy,hybrid,annealing] [--restarts <k>]';
const STRATEGIES: readonly SlotStrategy[] = ['cores', 'cores-busy', 'hybrid', 'annealing'];
const { values, positionals } = cliArgs(
  { out: { type: 'string' }, 'time-limit': { type: 'string', default: '60' }, seed: { type: 'string', default: '1' }, fairness: { type: 'string', default: '2' }, workers: { type: 'string', default: '2' }, strategies: { type: 'string' }, restarts: { type: 'string', default: '1' } },
  USAGE,
);
const [command, file] = positionals;
if (command !== 'solve' || !file || !values.out) {
  console.error(USAGE);
  process.exit(2);
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
try {
  const instance = parseB2bInstance(JSON.parse(readFileSync(file, 'utf8')));
  const schedule = await solveSlotsParallel(b2bToSlotProblem(instance, fairness), { timeLimitMs: timeLimit * 1000, seed: Number(values.seed), workers: strategies?.length ?? workers, strategies, restarts });
  const out = b2bSchedule(schedule);
  writeFileSync(values.out, `${JSON.stringify(out)}\n`);
  console.log(`${file}: ${out.total_breaks} breaks (spread ${out.break_spread}, lower bound ${out.lower_bound}${out.optimal ? ', optimal' : ''}) in ${out.seconds_to_best} s; written to ${values.out}`);
} catch (err) {
  // Bad input (not JSON, not an instance, no schedule) and unreadable or unwritable files: a message, no stack.
  if (err instanceof AppError || err instanceof SyntaxError || typeof (err as NodeJS.ErrnoException).code === 'string') {
    console.error(`${file}: ${(err as Error).message}`);
    process.exit(1);
  }
  throw err;
}
