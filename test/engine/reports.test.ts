/** Report periods: months, quarters and years in UTC, which of a schedule's periods have ended, counting into months. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../engine/errors.ts';
import { checkPeriod, countByMonth, endedPeriods, meanOf, monthsOf, periodAfter, periodBefore, periodContaining, projectChangeKind, tally } from '../../engine/reports.ts';

describe('report periods', () => {
  it('finds the month, quarter and year of a day, across leap years and year ends', () => {
    expect(periodContaining('monthly', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodContaining('quarterly', '2024-05-31')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(periodContaining('quarterly', '2023-12-31')).toEqual({ from: '2023-10-01', to: '2023-12-31' });
    expect(periodContaining('yearly', '2025-07-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodAfter('quarterly', { from: '2023-10-01', to: '2023-12-31' })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodBefore('quarterly', '2024-01-15')).toEqual({ from: '2023-10-01', to: '2023-12-31' });
    expect(periodBefore('monthly', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('lists the periods that have ended by now, oldest first, at most a limit', () => {
    expect(endedPeriods('quarterly', '2024-01-01', new Date('2024-03-31T23:59:00Z'))).toEqual([]);
    expect(endedPeriods('quarterly', '2024-01-01', new Date('2024-04-01T00:00:01Z'))).toEqual([{ from: '2024-01-01', to: '2024-03-31' }]);
    expect(endedPeriods('quarterly', '2024-02-20', new Date('2024-10-02T00:00:00Z')).map((p) => p.from)).toEqual(['2024-01-01', '2024-04-01', '2024-07-01']);
    expect(endedPeriods('monthly', '2020-01-01', new Date('2026-01-01T00:00:00Z'), 5)).toHaveLength(5);
  });

  it('refuses a period that is no period, naming the field', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as AppError).field;
      }
      return undefined;
    };
    expect(fieldOf(() => checkPeriod({ from: '2024-02-30', to: '2024-03-01' }))).toBe('from');
    expect(fieldOf(() => checkPeriod({ from: '2024-03-01', to: '2024-02-01' }))).toBe('to');
    expect(fieldOf(() => checkPeriod({ from: '2000-01-01', to: '2024-02-01' }))).toBe('to');
    expect(checkPeriod({ from: '2024-03-01', to: '2024-03-01' })).toEqual({ from: '2024-03-01', to: '2024-03-01' });
  });

  it('counts dated amounts into every month of the period, zeros included', () => {
    const period = { from: '2024-11-15', to: '2025-02-10' };
    expect(monthsOf(period)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(countByMonth(period, [{ day: '2024-11-15T08:00:00Z' }, { day: '2024-11-14' }, { day: '2025-02-10', count: 3 }, { day: '2025-02-11' }])).toEqual([
      { month: '2024-11', count: 1 },
      { month: '2024-12', count: 0 },
      { month: '2025-01', count: 0 },
      { month: '2025-02', count: 3 },
    ]);
    expect(tally(['none', 'agreement'], ['agreement', 'contact', 'agreement'])).toEqual({ none: 0, agreement: 2, contact: 1 });
    expect(meanOf([4, null, 5])).toBe(4.5);
    expect(meanOf([null])).toBeNull();
  });

  it("tells a project's status entry as started, advanced, completed or abandoned", () => {
    expect(projectChangeKind(null, 'idea')).toBe('started');
    expect(projectChangeKind(null, 'agreed')).toBe('started');
    expect(projectChangeKind('negotiation', 'agreed')).toBe('advanced');
    expect(projectChangeKind('running', 'completed')).toBe('completed');
    expect(projectChangeKind(null, 'completed')).toBe('completed');
    expect(projectChangeKind('idea', 'abandoned')).toBe('abandoned');
  });
});
