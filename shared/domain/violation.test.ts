import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.ts';
import { fineWithDoubling, FLAG_VIOLATION, policyFine, VIOLATION_KINDS, VIOLATION_RULES, violationConsequence } from './violation.ts';

const p = DEFAULT_POLICY.violations;

describe('fines by role from the policy', () => {
  it('private use: director and deputy 200, a driver 100', () => {
    expect(policyFine('private_use', 'director', p)).toBe(20000);
    expect(policyFine('private_use', 'deputy_director', p)).toBe(20000);
    expect(policyFine('private_use', 'driver', p)).toBe(10000);
  });
  it('overnight 300 each time, drinking 200, police none, fuel fraud as entered', () => {
    expect(policyFine('overnight', 'driver', p)).toBe(30000);
    expect(policyFine('overnight', 'director', p)).toBe(30000);
    expect(policyFine('drinking', 'driver', p)).toBe(20000);
    expect(policyFine('police', 'driver', p)).toBe(0);
    expect(policyFine('fuel_fraud', 'driver', p, 12345)).toBe(12345);
  });
  it('follows a changed policy', () => {
    expect(policyFine('overnight', 'driver', { ...p, overnightFen: 50000 })).toBe(50000);
    expect(policyFine('not_parked', 'driver', { ...p, notParkedFen: 5000 })).toBe(5000);
  });
  it('forcing a private trip is the director’s or deputy’s violation only', () => {
    expect(VIOLATION_RULES.forced_private_trip.roles).toEqual(['director', 'deputy_director']);
    expect(VIOLATION_RULES.fuel_fraud.roles).toEqual(['driver']);
  });
  it('every flag kind maps to a violation in the catalogue', () => {
    for (const k of Object.values(FLAG_VIOLATION)) expect(VIOLATION_KINDS).toContain(k);
  });
});

describe('consequences', () => {
  it('a repeat overnight: the director or deputy removed from post, a driver dismissed', () => {
    expect(violationConsequence('overnight', 'director', { repeat: true, serious: false })).toBe('removal');
    expect(violationConsequence('overnight', 'deputy_director', { repeat: true, serious: false })).toBe('removal');
    expect(violationConsequence('overnight', 'driver', { repeat: true, serious: false })).toBe('dismissal');
    expect(violationConsequence('overnight', 'driver', { repeat: false, serious: false })).toBeNull();
  });
  it('drinking with consequences and serious fuel fraud → dismissal; police always', () => {
    expect(violationConsequence('drinking', 'driver', { repeat: false, serious: true })).toBe('dismissal');
    expect(violationConsequence('drinking', 'driver', { repeat: true, serious: false })).toBeNull();
    expect(violationConsequence('fuel_fraud', 'driver', { repeat: false, serious: true })).toBe('dismissal');
    expect(violationConsequence('police', 'driver', { repeat: false, serious: false })).toBe('dismissal');
    expect(violationConsequence('private_use', 'driver', { repeat: true, serious: true })).toBeNull();
  });
});

describe('third violation in a month at double the heavier earlier level', () => {
  it('off (the default): every fine is its own', () => {
    expect(fineWithDoubling(20000, [10000, 30000], false)).toEqual({ baseFen: 20000, fineFen: 20000, doubled: false, ordinal: 3 });
  });
  it('on: the first and second stand, the third is twice the heavier earlier one', () => {
    expect(fineWithDoubling(10000, [], true)).toMatchObject({ fineFen: 10000, doubled: false, ordinal: 1 });
    expect(fineWithDoubling(30000, [10000], true)).toMatchObject({ fineFen: 30000, doubled: false, ordinal: 2 });
    expect(fineWithDoubling(20000, [10000, 30000], true)).toEqual({ baseFen: 20000, fineFen: 60000, doubled: true, ordinal: 3 });
    expect(fineWithDoubling(20000, [10000, 30000, 60000], true)).toMatchObject({ fineFen: 120000, doubled: true, ordinal: 4 });
  });
  it('never lowers a heavier fine of its own', () => {
    expect(fineWithDoubling(30000, [0, 0], true)).toEqual({ baseFen: 30000, fineFen: 30000, doubled: false, ordinal: 3 });
    expect(fineWithDoubling(60000, [10000, 30000], true)).toMatchObject({ fineFen: 60000, doubled: false });
  });
});
