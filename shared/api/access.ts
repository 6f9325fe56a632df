// Who may do what, worked out from the contract: the rule the backend enforces on every call,
// for the renderer (which buttons to show) and for the backend's own to-do counts.
import { REPAIR_STEPS, type RepairStatus, type RepairStep } from '../domain/repairs.ts';
import type { Role } from '../domain/roles.ts';
import { api, type Method } from './index.ts';

/** May a user with these roles call the method? */
export function canCall(roles: readonly Role[], method: Method): boolean {
  const access = api[method].access;
  if (access === 'public' || access === 'any') return true;
  return roles.some((r) => (access as readonly Role[]).includes(r));
}

/**
 * The repair statuses at which an order waits for a step the roles may take. A step's first
 * status is where it is waited for; the others are repeats (entering the list again) that do
 * not make the order anyone's to-do.
 */
export function actionableRepairStatuses(roles: readonly Role[]): RepairStatus[] {
  const statuses = new Set<RepairStatus>();
  for (const step of Object.keys(REPAIR_STEPS) as RepairStep[]) {
    // possible at many steps (or, by phone, on an urgent order before its form is reviewed): never waited for
    if (step === 'markSeizure' || step === 'phoneApprove') continue;
    if (canCall(roles, `repairs.${step}`)) statuses.add(REPAIR_STEPS[step][0]);
  }
  return [...statuses];
}
