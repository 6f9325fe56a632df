// The monthly 100-point assessment through the real backend: the catalogue of items kept by
// the fleet office, deductions on driver and vehicle sheets with the violations' points taken
// automatically, the score's floor and its tie to pay, the month's rows and counts, and the
// signature: refused before the month ends, closing the month to changes, reopened by the director.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain/policy.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let driverA: Caller;
const d: Record<string, number> = {};
const v: Record<string, number> = {};
const item: Record<string, number> = {};
const NOV = '2026-11';

beforeAll(async () => {
  h = await openHarness({ now: '2026-11-23T09:30:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED3101: 10000, 苏ED3108: 10000, 苏ED3115: 10000 },
    drivers: { 李志强: 'KF1001', 张伟: 'KF1002', 刘洋: 'KF1003', 陈明: 'KF1004', 周涛: 'KF1005' },
    staff: ['zhuren', 'bangongshi', 'duizhang'],
    driverUsers: { siji01: '李志强' },
  });
  ({ 苏ED3101: v.one, 苏ED3108: v.two, 苏ED3115: v.old } = depot.vehicles);
  ({ 李志强: d.a, 张伟: d.b, 刘洋: d.c, 陈明: d.e, 周涛: d.gone } = depot.drivers);
  await admin.ok('vehicles.retire', { id: v.old! });
  await admin.ok('drivers.retire', { id: d.gone! });
  [director, office, captain, driverA] = [await h.as('zhuren'), await h.as('bangongshi'), await h.as('duizhang'), await h.as('siji01')];
  const items = (await office.ok('assessment.items', {})).items;
  item.check = items.find((i) => i.name === '出车前未做例行检查')!.id;
  item.keys = items.find((i) => i.name === '收车后未按规定交回钥匙、单据')!.id;
  item.service = items.find((i) => i.name === '例行保养逾期')!.id;
  item.tidy = items.find((i) => i.name === '车容车貌不整洁')!.id;
});
afterAll(() => h.close());

/** Moves the clock; the sessions have idled out by then, so everyone logs in again. */
async function setNow(at: string) {
  h.clock.now = new Date(at);
  [admin, director, office, captain, driverA] = [await h.as('admin'), await h.as('zhuren'), await h.as('bangongshi'), await h.as('duizhang'), await h.as('siji01')];
}

async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  return r.error;
}

describe('the catalogue of deduction items', () => {
  it('starts with the default items for drivers and vehicles', async () => {
    const all = await captain.ok('assessment.items', {});
    expect(all.items).toHaveLength(9);
    expect((await captain.ok('assessment.items', { subject: 'vehicle' })).items.map((i) => [i.name, i.points])).toEqual([
      ['例行保养逾期', 5],
      ['机油、冷却液、轮胎未按规定检查', 3],
      ['车容车貌不整洁', 2],
      ['随车工具、证件不全', 2],
    ]);
  });

  it('is edited by the fleet office only; a name is unique per subject', async () => {
    expect((await refused(captain, 'assessment.saveItem', { name: '私自改装车辆', subject: 'vehicle', points: 10 })).code).toBe('FORBIDDEN');
    const added = await office.ok('assessment.saveItem', { name: '私自改装车辆', subject: 'vehicle', points: 10 });
    expect(added).toMatchObject({ name: '私自改装车辆', subject: 'vehicle', points: 10, retiredAt: null });
    const dup = await refused(office, 'assessment.saveItem', { name: '出车前未做例行检查', subject: 'driver', points: 3 });
    expect(dup).toMatchObject({ code: 'CONFLICT', fields: { name: '已有同名的考核项目“出车前未做例行检查”' } });
    const dupEdit = await refused(office, 'assessment.saveItem', { id: added.id, name: '例行保养逾期', subject: 'vehicle', points: 10 });
    expect(dupEdit.code).toBe('CONFLICT');
    // the same name for the other subject is another item
    await office.ok('assessment.saveItem', { name: '私自改装车辆', subject: 'driver', points: 10 });
    expect((await refused(office, 'assessment.saveItem', { id: 9999, name: 'x', subject: 'driver', points: 1 })).code).toBe('NOT_FOUND');
  });

  it('retires an item and brings it back', async () => {
    const retired = await office.ok('assessment.retireItem', { id: item.tidy!, retired: true });
    expect(retired.retiredAt).toBe('2026-11-23 09:30');
    expect((await office.ok('assessment.items', { subject: 'vehicle' })).items.map((i) => i.id)).not.toContain(item.tidy);
    expect((await office.ok('assessment.items', { subject: 'vehicle', includeRetired: true })).items.map((i) => i.id)).toContain(item.tidy);
    const e = await refused(office, 'assessment.deduct', { month: NOV, subject: 'vehicle', subjectId: v.one!, itemId: item.tidy! });
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { itemId: '考核项目“车容车貌不整洁”已停用' } });
    expect((await refused(office, 'assessment.retireItem', { id: item.tidy!, retired: true })).code).toBe('CONFLICT');
    expect((await office.ok('assessment.retireItem', { id: item.tidy!, retired: false })).retiredAt).toBeNull();
  });
});

describe('deductions', () => {
  it("take an item's points off a driver's sheet and a vehicle's sheet", async () => {
    const s = await office.ok('assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.a!, itemId: item.check!, note: '11-05 未检查' });
    expect(s).toMatchObject({ subject: 'driver', subjectId: d.a, name: '李志强', month: NOV, fullScore: 100, score: 95, deductedPoints: 5, itemCount: 1, violationCount: 0, signed: null });
    expect(s.deductions).toEqual([
      { id: expect.any(Number), source: 'item', itemId: item.check, itemName: '出车前未做例行检查', points: 5, note: '11-05 未检查', violationId: null, violationNumber: null, at: '2026-11-23 09:30', byName: '许文静' },
    ]);
    const car = await office.ok('assessment.deduct', { month: NOV, subject: 'vehicle', subjectId: v.one!, itemId: item.service!, points: 8 });
    expect(car).toMatchObject({ name: '苏ED3101', score: 92, deductedPoints: 8, payDeductionFen: 0, bonusAllowed: true });
  });

  it('refuses a future month, an item of the other subject, an unknown sheet or item, changing nothing', async () => {
    const future = await refused(office, 'assessment.deduct', { month: '2026-12', subject: 'driver', subjectId: d.a!, itemId: item.check! });
    expect(future).toMatchObject({ code: 'INVALID_INPUT', fields: { month: '2026-12 还没有开始，不能考核' } });
    const wrong = await refused(office, 'assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.a!, itemId: item.service! });
    expect(wrong).toMatchObject({ code: 'INVALID_INPUT', fields: { itemId: '考核项目“例行保养逾期”不适用于驾驶员' } });
    expect((await refused(office, 'assessment.deduct', { month: NOV, subject: 'driver', subjectId: 9999, itemId: item.check! })).code).toBe('NOT_FOUND');
    expect((await refused(office, 'assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.a!, itemId: 9999 })).code).toBe('NOT_FOUND');
    expect((await refused(captain, 'assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.a!, itemId: item.check! })).code).toBe('FORBIDDEN');
    expect((await refused(office, 'assessment.sheet', { month: NOV, subject: 'vehicle', subjectId: 9999 })).code).toBe('NOT_FOUND');
  });

  it("include the driver's violations of the month without entering them", async () => {
    const w = await office.ok('violations.create', { kind: 'private_use', offenderRole: 'driver', driverId: d.a!, occurredOn: '2026-11-10', description: '下班后用车办私事' });
    const s = await captain.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! });
    expect(s).toMatchObject({ score: 85, deductedPoints: 15, itemCount: 1, violationCount: 1 });
    expect(s.deductions[1]).toEqual({ id: null, source: 'violation', itemId: null, itemName: '公车私用', points: 10, note: '下班后用车办私事', violationId: w.id, violationNumber: w.number, at: '2026-11-23 09:30', byName: '许文静' });
    const en = await captain.call('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! }, 'en');
    expect(en.ok && en.data.deductions[1]!.itemName).toBe('Private use of the vehicle');
    // a voided violation no longer takes points
    const w2 = await office.ok('violations.create', { kind: 'drinking', offenderRole: 'driver', driverId: d.a!, occurredOn: '2026-11-11', description: '误录' });
    expect((await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! })).score).toBe(65);
    await director.ok('violations.void', { id: w2.id, reason: '录错' });
    expect((await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! })).score).toBe(85);
  });

  it('never brings a score below zero', async () => {
    await office.ok('assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.b!, itemId: item.check!, points: 60 });
    const s = await office.ok('assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.b!, itemId: item.keys!, points: 50 });
    expect(s).toMatchObject({ score: 0, deductedPoints: 110, itemCount: 2 });
  });

  it('an edited item leaves the deductions already entered as they were', async () => {
    await office.ok('assessment.saveItem', { id: item.check!, name: '出车前未按规定做例行检查', subject: 'driver', points: 6 });
    const s = await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! });
    expect(s.deductions[0]).toMatchObject({ itemName: '出车前未做例行检查', points: 5 });
    const more = await office.ok('assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.c!, itemId: item.check! });
    expect(more.deductions[0]).toMatchObject({ itemName: '出车前未按规定做例行检查', points: 6 });
  });

  it('a driver reads only their own sheet', async () => {
    expect((await driverA.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! })).score).toBe(85);
    const other = await refused(driverA, 'assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.b! });
    expect(other).toMatchObject({ code: 'FORBIDDEN', message: '只能查看自己的考核表' });
    expect((await refused(driverA, 'assessment.sheet', { month: NOV, subject: 'vehicle', subjectId: v.one! })).code).toBe('FORBIDDEN');
    expect((await refused(driverA, 'assessment.month', { month: NOV })).code).toBe('FORBIDDEN');
  });
});

describe('the score and pay', () => {
  it('takes the policy amount per point below its threshold and withholds the bonus below its minimum', async () => {
    const before = await office.ok('assessment.month', { month: NOV });
    expect(before).toMatchObject({ fullScore: 100, payDeductionPerPointFen: 0, payDeductionBelowScore: 100, minScoreForBonus: null });
    expect(before.items.every((r) => r.payDeductionFen === 0 && r.bonusAllowed)).toBe(true);
    const settings = { ...DEFAULT_POLICY, assessment: { fullScore: 100, payDeductionPerPointFen: 500, payDeductionBelowScore: 90, minScoreForBonus: 80 } };
    await admin.ok('policy.update', { effectiveMonth: NOV, settings, reason: '考核与工资挂钩' });
    const m = await office.ok('assessment.month', { month: NOV });
    expect(m).toMatchObject({ payDeductionPerPointFen: 500, payDeductionBelowScore: 90, minScoreForBonus: 80 });
    const row = (id: number) => m.items.find((r) => r.subjectId === id)!;
    expect(row(d.a!)).toMatchObject({ score: 85, payDeductionFen: 2500, bonusAllowed: true });
    expect(row(d.b!)).toMatchObject({ score: 0, payDeductionFen: 45000, bonusAllowed: false });
    expect(row(d.c!)).toMatchObject({ score: 94, payDeductionFen: 0, bonusAllowed: true });
    expect(row(d.e!)).toMatchObject({ score: 100, deductedPoints: 0, payDeductionFen: 0, bonusAllowed: true });
    expect((await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.b! })).payDeductionFen).toBe(45000);
  });
});

describe("the month's rows", () => {
  it('lists active drivers and those with records that month, pages them and counts every sheet', async () => {
    // a retired driver with a deduction this month still has a sheet; one without has none
    await admin.ok('drivers.retire', { id: d.c! });
    const m = await office.ok('assessment.month', { month: NOV, subject: 'driver' });
    expect(m.items.map((r) => r.name)).toEqual(['李志强', '张伟', '刘洋', '陈明']);
    expect(m.items.map((r) => r.subjectId)).not.toContain(d.gone);
    expect(m).toMatchObject({ total: 4, counts: { sheets: 4, deducted: 3, belowThreshold: 2 } });
    const page = await office.ok('assessment.month', { month: NOV, subject: 'driver', pageSize: 1, page: 2 });
    expect(page.items.map((r) => r.name)).toEqual(['张伟']);
    expect(page).toMatchObject({ total: 4, counts: { sheets: 4 } });
    const found = await office.ok('assessment.month', { month: NOV, subject: 'driver', search: '陈' });
    expect(found.items.map((r) => r.name)).toEqual(['陈明']);
    expect(found).toMatchObject({ total: 1, counts: { sheets: 4 } });
    const cars = await office.ok('assessment.month', { month: NOV, subject: 'vehicle' });
    expect(cars.items.map((r) => [r.name, r.score])).toEqual([
      ['苏ED3101', 92],
      ['苏ED3108', 100],
    ]);
    expect(cars.counts).toEqual({ sheets: 2, deducted: 1, belowThreshold: 0 });
    const plate = await office.ok('assessment.month', { month: NOV, subject: 'vehicle', search: '3108' });
    expect(plate.items.map((r) => r.name)).toEqual(['苏ED3108']);
    // another month: full scores and no deductions
    const oct = await office.ok('assessment.month', { month: '2026-10' });
    expect(oct.counts).toEqual({ sheets: 3, deducted: 0, belowThreshold: 0 });
  });
});

describe('the signature', () => {
  let deductionId: number;

  it('is refused before the month has ended', async () => {
    const m = await office.ok('assessment.month', { month: NOV });
    expect(m).toMatchObject({ canSign: false, signed: null, history: [] });
    const e = await refused(office, 'assessment.sign', { month: NOV });
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { month: '2026-11 尚未结束，月末之后才能签字' } });
  });

  it('signs once the month has ended, with a snapshot of every sheet and the policy version', async () => {
    await setNow('2026-12-01T09:00:00');
    expect((await office.ok('assessment.month', { month: NOV })).canSign).toBe(true);
    expect((await refused(captain, 'assessment.sign', { month: NOV })).code).toBe('FORBIDDEN');
    const m = await office.ok('assessment.sign', { month: NOV });
    expect(m).toMatchObject({ month: NOV, canSign: false, signed: { at: '2026-12-01 09:00', byName: '许文静', role: 'fleet_office' } });
    expect(m.history).toEqual([{ id: expect.any(Number), signed: { at: '2026-12-01 09:00', byName: '许文静', role: 'fleet_office' }, reopened: null }]);
    const raw = new SQLite(h.dbFile, { readonly: true });
    try {
      const row = raw.prepare('SELECT * FROM assessment_signoffs').get() as { snapshot: string; policy_version_id: number };
      const version = raw.prepare("SELECT id FROM policy_versions WHERE effective_month = '2026-11'").get() as { id: number };
      expect(row.policy_version_id).toBe(version.id);
      const snapshot = JSON.parse(row.snapshot) as { subject: string; subjectId: number; score: number; payDeductionFen: number }[];
      expect(snapshot).toHaveLength(6);
      expect(snapshot.find((s) => s.subject === 'driver' && s.subjectId === d.b)).toMatchObject({ score: 0, payDeductionFen: 45000 });
      expect(snapshot.find((s) => s.subject === 'vehicle' && s.subjectId === v.one)).toMatchObject({ score: 92 });
    } finally {
      raw.close();
    }
    expect((await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.a! })).signed).toMatchObject({ byName: '许文静' });
  });

  it('closes the month: no deduction, removal, new violation or voiding, and no second signature', async () => {
    const signedMsg = '2026-11 的考核已由 许文静 于 2026-12-01 09:00 签字，不能再修改；请由主任重新打开';
    expect(await refused(office, 'assessment.sign', { month: NOV })).toMatchObject({ code: 'CONFLICT', fields: { month: signedMsg } });
    expect(await refused(office, 'assessment.deduct', { month: NOV, subject: 'driver', subjectId: d.e!, itemId: item.keys! })).toMatchObject({ code: 'CONFLICT', fields: { month: signedMsg } });
    deductionId = (await office.ok('assessment.sheet', { month: NOV, subject: 'driver', subjectId: d.b! })).deductions[0]!.id!;
    expect(await refused(office, 'assessment.removeDeduction', { id: deductionId })).toMatchObject({ code: 'CONFLICT', message: signedMsg });
    const violation = await refused(office, 'violations.create', { kind: 'overnight', offenderRole: 'driver', driverId: d.e!, occurredOn: '2026-11-28', description: '在家过夜' });
    expect(violation).toMatchObject({
      code: 'CONFLICT',
      fields: { occurredOn: '2026-11 的考核已由 许文静 于 2026-12-01 09:00 签字，该月的违规不能再登记或作废；请由主任先重新打开考核' },
    });
    const w = (await office.ok('violations.list', { month: NOV, driverId: d.a! })).items[0]!;
    expect((await refused(director, 'violations.void', { id: w.id, reason: '录错' })).code).toBe('CONFLICT');
    // December is open
    await office.ok('violations.create', { kind: 'overnight', offenderRole: 'driver', driverId: d.e!, occurredOn: '2026-12-01', description: '在家过夜' });
  });

  it('is reopened by the director only, with a reason; then changes are allowed again', async () => {
    expect((await refused(office, 'assessment.reopen', { month: NOV, reason: '补录' })).code).toBe('FORBIDDEN');
    await setNow('2026-12-02T10:00:00');
    const m = await director.ok('assessment.reopen', { month: NOV, reason: '补录漏掉的违规' });
    expect(m).toMatchObject({ signed: null, canSign: true });
    expect(m.history[0]!.reopened).toEqual({ at: '2026-12-02 10:00', byName: '郑主任', role: 'director', reason: '补录漏掉的违规' });
    expect(await refused(director, 'assessment.reopen', { month: NOV, reason: '再开' })).toMatchObject({ code: 'CONFLICT', fields: { month: '2026-11 的考核尚未签字' } });
    await office.ok('violations.create', { kind: 'overnight', offenderRole: 'driver', driverId: d.e!, occurredOn: '2026-11-28', description: '在家过夜' });
    const s = await office.ok('assessment.removeDeduction', { id: deductionId });
    expect(s).toMatchObject({ subjectId: d.b, score: 50, itemCount: 1 });
    const history = await office.ok('audit.history', { entity: 'assessment_deductions', entityId: String(deductionId) });
    expect(history.items.map((r) => r.action)).toEqual(expect.arrayContaining(['assessment.deduct', 'assessment.removeDeduction']));
    expect(history.items.find((r) => r.action === 'assessment.removeDeduction')!.before).toMatchObject({ id: deductionId, points: 60, item_name: '出车前未做例行检查' });
    const again = await office.ok('assessment.sign', { month: NOV });
    expect(again.history).toHaveLength(2);
    expect(again.signed).toMatchObject({ at: '2026-12-02 10:00' });
    expect(again.items.find((r) => r.subjectId === d.e)).toMatchObject({ score: 90, violationCount: 1 });
  });
});
