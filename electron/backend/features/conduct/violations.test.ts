// Violations through the real backend: the fines per role from the policy, points, repeats
// and their consequences, the optional third-in-a-month doubling, a violation recorded from a
// dispatch flag, refusals that change nothing, voiding, and what a driver may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain/policy.ts';
import type { MethodInput } from '../../../../shared/api/index.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let deputy: Caller;
let office: Caller;
let captain: Caller;
let driverA: Caller;
let vehicleId: number;
let vehicle2: number;
const d: Record<string, number> = {};
const u: Record<string, number> = {};

beforeAll(async () => {
  h = await openHarness({ now: '2026-11-23T09:30:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    model: { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000 },
    vehicles: { 苏EW3101: 20000, 苏EW3108: 50000 },
    parking: (i) => `车库 ${i + 1} 号位`,
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003', 刘洋: 'KF1004', 陈明: 'KF1005', 杨光: 'KF1006', 赵军: 'KF1007' },
    staff: ['zhuren', 'fuzhuren', 'bangongshi', 'duizhang'],
    driverUsers: { siji02: '李志强' },
  });
  ({ 苏EW3101: vehicleId, 苏EW3108: vehicle2 } = depot.vehicles);
  ({ 李志强: d.a, 张伟: d.b, 刘洋: d.c, 陈明: d.e, 杨光: d.f, 赵军: d.g } = depot.drivers);
  Object.assign(u, depot.users);
  [director, deputy, office, captain, driverA] = [await h.as('zhuren'), await h.as('fuzhuren'), await h.as('bangongshi'), await h.as('duizhang'), await h.as('siji02')];
});
afterAll(() => h.close());

type CreateInput = MethodInput<'violations.create'>;
const onDriver = (driverId: number, kind: CreateInput['kind'], occurredOn: string, extra: Partial<CreateInput> = {}): CreateInput => ({ kind, offenderRole: 'driver', driverId, occurredOn, description: '经查属实', ...extra });
const onUser = (userId: number, offenderRole: 'director' | 'deputy_director', kind: CreateInput['kind'], occurredOn: string, extra: Partial<CreateInput> = {}): CreateInput => ({ kind, offenderRole, userId, occurredOn, description: '经查属实', ...extra });

async function refused(who: Caller, method: string, input: unknown, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const before = await tableCounts(h.backend);
  const r = await who.call(method as never, input as never, lang);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  return r.error;
}

describe('the catalogue', () => {
  it("shows each kind's roles, fines per role, points and consequences under the month's policy", async () => {
    const c = await driverA.ok('violations.catalogue', {});
    expect(c.month).toBe('2026-11');
    expect(c.thirdInMonthDoubles).toBe(false);
    const byKind = Object.fromEntries(c.items.map((i) => [i.kind, i]));
    expect(byKind.private_use).toMatchObject({ roles: ['director', 'deputy_director', 'driver'], fines: { director: 20000, deputy_director: 20000, driver: 10000 }, points: 10, fineSource: 'policy' });
    expect(byKind.overnight).toMatchObject({ fines: { director: 30000, deputy_director: 30000, driver: 30000 }, onRepeat: true });
    expect(byKind.not_parked).toMatchObject({ roles: ['driver'], fines: { director: null, deputy_director: null, driver: 0 }, points: 5 });
    expect(byKind.drinking).toMatchObject({ fines: { director: 20000, deputy_director: 20000, driver: 20000 }, points: 20, onSerious: true });
    expect(byKind.police).toMatchObject({ fines: { director: 0, deputy_director: 0, driver: 0 }, fineSource: 'none', always: true });
    expect(byKind.fuel_fraud).toMatchObject({ roles: ['driver'], fines: { director: null, deputy_director: null, driver: null }, fineSource: 'entered', onSerious: true });
    expect(byKind.forced_private_trip).toMatchObject({ roles: ['director', 'deputy_director'], fines: { director: 0, deputy_director: 0, driver: null }, points: 0 });
  });
});

describe('whom a director’s violation can fine', () => {
  it('lists the active holders of the director’s and deputy’s posts, for the record keepers only', async () => {
    expect(await office.ok('violations.postHolders', {})).toEqual({ director: [{ id: u.zhuren, displayName: '郑主任' }], deputy_director: [{ id: u.fuzhuren, displayName: '冯副主任' }] });
    const r = await driverA.call('violations.postHolders', {});
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});

describe('fines per role from the policy', () => {
  it('private use: 200 元 for the director, 100 元 for a driver; points only for the driver', async () => {
    const dir = await office.ok('violations.create', onUser(u.zhuren!, 'director', 'private_use', '2026-11-03', { vehicleId }));
    expect(dir).toMatchObject({ number: 'WG2026-000001', offenderName: '郑主任', offenderRole: 'director', userId: u.zhuren, driverId: null, baseFen: 20000, fineFen: 20000, doubled: false, ordinal: 1, points: 0, consequence: null, plate: '苏EW3101' });
    expect(dir).toMatchObject({ recordedByName: '许文静', recordedRole: 'fleet_office', recordedAt: '2026-11-23 09:30' });
    expect(dir.words).toEqual(['按政策罚款 200.00 元']);
    const drv = await captain.ok('violations.create', onDriver(d.a!, 'private_use', '2026-11-04'));
    expect(drv).toMatchObject({ offenderName: '李志强', baseFen: 10000, fineFen: 10000, points: 10, recordedRole: 'fleet_captain' });
    expect(drv.words).toEqual(['按政策罚款 100.00 元', '考核扣 10 分']);
    const en = await office.call('violations.get', { id: drv.id }, 'en');
    expect(en.ok && en.data.words).toEqual(['Fine by the policy: 100.00 yuan', '10 points off the assessment']);
  });

  it('overnight 300, drinking 200, police no fine but dismissal, fuel fraud as entered', async () => {
    const overnight = await office.ok('violations.create', onDriver(d.c!, 'overnight', '2026-10-05'));
    expect(overnight).toMatchObject({ baseFen: 30000, fineFen: 30000, points: 10, consequence: null, repeatOfId: null });
    const drinking = await office.ok('violations.create', onDriver(d.c!, 'drinking', '2026-10-06'));
    expect(drinking).toMatchObject({ baseFen: 20000, fineFen: 20000, points: 20, ordinal: 2, consequence: null });
    expect(drinking.words).toEqual(['按政策罚款 200.00 元', '本月第 2 次违规', '考核扣 20 分']);
    const police = await office.ok('violations.create', onDriver(d.e!, 'police', '2026-11-10'));
    expect(police).toMatchObject({ baseFen: 0, fineFen: 0, points: 10, consequence: 'dismissal' });
    expect(police.personnelFlagId).toEqual(expect.any(Number));
    expect(police.words).toEqual(['不罚款', '后果：辞退', '考核扣 10 分']);
    const fraud = await office.ok('violations.create', onDriver(d.f!, 'fuel_fraud', '2026-11-11', { enteredFen: 4567 }));
    expect(fraud).toMatchObject({ baseFen: 4567, fineFen: 4567, points: 10, consequence: null, personnelFlagId: null });
    expect(fraud.words).toEqual(['罚款按录入金额 45.67 元', '考核扣 10 分']);
    const serious = await office.ok('violations.create', onDriver(d.f!, 'fuel_fraud', '2026-11-12', { enteredFen: 12000, serious: true }));
    expect(serious).toMatchObject({ serious: true, consequence: 'dismissal', repeatOfId: fraud.id, repeatOfNumber: fraud.number });
  });

  it('forcing a driver into a private trip: only the director or deputy, at the policy figure', async () => {
    const v = await office.ok('violations.create', onUser(u.fuzhuren!, 'deputy_director', 'forced_private_trip', '2026-11-05'));
    expect(v).toMatchObject({ offenderName: '冯副主任', offenderRole: 'deputy_director', baseFen: 0, points: 0 });
    const e = await refused(office, 'violations.create', onDriver(d.a!, 'forced_private_trip', '2026-11-05'));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', message: '“主任强令驾驶员私用出车”不适用于驾驶员' });
    const en = await refused(office, 'violations.create', onDriver(d.a!, 'forced_private_trip', '2026-11-05'), 'en');
    expect(en.message).toBe('"Forcing a driver into a private trip" does not apply to the driver');
  });
});

describe('refusals change nothing', () => {
  it('a date after today, a user without the post, a missing amount, an unknown driver or vehicle', async () => {
    const future = await refused(office, 'violations.create', onDriver(d.a!, 'overnight', '2026-11-24'));
    expect(future).toMatchObject({ code: 'INVALID_INPUT', fields: { occurredOn: '违规日期不能晚于今天' } });
    const notDirector = await refused(office, 'violations.create', onUser(u.bangongshi!, 'director', 'private_use', '2026-11-05'));
    expect(notDirector).toMatchObject({ code: 'INVALID_INPUT', fields: { userId: '用户 许文静 没有主任岗位' } });
    const deputyAsDirector = await refused(office, 'violations.create', onUser(u.fuzhuren!, 'director', 'private_use', '2026-11-05'));
    expect(deputyAsDirector.fields).toEqual({ userId: '用户 冯副主任 没有主任岗位' });
    const noAmount = await refused(office, 'violations.create', onDriver(d.a!, 'fuel_fraud', '2026-11-05'));
    expect(noAmount).toMatchObject({ code: 'INVALID_INPUT', fields: { enteredFen: '“虚报燃油或严重超耗”需要录入罚款金额（超耗燃油的价值）' } });
    const noDriver = await refused(office, 'violations.create', { kind: 'overnight', offenderRole: 'driver', occurredOn: '2026-11-05', description: 'x' });
    expect(noDriver).toMatchObject({ code: 'INVALID_INPUT', fields: { driverId: '必填' } });
    expect((await refused(office, 'violations.create', onDriver(9999, 'overnight', '2026-11-05'))).code).toBe('NOT_FOUND');
    expect((await refused(office, 'violations.create', onUser(9999, 'director', 'overnight', '2026-11-05'))).code).toBe('NOT_FOUND');
    expect((await refused(office, 'violations.create', onDriver(d.a!, 'overnight', '2026-11-05', { vehicleId: 9999 }))).fields).toEqual({ vehicleId: '车辆不存在（编号 9999）' });
    expect((await refused(driverA, 'violations.create', onDriver(d.a!, 'overnight', '2026-11-05'))).code).toBe('FORBIDDEN');
  });
});

describe('repeats and their consequences', () => {
  it("a driver's second overnight raises a dismissal flag, shown in the personnel flags", async () => {
    const first = await office.ok('violations.create', onDriver(d.b!, 'overnight', '2026-11-02', { vehicleId: vehicle2 }));
    expect(first).toMatchObject({ repeatOfId: null, consequence: null, personnelFlagId: null });
    const second = await office.ok('violations.create', onDriver(d.b!, 'overnight', '2026-11-09', { vehicleId: vehicle2 }));
    expect(second).toMatchObject({ repeatOfId: first.id, repeatOfNumber: first.number, consequence: 'dismissal' });
    expect(second.words).toEqual(['按政策罚款 300.00 元', '本月第 2 次违规', `重犯（前次：${first.number}）`, '后果：辞退', '考核扣 10 分']);
    const flags = await director.ok('personnel.flags', { driverId: d.b! });
    expect(flags.items).toHaveLength(1);
    expect(flags.items[0]).toMatchObject({ id: second.personnelFlagId, driverName: '张伟', sourceType: 'violation', sourceId: second.id, sourceNumber: second.number, decision: null, raisedByName: '许文静' });
    expect(flags.items[0]!.reason).toContain('将车开回家或在家过夜');
  });

  it("the director's repeat overnight: removal from post, no dismissal flag", async () => {
    const first = await office.ok('violations.create', onUser(u.zhuren!, 'director', 'overnight', '2026-11-06'));
    expect(first.consequence).toBeNull();
    const before = (await director.ok('personnel.flags', {})).total;
    const second = await office.ok('violations.create', onUser(u.zhuren!, 'director', 'overnight', '2026-11-07'));
    expect(second).toMatchObject({ repeatOfId: first.id, consequence: 'removal', personnelFlagId: null, points: 0, ordinal: 3 });
    expect(second.words).toContain('后果：撤销职务');
    expect((await director.ok('personnel.flags', {})).total).toBe(before);
  });
});

describe('the third violation in a month', () => {
  it('is its own fine while the setting is off (the default)', async () => {
    // driver c: overnight 300 and drinking 200 in October above
    const third = await office.ok('violations.create', onDriver(d.c!, 'private_use', '2026-10-07'));
    expect(third).toMatchObject({ ordinal: 3, baseFen: 10000, fineFen: 10000, doubled: false });
  });

  it('is double the heavier earlier fine once the setting is on, and never lowers a heavier own fine', async () => {
    const settings = { ...DEFAULT_POLICY, violations: { ...DEFAULT_POLICY.violations, thirdInMonthDoubles: true } };
    await admin.ok('policy.update', { effectiveMonth: '2026-11', settings, reason: '同月第三次违规加倍' });
    expect((await office.ok('violations.catalogue', {})).thirdInMonthDoubles).toBe(true);
    expect((await office.ok('violations.catalogue', { month: '2026-10' })).thirdInMonthDoubles).toBe(false);
    const g = d.g!;
    expect(await office.ok('violations.create', onDriver(g, 'private_use', '2026-11-02'))).toMatchObject({ fineFen: 10000, ordinal: 1, doubled: false });
    expect(await office.ok('violations.create', onDriver(g, 'overnight', '2026-11-03'))).toMatchObject({ fineFen: 30000, ordinal: 2, doubled: false });
    const third = await office.ok('violations.create', onDriver(g, 'drinking', '2026-11-04'));
    expect(third).toMatchObject({ ordinal: 3, baseFen: 20000, fineFen: 60000, doubled: true });
    expect(third.words).toEqual(['按政策罚款 200.00 元', '本月第 3 次违规：按此前较重一次 300.00 元加倍，罚款 600.00 元', '考核扣 20 分']);
    // the fourth: double the heavier earlier level (300), not the doubled 600 again
    const fourth = await office.ok('violations.create', onDriver(g, 'private_use', '2026-11-05'));
    expect(fourth).toMatchObject({ ordinal: 4, baseFen: 10000, fineFen: 60000, doubled: true });
    const heavy = await office.ok('violations.create', onDriver(g, 'fuel_fraud', '2026-11-06', { enteredFen: 100000 }));
    expect(heavy).toMatchObject({ ordinal: 5, baseFen: 100000, fineFen: 100000, doubled: false });
    // one dated before the others counts only those dated up to it
    const early = await office.ok('violations.create', onDriver(g, 'not_parked', '2026-11-01'));
    expect(early).toMatchObject({ ordinal: 1, fineFen: 0, doubled: false });
  });
});

describe('from a dispatch flag', () => {
  let ticketId: number;
  let flagId: number;

  beforeAll(async () => {
    // a trip back at 21:00, after the 20:00 closing time: the vehicle stayed out overnight
    const { id } = await office.ok('dispatch.request', { vehicleId, driverId: d.e!, purposeKind: 'delivery', destination: '城东线', plannedDeparture: '2026-11-20 08:00', plannedReturn: '2026-11-20 17:00' });
    await director.ok('dispatch.approve', { id, byPhone: true, approvedAt: '2026-11-20 07:50' });
    await office.ok('dispatch.checkOut', { id, departedAt: '2026-11-20 08:00', odometerOutKm: 20000 });
    const t = await office.ok('dispatch.checkIn', { id, returnedAt: '2026-11-20 21:00', odometerInKm: 20120, parkedAtPlace: true });
    expect(t.flagDetails.map((f) => f.kind)).toEqual(['overnight']);
    ticketId = id;
    flagId = t.flagDetails[0]!.id;
  });

  it('records the overnight on the ticket driver and day, links and resolves the flag', async () => {
    const v = await captain.ok('violations.fromFlag', { flagId, description: '收车晚于规定时间' });
    expect(v).toMatchObject({ kind: 'overnight', offenderRole: 'driver', driverId: d.e, offenderName: '陈明', occurredOn: '2026-11-20', vehicleId, plate: '苏EW3101', ticketId, flagId, flagKind: 'overnight', fineFen: 30000 });
    expect(v.ticketNumber).toMatch(/^PC2026-/);
    const t = await office.ok('dispatch.get', { id: ticketId });
    expect(t.flagDetails[0]).toMatchObject({ violationId: v.id, resolvedAt: '2026-11-23 09:30', resolvedByName: '韩队长', resolvedRole: 'fleet_captain', explanation: `已登记违规 ${v.number}` });
    expect(t.flags).toEqual([{ kind: 'overnight', resolved: true }]);
    expect(t.events.at(-1)).toMatchObject({ kind: 'flag_resolved', byName: '韩队长' });
    // every flag resolved: the ticket can be closed
    expect((await director.ok('dispatch.close', { id: ticketId })).status).toBe('closed');
    const again = await refused(office, 'violations.fromFlag', { flagId, description: '再次登记' });
    expect(again).toMatchObject({ code: 'CONFLICT', message: `该异常已登记违规 ${v.number}` });
    expect((await refused(office, 'violations.fromFlag', { flagId: 9999, description: 'x' })).code).toBe('NOT_FOUND');
  });
});

describe('voiding', () => {
  it('only the director or deputy voids, with a reason, once; voided ones leave the list', async () => {
    const v = await office.ok('violations.create', onDriver(d.a!, 'not_parked', '2026-11-13'));
    expect((await refused(office, 'violations.void', { id: v.id, reason: '录错' })).code).toBe('FORBIDDEN');
    expect((await refused(captain, 'violations.void', { id: v.id, reason: '录错' })).code).toBe('FORBIDDEN');
    const voided = await director.ok('violations.void', { id: v.id, reason: '录错人员' });
    expect(voided).toMatchObject({ voidedAt: '2026-11-23 09:30', voidedByName: '郑主任', voidReason: '录错人员', fineFen: v.fineFen, points: v.points });
    const again = await refused(deputy, 'violations.void', { id: v.id, reason: '再作废' });
    expect(again).toMatchObject({ code: 'CONFLICT', message: `违规 ${v.number} 已于 2026-11-23 09:30 由 郑主任 作废` });
    const listed = await office.ok('violations.list', { driverId: d.a! });
    expect(listed.items.map((x) => x.id)).not.toContain(v.id);
    const all = await office.ok('violations.list', { driverId: d.a!, includeVoided: true });
    expect(all.items.map((x) => x.id)).toContain(v.id);
    // a voided violation no longer counts: the next one is the driver's second of the month
    const next = await office.ok('violations.create', onDriver(d.a!, 'not_parked', '2026-11-14'));
    expect(next).toMatchObject({ ordinal: 2, repeatOfId: null });
  });
});

describe('lists and what a driver sees', () => {
  it('lists newest first with filters', async () => {
    const nov = await office.ok('violations.list', { month: '2026-11', pageSize: 200 });
    const dates = nov.items.map((v) => v.occurredOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(nov.items.every((v) => v.occurredOn.startsWith('2026-11'))).toBe(true);
    const overnight = await office.ok('violations.list', { kind: 'overnight', pageSize: 200 });
    expect(overnight.items.every((v) => v.kind === 'overnight')).toBe(true);
    const byDirector = await office.ok('violations.list', { userId: u.zhuren! });
    expect(byDirector.total).toBe(3);
    const paged = await office.ok('violations.list', { pageSize: 2, page: 2 });
    expect(paged.items).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(10);
  });

  it('a driver sees only their own', async () => {
    const own = await driverA.ok('violations.list', { pageSize: 200 });
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((v) => v.driverId === d.a)).toBe(true);
    const other = (await office.ok('violations.list', { driverId: d.b! })).items[0]!;
    const r = await driverA.call('violations.get', { id: other.id });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'FORBIDDEN', message: `违规 ${other.number} 不是您的记录` });
    const mine = await driverA.ok('violations.get', { id: own.items[0]!.id });
    expect(mine.driverId).toBe(d.a);
  });
});
