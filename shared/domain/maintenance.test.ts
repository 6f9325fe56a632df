import { describe, expect, it } from 'vitest';
import { bearsReason, mayRefusePurchase, purchaseStepAllowed, routineStatus } from './maintenance.ts';

describe('who bears a self-maintenance purchase', () => {
  it('is reimbursable only when confirmed, approved, and bought on or after the approval day', () => {
    expect(bearsReason('approved', '2026-11-23', '2026-11-23 09:30')).toBeNull();
    expect(bearsReason('approved', '2026-11-24', '2026-11-23 09:30')).toBeNull();
    expect(bearsReason('approved', '2026-11-22', '2026-11-23 09:30')).toBe('boughtBeforeApproval');
  });
  it('names the missing approval', () => {
    expect(bearsReason('requested', '2026-11-23', null)).toBe('notConfirmed');
    expect(bearsReason('confirmed', '2026-11-23', null)).toBe('notApproved');
    expect(bearsReason('rejected', '2026-11-23', null)).toBe('rejected');
  });
  it('steps follow the order: confirm, then approve; buying is possible at any open point', () => {
    expect(purchaseStepAllowed('approve', 'requested')).toBe(false);
    expect(purchaseStepAllowed('approve', 'confirmed')).toBe(true);
    expect(purchaseStepAllowed('buy', 'reimbursable')).toBe(false);
    expect(purchaseStepAllowed('buy', 'rejected')).toBe(true);
  });
});

describe('who refuses a purchase', () => {
  it('the group leader before confirming it, the director or deputy before or after, nobody once bought', () => {
    expect(mayRefusePurchase(['group_leader', 'driver'], 'requested')).toBe(true);
    expect(mayRefusePurchase(['group_leader', 'driver'], 'confirmed')).toBe(false);
    expect(mayRefusePurchase(['deputy_director'], 'confirmed')).toBe(true);
    expect(mayRefusePurchase(['director'], 'reimbursable')).toBe(false);
    expect(mayRefusePurchase(['fleet_office'], 'requested')).toBe(false);
  });
});

describe('routine maintenance', () => {
  const at = (odometer: number) => routineStatus(odometer, 10_000, 5_000, 500).state;
  it('is ok until the reminder distance, due within it (the due km included), overdue past it', () => {
    expect(at(14_499)).toBe('ok');
    expect(at(14_500)).toBe('due');
    expect(at(15_000)).toBe('due');
    expect(at(15_001)).toBe('overdue');
  });
  it('says the next due km and what remains', () => {
    expect(routineStatus(15_200, 10_000, 5_000, 500)).toEqual({ nextDueKm: 15_000, remainingKm: -200, state: 'overdue' });
  });
});
