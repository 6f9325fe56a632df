import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.ts';
import { settlePerson, sheetTotals, unsafeReasons, type PersonMonth } from './settlement.ts';

const S = DEFAULT_POLICY.settlement;
const A = DEFAULT_POLICY.assessment;
const month = (over: Partial<PersonMonth> = {}): PersonMonth => ({
  driver: true,
  groupLeader: false,
  officialKm: 0,
  reasons: [],
  fines: [],
  accidentShares: [],
  fuelPenalties: [],
  repairCharges: [],
  assessment: null,
  adjustments: [],
  ...over,
});
const line = (r: ReturnType<typeof settlePerson>, kind: string) => r.lines.filter((l) => l.kind === kind);

describe('safety bonus', () => {
  it('100 元 to a driver with a safe month, 150 元 to the group leader', () => {
    expect(line(settlePerson(month(), S), 'bonus')[0]).toMatchObject({ amountFen: 10000, text: { key: 'settlementLine.bonus' } });
    expect(line(settlePerson(month({ groupLeader: true }), S), 'bonus')[0]).toMatchObject({ amountFen: 15000, text: { key: 'settlementLine.bonusLeader' } });
  });
  it('0 with a line that says why when the month is not safe', () => {
    const r = settlePerson(month({ reasons: [{ key: 'settlementReason.violation' }], officialKm: 1000 }), S);
    expect(r.safe).toBe(false);
    expect(line(r, 'bonus')[0]).toMatchObject({ amountFen: 0, text: { key: 'settlementLine.noBonus' } });
    expect(line(r, 'subsidy')[0]).toMatchObject({ amountFen: 0, text: { key: 'settlementLine.noSubsidy', params: { km: 1000 } } });
  });
  it('the director or deputy has only their fines', () => {
    const r = settlePerson(month({ driver: false, fines: [{ id: 1, number: 'WG1', date: '2026-11-02', kind: 'private_use', fineFen: 20000 }] }), S);
    expect(r.lines.map((l) => l.kind)).toEqual(['fine']);
    expect(r.netFen).toBe(-20000);
  });
});

describe('safe-mileage subsidy: km × rate per 100 km, rounded half up once on the total', () => {
  it('4 fen per 100 km: 1,250 km → 50 fen; 1,262 km → 50.48 → 50 fen; 1,263 km → 50.52 → 51 fen', () => {
    expect(line(settlePerson(month({ officialKm: 1250 }), S), 'subsidy')[0]!.amountFen).toBe(50);
    expect(line(settlePerson(month({ officialKm: 1262 }), S), 'subsidy')[0]!.amountFen).toBe(50);
    expect(line(settlePerson(month({ officialKm: 1263 }), S), 'subsidy')[0]!.amountFen).toBe(51);
    // exactly half a fen rounds up: 25 km × 2 fen / 100 km = 0.5 fen → 1 fen
    expect(line(settlePerson(month({ officialKm: 25 }), { ...S, subsidyFenPer100Km: 2 }), 'subsidy')[0]!.amountFen).toBe(1);
  });
  it('once on the total, not per trip (10 trips of 12 km: 0.48 fen each would round to 0)', () => {
    expect(line(settlePerson(month({ officialKm: 120 }), { ...S, subsidyFenPer100Km: 4 }), 'subsidy')[0]!.amountFen).toBe(5);
  });
});

describe('deductions and adjustments', () => {
  it('each kind is a negative line linked to its source, the net adds up', () => {
    const r = settlePerson(
      month({
        officialKm: 2000,
        reasons: [{ key: 'settlementReason.violation' }],
        fines: [{ id: 7, number: 'WG2026-000007', date: '2026-11-03', kind: 'overnight', fineFen: 30000 }],
        accidentShares: [{ id: 3, number: 'SG2026-000003', shareFen: 135000 }],
        fuelPenalties: [{ id: 9, plate: '苏ED3101', month: '2026-11', amountFen: 18000 }],
        repairCharges: [{ id: 4, number: 'WX2026-000004', amountFen: 480000 }],
        assessment: { month: '2026-11', score: 80, deductionFen: 5000 },
        adjustments: [{ id: 2, correctsMonth: '2026-09', amountFen: 10000, reason: '多扣罚款退回' }],
      }),
      S,
    );
    expect(r.lines.map((l) => [l.kind, l.amountFen, l.sourceType, l.sourceNumber])).toEqual([
      ['bonus', 0, null, null],
      ['subsidy', 0, 'trips', null],
      ['fine', -30000, 'violation', 'WG2026-000007'],
      ['accident', -135000, 'accident', 'SG2026-000003'],
      ['fuel', -18000, 'fuel_penalty', '2026-11 苏ED3101'],
      ['repair', -480000, 'repair', 'WX2026-000004'],
      ['assessment', -5000, 'assessment', '2026-11'],
      ['adjustment', 10000, 'adjustment', '2026-09'],
    ]);
    expect(r.totals).toEqual({ bonus: 0, subsidy: 0, fine: -30000, accident: -135000, fuel: -18000, repair: -480000, assessment: -5000, adjustment: 10000 });
    expect(r.netFen).toBe(-658000);
  });
  it('no assessment line when the policy ties no deduction', () => {
    expect(line(settlePerson(month({ assessment: { month: '2026-11', score: 60, deductionFen: 0 } }), S), 'assessment')).toEqual([]);
  });
  it("the sheet's totals equal the sum of the rows to the fen (property)", () => {
    const amount = fc.integer({ min: 0, max: 5_000_000 });
    const person = fc.record({
      officialKm: fc.integer({ min: 0, max: 20000 }),
      safe: fc.boolean(),
      fines: fc.array(amount, { maxLength: 3 }),
      shares: fc.array(amount, { maxLength: 2 }),
      adjustments: fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 30 }), fc.integer({ min: 0, max: 100 }), (people, rate) => {
        const rows = people.map((p) =>
          settlePerson(
            month({
              officialKm: p.officialKm,
              reasons: p.safe ? [] : [{ key: 'x' }],
              fines: p.fines.map((f, i) => ({ id: i, number: `W${i}`, date: '2026-11-01', kind: 'drinking' as const, fineFen: f })),
              accidentShares: p.shares.map((f, i) => ({ id: i, number: `S${i}`, shareFen: f })),
              adjustments: p.adjustments.map((a, i) => ({ id: i, correctsMonth: '2026-09', amountFen: a, reason: 'r' })),
            }),
            { ...S, subsidyFenPer100Km: rate },
          ),
        );
        const sheet = sheetTotals(rows);
        const byLines = rows.flatMap((r) => r.lines).reduce((s, l) => s + l.amountFen, 0);
        return sheet.netFen === byLines && Object.values(sheet.totals).reduce((s, v) => s + v, 0) === byLines && rows.every((r) => Number.isInteger(r.netFen));
      }),
    );
  });
});

describe('a safe month (our default)', () => {
  const acc = (over: object) => ({ id: 1, number: 'SG2026-000001', date: '2026-08-14', finding: 'equal' as const, reporting: 'in_time' as const, privateUse: false, ticketNumber: 'PC2026-000812', ...over });
  it('an accident with any liability: the reason names it and its ticket', () => {
    expect(unsafeReasons({ accidents: [acc({})], violations: [], assessmentScore: null }, A)).toEqual([
      { key: 'settlementReason.accidentOnTicket', params: { finding: '$t(finding.equal)', date: '2026-08-14', number: 'SG2026-000001', ticket: 'PC2026-000812' } },
    ]);
  });
  it('no liability is safe, unless hidden; private use is never safe', () => {
    expect(unsafeReasons({ accidents: [acc({ finding: 'none' })], violations: [], assessmentScore: null }, A)).toEqual([]);
    expect(unsafeReasons({ accidents: [acc({ finding: 'none', reporting: 'hidden' })], violations: [], assessmentScore: null }, A).map((r) => r.key)).toEqual(['settlementReason.hidden']);
    expect(unsafeReasons({ accidents: [acc({ finding: 'none', privateUse: true, ticketNumber: null })], violations: [], assessmentScore: null }, A).map((r) => r.key)).toEqual(['settlementReason.accident']);
  });
  it('any violation; a score under the minimum only when the policy sets one', () => {
    expect(unsafeReasons({ accidents: [], violations: [{ id: 2, number: 'WG1', date: '2026-08-02', kind: 'overnight' }], assessmentScore: null }, A)[0]!.key).toBe('settlementReason.violation');
    expect(unsafeReasons({ accidents: [], violations: [], assessmentScore: 10 }, A)).toEqual([]);
    expect(unsafeReasons({ accidents: [], violations: [], assessmentScore: 79 }, { ...A, minScoreForBonus: 80 })).toEqual([{ key: 'settlementReason.score', params: { score: 79, min: 80 } }]);
    expect(unsafeReasons({ accidents: [], violations: [], assessmentScore: 80 }, { ...A, minScoreForBonus: 80 })).toEqual([]);
  });
});
