// Violations and fines (DOMAIN.md section 5): the catalogue of violations with who may
// commit them, where the fine comes from, the points taken off the monthly assessment and
// the consequences; the repeat rule and the optional "third in a month doubled" rule. The
// figures are all policy settings; this file only says which setting applies.
import type { PolicySettings } from './policy.ts';

export const VIOLATION_KINDS = ['private_use', 'overnight', 'not_parked', 'drinking', 'police', 'fuel_fraud', 'forced_private_trip'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** The roles a fine is set for: the director and deputy, and drivers (the group leader is a driver). */
export const OFFENDER_ROLES = ['director', 'deputy_director', 'driver'] as const;
export type OffenderRole = (typeof OFFENDER_ROLES)[number];

/** removal from post (director, deputy) or dismissal (driver), raised as a flag */
export const CONSEQUENCES = ['removal', 'dismissal'] as const;
export type Consequence = (typeof CONSEQUENCES)[number];

/** The dispatch flags a violation can be recorded from, and the violation each one means. */
export const FLAG_VIOLATION: Record<'unlogged_mileage' | 'overnight' | 'not_parked', ViolationKind> = {
  unlogged_mileage: 'private_use',
  overnight: 'overnight',
  not_parked: 'not_parked',
};

export interface ViolationRule {
  roles: readonly OffenderRole[];
  /** 'entered': the amount is entered with the violation (the value of the excess fuel) */
  fine: 'policy' | 'entered' | 'none';
  /** a repeat of the same violation by the same person has this consequence */
  onRepeat: boolean;
  /** the consequence when recorded as serious */
  onSerious: boolean;
  /** always has the consequence (fined or detained by the police) */
  always: boolean;
}

const ALL = OFFENDER_ROLES;
const DIRECTORS = ['director', 'deputy_director'] as const;
export const VIOLATION_RULES: Record<ViolationKind, ViolationRule> = {
  private_use: { roles: ALL, fine: 'policy', onRepeat: false, onSerious: false, always: false },
  overnight: { roles: ALL, fine: 'policy', onRepeat: true, onSerious: false, always: false },
  not_parked: { roles: ['driver'], fine: 'policy', onRepeat: false, onSerious: false, always: false },
  drinking: { roles: ALL, fine: 'policy', onRepeat: false, onSerious: true, always: false },
  police: { roles: ALL, fine: 'none', onRepeat: false, onSerious: false, always: true },
  fuel_fraud: { roles: ['driver'], fine: 'entered', onRepeat: false, onSerious: true, always: false },
  forced_private_trip: { roles: DIRECTORS, fine: 'policy', onRepeat: false, onSerious: false, always: false },
};

/** The fine a violation carries under the policy (before any doubling), in fen. */
export function policyFine(kind: ViolationKind, role: OffenderRole, p: PolicySettings['violations'], enteredFen = 0): number {
  switch (kind) {
    case 'private_use':
      return role === 'driver' ? p.privateUseDriverFen : p.privateUseDirectorFen;
    case 'overnight':
      return p.overnightFen;
    case 'not_parked':
      return p.notParkedFen;
    case 'drinking':
      return p.drinkingFen;
    case 'police':
      return 0;
    case 'fuel_fraud':
      return enteredFen;
    case 'forced_private_trip':
      return p.forcedPrivateTripFen;
  }
}

/** Removal from post for the director or deputy, dismissal for a driver. */
export function consequenceFor(role: OffenderRole): Consequence {
  return role === 'driver' ? 'dismissal' : 'removal';
}

/** Which consequence, if any, this violation raises. */
export function violationConsequence(kind: ViolationKind, role: OffenderRole, o: { repeat: boolean; serious: boolean }): Consequence | null {
  const rule = VIOLATION_RULES[kind];
  if (rule.always || (rule.onRepeat && o.repeat) || (rule.onSerious && o.serious)) return consequenceFor(role);
  return null;
}

export interface FineResult {
  baseFen: number;
  fineFen: number;
  doubled: boolean;
  /** this violation's place in the person's month (1 = first) */
  ordinal: number;
}

/**
 * The fine after the optional rule: within one month, a person's third (and any later)
 * violation is punished at double the heavier earlier level. The doubling never lowers a
 * fine: when this violation's own fine is heavier than twice the earlier ones, it stands.
 */
export function fineWithDoubling(baseFen: number, earlierInMonthFen: number[], doubles: boolean): FineResult {
  const ordinal = earlierInMonthFen.length + 1;
  if (!doubles || ordinal < 3) return { baseFen, fineFen: baseFen, doubled: false, ordinal };
  const heavier = Math.max(...earlierInMonthFen);
  const doubledFen = heavier * 2;
  return doubledFen > baseFen ? { baseFen, fineFen: doubledFen, doubled: true, ordinal } : { baseFen, fineFen: baseFen, doubled: false, ordinal };
}
