/** Spreadsheet imports over HTTP: the row-by-row report (ImportReport). */
import { z } from 'zod';
import { IMPORT_PROBLEM_CODES } from '../../engine/imports.ts';
import { queryBoolean } from '../validation.ts';

export const importQuery = z.strictObject({
  dryRun: queryBoolean.optional().meta({ description: 'check every row and report, store nothing' }),
});

export const importReportSchema = z
  .strictObject({
    kind: z.enum(['participants', 'companies', 'outcomes']),
    rows: z.number().int().meta({ description: 'rows read below the header' }),
    stored: z.number().int().meta({ description: 'rows stored: all, or none on a dry run' }),
    dryRun: z.boolean(),
    problems: z.array(
      z
        .strictObject({
          line: z.number().int().meta({ description: "the row's line in the file; the header is line 1" }),
          column: z.string(),
          code: z.enum(IMPORT_PROBLEM_CODES as [string, ...string[]]),
          params: z.record(z.string(), z.string()).meta({ description: 'the values the message names' }),
          message: z.string().meta({ description: 'in English; the code and params say it in any language' }),
        })
        .meta({ id: 'ImportProblem' }),
    ),
  })
  .meta({ id: 'ImportReport', description: 'every problem of every row; a file with any problem stores nothing' });
