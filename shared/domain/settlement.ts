// The monthly settlement (DOMAIN.md section 7): per person and month, the safety bonus and the
// safe-mileage subsidy when the month is safe, less fines, accident shares, fuel-excess
// penalties, engine-seizure charges and the assessment deduction, plus adjustments carried
// from earlier locked months. Each line keeps the record it comes from; the figures are the
// policy's. Money in fen: + is paid to the person, − is taken off.
import { mulDiv } from './money.ts';
import type { Finding, Reporting } from './accident.ts';
import type { PolicySettings } from './policy.ts';
import type { ViolationKind } from './violation.ts';

export const SETTLEMENT_STATUSES = ['draft', 'fleet_reviewed', 'approved', 'locked'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** The step each status is reached by, and the step that follows it. */
export const SETTLEMENT_STEPS = ['prepare', 'review', 'approve', 'lock'] as const;
export type SettlementStep = (typeof SETTLEMENT_STEPS)[number];
export const NEXT_STEP: Record<SettlementStatus, SettlementStep | null> = { draft: 'review', fleet_reviewed: 'approve', approved: 'lock', locked: null };
export const STEP_FROM: Record<Exclude<SettlementStep, 'prepare'>, SettlementStatus> = { review: 'draft', approve: 'fleet_reviewed', lock: 'approved' };
export const STEP_TO: Record<Exclude<SettlementStep, 'prepare'>, SettlementStatus> = { review: 'fleet_reviewed', approve: 'approved', lock: 'locked' };

export const LINE_KINDS = ['bonus', 'subsidy', 'fine', 'accident', 'fuel', 'repair', 'assessment', 'adjustment'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** What a line comes from: the record a person can open to check it. */
export const SOURCE_TYPES = ['trips', 'accident', 'violation', 'fuel_penalty', 'repair', 'assessment', 'adjustment'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

export interface SettlementLine {
  kind: LineKind;
  /** + paid, − taken off */
  amountFen: number;
  sourceType: SourceType | null;
  sourceId: number | null;
  /** the record's number as people know it (ticket, accident, violation, month) */
  sourceNumber: string | null;
  /** what the line is, in words */
  text: MessageRef;
}

/** The month's records that decide whether it was safe for a driver. */
export interface SafetyFacts {
  /** accidents of the driver that occurred in the month */
  accidents: { id: number; number: string; date: string; finding: Finding; reporting: Reporting; privateUse: boolean; ticketNumber: string | null }[];
  /** the driver's violations (not voided) that occurred in the month */
  violations: { id: number; number: string; date: string; kind: ViolationKind }[];
  /** the signed assessment score, when there is one */
  assessmentScore: number | null;
}

/**
 * Why the month was not safe (our default definition): an accident in which the driver bears
 * any liability (or used the vehicle privately), a hidden accident, a violation; and, when the
 * policy sets one, a score under the minimum for the bonus. Empty: a safe month.
 */
export function unsafeReasons(f: SafetyFacts, p: PolicySettings['assessment']): MessageRef[] {
  const out: MessageRef[] = [];
  for (const a of f.accidents) {
    const liable = a.privateUse || (a.finding !== 'none' && a.finding !== 'pending');
    const ticket = a.ticketNumber ?? '';
    if (liable) out.push({ key: a.ticketNumber ? 'settlementReason.accidentOnTicket' : 'settlementReason.accident', params: { finding: `$t(finding.${a.finding})`, date: a.date, number: a.number, ticket } });
    if (a.reporting === 'hidden') out.push({ key: 'settlementReason.hidden', params: { date: a.date, number: a.number } });
  }
  for (const v of f.violations) out.push({ key: 'settlementReason.violation', params: { kind: `$t(violationKind.${v.kind})`, date: v.date, number: v.number } });
  if (p.minScoreForBonus !== null && f.assessmentScore !== null && f.assessmentScore < p.minScoreForBonus) {
    out.push({ key: 'settlementReason.score', params: { score: f.assessmentScore, min: p.minScoreForBonus } });
  }
  return out;
}

export interface PersonMonth {
  /** a driver gets the bonus and subsidy; the director or deputy only their fines */
  driver: boolean;
  groupLeader: boolean;
  /** official km: returned trips on approved delivery or official tickets, by month of return */
  officialKm: number;
  reasons: MessageRef[];
  fines: { id: number; number: string; date: string; kind: ViolationKind; fineFen: number }[];
  accidentShares: { id: number; number: string; shareFen: number }[];
  fuelPenalties: { id: number; plate: string; month: string; amountFen: number }[];
  repairCharges: { id: number; number: string; amountFen: number }[];
  /** the assessment's pay deduction (0 when the policy ties none) */
  assessment: { month: string; score: number; deductionFen: number } | null;
  adjustments: { id: number; correctsMonth: string; amountFen: number; reason: string }[];
}

export interface PersonSettlement {
  safe: boolean;
  lines: SettlementLine[];
  /** the totals per kind (+/−) and the net */
  totals: Record<LineKind, number>;
  netFen: number;
}

/**
 * A person's lines for the month. The subsidy is the month's official km × the rate per
 * 100 km, rounded half up to the fen once, on the driver's total; bonus and subsidy only in a
 * safe month (a zero line with the reasons otherwise, so the reason is always shown).
 */
export function settlePerson(m: PersonMonth, p: PolicySettings['settlement']): PersonSettlement {
  const lines: SettlementLine[] = [];
  const safe = m.reasons.length === 0;
  if (m.driver) {
    const bonus = m.groupLeader ? p.groupLeaderBonusFen : p.safetyBonusFen;
    lines.push({
      kind: 'bonus',
      amountFen: safe ? bonus : 0,
      sourceType: null,
      sourceId: null,
      sourceNumber: null,
      text: safe ? { key: m.groupLeader ? 'settlementLine.bonusLeader' : 'settlementLine.bonus' } : { key: 'settlementLine.noBonus' },
    });
    const subsidy = safe ? mulDiv(m.officialKm, p.subsidyFenPer100Km, 100) : 0;
    lines.push({
      kind: 'subsidy',
      amountFen: subsidy,
      sourceType: 'trips',
      sourceId: null,
      sourceNumber: null,
      text: { key: safe ? 'settlementLine.subsidy' : 'settlementLine.noSubsidy', params: { km: m.officialKm, rate: p.subsidyFenPer100Km } },
    });
  }
  for (const f of m.fines) {
    lines.push({ kind: 'fine', amountFen: -f.fineFen, sourceType: 'violation', sourceId: f.id, sourceNumber: f.number, text: { key: 'settlementLine.fine', params: { kind: `$t(violationKind.${f.kind})`, date: f.date } } });
  }
  for (const a of m.accidentShares) {
    lines.push({ kind: 'accident', amountFen: -a.shareFen, sourceType: 'accident', sourceId: a.id, sourceNumber: a.number, text: { key: 'settlementLine.accident' } });
  }
  for (const f of m.fuelPenalties) {
    lines.push({ kind: 'fuel', amountFen: -f.amountFen, sourceType: 'fuel_penalty', sourceId: f.id, sourceNumber: `${f.month} ${f.plate}`, text: { key: 'settlementLine.fuel', params: { plate: f.plate, month: f.month } } });
  }
  for (const r of m.repairCharges) {
    lines.push({ kind: 'repair', amountFen: -r.amountFen, sourceType: 'repair', sourceId: r.id, sourceNumber: r.number, text: { key: 'settlementLine.repair' } });
  }
  if (m.assessment && m.assessment.deductionFen > 0) {
    lines.push({
      kind: 'assessment',
      amountFen: -m.assessment.deductionFen,
      sourceType: 'assessment',
      sourceId: null,
      sourceNumber: m.assessment.month,
      text: { key: 'settlementLine.assessment', params: { score: m.assessment.score } },
    });
  }
  for (const a of m.adjustments) {
    lines.push({ kind: 'adjustment', amountFen: a.amountFen, sourceType: 'adjustment', sourceId: a.id, sourceNumber: a.correctsMonth, text: { key: 'settlementLine.adjustment', params: { month: a.correctsMonth, reason: a.reason } } });
  }
  const totals = Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>;
  for (const l of lines) totals[l.kind] += l.amountFen;
  return { safe, lines, totals, netFen: lines.reduce((s, l) => s + l.amountFen, 0) };
}

/** The sheet's totals: each kind and the net summed over the rows, to the fen. */
export function sheetTotals(rows: { totals: Record<LineKind, number>; netFen: number }[]): { totals: Record<LineKind, number>; netFen: number } {
  const totals = Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>;
  let netFen = 0;
  for (const r of rows) {
    for (const k of LINE_KINDS) totals[k] += r.totals[k];
    netFen += r.netFen;
  }
  return { totals, netFen };
}
