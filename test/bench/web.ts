/**
 * `npm run bench:web [-- --runs 3]`: the workbench's budgets (first page usable, initial JavaScript,
 * the 200-participant schedule grid, a what-if slider's re-ranking) as the browser tests measure them
 * in Debian's Chromium on 127.0.0.1. Runs the browser tests `runs` times and writes each budget's median
 * and worst to BENCHMARKS.md. Needs a built interface (`npm run build:web`) and Chromium.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BUDGETS_FILE, readBudgets } from '../web/budgets.ts';
import { machine, writeSection } from './report.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

rmSync(BUDGETS_FILE, { force: true });
for (let run = 1; run <= runs; run++) {
  process.stdout.write(`browser tests, run ${run} of ${runs}\n`);
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'slow', 'test/web/'], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('the browser tests failed; no figures written\n');
    process.exit(1);
  }
}

/** The middle sample, or the mean of the two middle ones. */
function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
}

const rows = Object.entries(readBudgets()).map(([name, { budget, samples }]) => {
  const middle = median(samples);
  const worst = Math.max(...samples);
  return `| ${name} | ${budget} | ${middle} | ${worst} | ${samples.length} | ${worst <= budget ? 'yes' : middle <= budget ? 'median only' : 'no'} |`;
});
const body = `Machine: ${machine()}, Chromium headless (Debian). Date: ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench:web -- --runs ${runs}\`.

| budget | target | median | worst | samples | within |
|---|---:|---:|---:|---:|---|
${rows.join('\n')}

Each figure is measured in the browser tests while the other browser test files run beside them (vitest runs files in parallel):
first page usable = navigation to the start page until its heading and language menu are there (after one warm-up load);
initial JavaScript = the scripts the start page loads, gzipped; grid = opening a 200-participant event's schedule until its
cells are drawn; slider = a what-if slider's input event until the list on screen is ranked by the new weights. The
issue sets the targets of the first page, the initial JavaScript, the grid and the slider; the company profile and the map are this project's own marks.`;
writeSection('## Workbench budgets (bench:web)', body);
process.stdout.write(`${body}\n`);
