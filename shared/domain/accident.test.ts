import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accidentShare, repeatAccidents, shareWords, withinRepeatWindow, type Finding, type ShareInput } from './accident.ts';
import { DEFAULT_POLICY, type PolicySettings } from './policy.ts';

const policy = (patch: (p: PolicySettings['accident']) => void = () => {}): PolicySettings['accident'] => {
  const p = structuredClone(DEFAULT_POLICY.accident);
  patch(p);
  return p;
};
const withMainCap = policy((p) => (p.liability.main.capFen = 200000));
const share = (finding: Finding, costFen: number, over: Partial<ShareInput> = {}) =>
  accidentShare({ finding, privateUse: false, costs: [{ amountFen: costFen }], insuranceFen: 0, policy: withMainCap, ...over });

describe("the driver's share by liability, at, below and above each cap", () => {
  // atBasis: the basis whose share, rounded half up to the fen, is exactly the cap
  const cases: { finding: Finding; pct: number; capFen: number; atBasis: number }[] = [
    { finding: 'full', pct: 70, capFen: 300000, atBasis: 428571 },
    { finding: 'main', pct: 60, capFen: 200000, atBasis: 333333 },
    { finding: 'equal', pct: 50, capFen: 150000, atBasis: 300000 },
    { finding: 'secondary', pct: 30, capFen: 100000, atBasis: 333333 },
  ];
  for (const c of cases) {
    it(`${c.finding}: below the cap`, () => {
      const r = share(c.finding, 100000);
      expect(r).toMatchObject({ state: 'computed', shareBp: c.pct * 100, rawFen: c.pct * 1000, shareFen: c.pct * 1000, capped: false, capFen: c.capFen });
    });
    it(`${c.finding}: exactly at the cap`, () => {
      const r = share(c.finding, c.atBasis);
      expect(r).toMatchObject({ state: 'computed', rawFen: c.capFen, shareFen: c.capFen, capped: false });
    });
    it(`${c.finding}: above the cap`, () => {
      const r = share(c.finding, 1000000);
      expect(r).toMatchObject({ state: 'computed', rawFen: c.pct * 10000, shareFen: c.capFen, capped: true });
    });
  }
  it('full liability one fen either side of the cap (70 % × 4,285.71 rounds to 3,000.00)', () => {
    expect(share('full', 428571)).toMatchObject({ rawFen: 300000, shareFen: 300000, capped: false }); // 2,999.997 元
    expect(share('full', 428570)).toMatchObject({ rawFen: 299999, shareFen: 299999, capped: false }); // 2,999.99 元
    expect(share('full', 428572)).toMatchObject({ rawFen: 300000, shareFen: 300000, capped: false });
    expect(share('full', 428573)).toMatchObject({ rawFen: 300001, shareFen: 300000, capped: true });
  });
  it('no liability: nothing', () => {
    expect(share('none', 500000)).toMatchObject({ state: 'computed', shareFen: 0, shareBp: 0 });
  });
  it('rounds half up once, to the fen', () => {
    // 30 % of 0.05 元 = 1.5 fen → 2 fen
    expect(share('secondary', 5)).toMatchObject({ rawFen: 2, shareFen: 2 });
    // 50 % of 0.03 元 = 1.5 fen → 2 fen
    expect(share('equal', 3)).toMatchObject({ rawFen: 2 });
  });
  it('the share never exceeds the basis nor the cap (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Finding>('full', 'main', 'equal', 'secondary', 'none'), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), (finding, cost, insurance) => {
        const r = share(finding, cost, { insuranceFen: insurance });
        if (r.state !== 'computed') return false;
        return r.shareFen <= r.basisFen && r.shareFen <= (r.capFen ?? Infinity) && r.basisFen === Math.max(0, cost - insurance);
      }),
    );
  });
});

describe('special cases', () => {
  it('private use: all of it, no cap, whatever the finding', () => {
    for (const finding of ['pending', 'full', 'main', 'none'] as const) {
      const r = accidentShare({ finding, privateUse: true, costs: [{ amountFen: 800000 }, { amountFen: 200000 }], insuranceFen: 0, policy: policy() });
      expect(r).toMatchObject({ state: 'computed', basisFen: 1000000, shareBp: 10000, capFen: null, shareFen: 1000000, capped: false });
    }
  });
  it('main liability with the cap unset cannot be computed', () => {
    expect(accidentShare({ finding: 'main', privateUse: false, costs: [{ amountFen: 100 }], insuranceFen: 0, policy: policy() })).toEqual({ state: 'cap_unset', liability: 'main' });
  });
  it('a pending finding cannot be computed', () => {
    expect(share('pending', 100000)).toEqual({ state: 'pending' });
  });
  it('insurance subtracted from the basis when the policy says so (default), not when off', () => {
    const on = share('equal', 500000, { insuranceFen: 200000 });
    expect(on).toMatchObject({ costFen: 500000, insuranceSubtractedFen: 200000, basisFen: 300000, shareFen: 150000, capped: false });
    const off = share('equal', 500000, { insuranceFen: 200000, policy: policy((p) => (p.subtractInsurance = false)) });
    expect(off).toMatchObject({ costFen: 500000, insuranceSubtractedFen: 0, basisFen: 500000, rawFen: 250000, shareFen: 150000, capped: true });
    const offSmall = share('secondary', 100000, { insuranceFen: 50000, policy: policy((p) => (p.subtractInsurance = false)) });
    expect(offSmall).toMatchObject({ basisFen: 100000, shareFen: 30000 });
    expect(share('secondary', 100000, { insuranceFen: 50000 })).toMatchObject({ basisFen: 50000, shareFen: 15000 });
  });
  it('insurance above the cost leaves a basis of zero', () => {
    expect(share('full', 100000, { insuranceFen: 150000 })).toMatchObject({ basisFen: 0, shareFen: 0 });
  });
  it('the cap and share come from the policy given (a changed level)', () => {
    const p = policy((x) => {
      x.liability.equal = { shareBp: 4500, capFen: 99900 };
    });
    expect(share('equal', 100000, { policy: p })).toMatchObject({ shareBp: 4500, rawFen: 45000, shareFen: 45000 });
    expect(share('equal', 1000000, { policy: p })).toMatchObject({ rawFen: 450000, shareFen: 99900, capped: true });
  });
});

describe('the computation in words', () => {
  it('under, at and over the cap, with the figures of the example', () => {
    expect(shareWords(share('main', 300000))).toEqual([{ key: 'accidentWords.underCap', params: { pct: '60', basis: '3,000.00', raw: '1,800.00', cap: '2,000.00', share: '1,800.00' } }]);
    expect(shareWords(share('main', 1000000))[0]).toMatchObject({ key: 'accidentWords.overCap', params: { raw: '6,000.00', share: '2,000.00' } });
    expect(shareWords(share('equal', 300000))[0]).toMatchObject({ key: 'accidentWords.atCap' });
    expect(shareWords(share('none', 300000))).toEqual([{ key: 'accidentWords.noShare', params: { basis: '3,000.00' } }]);
  });
  it('names the insurance subtracted, private use and the missing cap', () => {
    const w = shareWords(share('equal', 500000, { insuranceFen: 200000 }));
    expect(w[0]).toEqual({ key: 'accidentWords.basisLessInsurance', params: { cost: '5,000.00', insurance: '2,000.00', basis: '3,000.00' } });
    expect(shareWords(accidentShare({ finding: 'none', privateUse: true, costs: [{ amountFen: 12345 }], insuranceFen: 0, policy: policy() }))).toEqual([{ key: 'accidentWords.privateUse', params: { basis: '123.45' } }]);
    expect(shareWords({ state: 'cap_unset', liability: 'main' })).toEqual([{ key: 'accidentWords.capUnset', params: { liability: '$t(liability.main)' } }]);
    expect(shareWords(share('secondary', 100, { policy: policy((p) => (p.liability.secondary.shareBp = 3250)) }))[0]!.params!.pct).toBe('32.5');
  });
});

describe('two or more accidents of main liability or worse within a year', () => {
  it('counts 364 and 365 days apart, not 366', () => {
    expect(withinRepeatWindow('2025-03-01', '2026-02-28', 365)).toBe(true); // 364 days
    expect(withinRepeatWindow('2025-03-01', '2026-03-01', 365)).toBe(true); // 365 days
    expect(withinRepeatWindow('2025-03-01', '2026-03-02', 365)).toBe(false); // 366 days
    expect(withinRepeatWindow('2026-03-02', '2025-03-01', 365)).toBe(false);
  });
  const self = { id: 2, date: '2026-03-01', finding: 'main' as const };
  it('fires with an earlier full/main accident 365 days before, listing both', () => {
    const r = repeatAccidents(self, [{ id: 1, date: '2025-03-01', finding: 'full' }], policy());
    expect(r).toEqual({ fires: true, accidents: [{ id: 1, date: '2025-03-01', finding: 'full' }, self] });
  });
  it('also fires for the earlier one when the later one arrives (each sees the other)', () => {
    const r = repeatAccidents({ id: 1, date: '2025-03-01', finding: 'full' }, [self], policy());
    expect(r.fires).toBe(true);
  });
  it('does not fire at 366 days, nor with equal liability or lower, nor for this one alone', () => {
    expect(repeatAccidents(self, [{ id: 1, date: '2025-02-28', finding: 'full' }], policy()).fires).toBe(false);
    expect(repeatAccidents(self, [{ id: 1, date: '2026-01-01', finding: 'equal' }], policy()).fires).toBe(false);
    expect(repeatAccidents({ ...self, finding: 'equal' }, [{ id: 1, date: '2026-01-01', finding: 'main' }], policy()).fires).toBe(false);
    expect(repeatAccidents(self, [self], policy()).fires).toBe(false);
  });
  it('follows the policy: three needed, a shorter window', () => {
    const three = policy((p) => (p.repeatCount = 3));
    expect(repeatAccidents(self, [{ id: 1, date: '2026-01-01', finding: 'main' }], three).fires).toBe(false);
    expect(repeatAccidents(self, [{ id: 1, date: '2026-01-01', finding: 'main' }, { id: 3, date: '2026-04-01', finding: 'full' }], three).accidents.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(repeatAccidents(self, [{ id: 1, date: '2026-01-01', finding: 'main' }], policy((p) => (p.repeatWindowDays = 30))).fires).toBe(false);
  });
});
