import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviationNeedsReason, lineTotalFen, linesFingerprint, orderTotals, stepAllowed, type RepairLineLike } from './repairs.ts';

const part = (quantity: number, unitPriceFen: number, partId: number | null = 1): RepairLineLike => ({ kind: 'part', partId, name: '机油滤清器', quantity, unitPriceFen });

describe('line and order totals in fen', () => {
  it('quantity in hundredths times the unit price, rounded half up once per line', () => {
    expect(lineTotalFen({ quantity: 200, unitPriceFen: 3500 })).toBe(7000);
    // 2.5 L at 85.01 元 = 212.525 元 → 212.53 元
    expect(lineTotalFen({ quantity: 250, unitPriceFen: 8501 })).toBe(21253);
    expect(lineTotalFen({ quantity: 1, unitPriceFen: 49 })).toBe(0);
    expect(lineTotalFen({ quantity: 1, unitPriceFen: 50 })).toBe(1);
  });
  it('the order total is exactly the sum of its line totals, parts and labour apart', () => {
    const lines: RepairLineLike[] = [part(100, 3500), part(250, 8501), { kind: 'labour', partId: null, name: '工时', quantity: 150, unitPriceFen: 8000 }];
    expect(orderTotals(lines)).toEqual({ partsFen: 3500 + 21253, labourFen: 12000, totalFen: 3500 + 21253 + 12000 });
  });
  it('for any lines, total = parts + labour = sum of line totals (property)', () => {
    const line = fc.record({
      kind: fc.constantFrom('part' as const, 'labour' as const),
      partId: fc.constant(null),
      name: fc.constant('x'),
      quantity: fc.integer({ min: 1, max: 1_000_000 }),
      unitPriceFen: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const t = orderTotals(lines);
        return t.totalFen === t.partsFen + t.labourFen && t.totalFen === lines.reduce((s, l) => s + lineTotalFen(l), 0) && Number.isInteger(t.totalFen);
      }),
    );
  });
});

describe('price against the catalogue', () => {
  it('exactly at the threshold needs no reason; one fen above does', () => {
    expect(deviationNeedsReason(11000, 10000, 1000)).toBe(false);
    expect(deviationNeedsReason(11001, 10000, 1000)).toBe(true);
  });
  it('below the reference price, or without a reference (free-text part, labour), no reason', () => {
    expect(deviationNeedsReason(5000, 10000, 1000)).toBe(false);
    expect(deviationNeedsReason(999999, null, 1000)).toBe(false);
  });
  it('follows the policy: a threshold of 0 % asks a reason for any price above the reference', () => {
    expect(deviationNeedsReason(10001, 10000, 0)).toBe(true);
  });
});

describe('the signature and the steps', () => {
  it('any change to a line changes what the signature covers', () => {
    const a = [part(100, 3500), part(200, 4500, 2)];
    expect(linesFingerprint(a)).toBe(linesFingerprint(a.map((l) => ({ ...l }))));
    expect(linesFingerprint([part(100, 3501), a[1]!])).not.toBe(linesFingerprint(a));
    expect(linesFingerprint([a[1]!, a[0]!])).not.toBe(linesFingerprint(a));
  });
  it('steps start only from their statuses', () => {
    expect(stepAllowed('sign', 'work_entered')).toBe(true);
    expect(stepAllowed('settle', 'driver_signed')).toBe(false);
    expect(stepAllowed('phoneApprove', 'draft')).toBe(true);
    expect(stepAllowed('pay', 'reviewed')).toBe(false);
  });
});
