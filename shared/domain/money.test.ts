import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatFen, formatFixed, mulDiv, parseFixed, parseYuan, percentOf } from './money.ts';

describe('rounding', () => {
  it('rounds halves up, once', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(4n, 2n)).toBe(2n);
    expect(divRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(1n, 3n)).toBe(0n);
  });

  it('litres × price: 12.35 L at 7.89 元/L is 97.44 元 (97.4415 rounded)', () => {
    // hundredths of litres × fen per litre / 100
    expect(mulDiv(1235, 789, 100)).toBe(9744);
    // 0.5 fen rounds up: 0.01 L at 0.50 元 = 0.005 元
    expect(mulDiv(1, 50, 100)).toBe(1);
  });

  it('percentages in basis points: 60 % of 3,000.00 元 is 1,800.00 元', () => {
    expect(percentOf(300000, 6000)).toBe(180000);
    expect(percentOf(333, 5000)).toBe(167);
  });

  it('refuses non-integer operands instead of computing with floats', () => {
    expect(() => mulDiv(1.5, 2, 3)).toThrow(RangeError);
  });

  it('matches exact rational rounding for any integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b, c) => {
        const r = mulDiv(a, b, c);
        // r is the nearest integer to a*b/c and a tie goes up: 2ab - 2rc lies in [-c, c)
        const diff = BigInt(a) * BigInt(b) * 2n - BigInt(r) * BigInt(c) * 2n;
        return diff >= -BigInt(c) && diff < BigInt(c);
      }),
    );
  });
});

describe('parsing and formatting', () => {
  it('parses decimal text without floating point', () => {
    expect(parseFixed('12.3', 2)).toBe(1230);
    expect(parseFixed('0.07', 2)).toBe(7);
    expect(parseFixed('.5', 2)).toBe(50);
    expect(parseFixed('1,234.56', 2)).toBe(123456);
    expect(parseFixed('-3', 2)).toBe(-300);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseFixed('1,234,567', 0)).toBe(1234567);
    expect(parseFixed('５．５', 2)).toBe(550);
    expect(parseFixed('3.', 2)).toBe(300);
  });

  it('refuses text, too many decimals and empty input', () => {
    expect(parseFixed('abc', 2)).toBeNull();
    expect(parseFixed('1.234', 2)).toBeNull();
    expect(parseFixed('', 2)).toBeNull();
    expect(parseFixed('1e3', 2)).toBeNull();
    expect(parseFixed('.', 2)).toBeNull();
    // A decimal comma is not a thousands separator: refused, never read as 150.00.
    expect(parseFixed('1,50', 2)).toBeNull();
    expect(parseFixed('12,3.4', 2)).toBeNull();
  });

  it('formats fen as grouped yuan', () => {
    expect(formatFen(123456)).toBe('1,234.56');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-150000)).toBe('-1,500.00');
    expect(formatFixed(950, 2)).toBe('9.50');
    expect(formatFixed(42, 0)).toBe('42');
  });

  it('format and parse are inverse for every amount', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => parseYuan(formatFen(fen)) === fen));
  });
});
