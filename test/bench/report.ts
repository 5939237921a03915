/** Shared by the benchmark scripts: the machine's description and a section of BENCHMARKS.md. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};

/** Replaces the section that starts with `heading` (up to the next "## ") in BENCHMARKS.md, or appends it. */
export function writeSection(heading: string, body: string, file = new URL('../../BENCHMARKS.md', import.meta.url)): void {
  const intro = '# Benchmarks\n\nFigures from `npm run bench:*` on the machine named in each section. Comparisons are measured in one run, side by side.\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : intro;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = current.indexOf(heading);
  let next: string;
  if (start === -1) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const end = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + section + (end === -1 ? '' : `\n${current.slice(end + 1)}`);
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

/** The tree of a git commit in a temporary directory, sharing this tree's node_modules (the baseline). */
export function exportCommit(root: string, ref: string): { dir: string; commit: string; remove: () => void } {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root }).toString().trim();
  const dir = mkdtempSync(join(os.tmpdir(), `isa-bench-${commit}-`));
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${dir}`], { cwd: root });
  execFileSync('ln', ['-s', join(root, 'node_modules'), join(dir, 'node_modules')]);
  return { dir, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
