// The rules of shop repairs (DOMAIN.md section 2), pure: the order's states and the steps
// between them, line and order totals in integer fen (rounded half up once per line), the
// price check against the catalogue, and the fingerprint a driver's signature covers.
import { mulDiv } from './money.ts';

export const REPAIR_STATUSES = [
  'draft',
  'reported',
  'approved',
  'rejected',
  'at_shop',
  'work_entered',
  'driver_signed',
  'parts_verified',
  'settled',
  'reviewed',
  'approved_for_payment',
  'paid',
] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

/** The steps and the statuses each may start from. */
export const REPAIR_STEPS = {
  report: ['draft'],
  approve: ['reported'],
  reject: ['reported'],
  /** the urgent path: the director's approval by phone, before or without the form's review */
  phoneApprove: ['draft', 'reported'],
  toShop: ['approved'],
  enterWork: ['at_shop', 'work_entered'],
  sign: ['work_entered'],
  refuseSignature: ['work_entered'],
  checkOldPart: ['driver_signed'],
  verifyParts: ['driver_signed'],
  correct: ['parts_verified'],
  settle: ['parts_verified'],
  review: ['settled'],
  approvePayment: ['reviewed'],
  pay: ['approved_for_payment'],
  /** engine seizure from neglect, found once the vehicle is at the shop (also after payment: the driver's charge is settled monthly) */
  markSeizure: ['at_shop', 'work_entered', 'driver_signed', 'parts_verified', 'settled', 'reviewed', 'approved_for_payment', 'paid'],
} as const satisfies Record<string, readonly RepairStatus[]>;
export type RepairStep = keyof typeof REPAIR_STEPS;

export function stepAllowed(step: RepairStep, status: RepairStatus): boolean {
  return (REPAIR_STEPS[step] as readonly RepairStatus[]).includes(status);
}

export const LINE_KINDS = ['part', 'labour'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export interface RepairLineLike {
  kind: LineKind;
  /** the catalogue part, or null for a free-text part or labour */
  partId: number | null;
  name: string;
  /** hundredths of the unit (2.5 L of gear oil is 250) */
  quantity: number;
  unitPriceFen: number;
}

/** quantity × unit price, rounded half up to the fen, once for the line. */
export function lineTotalFen(line: Pick<RepairLineLike, 'quantity' | 'unitPriceFen'>): number {
  return mulDiv(line.quantity, line.unitPriceFen, 100);
}

export function orderTotals(lines: readonly RepairLineLike[]): { partsFen: number; labourFen: number; totalFen: number } {
  let partsFen = 0;
  let labourFen = 0;
  for (const l of lines) {
    if (l.kind === 'part') partsFen += lineTotalFen(l);
    else labourFen += lineTotalFen(l);
  }
  return { partsFen, labourFen, totalFen: partsFen + labourFen };
}

/**
 * A unit price more than the threshold above the catalogue's reference price needs a written
 * reason. Exactly at the threshold does not. Compared in integers: price × 10000 against
 * reference × (10000 + threshold in basis points).
 */
export function deviationNeedsReason(unitPriceFen: number, referencePriceFen: number | null, thresholdBp: number): boolean {
  if (referencePriceFen === null) return false;
  return BigInt(unitPriceFen) * 10000n > BigInt(referencePriceFen) * BigInt(10000 + thresholdBp);
}

/**
 * What the driver's signature covers: every line as entered, in order. A change to any line
 * afterwards changes the fingerprint, and the driver must sign again.
 */
export function linesFingerprint(lines: readonly RepairLineLike[]): string {
  return JSON.stringify(lines.map((l) => [l.kind, l.partId, l.name, l.quantity, l.unitPriceFen]));
}
