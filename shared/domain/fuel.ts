// The monthly fuel audit (DOMAIN.md section 3), pure and in integers: litres in hundredths,
// distance in whole km, limits in hundredths of L/100 km, money in fen. Each figure is rounded
// half up once, where it is computed, never from an already rounded one when avoidable.
import { mulDiv } from './money.ts';

export const AUDIT_STATUSES = ['within', 'over', 'fuel_no_distance', 'distance_no_fuel', 'idle'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export interface AuditInput {
  /** the month's official km (dispatch log, by return month) */
  km: number;
  /** hundredths of a litre bought for the vehicle in the month */
  litres: number;
  /** what those litres cost, in fen */
  amountFen: number;
  /** the month's limit for the model, hundredths of L/100 km (standard + the month's float) */
  limit: number;
}

export interface AuditFigures {
  /** hundredths of L/100 km, null without distance */
  actual: number | null;
  /** hundredths of a litre: km × limit / 100 */
  allowedLitres: number;
  excessLitres: number;
  /** fen per litre actually paid on average in the month (null without fuel) */
  averagePriceFen: number | null;
  /** excess litres × the average price actually paid, in fen */
  excessFen: number;
  status: AuditStatus;
}

/**
 * allowed = km × (standard + float) / 100; excess = max(0, litres − allowed), valued at the
 * month's average price paid (amount / litres), computed as excess × amount / litres so it is
 * rounded only once. Exactly at the limit is within it.
 */
export function auditFigures(i: AuditInput): AuditFigures {
  const allowedLitres = mulDiv(i.km, i.limit, 100);
  const excessLitres = Math.max(0, i.litres - allowedLitres);
  const averagePriceFen = i.litres > 0 ? mulDiv(i.amountFen, 100, i.litres) : null;
  const excessFen = i.litres > 0 ? mulDiv(excessLitres, i.amountFen, i.litres) : 0;
  const actual = i.km > 0 ? mulDiv(i.litres, 100, i.km) : null;
  let status: AuditStatus;
  if (i.km === 0) status = i.litres > 0 ? 'fuel_no_distance' : 'idle';
  else if (i.litres === 0) status = 'distance_no_fuel';
  else status = excessLitres > 0 ? 'over' : 'within';
  return { actual, allowedLitres, excessLitres, averagePriceFen, excessFen, status };
}

/**
 * Splits `totalFen` by weights (the km each driver drove the vehicle), so the shares add up to
 * the total exactly: each gets the floor of its exact share, and the fen left over go one by
 * one to the largest remainders (ties to the earlier in the list). All weights zero: equal.
 */
export function splitByWeight(totalFen: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1) : weights;
  const sum = BigInt(w.reduce((a, b) => a + b, 0));
  const total = BigInt(totalFen);
  const exact = w.map((x) => total * BigInt(x));
  const shares = exact.map((e) => e / sum);
  let left = totalFen - shares.reduce((a, b) => a + Number(b), 0);
  const order = exact.map((e, i) => ({ i, rem: e % sum })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = shares.map(Number);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

/** amount = litres × unit price, to the fen, half up (litres in hundredths, price in fen per litre). */
export function expectedAmountFen(litres: number, unitPriceFen: number): number {
  return mulDiv(litres, unitPriceFen, 100);
}

/** The median of prices (the lower middle for an even count, so it is a price someone paid). */
export function medianPrice(prices: readonly number[]): number | null {
  if (prices.length === 0) return null;
  const sorted = [...prices].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** More than `bp` basis points away from the median (exactly at the threshold is not). */
export function priceFarFromMedian(priceFen: number, medianFen: number, bp: number): boolean {
  const diff = BigInt(Math.abs(priceFen - medianFen));
  return diff * 10000n > BigInt(medianFen) * BigInt(bp);
}

export interface FillForConsumption {
  id: number;
  /** hundredths of a litre */
  litres: number;
  odometerKm: number | null;
  fullTank: boolean;
}

export interface FullToFullSegment {
  fromFillId: number;
  toFillId: number;
  km: number;
  litres: number;
  /** hundredths of L/100 km */
  consumption: number;
}

/**
 * Consumption by the full-to-full method: between two full fills, the litres of every fill
 * after the first full one up to and including the next full one (partial fills are carried
 * into the next full fill), over the km between the two full fills. A segment with a fill
 * without odometer, or with the odometer not moving forward, is left out (it cannot be
 * measured), and so is everything before the first full fill. Fills in time order.
 */
export function fullToFull(fills: readonly FillForConsumption[]): { segments: FullToFullSegment[]; km: number; litres: number; consumption: number | null } {
  const segments: FullToFullSegment[] = [];
  let start: FillForConsumption | null = null;
  let carried = 0;
  let broken = false;
  for (const f of fills) {
    if (start === null) {
      if (f.fullTank && f.odometerKm !== null) start = f;
      continue;
    }
    carried += f.litres;
    if (f.odometerKm === null) broken = true;
    if (!f.fullTank) continue;
    const km = f.odometerKm !== null && start.odometerKm !== null ? f.odometerKm - start.odometerKm : 0;
    if (!broken && km > 0) segments.push({ fromFillId: start.id, toFillId: f.id, km, litres: carried, consumption: mulDiv(carried, 100, km) });
    // a full fill without odometer cannot start the next segment
    start = f.odometerKm !== null ? f : null;
    carried = 0;
    broken = false;
  }
  const km = segments.reduce((s, x) => s + x.km, 0);
  const litres = segments.reduce((s, x) => s + x.litres, 0);
  return { segments, km, litres, consumption: km > 0 ? mulDiv(litres, 100, km) : null };
}
