import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, isValidDate, monthInRange, monthRangesOverlap } from './period.ts';

describe('months', () => {
  it('knows plain and year-wrapping ranges', () => {
    expect(monthInRange(7, 7, 9)).toBe(true);
    expect(monthInRange(9, 7, 9)).toBe(true);
    expect(monthInRange(10, 7, 9)).toBe(false);
    expect(monthInRange(1, 11, 2)).toBe(true);
    expect(monthInRange(12, 11, 2)).toBe(true);
    expect(monthInRange(3, 11, 2)).toBe(false);
  });

  it('detects overlapping seasons, also across the year end', () => {
    expect(monthRangesOverlap({ fromMonth: 7, toMonth: 9 }, { fromMonth: 9, toMonth: 10 })).toBe(true);
    expect(monthRangesOverlap({ fromMonth: 7, toMonth: 9 }, { fromMonth: 10, toMonth: 12 })).toBe(false);
    expect(monthRangesOverlap({ fromMonth: 11, toMonth: 2 }, { fromMonth: 1, toMonth: 1 })).toBe(true);
  });

  it('adds months across years', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('validates calendar dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('26-01-01')).toBe(false);
    expect(daysBetween('2026-11-23', '2026-12-11')).toBe(18);
  });
});
