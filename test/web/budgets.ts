/**
 * The interface's budgets as the browser tests measure them, collected in var/web-budgets.json: every
 * measurement of a budget is kept (a run of `npm run bench:web` repeats the tests and reports the
 * median). The tests record times; they do not fail on them (shared machines are noisy).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const BUDGETS_FILE = join(process.cwd(), 'var', 'web-budgets.json');

export interface BudgetRecord {
  budget: number;
  samples: number[];
}

export function readBudgets(): Record<string, BudgetRecord> {
  return existsSync(BUDGETS_FILE) ? (JSON.parse(readFileSync(BUDGETS_FILE, 'utf8')) as Record<string, BudgetRecord>) : {};
}

export function recordBudget(name: string, measured: number, budget: number): void {
  mkdirSync(dirname(BUDGETS_FILE), { recursive: true });
  const all = readBudgets();
  // An entry without samples (an older file's form) starts over.
  const entry = Array.isArray(all[name]?.samples) ? all[name] : (all[name] = { budget, samples: [] });
  entry.budget = budget;
  entry.samples.push(measured);
  writeFileSync(BUDGETS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}
