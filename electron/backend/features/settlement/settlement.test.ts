// The monthly settlement through the real backend: the prerequisites blocking and then met one
// by one; the sheet's rows and lines from real trips, accidents, violations, a signed fuel
// month; the workflow with one role per step, the return to draft and the lock with the audit
// head; an adjustment of a locked month carried into the next; the slip a driver reads.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../../shared/api/index.ts';
import { listBackups } from '../../core/backup.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let manager: Caller;
let finance: Caller;
let driverA: Caller;
let v1: number;
let v2: number;
let v3: number;
let idA: number; // 李志强: a safe month, 1,263 km
let idB: number; // 张伟: an equal-liability accident in November
let idC: number; // 王建国: the group leader
let idD: number; // 赵磊: a violation and a fuel penalty
let idE: number; // 刘洋: an October accident closed in November
let directorUserId: number;
let flagId: number;
let unfinishedTicket: number; // requested for 28 November and never approved
let pendingAccident: { id: number; input: MethodInput<'accidents.create'> };
let accidentB: { id: number; number: string; ticket: string };
let accidentE: { id: number; number: string; shareFen: number };
let violationD: { id: number; number: string };
let violationDirector: { id: number; number: string };

const NOV = '2026-11';
const DEC = '2026-12';

function setNow(minute: string) {
  h.clock.now = new Date(minute.replace(' ', 'T') + ':00');
}

async function login() {
  [admin, director, office, captain, manager, finance, driverA] = [
    await h.as('admin'),
    await h.as('zhuren'),
    await h.as('bangongshi'),
    await h.as('duizhang'),
    await h.as('jingli'),
    await h.as('caiwu'),
    await h.as('siji02'),
  ];
}

async function trip(driverId: number, vehicleId: number, day: string, outKm: number, km: number, parked = true) {
  if (parked) await dayTrip(office, director, { vehicleId, driverId, day, outKm, km });
  else {
    const { id } = await office.ok('dispatch.request', { vehicleId, driverId, purposeKind: 'delivery', destination: '城东线', plannedDeparture: `${day} 08:00`, plannedReturn: `${day} 17:00` });
    await director.ok('dispatch.approve', { id, byPhone: true, approvedAt: `${day} 07:50` });
    await office.ok('dispatch.checkOut', { id, departedAt: `${day} 08:00`, odometerOutKm: outKm });
    await office.ok('dispatch.checkIn', { id, returnedAt: `${day} 17:00`, odometerInKm: outKm + km, parkedAtPlace: false, parkingNote: '停在路边' });
  }
  const list = await office.ok('dispatch.list', { driverId, pageSize: 100 });
  return list.items.find((t) => t.plannedDeparture === `${day} 08:00`)!;
}

/** Calls, expects a refusal, and proves nothing changed. */
async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  return r.error;
}

function lastAuditHash(): string {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return (raw.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string }).hash;
  } finally {
    raw.close();
  }
}

beforeAll(async () => {
  // October: 刘洋 has an accident (full liability) on his trip
  h = await openHarness({ now: '2026-10-05T18:00:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    model: { tankCapacity: 8000 },
    vehicles: { 苏ED3101: 10000, 苏EW3108: 50000, 苏ED3115: 20000 },
    drivers: { 王建国: 'KF1001', 李志强: 'KF1002', 张伟: 'KF1003', 赵磊: 'KF1004', 刘洋: 'KF1005' },
    staff: ['zhuren', 'bangongshi', 'duizhang', 'jingli', 'caiwu'],
    staffNames: { jingli: '周经理', caiwu: '钱会计' },
    driverUsers: { siji02: '李志强', zuzhang: { driver: '王建国', roles: ['driver', 'group_leader'] } },
  });
  ({ 苏ED3101: v1, 苏EW3108: v2, 苏ED3115: v3 } = depot.vehicles);
  ({ 王建国: idC, 李志强: idA, 张伟: idB, 赵磊: idD, 刘洋: idE } = depot.drivers);
  directorUserId = depot.users.zhuren;
  await login();
  const tE = await trip(idE, v3, '2026-10-05', 20000, 120);
  const e = await office.ok('accidents.create', {
    occurredAt: '2026-10-05 10:30',
    vehicleId: v3,
    driverId: idE,
    ticketId: tE.id,
    place: '南环路',
    description: '追尾前车',
    finding: 'full',
    findingNo: '苏公交认字[2026]第0100号',
    reporting: 'in_time',
    costs: [{ kind: 'own_repair', amountFen: 100000 }],
  });

  // closed on 25 November: the share is November's
  setNow('2026-11-25 10:00');
  await login();
  const closed = await director.ok('accidents.close', { id: e.id });
  accidentE = { id: e.id, number: e.number, shareFen: closed.shareFen! };
  expect(closed.closedMonth).toBe(NOV);

  // December 2: November has ended, its records are entered
  setNow('2026-12-02 09:00');
  await login();
  await trip(idA, v1, '2026-11-02', 10000, 421);
  const tA = await trip(idA, v1, '2026-11-03', 10421, 421);
  await trip(idA, v1, '2026-11-04', 10842, 421);
  const tB = await trip(idB, v1, '2026-11-12', 11263, 100);
  const tC = await trip(idC, v2, '2026-11-05', 50000, 300, false);
  await trip(idD, v2, '2026-11-10', 50300, 400);
  flagId = (await office.ok('dispatch.get', { id: tC.id })).flagDetails[0]!.id;
  await office.ok('fuel.create', { vehicleId: v2, driverId: idD, filledAt: '2026-11-10 12:00', stationName: '路边加油点', litres: 4000, unitPriceFen: 750, amountFen: 30000, invoiceNo: 'FP2001', fullTank: true });

  const b = await office.ok('accidents.create', {
    occurredAt: '2026-11-12 10:30',
    vehicleId: v1,
    driverId: idB,
    ticketId: tB.id,
    place: '城东路与人民路口',
    description: '倒车时与后方车辆碰撞',
    finding: 'equal',
    findingNo: '苏公交认字[2026]第0123号',
    reporting: 'in_time',
    costs: [{ kind: 'own_repair', amountFen: 200000 }],
  });
  accidentB = { id: b.id, number: b.number, ticket: tB.number };
  const pendingInput: MethodInput<'accidents.create'> = {
    occurredAt: '2026-11-03 10:00',
    vehicleId: v1,
    driverId: idA,
    ticketId: tA.id,
    place: '人民路',
    description: '停车时被后车剐蹭',
    reporting: 'in_time',
    costs: [{ kind: 'own_repair', amountFen: 50000 }],
  };
  pendingAccident = { id: (await office.ok('accidents.create', pendingInput)).id, input: pendingInput };

  const v = await office.ok('violations.create', { kind: 'overnight', offenderRole: 'driver', driverId: idD, occurredOn: '2026-11-15', vehicleId: v2, description: '车辆未按时回库，在外过夜' });
  violationD = { id: v.id, number: v.number };
  // a trip requested for November and never approved blocks it; one for January does not
  const request = (day: string) => office.ok('dispatch.request', { vehicleId: v3, driverId: idE, purposeKind: 'delivery', destination: '城西线', plannedDeparture: `${day} 08:00`, plannedReturn: `${day} 17:00` });
  unfinishedTicket = (await request('2026-11-28')).id;
  await request('2027-01-05');
  const vd = await office.ok('violations.create', { kind: 'private_use', offenderRole: 'director', userId: directorUserId, occurredOn: '2026-11-08', description: '周末私用公车' });
  violationDirector = { id: vd.id, number: vd.number };
});
afterAll(() => h.close());

describe('prerequisites', () => {
  it('lists each blocker with its count, message and link, and prepare is refused changing nothing', async () => {
    const p = await office.ok('settlement.prerequisites', { month: NOV });
    expect(p.ready).toBe(false);
    expect(p.items).toEqual([
      { kind: 'fuel_signed', ok: false, count: 1, message: '2026-11 油耗核算尚未由车队长签字', link: '/fuel-audit?month=2026-11' },
      { kind: 'assessment_signed', ok: false, count: 1, message: '2026-11 百分考核尚未由车队办公室签字', link: '/assessment?month=2026-11' },
      { kind: 'flags_resolved', ok: false, count: 1, message: '2026-11 还有 1 条派车异常未处理', link: '/tickets?flag=unresolved' },
      { kind: 'findings_in', ok: false, count: 1, message: '还有 1 起事故等待责任认定', link: '/accidents?filter=pending' },
      { kind: 'trips_finished', ok: false, count: 1, message: '2026-11 还有 1 张派车单未收车（待审批、已批准未出车或在途）', link: '/tickets?open=2026-11' },
    ]);
    const e = await refused(office, 'settlement.prepare', { month: NOV });
    expect(e).toMatchObject({ code: 'CONFLICT' });
    expect(e.message).toBe(
      '2026-11 尚不能制表：2026-11 油耗核算尚未由车队长签字；2026-11 百分考核尚未由车队办公室签字；2026-11 还有 1 条派车异常未处理；还有 1 起事故等待责任认定；2026-11 还有 1 张派车单未收车（待审批、已批准未出车或在途）',
    );
    const en = await office.call('settlement.prerequisites', { month: NOV }, 'en');
    expect(en.ok && en.data.items.map((i) => i.message)).toEqual([
      'The fuel audit of 2026-11 is not signed by the fleet captain',
      'The assessment of 2026-11 is not signed by the fleet office',
      '1 dispatch flags of 2026-11 are unresolved',
      '1 accidents wait for their police finding',
      '1 tickets of 2026-11 are not finished (waiting for approval, approved but not gone, or out)',
    ]);
    const none = await office.ok('settlement.get', { month: NOV });
    expect(none).toMatchObject({ status: 'none', version: 0, rows: [], netFen: 0, prerequisites: { ready: false } });
  });

  it('the month must have ended', async () => {
    const e = await refused(office, 'settlement.prepare', { month: DEC });
    expect(e).toMatchObject({ code: 'CONFLICT', message: '2026-12 尚未结束，月末之后才能制表' });
  });

  it('resolved one by one, each turns ok, then prepare works', async () => {
    const state = async () => (await office.ok('settlement.prerequisites', { month: NOV })).items.map((i) => [i.kind, i.ok, i.count]);

    const m = await captain.ok('fuel.month', { month: NOV });
    for (const item of m.items) {
      await captain.ok(
        'fuel.resolve',
        item.fillupId === null
          ? { month: NOV, vehicleId: item.vehicleId, decision: 'explained', note: '路况差' }
          : { month: NOV, vehicleId: item.vehicleId, fillupId: item.fillupId, anomalyKind: item.anomalyKind!, decision: 'penalised', amountFen: 2000, note: '未在定点油站加油' },
      );
    }
    const signed = await captain.ok('fuel.sign', { month: NOV });
    expect(signed.penalties.map((p) => [p.driverId, p.amountFen])).toEqual([[idD, 2000]]);
    expect(await state()).toEqual([
      ['fuel_signed', true, 0],
      ['assessment_signed', false, 1],
      ['flags_resolved', false, 1],
      ['findings_in', false, 1],
      ['trips_finished', false, 1],
    ]);

    await office.ok('assessment.sign', { month: NOV });
    expect((await state())[1]).toEqual(['assessment_signed', true, 0]);

    await captain.ok('dispatch.resolveFlag', { flagId, explanation: '车库施工，临时停在院内' });
    expect((await state())[2]).toEqual(['flags_resolved', true, 0]);

    await office.ok('accidents.update', { ...pendingAccident.input, id: pendingAccident.id, finding: 'none', findingNo: '苏公交认字[2026]第0150号' });
    expect((await state())[3]).toEqual(['findings_in', true, 0]);

    // approved, it still blocks (it has not left); cancelled, it does not
    await director.ok('dispatch.approve', { id: unfinishedTicket, byPhone: true, approvedAt: '2026-11-27 16:00' });
    expect((await state())[4]).toEqual(['trips_finished', false, 1]);
    await office.ok('dispatch.cancel', { id: unfinishedTicket, reason: '客户取消订单' });
    const p = await office.ok('settlement.prerequisites', { month: NOV });
    expect(p.ready).toBe(true);
    expect(p.items[3]).toMatchObject({ kind: 'findings_in', ok: true, count: 0, message: '没有待认定的事故' });

    const s = await office.ok('settlement.prepare', { month: NOV });
    expect(s).toMatchObject({ status: 'draft', version: 1, computedAt: '2026-12-02 09:00', prepared: { byName: '许文静', role: 'fleet_office', at: '2026-12-02 09:00' }, reviewed: null, prerequisites: { ready: true } });
  });
});

describe("the sheet's rows and lines", () => {
  const slip = async (input: { driverId?: number; userId?: number }) => captain.ok('settlement.slip', { month: NOV, ...input });
  const lines = async (input: { driverId?: number; userId?: number }) => (await slip(input)).lines.map((l) => [l.kind, l.amountFen, l.sourceType, l.sourceNumber, l.text]);

  it('one row per person: the director first, the group leader, then the drivers by employee number', async () => {
    const s = await office.ok('settlement.get', { month: NOV });
    expect(s.rows.map((r) => [r.name, r.post, r.employeeNo, r.officialKm, r.safe, r.netFen])).toEqual([
      ['郑主任', 'director', null, 0, true, -20000],
      ['王建国', 'group_leader', 'KF1001', 300, true, 15012],
      ['李志强', 'driver', 'KF1002', 1263, true, 10051],
      ['张伟', 'driver', 'KF1003', 100, false, 0],
      ['赵磊', 'driver', 'KF1004', 400, false, -32000],
      ['刘洋', 'driver', 'KF1005', 0, true, 10000 - accidentE.shareFen],
    ]);
  });

  it('a safe driver: 100.00 and the subsidy on the real trips (1,263 km → 0.51)', async () => {
    expect(await lines({ driverId: idA })).toEqual([
      ['bonus', 10000, null, null, '安全奖（安全月）'],
      ['subsidy', 51, 'trips', null, '安全里程补贴：1263 km × 4 分/百公里'],
    ]);
  });

  it('the group leader: 150.00', async () => {
    expect((await lines({ driverId: idC }))[0]).toEqual(['bonus', 15000, null, null, '安全奖（车管组组长，安全月）']);
  });

  it('an equal-liability accident: no bonus, the reason names the accident, its date and ticket', async () => {
    const s = await slip({ driverId: idB });
    expect(s.row.reasons).toEqual([`2026-11-12 同等责任事故（${accidentB.number}，派车单 ${accidentB.ticket}）`]);
    expect(s.lines.map((l) => [l.kind, l.amountFen, l.text])).toEqual([
      ['bonus', 0, '本月不安全，不发安全奖'],
      ['subsidy', 0, '本月不安全，不发安全里程补贴（100 km）'],
    ]);
  });

  it("a violation's fine and a fuel penalty of the signed month, each with its source", async () => {
    const s = await slip({ driverId: idD });
    expect(s.row.reasons).toEqual([`2026-11-15 违规：将车开回家或在家过夜（${violationD.number}）`]);
    expect(s.lines.map((l) => [l.kind, l.amountFen, l.sourceType, l.sourceId, l.sourceNumber])).toEqual([
      ['bonus', 0, null, null, null],
      ['subsidy', 0, 'trips', null, null],
      ['fine', -30000, 'violation', violationD.id, violationD.number],
      ['fuel', -2000, 'fuel_penalty', expect.any(Number), '2026-11 苏EW3108'],
    ]);
    expect(s.lines[3]!.text).toBe('超耗罚款：苏EW3108（2026-11 油耗核算）');
  });

  it("an accident's share is charged in the month it was closed, not the month it occurred", async () => {
    const s = await slip({ driverId: idE });
    expect(s.row.safe).toBe(true);
    expect(s.lines.map((l) => [l.kind, l.amountFen, l.sourceType, l.sourceId, l.sourceNumber])).toEqual([
      ['bonus', 10000, null, null, null],
      ['subsidy', 0, 'trips', null, null],
      ['accident', -accidentE.shareFen, 'accident', accidentE.id, accidentE.number],
    ]);
    expect(accidentE.shareFen).toBe(70000);
  });

  it('the director fined: a row with only that line', async () => {
    expect(await lines({ userId: directorUserId })).toEqual([['fine', -20000, 'violation', violationDirector.number, '违规罚款：公车私用（2026-11-08）']]);
  });

  it('the sheet totals are the sums of the rows', async () => {
    const s = await office.ok('settlement.get', { month: NOV });
    const sum = (k: keyof typeof s.totals) => s.rows.reduce((t, r) => t + r.totals[k], 0);
    for (const k of Object.keys(s.totals) as (keyof typeof s.totals)[]) expect(s.totals[k]).toBe(sum(k));
    expect(s.totals).toMatchObject({ bonus: 35000, subsidy: 63, fine: -50000, accident: -70000, fuel: -2000 });
    expect(s.netFen).toBe(s.rows.reduce((t, r) => t + r.netFen, 0));
    expect((await office.ok('settlement.list', {})).items).toEqual([{ month: NOV, status: 'draft', rows: 6, netFen: s.netFen, lockedAt: null }]);
  });

  it('reads in English', async () => {
    const r = await captain.call('settlement.slip', { month: NOV, driverId: idB }, 'en');
    expect(r.ok && r.data.row.reasons).toEqual([`equal liability accident on 2026-11-12 (${accidentB.number}, ticket ${accidentB.ticket})`]);
    expect(r.ok && r.data.lines[0]!.text).toBe('Not a safe month: no safety bonus');
  });
});

describe('the workflow', () => {
  it('each step by its role only, in order', async () => {
    expect((await refused(office, 'settlement.review', { month: NOV })).code).toBe('FORBIDDEN');
    expect((await refused(captain, 'settlement.prepare', { month: NOV })).code).toBe('FORBIDDEN');
    expect(await refused(manager, 'settlement.approve', { month: NOV })).toMatchObject({ code: 'CONFLICT', message: '2026-11 的结算当前为“草稿”，不能经理室审批' });
    expect(await refused(finance, 'settlement.lock', { month: NOV })).toMatchObject({ code: 'CONFLICT', message: '2026-11 的结算当前为“草稿”，不能锁定' });
    expect(await refused(captain, 'settlement.review', { month: '2026-09' })).toMatchObject({ code: 'CONFLICT', message: '2026-09 的结算尚未制表' });
    expect(await refused(manager, 'settlement.return', { month: NOV, reason: '重算' })).toMatchObject({ code: 'CONFLICT' });

    const r = await captain.ok('settlement.review', { month: NOV });
    expect(r).toMatchObject({ status: 'fleet_reviewed', reviewed: { byName: '韩队长', role: 'fleet_captain', at: '2026-12-02 09:00' } });
    expect(await refused(office, 'settlement.prepare', { month: NOV })).toMatchObject({ code: 'CONFLICT', message: '2026-11 的结算当前为“车队已审核”，不能制表' });
    expect((await refused(captain, 'settlement.approve', { month: NOV })).code).toBe('FORBIDDEN');
  });

  it('returned with a reason back to draft, the signatures cleared; recomputed only in draft', async () => {
    const noReason = await refused(captain, 'settlement.return', { month: NOV, reason: ' ' });
    expect(noReason.code).toBe('INVALID_INPUT');
    const back = await captain.ok('settlement.return', { month: NOV, reason: '赵磊的罚款有误，重算' });
    expect(back).toMatchObject({ status: 'draft', reviewed: null, approved: null, returned: { byName: '韩队长', role: 'fleet_captain', reason: '赵磊的罚款有误，重算' } });
    const again = await office.ok('settlement.prepare', { month: NOV });
    expect(again).toMatchObject({ status: 'draft', version: 2 });
    expect(again.rows).toHaveLength(6);

    await captain.ok('settlement.review', { month: NOV });
    const approved = await manager.ok('settlement.approve', { month: NOV });
    expect(approved).toMatchObject({ status: 'approved', approved: { byName: '周经理', role: 'manager_office' } });
    // the captain may return only his own review; the manager office also its approval
    expect(await refused(captain, 'settlement.return', { month: NOV, reason: '重算' })).toMatchObject({ code: 'CONFLICT', message: '2026-11 的结算当前为“经理室已批准”，不能退回' });
    const back2 = await manager.ok('settlement.return', { month: NOV, reason: '补录调整' });
    expect(back2).toMatchObject({ status: 'draft', reviewed: null, approved: null, returned: { byName: '周经理', role: 'manager_office', reason: '补录调整' } });
  });

  it('not locked: no adjustment of it', async () => {
    const e = await refused(office, 'settlement.adjust', { correctsMonth: NOV, driverId: idA, amountFen: 500, reason: '多扣退回' });
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { correctsMonth: '2026-11 的结算尚未锁定：未锁定的月份请直接修改原记录后重新制表' } });
  });

  it('a sheet is signed only while its prerequisites hold and its records still give it', async () => {
    await director.ok('fuel.reopen', { month: NOV, reason: '补录发票' });
    expect(await refused(captain, 'settlement.review', { month: NOV })).toMatchObject({ code: 'CONFLICT', message: '2026-11 尚不能制表：2026-11 油耗核算尚未由车队长签字' });
    // signed again: new penalties (new records) for the same amounts
    await captain.ok('fuel.sign', { month: NOV });
    expect(await refused(captain, 'settlement.review', { month: NOV })).toMatchObject({ code: 'CONFLICT', message: '2026-11 制表之后其来源记录有变化（油耗、事故、违规、考核或调整），请重新制表后再签字' });
    expect((await office.ok('settlement.prepare', { month: NOV })).version).toBe(3);
  });

  it('finance locks the approved sheet, storing the audit head before the lock and the policy version', async () => {
    await captain.ok('settlement.review', { month: NOV });
    await manager.ok('settlement.approve', { month: NOV });
    expect((await refused(manager, 'settlement.lock', { month: NOV })).code).toBe('FORBIDDEN');
    const head = lastAuditHash();
    const policy = await office.ok('policy.get', { month: NOV });
    const locked = await finance.ok('settlement.lock', { month: NOV });
    expect(locked).toMatchObject({ status: 'locked', locked: { byName: '钱会计', role: 'finance' }, auditHead: head, policyVersionId: policy.version.id });
    expect(locked.reviewed).not.toBeNull();
    expect(locked.approved).not.toBeNull();
    // the lock's own audit row chains onto the head it stored
    const raw = new SQLite(h.dbFile, { readonly: true });
    const row = raw.prepare("SELECT action, prev_hash FROM audit_log ORDER BY id DESC LIMIT 1").get() as { action: string; prev_hash: string };
    raw.close();
    expect(row).toEqual({ action: 'settlement.lock', prev_hash: head });
    expect(await admin.ok('audit.verify', {})).toMatchObject({ ok: true });
    // a verified backup of the locked month, taken once the lock committed
    const backups = listBackups(path.join(h.dir, 'backups'));
    expect(backups.map((b) => b.kind)).toEqual(['lock']);
    const copy = new SQLite(backups[0]!.file, { readonly: true });
    expect(copy.prepare('SELECT status FROM settlements WHERE month = ?').get(NOV)).toEqual({ status: 'locked' });
    copy.close();
  });

  it('after the lock nothing moves it: prepare, return and lock are refused', async () => {
    expect(await refused(office, 'settlement.prepare', { month: NOV })).toMatchObject({ code: 'PERIOD_LOCKED', message: '2026-11 的月度结算已锁定，不能再修改' });
    expect((await refused(manager, 'settlement.return', { month: NOV, reason: '重算' })).code).toBe('PERIOD_LOCKED');
    expect((await refused(captain, 'settlement.return', { month: NOV, reason: '重算' })).code).toBe('PERIOD_LOCKED');
    expect((await refused(finance, 'settlement.lock', { month: NOV })).code).toBe('PERIOD_LOCKED');
    expect((await office.ok('settlement.list', {})).items[0]).toMatchObject({ month: NOV, status: 'locked', lockedAt: '2026-12-02 09:00' });
  });
});

describe('the slip', () => {
  it('a driver reads their own, with the sources; never another person', async () => {
    const own = await driverA.ok('settlement.slip', { month: NOV });
    expect(own).toMatchObject({ month: NOV, status: 'locked', row: { driverId: idA, name: '李志强', netFen: 10051 } });
    expect(own.lines.map((l) => [l.kind, l.sourceType])).toEqual([
      ['bonus', null],
      ['subsidy', 'trips'],
    ]);
    expect((await driverA.ok('settlement.slip', { month: NOV, driverId: idA })).row.driverId).toBe(idA);
    expect(await refused(driverA, 'settlement.slip', { month: NOV, driverId: idB })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await refused(driverA, 'settlement.slip', { month: NOV, userId: directorUserId })).code).toBe('FORBIDDEN');
    expect((await refused(driverA, 'settlement.get', { month: NOV })).code).toBe('FORBIDDEN');
  });

  it('staff name the person; no settlement or no row is NOT_FOUND', async () => {
    expect((await refused(captain, 'settlement.slip', { month: NOV })).code).toBe('INVALID_INPUT');
    expect(await refused(captain, 'settlement.slip', { month: '2026-09', driverId: idA })).toMatchObject({ code: 'NOT_FOUND', message: '2026-09 的结算中没有 李志强 的记录' });
    const leader = await h.as('zuzhang');
    expect((await leader.ok('settlement.slip', { month: NOV })).row).toMatchObject({ driverId: idC, post: 'group_leader' });
  });
});

describe('adjustments', () => {
  it('on a locked month: carried into the next month not locked, shown as a line with its reference after prepare', async () => {
    const a = await office.ok('settlement.adjust', { correctsMonth: NOV, driverId: idD, amountFen: 10000, reason: '多扣罚款退回' });
    expect(a).toMatchObject({ driverId: idD, name: '赵磊', correctsMonth: NOV, targetMonth: DEC, amountFen: 10000, createdByName: '许文静', createdRole: 'fleet_office' });
    expect((await office.ok('settlement.adjustments', { month: DEC })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await office.ok('settlement.adjustments', { month: NOV })).items).toEqual([]);
    expect((await refused(captain, 'settlement.adjust', { correctsMonth: NOV, driverId: idD, amountFen: 100, reason: 'x' })).code).toBe('FORBIDDEN');
    expect((await refused(office, 'settlement.adjust', { correctsMonth: NOV, driverId: 9999, amountFen: 100, reason: 'x' })).code).toBe('NOT_FOUND');

    // 20 December: an engine seized from neglect on 李志强's vehicle; the repair's payment is approved in December
    setNow('2026-12-20 10:00');
    await login();
    const shopId = (await admin.ok('shops.create', { name: '城东汽修厂' })).id;
    const o = await office.ok('repairs.create', { vehicleId: v1, driverId: idA, shopId, symptoms: '发动机异响后熄火，无法启动' });
    await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-12-20 08:00' });
    await office.ok('repairs.toShop', { id: o.id });
    await office.ok('repairs.enterWork', { id: o.id, lines: [{ kind: 'labour', name: '发动机大修', quantity: 100, unitPriceFen: 480000 }] });
    await captain.ok('repairs.markSeizure', { id: o.id, cause: 'no_oil', note: '拆检：油底壳无机油，曲轴抱死' });
    await driverA.ok('repairs.sign', { id: o.id });
    await office.ok('repairs.verifyParts', { id: o.id });
    await captain.ok('repairs.settle', { id: o.id });
    await office.ok('repairs.review', { id: o.id });
    await manager.ok('repairs.approvePayment', { id: o.id });

    // January: December is prepared, with the adjustment and the seizure charge
    setNow('2027-01-04 09:00');
    await login();
    await captain.ok('fuel.sign', { month: DEC });
    await office.ok('assessment.sign', { month: DEC });
    const dec = await office.ok('settlement.prepare', { month: DEC });
    const row = dec.rows.find((r) => r.driverId === idD)!;
    expect(row.totals.adjustment).toBe(10000);
    const s = await office.ok('settlement.slip', { month: DEC, driverId: idD });
    expect(s.lines.find((l) => l.kind === 'adjustment')).toEqual({ kind: 'adjustment', amountFen: 10000, sourceType: 'adjustment', sourceId: a.id, sourceNumber: NOV, text: '调整：更正 2026-11 — 多扣罚款退回' });

    const charged = await office.ok('settlement.slip', { month: DEC, driverId: idA });
    expect(charged.lines.filter((l) => l.kind === 'repair')).toEqual([{ kind: 'repair', amountFen: -480000, sourceType: 'repair', sourceId: o.id, sourceNumber: o.number, text: '发动机粘缸维修费（驾驶员承担）' }]);

    // one added after December was prepared: the sheet must be computed again before signing
    const b = await office.ok('settlement.adjust', { correctsMonth: NOV, userId: directorUserId, amountFen: -5000, reason: '漏扣罚款' });
    expect(b).toMatchObject({ targetMonth: DEC, name: '郑主任' });
    expect(await refused(captain, 'settlement.review', { month: DEC })).toMatchObject({ code: 'CONFLICT', message: '2026-12 制表之后又录入了 1 笔调整，请重新制表后再签字' });
    const again = await office.ok('settlement.prepare', { month: DEC });
    expect(again.rows[0]).toMatchObject({ userId: directorUserId, post: 'director', netFen: -5000 });
    expect((await captain.ok('settlement.review', { month: DEC })).status).toBe('fleet_reviewed');
  });
});
