// Self-maintenance purchases and routine maintenance through the real backend on the demo
// depot: the approvals, who bears an unapproved purchase and why, and the due list.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALY_KINDS } from '../../../../shared/api/fuel.ts';
import { PURCHASE_STATUSES } from '../../../../shared/domain/maintenance.ts';
import { REPAIR_STATUSES } from '../../../../shared/domain/repairs.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let driver: Caller;
let otherDriver: Caller;
let leader: Caller;
let director: Caller;
let office: Caller;
let finance: Caller;
let admin: Caller;
let driverId: number;
let vehicleId: number;

beforeAll(async () => {
  h = await openHarness({ demo: true });
  const as = (u: string) => h.as(u);
  [driver, otherDriver, leader, director, office, finance, admin] = await Promise.all([as('siji02'), as('siji03'), as('zuzhang'), as('zhuren'), as('bangongshi'), as('caiwu'), as('admin')]);
  driverId = (await driver.ok('auth.me', {})).driverId!;
  vehicleId = (await admin.ok('vehicles.list', { pageSize: 200 })).items[0]!.id;
});
afterAll(() => h.close());

function rows(tables: string[]) {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return tables.map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
  } finally {
    raw.close();
  }
}

async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const content = rows(['purchases', 'routine_services']);
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  expect(rows(['purchases', 'routine_services'])).toEqual(content);
  return r.error;
}

const oil = { name: '机油 5W-30', quantity: 400, unit: 'L', estimatedFen: 24000 };
const wiper = { name: '雨刮片', quantity: 200, estimatedFen: 6000 };

describe('self-maintenance purchases', () => {
  it('asked by the driver, confirmed by the group leader, approved by the director, bought: reimbursable', async () => {
    const p = await driver.ok('purchases.create', { vehicleId, driverId, items: [oil, wiper], note: '例保自购' });
    expect(p).toMatchObject({ status: 'requested', estimatedFen: 30000, driverName: '李志强', createdByName: '李志强', bearsReason: null });
    expect(p.number).toMatch(/^BY2026-\d{6}$/);
    expect(p.items[1]).toEqual({ name: '雨刮片', quantity: 200, unit: '件', estimatedFen: 6000 });
    expect((await refused(director, 'purchases.approve', { id: p.id })).message).toBe(`采购单 ${p.number} 当前为“待组长确认”，不能批准`);
    expect((await refused(director, 'purchases.confirm', { id: p.id })).code).toBe('FORBIDDEN');
    expect(await leader.ok('purchases.confirm', { id: p.id, note: '确需更换' })).toMatchObject({ confirmedByName: '王建国', confirmedRole: 'group_leader', confirmNote: '确需更换' });
    const a = await director.ok('purchases.approve', { id: p.id, note: '同意，按实报销' });
    expect(a).toMatchObject({ status: 'approved', approvedByName: '郑主任', approvedRole: 'director', approvedAt: '2026-11-23 09:30', approveNote: '同意，按实报销' });
    expect((await refused(driver, 'purchases.buy', { id: p.id, boughtOn: '2026-11-24', actualFen: 29800, receiptNo: 'FP001' })).fields).toEqual({ boughtOn: '日期不能晚于今天（2026-11-23）' });
    expect((await refused(driver, 'purchases.buy', { id: p.id, boughtOn: '2026-11-23', actualFen: 0, receiptNo: 'FP001' })).fields?.actualFen).toBeDefined();
    const b = await driver.ok('purchases.buy', { id: p.id, boughtOn: '2026-11-23', actualFen: 29800, receiptNo: 'FP001' });
    expect(b).toMatchObject({ status: 'reimbursable', actualFen: 29800, receiptNo: 'FP001', bearsReason: null });
    expect((await refused(driver, 'purchases.buy', { id: p.id, boughtOn: '2026-11-23', actualFen: 1, receiptNo: 'X' })).code).toBe('CONFLICT');
    const audit = await admin.ok('audit.history', { entity: 'purchases', entityId: String(p.id) });
    expect(audit.items.map((i) => i.action)).toEqual(expect.arrayContaining(['purchases.create', 'purchases.confirm', 'purchases.approve', 'purchases.buy']));
  });

  it('bought without the approvals is kept, not reimbursable, with the reason', async () => {
    const buy = { boughtOn: '2026-11-23', actualFen: 5000, receiptNo: 'FP002' };
    const a = await driver.ok('purchases.create', { vehicleId, driverId, items: [wiper] });
    expect(await driver.ok('purchases.buy', { id: a.id, ...buy })).toMatchObject({ status: 'driver_bears', bearsReason: 'notConfirmed', actualFen: 5000 });

    const b = await driver.ok('purchases.create', { vehicleId, driverId, items: [wiper] });
    await leader.ok('purchases.confirm', { id: b.id });
    expect((await driver.ok('purchases.buy', { id: b.id, ...buy })).bearsReason).toBe('notApproved');

    const c = await driver.ok('purchases.create', { vehicleId, driverId, items: [oil] });
    expect((await refused(leader, 'purchases.reject', { id: c.id, reason: '' })).fields).toEqual({ reason: '必填' });
    await leader.ok('purchases.reject', { id: c.id, reason: '上周刚换过机油' });
    expect(await driver.ok('purchases.buy', { id: c.id, ...buy })).toMatchObject({ status: 'driver_bears', bearsReason: 'rejected', rejectedReason: '上周刚换过机油', rejectedByName: '王建国', rejectedAt: '2026-11-23 09:30' });

    const d = await driver.ok('purchases.create', { vehicleId, driverId, items: [oil] });
    await leader.ok('purchases.confirm', { id: d.id });
    await director.ok('purchases.approve', { id: d.id });
    expect((await driver.ok('purchases.buy', { id: d.id, ...buy, boughtOn: '2026-11-20' })).bearsReason).toBe('boughtBeforeApproval');
  });

  it('drivers ask and see only for themselves; the fleet office may record for them', async () => {
    const other = (await otherDriver.ok('auth.me', {})).driverId!;
    expect((await refused(driver, 'purchases.create', { vehicleId, driverId: other, items: [oil] })).code).toBe('FORBIDDEN');
    expect((await refused(driver, 'purchases.create', { vehicleId, driverId, items: [] })).fields).toEqual({ items: '至少录入一行' });
    const p = await office.ok('purchases.create', { vehicleId, driverId: other, items: [oil] });
    expect(p.createdByName).toBe('许文静');
    expect((await refused(driver, 'purchases.get', { id: p.id })).code).toBe('FORBIDDEN');
    expect((await refused(driver, 'purchases.buy', { id: p.id, boughtOn: '2026-11-23', actualFen: 100, receiptNo: 'X' })).code).toBe('FORBIDDEN');
    const mine = await driver.ok('purchases.list', {});
    expect(mine.items.every((i) => i.driverId === driverId)).toBe(true);
    expect((await finance.ok('purchases.list', { statuses: ['reimbursable'] })).items.every((i) => i.status === 'reimbursable')).toBe(true);
  });
});

describe('who decides a purchase', () => {
  it('the group leader, who also drives, cannot confirm or refuse his own purchase', async () => {
    const leaderDriver = (await leader.ok('auth.me', {})).driverId!;
    const own = await leader.ok('purchases.create', { vehicleId, driverId: leaderDriver, items: [oil] });
    expect(await refused(leader, 'purchases.confirm', { id: own.id })).toMatchObject({ code: 'FORBIDDEN', message: `采购单 ${own.number} 是您本人的，须由他人确认或批准` });
    expect((await refused(leader, 'purchases.reject', { id: own.id, reason: '不要了' })).code).toBe('FORBIDDEN');
    // nor, being a driver, ask or record for another driver
    expect((await refused(leader, 'purchases.create', { vehicleId, driverId, items: [oil] })).code).toBe('FORBIDDEN');
    const others = await driver.ok('purchases.create', { vehicleId, driverId, items: [oil] });
    expect((await refused(leader, 'purchases.buy', { id: others.id, boughtOn: '2026-11-23', actualFen: 100, receiptNo: 'X' })).code).toBe('FORBIDDEN');
  });

  it('once confirmed, only the director refuses', async () => {
    const p = await driver.ok('purchases.create', { vehicleId, driverId, items: [oil] });
    await leader.ok('purchases.confirm', { id: p.id });
    expect((await refused(leader, 'purchases.reject', { id: p.id, reason: '改主意了' })).message).toBe(`采购单 ${p.number} 已由组长确认，只能由主任驳回`);
    expect(await director.ok('purchases.reject', { id: p.id, reason: '库存还有' })).toMatchObject({ status: 'rejected', rejectedByName: '郑主任' });
  });
});

describe('routine maintenance', () => {
  let modelId: number;
  let near: number;
  let past: number;

  beforeAll(async () => {
    modelId = (await admin.ok('models.create', { name: '例保测试车型', fuelStandard: 800, floatOrdinary: 300, tankCapacity: 5000, maintenanceIntervalKm: 5000 })).id;
    near = (await admin.ok('vehicles.create', { plate: '苏E9R001', modelId, parkingPlace: '一号库', initialOdometerKm: 10_000 })).id;
    past = (await admin.ok('vehicles.create', { plate: '苏E9R002', modelId, parkingPlace: '一号库', initialOdometerKm: 10_000 })).id;
  });

  it('a new vehicle falls due one interval after the km it came with', async () => {
    const r = await office.ok('routine.due', { vehicleId: near });
    expect(r.items).toEqual([{ vehicleId: near, plate: '苏E9R001', modelName: '例保测试车型', intervalKm: 5000, odometerKm: 10_000, lastServiceOn: null, lastServiceKm: null, nextDueKm: 15_000, remainingKm: 5000, state: 'ok' }]);
    expect(r.reminderKm).toBe(500);
  });

  it('from the last service: due within the reminder distance, overdue past it', async () => {
    await office.ok('routine.record', { vehicleId: near, doneOn: '2026-06-01', odometerKm: 5_400, note: '换机油三滤' });
    await office.ok('routine.record', { vehicleId: past, doneOn: '2026-03-01', odometerKm: 4_000 });
    const due = await office.ok('routine.due', { states: ['due', 'overdue'], pageSize: 200 });
    expect(due.items.find((i) => i.vehicleId === near)).toMatchObject({ lastServiceOn: '2026-06-01', lastServiceKm: 5_400, nextDueKm: 10_400, remainingKm: 400, state: 'due' });
    expect(due.items.find((i) => i.vehicleId === past)).toMatchObject({ remainingKm: -1_000, state: 'overdue' });
    expect(due.items.every((i) => i.state !== 'ok')).toBe(true);
    // overdue first
    expect(due.items[0]!.state).toBe('overdue');
    const all = await office.ok('routine.due', { pageSize: 200 });
    expect(all.counts.ok + all.counts.due + all.counts.overdue).toBe(all.total);
  });

  it('a service now puts the vehicle back to ok; its history is newest first', async () => {
    const s = await office.ok('routine.record', { vehicleId: past, doneOn: '2026-11-23', odometerKm: 10_000, shopId: (await admin.ok('shops.list', {})).items[0]!.id });
    expect(s).toMatchObject({ plate: '苏E9R002', recordedByName: '许文静', recordedAt: '2026-11-23 09:30' });
    expect(s.shopName).toBeTruthy();
    expect((await office.ok('routine.due', { vehicleId: past })).items[0]).toMatchObject({ state: 'ok', remainingKm: 5000 });
    expect((await office.ok('routine.history', { vehicleId: past })).items.map((i) => i.doneOn)).toEqual(['2026-11-23', '2026-03-01']);
  });

  it('refuses a service in the future, above the odometer, or by a driver', async () => {
    expect((await refused(office, 'routine.record', { vehicleId: near, doneOn: '2026-11-24', odometerKm: 9_000 })).fields).toEqual({ doneOn: '日期不能晚于今天（2026-11-23）' });
    expect((await refused(office, 'routine.record', { vehicleId: near, doneOn: '2026-11-23', odometerKm: 10_001 })).fields).toEqual({ odometerKm: '保养里程不能高于车辆 苏E9R001 当前里程 10000 km' });
    expect((await refused(driver, 'routine.record', { vehicleId: near, doneOn: '2026-11-23', odometerKm: 9_000 })).code).toBe('FORBIDDEN');
    expect((await refused(office, 'routine.history', { vehicleId: 999_999 })).code).toBe('NOT_FOUND');
    // near: serviced 2026-06-01 at 5 400 km
    expect((await refused(office, 'routine.record', { vehicleId: near, doneOn: '2026-07-01', odometerKm: 5_000 })).fields).toEqual({ odometerKm: '与 2026-06-01 的保养记录（5400 km）前后矛盾：日期在后的保养，里程不能更低' });
    expect((await refused(office, 'routine.record', { vehicleId: near, doneOn: '2026-05-01', odometerKm: 6_000 })).fields?.odometerKm).toContain('2026-06-01');
  });
});

describe('the demo depot', () => {
  it('has repair orders in every state, purchases in every state, vehicles due and overdue, an open dismissal flag', async () => {
    const orders = await office.ok('repairs.list', { pageSize: 200 });
    expect(new Set(orders.items.map((o) => o.status))).toEqual(new Set(REPAIR_STATUSES));
    expect(orders.items.some((o) => o.urgent)).toBe(true);
    expect(orders.items.some((o) => o.seizureCause === 'no_oil' && o.driverChargeFen === o.totalFen && o.totalFen > 0)).toBe(true);
    const bought = await office.ok('purchases.list', { pageSize: 200 });
    expect(new Set(bought.items.map((p) => p.status))).toEqual(new Set(PURCHASE_STATUSES));
    const due = await office.ok('routine.due', { pageSize: 200 });
    expect(due.counts.due).toBeGreaterThan(0);
    expect(due.counts.overdue).toBeGreaterThan(0);
    expect((await director.ok('personnel.flags', { open: true })).items.some((f) => f.cause === 'no_oil')).toBe(true);
    // each service recorded on its own day, not when the demo was loaded
    const history = await office.ok('routine.history', { vehicleId: due.items[0]!.vehicleId });
    expect(history.items[0]!.recordedAt.slice(0, 10)).toBe(history.items[0]!.doneOn);
  });

  it("every demo order's totals are the sums of its lines, to the fen", async () => {
    const orders = await office.ok('repairs.list', { pageSize: 200 });
    for (const s of orders.items) {
      const o = await office.ok('repairs.get', { id: s.id });
      const parts = o.lines.filter((l) => l.kind === 'part').reduce((sum, l) => sum + l.totalFen, 0);
      const labour = o.lines.filter((l) => l.kind === 'labour').reduce((sum, l) => sum + l.totalFen, 0);
      expect([o.partsFen, o.labourFen, o.totalFen]).toEqual([parts, labour, parts + labour]);
      if (['settled', 'reviewed', 'approved_for_payment', 'paid'].includes(o.status)) expect(o.signed).toBe(true);
    }
  });

  it("last month's fuel audit has vehicles over their limit and every kind of anomaly; this month's has fill-ups", async () => {
    const audit = await office.ok('fuel.audit', { month: '2026-10' });
    expect(audit.rows.filter((r) => r.status === 'over').map((r) => r.plate).length).toBeGreaterThanOrEqual(2);
    const kinds = new Set<string>();
    for (const r of audit.rows.filter((x) => x.anomalies > 0)) {
      for (const a of (await office.ok('fuel.vehicle', { month: '2026-10', vehicleId: r.vehicleId })).anomalies) kinds.add(a.kind);
    }
    expect(kinds).toEqual(new Set(ANOMALY_KINDS));
    expect((await office.ok('fuel.audit', { month: '2026-11' })).totals.litres).toBeGreaterThan(0);
  });

  it("the month before last is signed; last month waits for the over-limit vehicles and the station not on the list", async () => {
    const sep = await office.ok('fuel.month', { month: '2026-09' });
    expect(sep).toMatchObject({ state: 'signed', signedByName: '韩队长', unresolved: 0 });
    const oct = await office.ok('fuel.month', { month: '2026-10' });
    expect(oct.state).toBe('open');
    const open = oct.items.filter((i) => !i.resolution).map((i) => i.anomalyKind ?? 'over');
    expect(open.filter((k) => k !== 'over')).toEqual(['station_not_approved']);
    // the two thirsty vehicles, and the one carrying the extra anomaly fills
    expect(open.filter((k) => k === 'over')).toHaveLength(3);
    expect(oct.items.filter((i) => i.resolution).every((i) => i.resolution!.decision === 'explained' && i.resolution!.decidedByName === '韩队长')).toBe(true);
  });

  it("last month's statement of the first shop is not empty", async () => {
    const shop = (await admin.ok('shops.list', {})).items.find((s) => s.name === '市汽车修理一厂')!;
    const s = await finance.ok('repairs.statement', { month: '2026-10', shopId: shop.id });
    expect(s.orders.length).toBeGreaterThan(0);
  });
});
