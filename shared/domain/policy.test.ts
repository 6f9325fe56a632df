import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_FIELDS, getPolicyValue, policySettingsSchema, unsetPolicyFields, versionInForce } from './policy.ts';
import { isValidPlate, normalizePlate } from './plate.ts';

describe('policy', () => {
  it('defaults carry the regulation figures and validate', () => {
    expect(policySettingsSchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.accident.liability.full).toEqual({ shareBp: 7000, capFen: 300000 });
    expect(DEFAULT_POLICY.settlement.subsidyFenPer100Km).toBe(4);
  });

  it('the main-liability cap starts unset', () => {
    expect(unsetPolicyFields(DEFAULT_POLICY)).toEqual(['accident.liability.main.capFen']);
  });

  it('lists every setting once, each resolvable', () => {
    const keys = POLICY_FIELDS.map((f) => `${f.group}.${f.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of POLICY_FIELDS) expect(getPolicyValue(DEFAULT_POLICY, f.group, f.path)).not.toBeUndefined();
  });

  it('the version in force is the newest not after the month', () => {
    const versions = [
      { id: 1, effectiveMonth: '2026-01' },
      { id: 2, effectiveMonth: '2026-06' },
      { id: 3, effectiveMonth: '2026-06' },
      { id: 4, effectiveMonth: '2027-01' },
    ];
    expect(versionInForce(versions, '2025-12')).toBeUndefined();
    expect(versionInForce(versions, '2026-05')?.id).toBe(1);
    expect(versionInForce(versions, '2026-06')?.id).toBe(3);
    expect(versionInForce(versions, '2026-12')?.id).toBe(3);
    expect(versionInForce(versions, '2027-03')?.id).toBe(4);
  });
});

describe('plates', () => {
  it('accepts ordinary and new-energy plates, normalising what people type', () => {
    expect(isValidPlate(normalizePlate('苏a·12345'))).toBe(true);
    expect(isValidPlate('苏ED31018')).toBe(true);
    expect(isValidPlate('京A1234学')).toBe(true);
  });

  it('refuses what is not a plate', () => {
    for (const p of ['', 'A12345', '苏I12345', '苏A1234', '苏A1234567', 'XX12345']) expect(isValidPlate(p)).toBe(false);
  });
});
