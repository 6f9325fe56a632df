import { describe, expect, it } from 'vitest';
import { assessmentPayDeduction, assessmentScore, scoreAllowsBonus } from './assessment.ts';
import { DEFAULT_POLICY } from './policy.ts';

const p = DEFAULT_POLICY.assessment;

describe('the monthly score', () => {
  it('starts at the full score and loses points item by item', () => {
    expect(assessmentScore(100, [])).toBe(100);
    expect(assessmentScore(100, [{ points: 5 }, { points: 2 }, { points: 10 }])).toBe(83);
  });
  it('never goes below zero', () => {
    expect(assessmentScore(100, [{ points: 60 }, { points: 60 }])).toBe(0);
  });
  it('takes the full score from the policy', () => {
    expect(assessmentScore(120, [{ points: 5 }])).toBe(115);
  });
});

describe('how the score touches pay', () => {
  it('not at all by default', () => {
    expect(assessmentPayDeduction(40, p)).toBe(0);
    expect(scoreAllowsBonus(0, p)).toBe(true);
  });
  it('X fen per point below the threshold, nothing at or above it', () => {
    const tied = { ...p, payDeductionPerPointFen: 500, payDeductionBelowScore: 90 };
    expect(assessmentPayDeduction(90, tied)).toBe(0);
    expect(assessmentPayDeduction(89, tied)).toBe(500);
    expect(assessmentPayDeduction(75, tied)).toBe(7500);
    expect(assessmentPayDeduction(95, tied)).toBe(0);
  });
  it('a minimum score for the safety bonus when set', () => {
    const min = { ...p, minScoreForBonus: 80 };
    expect(scoreAllowsBonus(80, min)).toBe(true);
    expect(scoreAllowsBonus(79, min)).toBe(false);
  });
});
