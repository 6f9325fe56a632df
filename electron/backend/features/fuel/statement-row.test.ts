// The import saves a statement's rows without running the shared fill-up schema on each of
// them (fillOf): that is only right while the row reader is at least as strict as the schema.
// Here random cells, near the limits and far past them, go through the reader; every row it
// accepts must pass fillupCreateInput and give exactly what fillOf gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILLUP_LIMITS, fillupCreateInput } from '../../../../shared/api/fuel.ts';
import type { Mapping } from './statement-mapping.ts';
import { cellMemo, fillOf, rowValues } from './statement-row.ts';

const MAPPING: Mapping = { filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8, odometerKm: 9, fullTank: 10 };

/** any text: plain, full Unicode (astral characters are two code units), control characters */
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
/** mostly a good cell, else one near or past a limit, sometimes anything: with eleven cells a row, enough rows are accepted */
const cell = (good: fc.Arbitrary<string>, edge: fc.Arbitrary<string>) =>
  fc.oneof({ arbitrary: good, weight: 16 }, { arbitrary: edge, weight: 3 }, { arbitrary: anyText, weight: 1 });
/** text of about `max` characters, astral or not: the length limits are counted in code units */
const nearLimit = (max: number) =>
  fc.tuple(fc.constantFrom('站', '𠀀', 'A', ' '), fc.integer({ min: max - 2, max: max + 2 })).map(([ch, n]) => ch.repeat(n));
/** a figure in hundredths: good ones up to the limit; near it, past it, and texts people write */
const figure = (max: number) => {
  const text = (n: number) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;
  return cell(
    fc.integer({ min: 1, max }).map(text),
    fc.oneof(
      fc.integer({ min: max - 3, max: max + 3 }).map(text),
      fc.integer({ min: -3, max: 3 }).map(text),
      fc.constantFrom('0', '1e3', '1,000.00', '¥12.30', '12.345', '12.340', '  8 ', 'NaN', '１２.５', '12.3升'),
    ),
  );
};
const cells = fc.tuple(
  cell(fc.constantFrom('2026-11-03 08:15', '2028-02-29 23:59', '2026年11月3日 8:05:59', '2026/1/2 8:05'), fc.constantFrom('2026/2/29 8:00', '2026-11-03 24:00', '2026-11-03', '2026-11-03 8:5')),
  cell(fc.constantFrom('苏ED3101', '苏e d3101', '京A12345'), fc.constantFrom('ABC123', '苏', '苏ED31011')),
  cell(fc.constantFrom('', '李志强', '-5'), fc.oneof(fc.constantFrom('=1+1', '李\t'), nearLimit(FILLUP_LIMITS.driverName))),
  cell(fc.constantFrom('中石化城东加油站', '路边加油点'), fc.oneof(fc.constantFrom(' ', '@站'), nearLimit(FILLUP_LIMITS.stationName))),
  cell(fc.constantFrom('', '92#', '95号', '0#柴油', '柴油', 'E92'), fc.constantFrom('93#', '汽油', '0#汽油')),
  figure(FILLUP_LIMITS.litres),
  figure(FILLUP_LIMITS.fen),
  figure(FILLUP_LIMITS.fen),
  cell(fc.constantFrom('FP20261103001', '-2026'), fc.oneof(fc.constantFrom('+1', ''), nearLimit(FILLUP_LIMITS.invoiceNo))),
  cell(fc.oneof(fc.constant(''), fc.integer({ min: 0, max: FILLUP_LIMITS.km }).map(String)), fc.constantFrom('12,345', '10000000', '12.0', '12.5', '-1')),
  cell(fc.constantFrom('', '是', '否', 'Y'), fc.constantFrom('maybe', '满?')),
);

describe('a statement row the reader accepts is a valid fill-up', () => {
  it('passes the shared schema and saves what the schema would give, for random cells', () => {
    let accepted = 0;
    fc.assert(
      fc.property(cells, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }), (row, vehicleId, driverId, stationId) => {
        const { values } = rowValues([...row], MAPPING);
        if (!values) return;
        accepted++;
        const input = {
          vehicleId,
          driverId,
          filledAt: values.filledAt,
          ...(stationId !== undefined ? { stationId } : { stationName: values.stationName }),
          fuelGrade: values.fuelGrade,
          litres: values.litres,
          unitPriceFen: values.unitPriceFen,
          amountFen: values.amountFen,
          invoiceNo: values.invoiceNo,
          ...(values.odometerKm !== null ? { odometerKm: values.odometerKm } : {}),
          fullTank: values.fullTank,
        };
        const parsed = fillupCreateInput.safeParse(input);
        expect(parsed.error?.issues ?? []).toEqual([]);
        expect(fillOf(values, vehicleId, driverId, stationId)).toStrictEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
    // the generators must reach accepted rows often enough for the claim to mean something
    expect(accepted).toBeGreaterThan(100);
  });

  it('counts a text limit as the schema does, in characters: forty astral characters fit an invoice number, forty-one do not', () => {
    const row = (invoiceNo: string) => ['2026-11-03 08:15', '苏ED3101', '李志强', '中石化城东加油站', '92#', '40.56', '7.89', '320.02', invoiceNo, '', '是'];
    const schema = (invoiceNo: string) => fillupCreateInput.safeParse({ vehicleId: 1, driverId: 1, filledAt: '2026-11-03 08:15', stationId: 1, litres: 1, unitPriceFen: 1, amountFen: 1, invoiceNo }).success;
    expect(rowValues(row('𠀀'.repeat(40)), MAPPING).problems).toEqual([]);
    expect(schema('𠀀'.repeat(40))).toBe(true);
    expect(rowValues(row('𠀀'.repeat(41)), MAPPING).problems).toEqual([{ field: 'invoiceNo', key: 'err.tooLong', params: { max: FILLUP_LIMITS.invoiceNo } }]);
    expect(schema('𠀀'.repeat(41))).toBe(false);
  });

  it('reads a statement the same with the memo of repeating cells as row by row without it', () => {
    fc.assert(
      fc.property(fc.array(cells, { minLength: 1, maxLength: 30 }), (rows) => {
        const memo = cellMemo();
        for (const row of rows) expect(rowValues([...row], MAPPING, false, memo)).toEqual(rowValues([...row], MAPPING));
      }),
      { numRuns: 200 },
    );
  });
});
