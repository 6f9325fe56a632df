import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditFigures, expectedAmountFen, fullToFull, medianPrice, priceFarFromMedian, splitByWeight } from './fuel.ts';
import { limitForMonth } from './fuel-limit.ts';

const southeast = { fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }] };
const wuling = { fuelStandard: 650, floatOrdinary: 350, seasonalFloats: [] };

describe('the monthly audit of one vehicle', () => {
  it('Southeast, 1 000 km: 140 L allowed in June and October, 160 L in July and September', () => {
    const at = (month: string) => auditFigures({ km: 1000, litres: 15000, amountFen: 112500, limit: limitForMonth(southeast, month) });
    expect(at('2026-06')).toMatchObject({ allowedLitres: 14000, excessLitres: 1000, status: 'over', excessFen: 7500, averagePriceFen: 750, actual: 1500 });
    expect(at('2026-07')).toMatchObject({ allowedLitres: 16000, excessLitres: 0, status: 'within', excessFen: 0 });
    expect(at('2026-09').status).toBe('within');
    expect(at('2026-10').status).toBe('over');
  });
  it('Wuling in August has no seasonal float: 10.0', () => {
    expect(auditFigures({ km: 800, litres: 8001, amountFen: 60000, limit: limitForMonth(wuling, '2026-08') })).toMatchObject({ allowedLitres: 8000, excessLitres: 1, status: 'over' });
  });
  it('exactly at the limit is within it', () => {
    expect(auditFigures({ km: 800, litres: 8000, amountFen: 60000, limit: 1000 })).toMatchObject({ excessLitres: 0, status: 'within', actual: 1000 });
  });
  it('zero km: fuel bought without distance, or nothing at all; distance without fuel', () => {
    expect(auditFigures({ km: 0, litres: 3000, amountFen: 22500, limit: 1000 })).toMatchObject({ status: 'fuel_no_distance', actual: null, allowedLitres: 0, excessLitres: 3000 });
    expect(auditFigures({ km: 0, litres: 0, amountFen: 0, limit: 1000 })).toMatchObject({ status: 'idle', averagePriceFen: null, excessFen: 0 });
    expect(auditFigures({ km: 120, litres: 0, amountFen: 0, limit: 1000 })).toMatchObject({ status: 'distance_no_fuel', actual: 0 });
  });
  it('the excess is valued at the average price paid, rounded once', () => {
    // allowed 700 × 13.86 / 100 = 97.02 L; 2.98 L over; 100 L cost 766.67 元 → 2.98 × 7.6667 = 22.846766 → 22.85
    expect(auditFigures({ km: 700, litres: 10000, amountFen: 76667, limit: 1386 })).toMatchObject({ allowedLitres: 9702, excessLitres: 298, excessFen: 2285 });
  });
});

describe('sharing a penalty by kilometres', () => {
  it('shares add up to the total exactly', () => {
    expect(splitByWeight(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(splitByWeight(10001, [300, 700])).toEqual([3000, 7001]);
    expect(splitByWeight(500, [0, 0])).toEqual([250, 250]);
    expect(splitByWeight(0, [5, 7])).toEqual([0, 0]);
  });
  it('for any total and kilometres (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 8 }), (total, km) => {
        const shares = splitByWeight(total, km);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = km.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => {
          // each share is within one fen of its exact part
          const exact = sum === 0 ? total / km.length : (total * km[i]!) / sum;
          expect(Math.abs(s - exact)).toBeLessThan(1);
        });
      }),
    );
  });
});

describe('prices', () => {
  it('amount = litres × unit price to the fen, half up', () => {
    expect(expectedAmountFen(4512, 762)).toBe(34381); // 45.12 × 7.62 = 343.8144
    expect(expectedAmountFen(50, 761)).toBe(381); // 0.5 × 7.61 = 3.805 → 3.81
  });
  it('the median is a price someone paid; far means more than the threshold away', () => {
    expect(medianPrice([780, 760, 770, 800])).toBe(770);
    expect(medianPrice([])).toBeNull();
    expect(priceFarFromMedian(847, 770, 1000)).toBe(false); // exactly 10 %
    expect(priceFarFromMedian(848, 770, 1000)).toBe(true);
    expect(priceFarFromMedian(692, 770, 1000)).toBe(true);
  });
});

describe('full-to-full consumption', () => {
  it('partial fills are carried into the next full fill', () => {
    const r = fullToFull([
      { id: 1, litres: 4000, odometerKm: 10_000, fullTank: true },
      { id: 2, litres: 1500, odometerKm: 10_200, fullTank: false },
      { id: 3, litres: 2500, odometerKm: 10_500, fullTank: true },
      { id: 4, litres: 3000, odometerKm: 10_800, fullTank: true },
    ]);
    expect(r.segments).toEqual([
      { fromFillId: 1, toFillId: 3, km: 500, litres: 4000, consumption: 800 },
      { fromFillId: 3, toFillId: 4, km: 300, litres: 3000, consumption: 1000 },
    ]);
    expect(r).toMatchObject({ km: 800, litres: 7000, consumption: 875 });
  });
  it('before the first full fill nothing is measured; a fill without odometer breaks its segment', () => {
    const r = fullToFull([
      { id: 1, litres: 2000, odometerKm: 9_000, fullTank: false },
      { id: 2, litres: 4000, odometerKm: 10_000, fullTank: true },
      { id: 3, litres: 1000, odometerKm: null, fullTank: false },
      { id: 4, litres: 3000, odometerKm: 10_400, fullTank: true },
      { id: 5, litres: 3500, odometerKm: 10_750, fullTank: true },
    ]);
    expect(r.segments.map((s) => [s.fromFillId, s.toFillId])).toEqual([[4, 5]]);
    expect(r.consumption).toBe(1000);
  });
  it('no full fills: no figure', () => {
    expect(fullToFull([{ id: 1, litres: 100, odometerKm: 5, fullTank: false }]).consumption).toBeNull();
  });
});
