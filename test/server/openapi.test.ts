/**
 * The OpenAPI document against a standard linter: Redocly's CLI with its recommended rules
 * (redocly.yaml) reports no error. Warnings are printed, not failed on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDocument } from '../../server/app.ts';

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules with no error", () => {
    const dir = mkdtempSync(join(tmpdir(), 'isa-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(apiDocument()));
      const run = spawnSync(join('node_modules', '.bin', 'redocly'), ['lint', file, '--format=json', '--config', 'redocly.yaml'], {
        encoding: 'utf8',
        // No telemetry or update check: the linter runs offline.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 120_000,
      });
      const report = JSON.parse(run.stdout) as LintReport;
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
