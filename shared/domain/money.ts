// Money is integer fen, litres are integer hundredths of a litre, distance is whole km.
// Nothing here uses floating-point arithmetic on amounts: parsing and formatting work on
// digits, and products/ratios are computed with BigInt and rounded half up once.

export type Fen = number;

/** Rounds numerator/denominator half up (away from zero for halves) to an integer. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** a × b / c, rounded half up, for integer inputs (e.g. hundredths of litres × fen per litre / 100). */
export function mulDiv(a: number, b: number, c: number): number {
  assertInt(a, 'a');
  assertInt(b, 'b');
  assertInt(c, 'c');
  return Number(divRoundHalfUp(BigInt(a) * BigInt(b), BigInt(c)));
}

/** Percentage of an amount, rounded half up: pct is in hundredths of a percent (basis points). */
export function percentOf(amountFen: number, basisPoints: number): number {
  return mulDiv(amountFen, basisPoints, 10000);
}

function assertInt(v: number, name: string): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be a safe integer, got ${v}`);
}

/**
 * Parses a decimal text with at most `scale` fractional digits into an integer of that
 * scale, without floating point: parseFixed('12.3', 2) === 1230. Returns null when the
 * text is not such a number (too many decimals, letters, empty).
 */
export function parseFixed(text: string, scale: number): number | null {
  // Full-width digits and points, as Chinese input methods type them, count as ordinary ones.
  const s = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．。]/g, '.');
  // Thousands separators only where they belong: "1,234.5" yes, "1,50" (a decimal comma) no.
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const [, sign, grouped = '', frac = ''] = m;
  const whole = grouped.replace(/,/g, '');
  if ((whole === '' && frac === '') || frac.length > scale) return null;
  const digits = (whole || '0') + frac.padEnd(scale, '0');
  const value = Number(BigInt(digits));
  if (!Number.isSafeInteger(value)) return null;
  return sign === '-' ? -value : value;
}

/** Formats an integer of the given scale as a decimal text: formatFixed(1230, 2) === '12.30'. */
export function formatFixed(value: number, scale: number, grouping = false): string {
  assertInt(value, 'value');
  const negative = value < 0;
  const digits = Math.abs(value).toString().padStart(scale + 1, '0');
  let whole = scale > 0 ? digits.slice(0, -scale) : digits;
  const frac = scale > 0 ? digits.slice(-scale) : '';
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + whole + (scale > 0 ? '.' + frac : '');
}

/** 123456 fen → '1,234.56' (yuan, two decimals, grouped). */
export function formatFen(fen: number): string {
  return formatFixed(fen, 2, true);
}

/** '1,234.56' → 123456 fen; null when not a valid amount. */
export function parseYuan(text: string): number | null {
  return parseFixed(text, 2);
}

/** Hundredths of a litre → '12.34'. */
export function formatLitres(hundredths: number): string {
  return formatFixed(hundredths, 2);
}
