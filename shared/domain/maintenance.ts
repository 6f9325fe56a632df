// The rules of self-maintenance purchases and routine maintenance (DOMAIN.md section 2), pure.
import type { Role } from './roles.ts';

/**
 * A purchase: requested → confirmed by the group leader → approved by the director →
 * bought (reimbursable). Bought at any other point, or before the approval's day, the driver
 * bears it.
 */
export const PURCHASE_STATUSES = ['requested', 'confirmed', 'approved', 'rejected', 'reimbursable', 'driver_bears'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

export const PURCHASE_STEPS = {
  confirm: ['requested'],
  approve: ['confirmed'],
  reject: ['requested', 'confirmed'],
  buy: ['requested', 'confirmed', 'approved', 'rejected'],
} as const satisfies Record<string, readonly PurchaseStatus[]>;
export type PurchaseStep = keyof typeof PURCHASE_STEPS;

export function purchaseStepAllowed(step: PurchaseStep, status: PurchaseStatus): boolean {
  return (PURCHASE_STEPS[step] as readonly PurchaseStatus[]).includes(status);
}

/**
 * Who may refuse a purchase at its status: the group leader before confirming it; the director
 * (or deputy) before or after. (Nobody refuses their own: checked against the person.)
 */
export function mayRefusePurchase(roles: readonly Role[], status: PurchaseStatus): boolean {
  if (!purchaseStepAllowed('reject', status)) return false;
  const director = roles.some((r) => r === 'director' || r === 'deputy_director');
  return status === 'requested' ? director || roles.includes('group_leader') : director;
}

export const BEARS_REASONS = ['notConfirmed', 'notApproved', 'rejected', 'boughtBeforeApproval'] as const;
export type BearsReason = (typeof BEARS_REASONS)[number];

/**
 * Why the driver bears a purchase bought on `boughtOn` (a date), or null when it is
 * reimbursable: confirmed, approved, and bought on or after the day of the approval.
 */
export function bearsReason(status: PurchaseStatus, boughtOn: string, approvedAt: string | null): BearsReason | null {
  if (status === 'requested') return 'notConfirmed';
  if (status === 'confirmed') return 'notApproved';
  if (status === 'rejected') return 'rejected';
  if (approvedAt === null) return 'notApproved';
  return boughtOn < approvedAt.slice(0, 10) ? 'boughtBeforeApproval' : null;
}

export const ROUTINE_STATES = ['ok', 'due', 'overdue'] as const;
export type RoutineState = (typeof ROUTINE_STATES)[number];

/**
 * Routine maintenance falls due every `intervalKm` from the last service (or, before any, from
 * the km the vehicle came with). Within `reminderKm` of the due km it is due; past it, overdue.
 * Exactly at the due km it is due, not yet overdue.
 */
export function routineStatus(odometerKm: number, lastServiceKm: number, intervalKm: number, reminderKm: number): { nextDueKm: number; remainingKm: number; state: RoutineState } {
  const nextDueKm = lastServiceKm + intervalKm;
  const remainingKm = nextDueKm - odometerKm;
  const state: RoutineState = remainingKm < 0 ? 'overdue' : remainingKm <= reminderKm ? 'due' : 'ok';
  return { nextDueKm, remainingKm, state };
}
