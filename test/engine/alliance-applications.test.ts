/** The consent rules and the 2:1 ratio of engine/alliance/applications.ts, case by case. */
import { describe, expect, it } from 'vitest';
import { assertTransition, decide, type Vote } from '../../engine/alliance/applications.ts';

const electorate = ['a', 'b', 'c', 'd'];
const vote = (cityId: string, v: Vote['vote'], inWriting = true): Vote => ({ cityId, vote: v, inWriting, document: null, date: '2026-12-01' });
const members = { DE: 19, CN: 25 };

describe("003's rule: written consent of all member cities", () => {
  it('waits while any answer is missing, and names who has not answered', () => {
    const d = decide([vote('a', 'consent'), vote('b', 'consent')], electorate, 'all-written', 'DE', members);
    expect(d).toMatchObject({ outcome: 'pending', code: 'awaiting', missing: ['c', 'd'] });
  });
  it('counts only written consent', () => {
    const d = decide([vote('a', 'consent'), vote('b', 'consent'), vote('c', 'consent'), vote('d', 'consent', false)], electorate, 'all-written', 'DE', members);
    expect(d).toMatchObject({ outcome: 'pending', missing: ['d'] });
  });
  it('admits with every written consent; one objection rejects', () => {
    expect(decide(electorate.map((c) => vote(c, 'consent')), electorate, 'all-written', 'DE', members).outcome).toBe('member');
    const rejected = decide([vote('a', 'objection')], electorate, 'all-written', 'DE', members);
    expect(rejected).toMatchObject({ outcome: 'rejected', code: 'objected', objections: ['a'] });
  });
  it('ignores answers from cities that were not asked', () => {
    expect(decide([...electorate.map((c) => vote(c, 'consent')), vote('x', 'objection')], electorate, 'all-written', 'DE', members).outcome).toBe('member');
  });
});

describe("002's reading: consent of the member cities as a body", () => {
  it('admits with more than half, written or not', () => {
    expect(decide([vote('a', 'consent', false), vote('b', 'consent'), vote('c', 'consent'), vote('d', 'objection')], electorate, 'majority', 'DE', members).outcome).toBe('member');
  });
  it('waits at half, rejects once half object', () => {
    expect(decide([vote('a', 'consent'), vote('b', 'consent')], electorate, 'majority', 'DE', members).outcome).toBe('pending');
    expect(decide([vote('a', 'objection'), vote('b', 'objection')], electorate, 'majority', 'DE', members)).toMatchObject({ outcome: 'rejected', code: 'not-enough-consent' });
  });
});

describe('the 2:1 ratio (003 L206)', () => {
  const all = electorate.map((c) => vote(c, 'consent'));
  it('admits a Chinese city up to exactly 2:1 and offers an observer seat beyond', () => {
    expect(decide(all, electorate, 'all-written', 'CN', { DE: 13, CN: 25 }).outcome).toBe('member'); // 26 = 2 × 13
    const beyond = decide(all, electorate, 'all-written', 'CN', { DE: 12, CN: 25 });
    expect(beyond).toMatchObject({ outcome: 'observer', code: 'ratio' });
    expect(beyond.message).toContain('26 Chinese against 12 German');
  });
  it('never holds back a German applicant, and a rejection stays a rejection', () => {
    expect(decide(all, electorate, 'all-written', 'DE', { DE: 1, CN: 40 }).outcome).toBe('member');
    expect(decide([vote('a', 'objection')], electorate, 'all-written', 'CN', { DE: 1, CN: 40 }).outcome).toBe('rejected');
  });
});

describe('application states', () => {
  it('moves forward only; nothing decided is reopened', () => {
    expect(() => assertTransition('filed', 'circulated')).not.toThrow();
    expect(() => assertTransition('circulated', 'observer')).not.toThrow();
    expect(() => assertTransition('member', 'circulated')).toThrow(/cannot become/);
    expect(() => assertTransition('filed', 'member')).toThrow(/cannot become/);
  });
});
