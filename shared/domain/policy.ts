// Every figure of DOMAIN.md is a policy setting with a default. A policy version takes
// effect from a month onward; the version in force for a month is the newest one whose
// effective month is not after it. Money in fen, percentages in basis points (1 % = 100),
// litres in hundredths, km whole.
import { z } from 'zod';
import type { MonthKey } from './period.ts';
import { VIOLATION_KINDS, type ViolationKind } from './violation.ts';

const fen = z.number().int().min(0).max(100_000_000_00);
const bp = z.number().int().min(0).max(10000);
const km = z.number().int().min(0).max(100000);
const points = z.number().int().min(0).max(1000);

export const LIABILITIES = ['full', 'main', 'equal', 'secondary', 'none'] as const;
export type Liability = (typeof LIABILITIES)[number];

const liabilityShare = z.object({
  shareBp: bp,
  /** null: unset, the accident cannot be settled until the depot sets it */
  capFen: fen.nullable(),
});

export const policySettingsSchema = z.object({
  dispatch: z.object({
    unloggedMileageToleranceKm: km,
    maxDailyKm: km.min(1),
    closingTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'err.timeFormat'),
  }),
  maintenance: z.object({
    priceDeviationBp: bp,
    routineReminderKm: km,
  }),
  fuel: z.object({
    unitPriceDeviationBp: bp,
    shareExcessByKm: z.boolean(),
  }),
  accident: z.object({
    liability: z.object({
      full: liabilityShare,
      main: liabilityShare,
      equal: liabilityShare,
      secondary: liabilityShare,
      none: liabilityShare,
    }),
    subtractInsurance: z.boolean(),
    repeatCount: z.number().int().min(1).max(20),
    repeatWindowDays: z.number().int().min(1).max(3660),
  }),
  violations: z.object({
    privateUseDirectorFen: fen,
    privateUseDriverFen: fen,
    overnightFen: fen,
    drinkingFen: fen,
    forcedPrivateTripFen: fen,
    /** not parked at the designated place (our default: no fine, points only) */
    notParkedFen: fen,
    thirdInMonthDoubles: z.boolean(),
    /** points each violation takes off the driver's monthly assessment (our defaults) */
    points: z.object(Object.fromEntries(VIOLATION_KINDS.map((k) => [k, points])) as Record<ViolationKind, typeof points>),
  }),
  assessment: z.object({
    fullScore: z.number().int().min(1).max(1000),
    payDeductionPerPointFen: fen,
    payDeductionBelowScore: z.number().int().min(0).max(1000),
    minScoreForBonus: z.number().int().min(0).max(1000).nullable(),
  }),
  settlement: z.object({
    safetyBonusFen: fen,
    groupLeaderBonusFen: fen,
    subsidyFenPer100Km: fen,
  }),
  drivers: z.object({
    permitWarningDays: z.number().int().min(0).max(365),
  }),
});

export type PolicySettings = z.infer<typeof policySettingsSchema>;

/** The defaults: figures of the regulation, and ours where DOMAIN.md marks them. */
export const DEFAULT_POLICY: PolicySettings = {
  dispatch: { unloggedMileageToleranceKm: 5, maxDailyKm: 600, closingTime: '20:00' },
  maintenance: { priceDeviationBp: 1000, routineReminderKm: 500 },
  fuel: { unitPriceDeviationBp: 1000, shareExcessByKm: true },
  accident: {
    liability: {
      full: { shareBp: 7000, capFen: 300000 },
      main: { shareBp: 6000, capFen: null },
      equal: { shareBp: 5000, capFen: 150000 },
      secondary: { shareBp: 3000, capFen: 100000 },
      none: { shareBp: 0, capFen: 0 },
    },
    subtractInsurance: true,
    repeatCount: 2,
    repeatWindowDays: 365,
  },
  violations: {
    privateUseDirectorFen: 20000,
    privateUseDriverFen: 10000,
    overnightFen: 30000,
    drinkingFen: 20000,
    forcedPrivateTripFen: 0,
    notParkedFen: 0,
    thirdInMonthDoubles: false,
    points: { private_use: 10, overnight: 10, not_parked: 5, drinking: 20, police: 10, fuel_fraud: 10, forced_private_trip: 0 },
  },
  assessment: { fullScore: 100, payDeductionPerPointFen: 0, payDeductionBelowScore: 100, minScoreForBonus: null },
  settlement: { safetyBonusFen: 10000, groupLeaderBonusFen: 15000, subsidyFenPer100Km: 4 },
  drivers: { permitWarningDays: 30 },
};

/** Which kind of input each setting takes in the policy page (and how it is shown). */
export type PolicyFieldKind = 'fen' | 'bp' | 'km' | 'int' | 'time' | 'bool' | 'fenOrUnset' | 'intOrUnset';

/** The groups and fields in DOMAIN.md order; the label of each is `policy.<group>.<path>`. */
export const POLICY_FIELDS: { group: keyof PolicySettings; path: string; kind: PolicyFieldKind }[] = [
  { group: 'dispatch', path: 'unloggedMileageToleranceKm', kind: 'km' },
  { group: 'dispatch', path: 'maxDailyKm', kind: 'km' },
  { group: 'dispatch', path: 'closingTime', kind: 'time' },
  { group: 'maintenance', path: 'priceDeviationBp', kind: 'bp' },
  { group: 'maintenance', path: 'routineReminderKm', kind: 'km' },
  { group: 'fuel', path: 'unitPriceDeviationBp', kind: 'bp' },
  { group: 'fuel', path: 'shareExcessByKm', kind: 'bool' },
  ...(['full', 'main', 'equal', 'secondary', 'none'] as const).flatMap((l) => [
    { group: 'accident' as const, path: `liability.${l}.shareBp`, kind: 'bp' as const },
    { group: 'accident' as const, path: `liability.${l}.capFen`, kind: 'fenOrUnset' as const },
  ]),
  { group: 'accident', path: 'subtractInsurance', kind: 'bool' },
  { group: 'accident', path: 'repeatCount', kind: 'int' },
  { group: 'accident', path: 'repeatWindowDays', kind: 'int' },
  { group: 'violations', path: 'privateUseDirectorFen', kind: 'fen' },
  { group: 'violations', path: 'privateUseDriverFen', kind: 'fen' },
  { group: 'violations', path: 'overnightFen', kind: 'fen' },
  { group: 'violations', path: 'drinkingFen', kind: 'fen' },
  { group: 'violations', path: 'forcedPrivateTripFen', kind: 'fen' },
  { group: 'violations', path: 'notParkedFen', kind: 'fen' },
  { group: 'violations', path: 'thirdInMonthDoubles', kind: 'bool' },
  ...VIOLATION_KINDS.map((k) => ({ group: 'violations' as const, path: `points.${k}`, kind: 'int' as const })),
  { group: 'assessment', path: 'fullScore', kind: 'int' },
  { group: 'assessment', path: 'payDeductionPerPointFen', kind: 'fen' },
  { group: 'assessment', path: 'payDeductionBelowScore', kind: 'int' },
  { group: 'assessment', path: 'minScoreForBonus', kind: 'intOrUnset' },
  { group: 'settlement', path: 'safetyBonusFen', kind: 'fen' },
  { group: 'settlement', path: 'groupLeaderBonusFen', kind: 'fen' },
  { group: 'settlement', path: 'subsidyFenPer100Km', kind: 'fen' },
  { group: 'drivers', path: 'permitWarningDays', kind: 'int' },
];

/**
 * A stored version read back: settings added to the policy after it was saved take their
 * defaults, so a version saved before a feature existed still parses.
 */
export function withPolicyDefaults(stored: unknown): unknown {
  return mergeDefaults(DEFAULT_POLICY, stored);
}

function mergeDefaults(def: unknown, value: unknown): unknown {
  if (value === undefined) return def;
  if (def === null || typeof def !== 'object' || Array.isArray(def) || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [k, v] of Object.entries(def)) out[k] = mergeDefaults(v, (value as Record<string, unknown>)[k]);
  return out;
}

export function getPolicyValue(settings: PolicySettings, group: keyof PolicySettings, path: string): unknown {
  let cur: unknown = settings[group];
  for (const key of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[key];
  return cur;
}

/**
 * Whether `after` differs from `before` only by blanks filled in (an unset setting given a
 * value), and fills at least one. Such a change may reach back into a month already begun:
 * nothing could have been computed with a blank, so no earlier result changes.
 */
export function onlyFillsBlanks(before: PolicySettings, after: PolicySettings): boolean {
  let filled = 0;
  for (const f of POLICY_FIELDS) {
    const a = getPolicyValue(before, f.group, f.path);
    const b = getPolicyValue(after, f.group, f.path);
    if (a === b) continue;
    if (a !== null || b === null) return false;
    filled++;
  }
  return filled > 0;
}

/** Settings that are still unset (null) where DOMAIN.md leaves a blank the depot must fill. */
export function unsetPolicyFields(settings: PolicySettings): string[] {
  return POLICY_FIELDS.filter((f) => f.kind === 'fenOrUnset' && getPolicyValue(settings, f.group, f.path) === null).map(
    (f) => `${f.group}.${f.path}`,
  );
}

export interface PolicyVersionLike {
  id: number;
  effectiveMonth: MonthKey;
}

/** The version in force for a month: the newest whose effective month is not after it. */
export function versionInForce<V extends PolicyVersionLike>(versions: V[], month: MonthKey): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.effectiveMonth > month) continue;
    if (!best || v.effectiveMonth > best.effectiveMonth || (v.effectiveMonth === best.effectiveMonth && v.id > best.id)) best = v;
  }
  return best;
}
