// The monthly 100-point assessment (DOMAIN.md section 6): a sheet per driver and per
// vehicle starts at the policy's full score, loses points item by item (and for the
// person's violations), never below zero; the policy decides how the score touches pay.
import type { PolicySettings } from './policy.ts';

export const ASSESSMENT_SUBJECTS = ['driver', 'vehicle'] as const;
export type AssessmentSubject = (typeof ASSESSMENT_SUBJECTS)[number];

/** The score after the deductions: full score less every deduction, never below zero. */
export function assessmentScore(fullScore: number, deductions: { points: number }[]): number {
  const lost = deductions.reduce((s, d) => s + d.points, 0);
  return Math.max(0, fullScore - lost);
}

/**
 * What the score takes off pay: the policy's amount per point below its threshold
 * (none by default: the amount is 0).
 */
export function assessmentPayDeduction(score: number, p: PolicySettings['assessment']): number {
  const below = Math.max(0, p.payDeductionBelowScore - score);
  return below * p.payDeductionPerPointFen;
}

/** Whether the score allows the safety bonus (always, when the policy sets no minimum). */
export function scoreAllowsBonus(score: number, p: PolicySettings['assessment']): boolean {
  return p.minScoreForBonus === null || score >= p.minScoreForBonus;
}
