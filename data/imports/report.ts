/**
 * The row-by-row report of an import: every problem of every row, by line and column, with a code and
 * its values (so the workbench can say it in the reader's language) and an English message (for the
 * command line and the API). An import with any problem stores nothing.
 */
import { PROBLEM_MESSAGES, type ImportProblemCode } from '../../engine/imports.ts';
import { fillTemplate } from '../../engine/template.ts';

export type { ImportProblemCode };

export interface ImportProblem {
  /** The row's line in the file (header = 1). */
  line: number;
  column: string;
  code: ImportProblemCode;
  /** The values the message names ({value}, {min}, {max}, {allowed}, …). */
  params: Record<string, string>;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  /** Rows read below the header. */
  rows: number;
  /** Rows stored: all of them, or none when there is any problem or on a dry run. */
  stored: number;
  dryRun: boolean;
  problems: ImportProblem[];
}

export type ImportKind = 'participants' | 'companies' | 'outcomes';

/** Where an import is: reading rows, checking them, storing them; done and total count rows. */
export type ImportProgress = (progress: { phase: 'checking' | 'storing'; done: number; total: number }) => void;

export function importProblem(line: number, column: string, code: ImportProblemCode, params: Record<string, string | number> = {}): ImportProblem {
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return { line, column, code, params: values, message: fillTemplate(PROBLEM_MESSAGES[code], values) };
}

/** One row's cells read by column, each reading noting its problem. */
export class RowReader {
  readonly problems: ImportProblem[] = [];

  constructor(
    readonly line: number,
    private readonly cells: Record<string, string>,
  ) {}

  problem(column: string, code: ImportProblemCode, params: Record<string, string | number> = {}): void {
    this.problems.push(importProblem(this.line, column, code, params));
  }

  text(column: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = this.cells[column] ?? '';
    if (!value) {
      if (options.required) this.problem(column, 'required');
      return undefined;
    }
    if (options.max && value.length > options.max) {
      this.problem(column, 'tooLong', { max: options.max });
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], options: { required?: boolean; fold?: 'upper' | 'lower' } = {}): T | undefined {
    const raw = this.text(column, options);
    if (raw === undefined) return undefined;
    const value = options.fold === 'upper' ? raw.toUpperCase() : options.fold === 'lower' ? raw.toLowerCase() : raw;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(column, 'notOneOf', { value: raw, allowed: allowed.join(', ') });
    return undefined;
  }

  /** A whole number in [min, max]; digits only (Number() would read "0x5" or "5e0" as 5). */
  integer(column: string, min: number, max: number, options: { required?: boolean } = {}): number | undefined {
    const raw = this.text(column, options);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) {
      this.problem(column, 'notInteger', { value: raw });
      return undefined;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.problem(column, 'outOfRange', { value: raw, min, max });
      return undefined;
    }
    return value;
  }

  boolean(column: string): boolean | undefined {
    const raw = this.text(column);
    if (raw === undefined) return undefined;
    if (/^(true|yes|ja|是|1|x)$/i.test(raw)) return true;
    if (/^(false|no|nein|否|0)$/i.test(raw)) return false;
    this.problem(column, 'notBoolean', { value: raw });
    return undefined;
  }

  /** A list separated by commas, semicolons or spaces, each item matching `pattern`. */
  list(column: string, pattern: RegExp, max: number): string[] {
    const raw = this.text(column);
    if (raw === undefined) return [];
    const items = [...new Set(raw.split(/[\s,;]+/).filter(Boolean).map((s) => s.toLowerCase()))];
    const bad = items.find((item) => !pattern.test(item));
    if (bad !== undefined) this.problem(column, 'badFormat', { value: bad });
    else if (items.length > max) this.problem(column, 'tooMany', { max });
    return bad === undefined ? items.slice(0, max) : [];
  }

  pattern(column: string, pattern: RegExp, options: { required?: boolean } = {}): string | undefined {
    const raw = this.text(column, options);
    if (raw === undefined) return undefined;
    if (pattern.test(raw)) return raw;
    this.problem(column, 'badFormat', { value: raw });
    return undefined;
  }
}

/** The header's problems: required columns missing, unknown columns (a typo would silently drop data). */
export function headerProblems(columns: readonly string[], known: readonly string[], required: readonly string[], anyOf: readonly string[] = []): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const column of required) if (!columns.includes(column)) problems.push(importProblem(1, column, 'missingColumn', { allowed: known.join(', ') }));
  if (anyOf.length && !anyOf.some((c) => columns.includes(c))) problems.push(importProblem(1, anyOf[0]!, 'missingOneOf', { allowed: anyOf.join(', ') }));
  for (const column of columns) if (!known.includes(column)) problems.push(importProblem(1, column, 'unknownColumn', { allowed: known.join(', ') }));
  return problems;
}
