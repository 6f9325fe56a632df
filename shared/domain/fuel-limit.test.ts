import { describe, expect, it } from 'vitest';
import { floatForMonth, limitForMonth } from './fuel-limit.ts';

// The two models of the regulation, in hundredths of L/100 km.
const southeast = { fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }] };
const wuling = { fuelStandard: 650, floatOrdinary: 350, seasonalFloats: [] };

describe('fuel limits', () => {
  it('Southeast: 14.0 in ordinary months, 16.0 in July to September', () => {
    expect(limitForMonth(southeast, '2026-06')).toBe(1400);
    expect(limitForMonth(southeast, '2026-07')).toBe(1600);
    expect(limitForMonth(southeast, '2026-09')).toBe(1600);
    expect(limitForMonth(southeast, '2026-10')).toBe(1400);
    expect(floatForMonth(southeast, '2026-08')).toBe(650);
  });

  it('Wuling: 10.0 all year', () => {
    for (const m of ['2026-01', '2026-07', '2026-12']) expect(limitForMonth(wuling, m)).toBe(1000);
  });

  it('a winter season wraps the year end', () => {
    const winter = { fuelStandard: 1100, floatOrdinary: 300, seasonalFloats: [{ fromMonth: 12, toMonth: 2, float: 450 }] };
    expect(limitForMonth(winter, '2027-01')).toBe(1550);
    expect(limitForMonth(winter, '2026-12')).toBe(1550);
    expect(limitForMonth(winter, '2026-03')).toBe(1400);
  });
});
