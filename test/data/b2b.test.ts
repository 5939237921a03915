import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../engine/errors.ts';
import { solveSlots } from '../../engine/scheduling/index.ts';
import { b2bSchedule, b2bToSlotProblem, parseB2bInstance } from '../../data/b2b/instance.ts';
import { makeVariant, STANDARD_VARIANTS, variantName } from '../../data/b2b/variants.ts';
import { solveSlotsParallel } from '../../runtime/solver/parallel.ts';
import { checkB2bSchedule, type RawInstance } from '../b2bChecker.ts';
import { readSharedJson } from '../sharedData.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'isa-b2b-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small forum in the published format: a morning and an afternoon, one participant busy in slot 2. */
const forum: RawInstance = {
  nParticipants: 6,
  nMeetings: 7,
  nTables: 3,
  nSlots: 6,
  nMorningSlots: 3,
  meetings: [
    [1, 2, 3],
    [1, 3, 3],
    [1, 4, 1],
    [2, 5, 2],
    [3, 6, 3],
    [4, 5, 3],
    [5, 6, 3],
  ],
  forbidden: [[], [2], [], [], [], []],
  fixed: [0, 0, 0, 0, 0, 0, 5],
  precedences: [[], [], [], [], [], [], [4]],
};

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'data/cli/b2b.ts', ...args], { cwd: root, encoding: 'utf8' });
}

describe('the published instance format', () => {
  it('converts to 0-based problems', () => {
    const p = b2bToSlotProblem(parseB2bInstance(forum));
    expect(p.meetings[2]).toEqual({ a: 0, b: 3, session: 'morning', fixed: null, after: [] });
    expect(p.meetings[6]).toEqual({ a: 4, b: 5, session: 'either', fixed: 4, after: [3] });
    expect(p.forbidden[1]).toEqual([1]);
  });

  it('names the offending field of a broken instance', () => {
    const broken = { ...forum, meetings: [...forum.meetings.slice(0, 6), [5, 9, 3]] };
    try {
      parseB2bInstance(broken);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).field).toBe('meetings.6.1');
      expect((err as AppError).message).toMatch(/participant 9 does not exist/);
    }
    expect(() => parseB2bInstance({ ...forum, nMeetings: 8 })).toThrow(/meetings: holds 7 meetings, nMeetings says 8/);
  });
});

describe('npm run b2b -- solve', () => {
  it('writes a schedule that the independent checker accepts', () => {
    const file = join(dir, 'forum.json');
    const out = join(dir, 'forum.schedule.json');
    writeFileSync(file, JSON.stringify(forum));
    const run = runCli(['solve', file, '--out', out, '--time-limit', '2']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const schedule = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(schedule)).toEqual(expect.arrayContaining(['slot_of_meeting', 'total_breaks', 'break_spread', 'seconds']));
    const verdict = checkB2bSchedule(forum, schedule);
    expect(verdict.errors).toEqual([]);
    expect(schedule.slot_of_meeting[6]).toBe(5);
    expect(schedule.slot_of_meeting[3]).toBeLessThan(5);
  });

  it('exits non-zero with the reason when no schedule exists', () => {
    const file = join(dir, 'crowded.json');
    // Participant 1 meets five others in four slots.
    writeFileSync(file, JSON.stringify({ ...forum, nSlots: 4, nMorningSlots: 4, nMeetings: 5, meetings: [2, 3, 4, 5, 6].map((b) => [1, b, 3]), fixed: undefined, precedences: undefined }));
    const run = runCli(['solve', file, '--out', join(dir, 'crowded.out.json'), '--time-limit', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/participant 1 has 5 meetings but only 4 slots/);
    expect(existsSync(join(dir, 'crowded.out.json'))).toBe(false);
  });

  it('says so when the instance file cannot be read', () => {
    const run = runCli(['solve', join(dir, 'missing.json'), '--out', join(dir, 'missing.out.json')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/missing\.json: ENOENT/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains its usage', () => {
    const run = runCli(['solve']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: npm run b2b -- solve/);
  });
});

describe('searching on two threads', () => {
  it('keeps the better of two seeds, and the checker agrees', async () => {
    const schedule = await solveSlotsParallel(b2bToSlotProblem(parseB2bInstance(forum)), { timeLimitMs: 1000, seed: 3, workers: 2 });
    expect(schedule.runs).toHaveLength(2);
    expect([3, 4]).toContain(schedule.seed);
    expect(schedule.totalBreaks).toBe(Math.min(...schedule.runs.map((r) => r ?? Infinity)));
    const out = b2bSchedule(schedule);
    expect(checkB2bSchedule(forum, out).errors).toEqual([]);
  });

  it('reports why no schedule exists, as the engine does', async () => {
    const clash: RawInstance = { ...forum, nMeetings: 3, meetings: [[1, 2, 3], [2, 3, 3], [1, 3, 3]], nSlots: 2, nMorningSlots: 2, fixed: [0, 0, 0], precedences: [[], [], []], forbidden: [[], [], [], [], [], []] };
    const run = solveSlotsParallel(b2bToSlotProblem(parseB2bInstance(clash)), { timeLimitMs: 300, workers: 2 });
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toMatchObject({ code: 'infeasible' });
  });

  it('names the participant whose own locked meetings break the fairness bound, before any search', async () => {
    // Participant 1's four meetings are fixed to slots 1, 3, 5 and 7: three breaks, while participant 6 meets nobody.
    const spread: RawInstance = { nParticipants: 6, nMeetings: 4, nTables: 4, nSlots: 8, nMorningSlots: 8, meetings: [[1, 2, 3], [1, 3, 3], [1, 4, 3], [1, 5, 3]], forbidden: [[], [], [], [], [], []], fixed: [1, 3, 5, 7], precedences: [[], [], [], []] };
    const run = solveSlotsParallel(b2bToSlotProblem(parseB2bInstance(spread)), { timeLimitMs: 30_000, workers: 2 });
    await expect(run).rejects.toMatchObject({ code: 'infeasible', field: 'participants.0', message: expect.stringMatching(/^participant 1 cannot hold its 4 meetings \(4 of them possible in one slot only: slots 1, 3, 5, 7\) with 2 breaks or fewer/) });
  });
});

describe('npm run b2b -- variants', () => {
  it('writes the standard variants, each a valid instance', () => {
    const file = join(dir, 'forum.original.json');
    writeFileSync(file, JSON.stringify(forum));
    const out = join(dir, 'variants');
    const run = runCli(['variants', file, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const spec of STANDARD_VARIANTS) expect(() => parseB2bInstance(JSON.parse(readFileSync(join(out, `forum.${variantName(spec)}.json`), 'utf8')))).not.toThrow();
  });

  it('writes one variant, and names a bad rate', () => {
    const file = join(dir, 'forum.original.json');
    writeFileSync(file, JSON.stringify(forum));
    const ok = runCli(['variant', file, '--kind', 'precedences', '--rate', '0.5', '--seed', '2', '--out', join(dir, 'forum.prec.json')]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'forum.prec.json'), 'utf8')).precedences.flat().length).toBeGreaterThan(1);
    const bad = runCli(['variant', file, '--kind', 'fixed', '--rate', '40', '--out', join(dir, 'forum.bad.json')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/rate must be a share above 0 and at most 1/);
  });
});

// A real instance from a published B2B forum, read where the benchmark data lives (fails when it is absent).
describe('variants of a real forum (tic-12), made by our generator', () => {
  const original = () => parseB2bInstance(readSharedJson<RawInstance>('bench/b2b/instances/tic-12.original.json'));

  it('with 7 % forbidden slots: 6 breaks, proven optimal, and the checker agrees', async () => {
    const variant = makeVariant(original(), { kind: 'forbidden', rate: 0.07, seed: 1 });
    const schedule = b2bSchedule(await solveSlotsParallel(b2bToSlotProblem(variant), { timeLimitMs: 60_000, seed: 1, workers: 2 }));
    expect(checkB2bSchedule(variant as RawInstance, schedule).errors).toEqual([]);
    expect(schedule.total_breaks).toBe(6);
    expect(schedule.lower_bound).toBe(6);
    expect(schedule.optimal).toBe(true);
  }, 90_000);

  it('with two fifths of the meetings fixed to random slots: no schedule at all, whatever the breaks, and it says so', async () => {
    const variant = makeVariant(original(), { kind: 'fixed', rate: 0.4, seed: 1 });
    const run = solveSlotsParallel(b2bToSlotProblem(variant), { timeLimitMs: 60_000, seed: 1, workers: 2 });
    // The HiGHS MIP agrees (Infeasible), and so does the search with the fairness bound lifted.
    await expect(run).rejects.toMatchObject({ code: 'infeasible', field: 'meetings', message: 'no schedule exists, whatever the breaks: the meetings do not fit the slots, tables, unavailability and precedences' });
    await expect(solveSlotsParallel(b2bToSlotProblem(variant, 100), { timeLimitMs: 60_000, seed: 1, workers: 2 })).rejects.toMatchObject({ code: 'infeasible', message: expect.stringMatching(/^no schedule exists, whatever the breaks/) });
  }, 150_000);
});

describe('a real forum (tic-12, published optimum 0 breaks)', () => {
  it('reaches the optimum, and the checker agrees', () => {
    const raw = readSharedJson<RawInstance>('bench/b2b/instances/tic-12.original.json');
    const schedule = b2bSchedule(solveSlots(b2bToSlotProblem(parseB2bInstance(raw)), { timeLimitMs: 20_000, seed: 1 }));
    expect(checkB2bSchedule(raw, schedule).errors).toEqual([]);
    expect(schedule.total_breaks).toBe(0);
  });
});
