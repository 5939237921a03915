/**
 * The interface's budgets as measured by the browser tests, collected in var/web-budgets.json (one
 * entry per budget, the latest measurement) for BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(process.cwd(), 'var', 'web-budgets.json');

export function recordBudget(name: string, measured: number, budget: number): void {
  mkdirSync(join(process.cwd(), 'var'), { recursive: true });
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {};
  all[name] = { measured, budget, at: new Date().toISOString() };
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`);
}
