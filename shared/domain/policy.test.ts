import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_FIELDS, getPolicyValue, policySettingsSchema, unsetPolicyFields, versionInForce, withPolicyDefaults } from './policy.ts';
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

describe('a version stored before settings were added', () => {
  it('takes the defaults of the new settings and keeps its own figures', () => {
    const old = structuredClone(DEFAULT_POLICY) as unknown as { violations: Record<string, unknown>; accident: { liability: { main: { capFen: number | null } } } };
    delete old.violations.points;
    delete old.violations.notParkedFen;
    old.violations.overnightFen = 45000;
    old.accident.liability.main.capFen = 250000;
    expect(policySettingsSchema.safeParse(old).success).toBe(false);
    const parsed = policySettingsSchema.parse(withPolicyDefaults(old));
    expect(parsed.violations).toMatchObject({ overnightFen: 45000, notParkedFen: 0, points: DEFAULT_POLICY.violations.points });
    expect(parsed.accident.liability.main.capFen).toBe(250000);
  });
  it('keeps a setting deliberately unset (null) as unset', () => {
    const parsed = policySettingsSchema.parse(withPolicyDefaults(structuredClone(DEFAULT_POLICY)));
    expect(parsed.accident.liability.main.capFen).toBeNull();
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
