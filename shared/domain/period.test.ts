import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidMinute } from './dispatch.ts';
import { addMonths, daysBetween, daysInMonth, isValidDate, monthInRange, monthRangesOverlap } from './period.ts';

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

// The day checks are plain arithmetic (they run for every row of a large import): they must
// agree with the calendar, here dayjs's, for every date and time text.
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('isValidDate and isValidMinute', () => {
  it('agree with the calendar for any year, month 1..12 and day 1..31', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (y, m, d, h, mi) => {
        const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
        const calendar = dayjs(date, 'YYYY-MM-DD').format('YYYY-MM-DD') === date;
        expect(isValidDate(date)).toBe(calendar);
        expect(isValidMinute(`${date} ${pad(h)}:${pad(mi)}`)).toBe(calendar);
      }),
      { numRuns: 5000 },
    );
  });

  it('know the leap years and refuse what is not a date', () => {
    expect([2024, 2025, 1900, 2000].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 28, 29]);
    for (const bad of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', ' 2026-01-01', '2026-01-01 ', '２０２６-01-01', '']) expect(isValidDate(bad)).toBe(false);
    for (const bad of ['2026-02-29 08:00', '2026-01-01 24:00', '2026-01-01 08:60', '2026-01-01T08:00', '2026-01-01 8:00']) expect(isValidMinute(bad)).toBe(false);
    expect(isValidMinute('2024-02-29 23:59')).toBe(true);
  });
});
