// Accidents (DOMAIN.md section 4): the driver's share of the cost, the computation in words,
// and the rule "two or more accidents of main liability or worse within a year". Every
// figure comes from the policy in force in the accident's month; nothing here is a constant.
import { formatFen, percentOf } from './money.ts';
import { daysBetween } from './period.ts';
import { LIABILITIES, type Liability, type PolicySettings } from './policy.ts';

/** The police finding: a liability level, or pending until the finding arrives. */
export const FINDINGS = ['pending', ...LIABILITIES] as const;
export type Finding = (typeof FINDINGS)[number];

export const COST_KINDS = ['own_repair', 'third_party', 'medical', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** Reported in time, late, or hidden (not reported at all until found out). */
export const REPORTINGS = ['in_time', 'late', 'hidden'] as const;
export type Reporting = (typeof REPORTINGS)[number];

export const ACCIDENT_STATUSES = ['open', 'closed'] as const;
export type AccidentStatus = (typeof ACCIDENT_STATUSES)[number];

/** What the director is told about an accident. */
export const ACCIDENT_FLAGS = ['repeat', 'hidden', 'major', 'not_parked'] as const;
export type AccidentFlag = (typeof ACCIDENT_FLAGS)[number];

/** Main liability or worse: the levels the one-year repeat rule counts. */
export function isMainOrWorse(finding: Finding): boolean {
  return finding === 'full' || finding === 'main';
}

export interface ShareInput {
  finding: Finding;
  /** used privately (not on a dispatch): all of the cost is the driver's, no cap */
  privateUse: boolean;
  costs: { amountFen: number }[];
  insuranceFen: number;
  policy: PolicySettings['accident'];
}

export type ShareResult =
  | { state: 'pending' }
  /** the level's cap is blank in the policy: the accident cannot be settled yet */
  | { state: 'cap_unset'; liability: Liability }
  | {
      state: 'computed';
      costFen: number;
      /** insurance subtracted from the basis (0 when the policy says not to) */
      insuranceSubtractedFen: number;
      basisFen: number;
      /** 10000 = 100 %; private use is always all of it */
      shareBp: number;
      /** share × basis, rounded half up to the fen, before the cap */
      rawFen: number;
      /** null: no cap (private use) */
      capFen: number | null;
      capped: boolean;
      shareFen: number;
    };

/**
 * The driver's share: share % of the cost basis, rounded half up once, then capped; on
 * private use all of the basis, no cap. The basis is the costs, less insurance recovered
 * when the policy says so (never below zero). Private use still subtracts insurance when
 * the policy does: the driver bears the cost, not what the insurer already paid.
 */
export function accidentShare(input: ShareInput): ShareResult {
  const costFen = input.costs.reduce((s, c) => s + c.amountFen, 0);
  const insuranceSubtractedFen = input.policy.subtractInsurance ? Math.min(input.insuranceFen, costFen) : 0;
  const basisFen = costFen - insuranceSubtractedFen;
  if (input.privateUse) {
    return { state: 'computed', costFen, insuranceSubtractedFen, basisFen, shareBp: 10000, rawFen: basisFen, capFen: null, capped: false, shareFen: basisFen };
  }
  if (input.finding === 'pending') return { state: 'pending' };
  const level = input.policy.liability[input.finding];
  if (level.capFen === null) return { state: 'cap_unset', liability: input.finding };
  const rawFen = percentOf(basisFen, level.shareBp);
  const capped = rawFen > level.capFen;
  return { state: 'computed', costFen, insuranceSubtractedFen, basisFen, shareBp: level.shareBp, rawFen, capFen: level.capFen, capped, shareFen: capped ? level.capFen : rawFen };
}

export interface MessageRefLike {
  key: string;
  params?: Record<string, string | number>;
}

function percentText(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

/**
 * The computation in words, as message references (the basis, then the share), e.g.
 * "60 % × 3,000.00 元 = 1,800.00 元, under the cap of 2,000.00 元".
 */
export function shareWords(r: ShareResult): MessageRefLike[] {
  if (r.state === 'pending') return [{ key: 'accidentWords.pending' }];
  if (r.state === 'cap_unset') return [{ key: 'accidentWords.capUnset', params: { liability: `$t(liability.${r.liability})` } }];
  const lines: MessageRefLike[] = [];
  if (r.insuranceSubtractedFen > 0) {
    lines.push({ key: 'accidentWords.basisLessInsurance', params: { cost: formatFen(r.costFen), insurance: formatFen(r.insuranceSubtractedFen), basis: formatFen(r.basisFen) } });
  }
  if (r.capFen === null) {
    lines.push({ key: 'accidentWords.privateUse', params: { basis: formatFen(r.basisFen) } });
    return lines;
  }
  if (r.shareBp === 0) {
    lines.push({ key: 'accidentWords.noShare', params: { basis: formatFen(r.basisFen) } });
    return lines;
  }
  const params = { pct: percentText(r.shareBp), basis: formatFen(r.basisFen), raw: formatFen(r.rawFen), cap: formatFen(r.capFen), share: formatFen(r.shareFen) };
  lines.push({ key: r.capped ? 'accidentWords.overCap' : r.rawFen === r.capFen ? 'accidentWords.atCap' : 'accidentWords.underCap', params });
  return lines;
}

/**
 * Whether two accident dates ('YYYY-MM-DD') are within the repeat window of each other:
 * 365 days apart counts (a year), 366 does not.
 */
export function withinRepeatWindow(a: string, b: string, windowDays: number): boolean {
  return Math.abs(daysBetween(a, b)) <= windowDays;
}

export interface PastAccident {
  id: number;
  date: string;
  finding: Finding;
}

/**
 * The accidents of main liability or worse within the window before or after this one
 * (this one included when it counts); the rule fires when there are at least repeatCount.
 */
export function repeatAccidents(self: PastAccident, others: PastAccident[], policy: PolicySettings['accident']): { fires: boolean; accidents: PastAccident[] } {
  if (!isMainOrWorse(self.finding)) return { fires: false, accidents: [] };
  const near = others.filter((o) => o.id !== self.id && isMainOrWorse(o.finding) && withinRepeatWindow(self.date, o.date, policy.repeatWindowDays));
  const accidents = [...near, self].sort((x, y) => (x.date === y.date ? x.id - y.id : x.date < y.date ? -1 : 1));
  return { fires: accidents.length >= policy.repeatCount, accidents: accidents.length >= policy.repeatCount ? accidents : [] };
}
