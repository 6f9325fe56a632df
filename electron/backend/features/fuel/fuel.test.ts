// Fill-ups and the monthly fuel audit through the real backend: a Southeast vehicle driven by
// two drivers in November, fuelled over its limit, with one fill of each anomaly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let driverA: Caller;
let driverB: Caller;
let vehicleId: number;
let quietVehicleId: number;
let driverIdA: number;
let driverIdB: number;
let stationId: number;

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    model: { seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }] },
    vehicles: { 苏ED3101: 10000, 苏ED3108: 20000 },
    parking: (i) => `车库 ${i + 1} 号位`,
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003' },
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang'],
    driverUsers: { siji02: '李志强', siji03: '张伟' },
  });
  ({ 苏ED3101: vehicleId, 苏ED3108: quietVehicleId } = depot.vehicles);
  ({ 李志强: driverIdA, 张伟: driverIdB } = depot.drivers);
  stationId = depot.stations.中石化城东加油站;
  [director, office, captain, driverA, driverB] = [await h.as('zhuren'), await h.as('bangongshi'), await h.as('duizhang'), await h.as('siji02'), await h.as('siji03')];

  // November: A drives 600 km on the 3rd and 5th, B 400 km on the 10th (1 000 km in all).
  const trip = (driverId: number, day: string, outKm: number, km: number) => dayTrip(office, director, { vehicleId, driverId, day, outKm, km });
  await trip(driverIdA, '2026-11-03', 10000, 300);
  await trip(driverIdA, '2026-11-05', 10300, 300);
  await trip(driverIdB, '2026-11-10', 10600, 400);
});
afterAll(() => h.close());

const fill = (over: Record<string, unknown> = {}) => ({
  vehicleId,
  driverId: driverIdA,
  filledAt: '2026-11-03 12:00',
  stationId,
  litres: 5000,
  unitPriceFen: 750,
  amountFen: 37500,
  invoiceNo: 'FP0001',
  odometerKm: 10150,
  fullTank: true,
  ...over,
});

describe('fill-ups', () => {
  it('a driver records their own; the amount check is shown, not refused', async () => {
    const f = await driverA.ok('fuel.create', fill());
    expect(f).toMatchObject({ plate: '苏ED3101', driverName: '李志强', stationName: '中石化城东加油站', fuelGrade: '92#', litres: 5000, amountFen: 37500, expectedAmountFen: 37500, source: 'manual' });
    const before = await tableCounts(h.backend);
    const other = await driverA.call('fuel.create', fill({ driverId: driverIdB, invoiceNo: 'FP0009' }));
    expect(other.ok ? null : other.error.code).toBe('FORBIDDEN');
    const future = await office.call('fuel.create', fill({ filledAt: '2026-11-23 09:31', invoiceNo: 'FP0010' }));
    expect(future.ok ? null : future.error.fields).toEqual({ filledAt: '时间不能晚于现在（2026-11-23 09:30）' });
    const noStation = await office.call('fuel.create', fill({ stationId: undefined, invoiceNo: 'FP0011' }));
    expect(noStation.ok ? null : noStation.error.fields).toEqual({ stationId: '必填' });
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('the rest of the month: partial fills, and one fill of each anomaly', async () => {
    await driverA.ok('fuel.create', fill({ filledAt: '2026-11-05 12:00', litres: 3000, amountFen: 22500, invoiceNo: 'FP0002', odometerKm: 10450, fullTank: false }));
    // more than the 50 L tank; the amount is not litres × price (52.00 × 7.50 = 390.00)
    await driverB.ok('fuel.create', fill({ driverId: driverIdB, filledAt: '2026-11-10 12:00', litres: 5200, amountFen: 39100, invoiceNo: 'FP0003', odometerKm: 10800 }));
    // a station not on the list, on a day without a trip, its invoice number used twice, the odometer going back
    await office.ok('fuel.create', fill({ driverId: driverIdB, filledAt: '2026-11-12 18:00', stationId: undefined, stationName: '路边加油站', litres: 2000, unitPriceFen: 900, amountFen: 18000, invoiceNo: 'FP0003', odometerKm: 10700 }));
    const list = await captain.ok('fuel.list', { month: '2026-11', vehicleId });
    expect(list.total).toBe(4);
    expect((await driverB.ok('fuel.list', {})).items.every((f) => f.driverId === driverIdB)).toBe(true);
  });
});

describe('the monthly audit', () => {
  it('one row per vehicle with activity: 1 000 km, 150 L against 140 L allowed in November', async () => {
    const a = await captain.ok('fuel.audit', { month: '2026-11' });
    expect(a.rows.map((r) => r.plate)).toEqual(['苏ED3101']);
    const r = a.rows[0]!;
    // 50 + 30 + 52 + 20 = 152 L for 375 + 225 + 391 + 180 = 1 171.00 元
    expect(r).toMatchObject({ km: 1000, odometerKm: 1000, litres: 15200, amountFen: 117100, standard: 950, float: 450, limit: 1400, seasonal: false, allowedLitres: 14000, excessLitres: 1200, status: 'over', actual: 1520 });
    // average price 1 171.00 / 152 = 7.7039 → 7.70 元/L; the excess 12 L × 1 171.00 / 152 = 92.447 → 92.45 元
    expect(r).toMatchObject({ averagePriceFen: 770, excessFen: 9245 });
    expect(a.totals).toMatchObject({ km: 1000, litres: 15200, excessFen: 9245, over: 1 });
  });

  it("the vehicle's month: fill-ups, trips, drivers' shares by km adding up, anomalies with their reasons, the steps in words", async () => {
    const v = await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId });
    expect(v.trips.map((t) => [t.number, t.driverName, t.km])).toEqual([
      [expect.any(String), '李志强', 300],
      [expect.any(String), '李志强', 300],
      [expect.any(String), '张伟', 400],
    ]);
    expect(v.drivers).toEqual([
      { driverId: driverIdA, name: '李志强', km: 600, shareFen: 5547 },
      { driverId: driverIdB, name: '张伟', km: 400, shareFen: 3698 },
    ]);
    expect(v.drivers.reduce((s, d) => s + d.shareFen, 0)).toBe(v.row.excessFen);
    const byFill = (invoice: string, at: string) => v.anomalies.filter((a) => a.fillupId === v.fillups.find((f) => f.invoiceNo === invoice && f.filledAt === at)!.id).map((a) => a.kind).sort();
    expect(byFill('FP0001', '2026-11-03 12:00')).toEqual([]);
    expect(byFill('FP0003', '2026-11-10 12:00')).toEqual(['amount_mismatch', 'duplicate_invoice', 'over_tank']);
    expect(byFill('FP0003', '2026-11-12 18:00')).toEqual(['duplicate_invoice', 'no_dispatch', 'odometer_backwards', 'price_far', 'station_not_approved']);
    expect(v.row.anomalies).toBe(8);
    expect(v.steps.map((s) => s.key)).toEqual(['fuelStep.km', 'fuelStep.litres', 'fuelStep.limit', 'fuelStep.allowed', 'fuelStep.actual', 'fuelStep.excess', 'fuelStep.value']);
    expect(v.steps.find((s) => s.key === 'fuelStep.value')!.params).toEqual({ excess: '12.00', price: '7.70', value: '92.45' });
    // full to full: 10 150 → 10 800 km, 30 + 52 L (the partial fill carried) = 12.62 L/100 km
    expect(v.row.fullToFull).toBe(1262);
  });

  it('a vehicle with nothing this month is left out, but can be opened', async () => {
    const v = await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId: quietVehicleId });
    expect(v.row).toMatchObject({ km: 0, litres: 0, status: 'idle', excessFen: 0 });
    expect(v.drivers).toEqual([]);
  });

  it("a vehicle's own page counts the same anomalies as the month's table (the usual price is the month's, over all vehicles)", async () => {
    // last month's fill read 20 500 km: this month's 20 100 km goes backwards across the month's start
    await office.ok('fuel.create', fill({ vehicleId: quietVehicleId, filledAt: '2026-10-20 12:00', invoiceNo: 'FP0099', odometerKm: 20500 }));
    const quiet = await office.ok('fuel.create', fill({ vehicleId: quietVehicleId, filledAt: '2026-11-11 12:00', unitPriceFen: 900, amountFen: 45000, invoiceNo: 'FP0100', odometerKm: 20100 }));
    const table = (await captain.ok('fuel.audit', { month: '2026-11' })).rows.find((r) => r.vehicleId === quietVehicleId)!;
    const page = await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId: quietVehicleId });
    expect(page.anomalies.filter((a) => a.fillupId === quiet.id).map((a) => a.kind)).toEqual(expect.arrayContaining(['price_far', 'odometer_backwards']));
    expect(page.row.anomalies).toBe(table.anomalies);
  });

  it('a retired station cannot be chosen from the list', async () => {
    const retired = (await admin.ok('stations.create', { name: '已关闭的加油站' })).id;
    await admin.ok('stations.retire', { id: retired });
    const before = await tableCounts(h.backend);
    const r = await office.call('fuel.create', fill({ stationId: retired, invoiceNo: 'FP0101' }));
    expect(r.ok ? null : r.error.fields?.stationId).toContain('已停用');
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('drivers do not see the audit', async () => {
    const r = await driverA.call('fuel.audit', { month: '2026-11' });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});

describe('reimbursement', () => {
  it('the captain registers, the manager office approves many at once, and finance sees only the approved as payable', async () => {
    const list = (await captain.ok('fuel.list', { month: '2026-11', vehicleId })).items;
    const ids = list.map((f) => f.id);
    expect(list.every((f) => f.state === 'entered')).toBe(true);
    const manager = await (async () => {
      await admin.ok('users.create', { username: 'jingli', displayName: '沈经理', password: 'demo1234', roles: ['manager_office'], driverId: null });
      return h.as('jingli');
    })();
    // not yet registered: refused, nothing approved
    const early = await manager.call('fuel.approve', { ids });
    expect(early.ok ? null : early.error.fields?.ids).toMatch(/尚未经车队长签字登记/);
    expect((await captain.ok('fuel.list', { state: 'approved' })).total).toBe(0);
    // only the captain registers
    expect(((await office.call('fuel.register', { ids })) as { ok: boolean; error?: { code: string } }).error?.code).toBe('FORBIDDEN');
    const reg = await captain.ok('fuel.register', { ids: ids.slice(0, 2) });
    expect(reg.items.map((f) => [f.state, f.registeredByName])).toEqual([['registered', '韩队长'], ['registered', '韩队长']]);
    // all or none: one already registered among them refuses the batch, and nothing changes
    const again = await captain.call('fuel.register', { ids });
    expect(again.ok ? null : again.error.fields?.ids).toMatch(/已于 2026-11-23 09:30 由 韩队长 签字登记/);
    expect((await captain.ok('fuel.list', { state: 'registered' })).total).toBe(2);
    const ok = await manager.ok('fuel.approve', { ids: ids.slice(0, 2) });
    expect(ok).toMatchObject({ count: 2 });
    expect(ok.items.every((f) => f.state === 'approved' && f.approvedByName === '沈经理')).toBe(true);
    const finance = await (async () => {
      await admin.ok('users.create', { username: 'caiwu', displayName: '蒋会计', password: 'demo1234', roles: ['finance'], driverId: null });
      return h.as('caiwu');
    })();
    const payable = await finance.ok('fuel.list', { state: 'approved' });
    expect(payable.items.map((f) => f.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(((await manager.call('fuel.approve', { ids: [999_999] })) as { ok: boolean; error?: { code: string } }).error?.code).toBe('NOT_FOUND');
  });
});
