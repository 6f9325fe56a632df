// The dispatch log through the real backend: every transition by the roles allowed (and
// refused to the others), every refusal with its message and nothing changed, every flag.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let driverB: Caller;
let finance: Caller;
let vehicle1: number;
let vehicle2: number;
let vehicle3: number;
let driverIdA: number;
let driverIdB: number;
let driverIdExpiring: number;
let driverIdExpired: number;

/** Moves the clock. */
function setNow(t: string) {
  h.clock.now = new Date(t.replace(' ', 'T') + ':00');
}
/**
 * A caller that logs in again when its session has timed out: these tests move the clock
 * over days, as a depot's week goes by.
 */
async function login(username: string): Promise<Caller> {
  let c = await h.as(username);
  const call = (async (method: never, input: never) => {
    let r = await c.call(method, input);
    if (!r.ok && r.error.code === 'UNAUTHENTICATED') {
      c = await h.as(username);
      r = await c.call(method, input);
    }
    return r;
  }) as Caller['call'];
  return {
    get token() {
      return c.token;
    },
    call,
    ok: (async (method: never, input: never) => {
      const r = await call(method, input);
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.data;
    }) as Caller['ok'],
  };
}

beforeAll(async () => {
  h = await openHarness();
  admin = await login('admin');
  const depot = await seedDepot(admin, {
    model: { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000 },
    vehicles: { 苏EW3101: 10000, 苏EW3108: 50000, 苏EW3115: 70000 },
    parking: (i) => `车库 ${i + 1} 号位`,
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003', 周涛: { employeeNo: 'KF1009', permitValidTo: '2026-11-24' }, 胡亮: { employeeNo: 'KF1015', permitValidTo: '2026-11-11' } },
    staff: ['zhuren', 'fuzhuren', 'bangongshi', 'duizhang', 'caiwu'],
    staffNames: { caiwu: '蒋会计' },
    driverUsers: { siji02: '李志强', siji03: '张伟' },
  });
  ({ 苏EW3101: vehicle1, 苏EW3108: vehicle2, 苏EW3115: vehicle3 } = depot.vehicles);
  ({ 李志强: driverIdA, 张伟: driverIdB, 周涛: driverIdExpiring, 胡亮: driverIdExpired } = depot.drivers);
  director = await login('zhuren');
  deputy = await login('fuzhuren');
  office = await login('bangongshi');
  captain = await login('duizhang');
  finance = await login('caiwu');
  driverA = await login('siji02');
  driverB = await login('siji03');
});
afterAll(() => h.close());

type RequestInput = MethodInput<'dispatch.request'>;
function req(over: Partial<RequestInput> = {}): RequestInput {
  return {
    vehicleId: vehicle1,
    driverId: driverIdA,
    purposeKind: 'delivery',
    destination: '城东线：城东路—南环路（12 户）',
    plannedDeparture: '2026-11-23 08:00',
    plannedReturn: '2026-11-23 17:00',
    ...over,
  };
}

/** The rows a dispatch step changes, read straight from the file. */
function dispatchRows() {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return ['dispatch_tickets', 'dispatch_flags', 'dispatch_events', 'odometer_readings', 'vehicles', 'number_counters'].map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
  } finally {
    raw.close();
  }
}

/** A refusal: the error, and proof that no table grew and no dispatch row changed. */
async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const rows = dispatchRows();
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  expect(dispatchRows()).toEqual(rows);
  return r.error;
}

/** Requested by the driver, approved by the director, checked out: returns the ticket id. */
async function departed(over: Partial<RequestInput>, out: { at: string; km: number }, who: Caller = driverA) {
  const t = await who.ok('dispatch.request', req(over));
  // entered afterwards: the director's approval was given by phone before the departure
  await director.ok('dispatch.approve', { id: t.id, byPhone: true, approvedAt: out.at });
  const d = await who.ok('dispatch.checkOut', { id: t.id, departedAt: out.at, odometerOutKm: out.km });
  return d;
}

describe('a trip from request to close', () => {
  let id: number;

  it('a driver requests for themselves: the ticket is numbered per year, and the timeline starts', async () => {
    setNow('2026-11-23 07:30');
    const t = await driverA.ok('dispatch.request', req({ purposeNote: '配送卷烟' }));
    id = t.id;
    expect(t).toMatchObject({ number: 'PC2026-000001', status: 'requested', plate: '苏EW3101', driverName: '李志强', requestedByName: '李志强', approvedByName: null });
    expect(t.events.map((e) => e.kind)).toEqual(['requested']);
  });

  it('a driver cannot request for another driver, and finance cannot request at all', async () => {
    const e = await refused(driverA, 'dispatch.request', req({ driverId: driverIdB, vehicleId: vehicle2 }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', fields: { driverId: '驾驶员只能为自己申请派车' } });
    expect((await refused(finance, 'dispatch.request', req({ vehicleId: vehicle2 }))).code).toBe('FORBIDDEN');
  });

  it('a driver cannot approve; the director can, and the ticket shows who and when', async () => {
    expect((await refused(driverA, 'dispatch.approve', { id })).code).toBe('FORBIDDEN');
    expect((await refused(office, 'dispatch.approve', { id })).code).toBe('FORBIDDEN');
    setNow('2026-11-23 07:40');
    const t = await director.ok('dispatch.approve', { id });
    expect(t).toMatchObject({ status: 'approved', approvedByName: '郑主任', approvedRole: 'director', approvedAt: '2026-11-23 07:40', approvedByPhone: false });
  });

  it('approving twice is refused with the status named', async () => {
    const e = await refused(director, 'dispatch.approve', { id });
    expect(e).toMatchObject({ code: 'CONFLICT', message: '派车单 PC2026-000001 当前为“已批准”，不能批准' });
  });

  it('another driver cannot check this ticket out', async () => {
    const e = await refused(driverB, 'dispatch.checkOut', { id, departedAt: '2026-11-23 08:00', odometerOutKm: 10000 });
    expect(e).toMatchObject({ code: 'FORBIDDEN', message: '派车单 PC2026-000001 不是您的，驾驶员只能查看和办理自己的派车单' });
  });

  it('the driver checks out: the vehicle is out, the reading recorded, no flag at the last reading', async () => {
    setNow('2026-11-23 08:05');
    const t = await driverA.ok('dispatch.checkOut', { id, departedAt: '2026-11-23 08:02', odometerOutKm: 10000 });
    expect(t).toMatchObject({ status: 'departed', departedAt: '2026-11-23 08:02', odometerOutKm: 10000, flags: [], overdue: false });
    expect(t.events.at(-1)).toMatchObject({ kind: 'departed', byName: '李志强', role: 'driver', onBehalf: false });
    expect((await admin.ok('vehicles.get', { id: vehicle1 })).status).toBe('dispatched');
  });

  it('the driver checks in on time and parked: distance computed, vehicle available, odometer moved', async () => {
    setNow('2026-11-23 16:40');
    const t = await driverA.ok('dispatch.checkIn', { id, returnedAt: '2026-11-23 16:35', odometerInKm: 10086, parkedAtPlace: true });
    expect(t).toMatchObject({ status: 'returned', distanceKm: 86, parkedAtPlace: true, flags: [] });
    const v = await admin.ok('vehicles.get', { id: vehicle1 });
    expect(v).toMatchObject({ status: 'available', odometerKm: 10086 });
  });

  it('a driver cannot close; the fleet office closes, and every step is an audit row', async () => {
    expect((await refused(driverA, 'dispatch.close', { id })).code).toBe('FORBIDDEN');
    const t = await office.ok('dispatch.close', { id });
    expect(t).toMatchObject({ status: 'closed', closedByName: '许文静' });
    expect(t.events.map((e) => e.kind)).toEqual(['requested', 'approved', 'departed', 'returned', 'closed']);
    const history = await admin.ok('audit.history', { entity: 'dispatch', entityId: String(id) });
    expect(history.items.map((r) => r.action).sort()).toEqual(['dispatch.approve', 'dispatch.checkIn', 'dispatch.checkOut', 'dispatch.close', 'dispatch.request']);
  });

  it('the odometer history lists both readings with the ticket (for staff, not drivers)', async () => {
    expect((await refused(driverA, 'dispatch.odometer', { vehicleId: vehicle1 })).code).toBe('FORBIDDEN');
    const o = await captain.ok('dispatch.odometer', { vehicleId: vehicle1 });
    expect(o).toMatchObject({ currentKm: 10086, initialKm: 10000, total: 2 });
    expect(o.items.map((r) => [r.source, r.km, r.ticketNumber])).toEqual([
      ['dispatch_in', 10086, 'PC2026-000001'],
      ['dispatch_out', 10000, 'PC2026-000001'],
    ]);
  });
});

describe('approval by phone, rejection, cancellation, numbering', () => {
  it('the deputy records an approval given by phone, with its time; the time is required', async () => {
    setNow('2026-11-23 09:30');
    const t = await office.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-11-24 08:00', plannedReturn: '2026-11-24 12:00' }));
    const e = await refused(deputy, 'dispatch.approve', { id: t.id, byPhone: true });
    expect(e.fields).toEqual({ approvedAt: '电话批准请填写批准时间' });
    const a = await deputy.ok('dispatch.approve', { id: t.id, byPhone: true, approvedAt: '2026-11-23 07:15' });
    expect(a).toMatchObject({ approvedByPhone: true, approvedByName: '冯副主任', approvedRole: 'deputy_director', approvedAt: '2026-11-23 07:15' });
    expect(a.events.at(-1)).toMatchObject({ kind: 'approved', at: '2026-11-23 07:15', recordedAt: '2026-11-23 09:30' });
    expect(a.requestedByName).toBe('许文静');
    const c = await driverB.ok('dispatch.cancel', { id: t.id, reason: '客户改期' });
    expect(c).toMatchObject({ status: 'cancelled', decisionReason: '客户改期' });
  });

  it('a rejection needs a reason and ends the ticket; numbers are never reused', async () => {
    const t = await driverB.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-11-24 08:00', plannedReturn: '2026-11-24 12:00' }));
    expect(t.number).toBe('PC2026-000003');
    const e = await refused(director, 'dispatch.reject', { id: t.id, reason: '  ' });
    expect(e.fields).toEqual({ reason: '必填' });
    const r = await director.ok('dispatch.reject', { id: t.id, reason: '非工作用途' });
    expect(r).toMatchObject({ status: 'rejected', decisionReason: '非工作用途' });
    expect((await refused(driverB, 'dispatch.cancel', { id: t.id, reason: 'x' })).code).toBe('CONFLICT');
    expect((await driverB.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-11-28 08:00', plannedReturn: '2026-11-28 12:00' }))).number).toBe('PC2026-000004');
  });

  it('numbering starts again at 1 in a new year', async () => {
    setNow('2027-01-02 08:00');
    const t = await office.ok('dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2027-01-03 08:00', plannedReturn: '2027-01-03 12:00' }));
    expect(t.number).toBe('PC2027-000001');
    await office.ok('dispatch.cancel', { id: t.id, reason: '测试年度编号' });
    setNow('2026-11-23 09:30');
  });

  it('a driver cannot cancel the ticket of another driver', async () => {
    const list = await office.ok('dispatch.list', { statuses: ['requested'], driverId: driverIdB });
    const e = await refused(driverA, 'dispatch.cancel', { id: list.items[0]!.id, reason: '不要了' });
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('refusals when asking for a vehicle', () => {
  it('a permit that ends on the departure day is valid; the day after it is not', async () => {
    setNow('2026-11-23 10:00');
    const ok = await office.ok('dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdExpiring, plannedDeparture: '2026-11-24 08:00', plannedReturn: '2026-11-24 10:00' }));
    await office.ok('dispatch.cancel', { id: ok.id, reason: '测试' });
    const e = await refused(office, 'dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdExpiring, plannedDeparture: '2026-11-25 08:00', plannedReturn: '2026-11-25 10:00' }));
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { driverId: '驾驶员 周涛 的上岗证在 2026-11-25 无效（有效期 2020-01-01 至 2026-11-24）' } });
    expect((await refused(office, 'dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdExpired }))).code).toBe('CONFLICT');
  });

  it('the vehicle or the driver already on an overlapping ticket is refused; touching windows are fine', async () => {
    const a = await office.ok('dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-11-26 08:00', plannedReturn: '2026-11-26 12:00' }));
    const byVehicle = await refused(office, 'dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdA, plannedDeparture: '2026-11-26 11:59', plannedReturn: '2026-11-26 13:00' }));
    expect(byVehicle.message).toBe(`该车辆已有时间重叠的派车单 ${a.number}（2026-11-26 08:00 至 2026-11-26 12:00）`);
    expect(byVehicle.fields).toHaveProperty('vehicleId');
    const byDriver = await refused(office, 'dispatch.request', req({ vehicleId: vehicle1, driverId: driverIdB, plannedDeparture: '2026-11-26 09:00', plannedReturn: '2026-11-26 10:00' }));
    expect(byDriver.fields).toHaveProperty('driverId');
    const touching = await office.ok('dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdA, plannedDeparture: '2026-11-26 12:00', plannedReturn: '2026-11-26 13:00' }));
    await office.ok('dispatch.cancel', { id: touching.id, reason: '测试' });
    await office.ok('dispatch.cancel', { id: a.id, reason: '测试' });
  });

  it('a vehicle in repair or retired is refused', async () => {
    const raw = new SQLite(h.dbFile);
    raw.prepare("UPDATE vehicles SET status = 'in_repair' WHERE id = ?").run(vehicle3);
    raw.close();
    const e = await refused(office, 'dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-11-27 08:00', plannedReturn: '2026-11-27 09:00' }));
    expect(e.fields).toEqual({ vehicleId: '车辆 苏EW3115 正在维修，不能派车' });
    const raw2 = new SQLite(h.dbFile);
    raw2.prepare("UPDATE vehicles SET status = 'available' WHERE id = ?").run(vehicle3);
    raw2.close();
    await admin.ok('vehicles.retire', { id: vehicle3 });
    const r = await refused(office, 'dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-11-27 08:00', plannedReturn: '2026-11-27 09:00' }));
    expect(r.fields?.vehicleId).toContain('已停用');
    await admin.ok('vehicles.reactivate', { id: vehicle3 });
  });

  it('a return before the departure is refused by the form schema', async () => {
    const e = await refused(office, 'dispatch.request', req({ plannedDeparture: '2026-11-27 08:00', plannedReturn: '2026-11-27 08:00' }));
    expect(e.fields).toEqual({ plannedReturn: '预计返回时间必须晚于预计出车时间' });
  });
});

describe('the vehicle record and its trips', () => {
  it('a vehicle out on a trip cannot be retired, and its initial reading cannot rise above a recorded one', async () => {
    setNow('2026-11-23 12:00');
    const d = await departed({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-11-23 11:00', plannedReturn: '2026-11-23 11:30' }, { at: '2026-11-23 11:00', km: 70000 }, driverB);
    const e = await refused(admin, 'vehicles.retire', { id: vehicle3 });
    expect(e.message).toBe('车辆 苏EW3115 正在出车，收车登记后才能停用');
    await driverB.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-11-23 11:40', odometerInKm: 70010, parkedAtPlace: true });
    const v = await admin.ok('vehicles.get', { id: vehicle3 });
    const { id, plate, modelId, parkingPlace } = v;
    const up = await refused(admin, 'vehicles.update', { id, plate, modelId, parkingPlace, initialOdometerKm: 70001 });
    expect(up.fields).toEqual({ initialOdometerKm: '初始里程不能大于该车已记录的里程 70000 km' });
    expect((await admin.ok('vehicles.update', { id, plate, modelId, parkingPlace, initialOdometerKm: 69000 })).odometerKm).toBe(70010);
  });
});

describe('check-out and check-in checks', () => {
  // vehicle2 starts at 50000 km; each test continues from the last reading.
  it('exactly at the tolerance is no flag; an odometer below the last reading is refused', async () => {
    setNow('2026-11-24 09:00');
    const t = await driverB.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-11-24 08:00', plannedReturn: '2026-11-24 12:00' }));
    await director.ok('dispatch.approve', { id: t.id, byPhone: true, approvedAt: '2026-11-24 08:00' });
    const below = await refused(driverB, 'dispatch.checkOut', { id: t.id, departedAt: '2026-11-24 08:10', odometerOutKm: 49999 });
    expect(below.fields).toEqual({ odometerOutKm: '里程不能小于该车的初始里程 50000 km' });
    const future = await refused(driverB, 'dispatch.checkOut', { id: t.id, departedAt: '2026-11-24 09:01', odometerOutKm: 50005 });
    expect(future.fields).toEqual({ departedAt: '时间不能晚于现在（2026-11-24 09:00）' });
    const d = await driverB.ok('dispatch.checkOut', { id: t.id, departedAt: '2026-11-24 08:10', odometerOutKm: 50005 });
    expect(d.flags).toEqual([]);
  });

  it('check-in before check-out, below the odometer out, or longer than the daily maximum is refused', async () => {
    setNow('2026-11-24 20:05');
    const [t] = (await driverB.ok('dispatch.list', { statuses: ['departed'] })).items;
    const early = await refused(driverB, 'dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-24 08:09', odometerInKm: 50100, parkedAtPlace: true });
    expect(early.fields).toEqual({ returnedAt: '收车时间不能早于出车时间（2026-11-24 08:10）' });
    const back = await refused(driverB, 'dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-24 18:00', odometerInKm: 50004, parkedAtPlace: true });
    expect(back.fields).toEqual({ odometerInKm: '收车里程不能小于出车里程 50005 km' });
    const long = await refused(driverB, 'dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-24 18:00', odometerInKm: 50606, parkedAtPlace: true });
    expect(long.fields).toEqual({ odometerInKm: '本次行程 601 km 超过合理上限 600 km（每天 600 km），请核对里程' });
    const noNote = await refused(driverB, 'dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-24 18:00', odometerInKm: 50605, parkedAtPlace: false });
    expect(noNote.fields).toEqual({ parkingNote: '未停放在指定地点时，请说明停放在哪里、为什么' });
    // exactly the daily maximum, back exactly at closing time: no overnight flag
    const r = await driverB.ok('dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-24 20:00', odometerInKm: 50605, parkedAtPlace: true });
    expect(r).toMatchObject({ distanceKm: 600, flags: [] });
  });

  it('one km above the tolerance is unlogged mileage, with the gap and the last reading', async () => {
    setNow('2026-11-25 09:00');
    const d = await departed({ vehicleId: vehicle2, driverId: driverIdA, plannedDeparture: '2026-11-25 08:00', plannedReturn: '2026-11-25 12:00' }, { at: '2026-11-25 08:30', km: 50611 });
    expect(d.flags).toEqual([{ kind: 'unlogged_mileage', resolved: false }]);
    expect(d.flagDetails[0]).toMatchObject({ kind: 'unlogged_mileage', gapKm: 6, lastKm: 50605, resolvedAt: null });
  });

  it('a vehicle already out cannot be checked out on another ticket, nor its driver', async () => {
    const other = await office.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-11-25 13:00', plannedReturn: '2026-11-25 15:00' }));
    expect(other.status).toBe('requested');
    await director.ok('dispatch.approve', { id: other.id, byPhone: true, approvedAt: '2026-11-25 05:00' });
    const out = (await office.ok('dispatch.list', { statuses: ['departed'], vehicleId: vehicle2 })).items[0]!;
    const e = await refused(driverB, 'dispatch.checkOut', { id: other.id, departedAt: '2026-11-25 08:50', odometerOutKm: 50611 });
    expect(e).toMatchObject({ code: 'CONFLICT', message: `车辆 苏EW3108 还在派车单 ${out.number} 上出车未归：请先登记那次收车` });
    // also a trip entered late, from before the vehicle left
    const late = await refused(driverB, 'dispatch.checkOut', { id: other.id, departedAt: '2026-11-25 06:00', odometerOutKm: 50605 });
    expect(late.message).toBe(e.message);
    await office.ok('dispatch.cancel', { id: other.id, reason: '车辆未回' });
  });

  it('back one minute after closing: overnight; not parked: flagged with the note', async () => {
    setNow('2026-11-25 21:00');
    const [t] = (await driverA.ok('dispatch.list', { statuses: ['departed'] })).items;
    expect(t!.overdue).toBe(true);
    const r = await driverA.ok('dispatch.checkIn', { id: t!.id, returnedAt: '2026-11-25 20:01', odometerInKm: 50700, parkedAtPlace: false, parkingNote: '停在配送点门口' });
    expect(r.flags.map((f) => f.kind)).toEqual(['unlogged_mileage', 'overnight', 'not_parked']);
    expect(r.parkingNote).toBe('停在配送点门口');
  });

  it('the fleet office checks in for a driver, and the timeline says so', async () => {
    setNow('2026-11-26 09:00');
    const d = await departed({ vehicleId: vehicle2, driverId: driverIdA, plannedDeparture: '2026-11-26 08:00', plannedReturn: '2026-11-26 12:00' }, { at: '2026-11-26 08:00', km: 50700 }, office);
    expect(d.events.at(-1)).toMatchObject({ kind: 'departed', byName: '许文静', role: 'fleet_office', onBehalf: true });
    setNow('2026-11-27 09:00');
    const r = await captain.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-11-27 07:30', odometerInKm: 50900, parkedAtPlace: true });
    expect(r.flags.map((f) => f.kind)).toEqual(['overnight']);
    expect(r.events.find((e) => e.kind === 'returned')).toMatchObject({ role: 'fleet_captain', onBehalf: true });
  });
});

describe('a person with two roles', () => {
  it('a driver who also works in the fleet office acts for others in that role, and as driver on their own ticket', async () => {
    const d = await admin.ok('drivers.create', { name: '兼职司机', employeeNo: 'KF1020', permitNo: 'P-KF1020', permitValidFrom: '2020-01-01', permitValidTo: '2029-12-31' });
    await admin.ok('users.create', { username: 'jianzhi', displayName: '兼职司机', password: 'demo1234', roles: ['driver', 'fleet_office'], driverId: d.id });
    const both = await login('jianzhi');
    setNow('2026-11-29 09:00');
    const others = await office.ok('dispatch.request', req({ vehicleId: vehicle1, driverId: driverIdB, plannedDeparture: '2026-11-29 08:00', plannedReturn: '2026-11-29 09:00' }));
    await director.ok('dispatch.approve', { id: others.id, byPhone: true, approvedAt: '2026-11-29 07:50' });
    const out = await both.ok('dispatch.checkOut', { id: others.id, departedAt: '2026-11-29 08:00', odometerOutKm: 10086 });
    expect(out.events.at(-1)).toMatchObject({ kind: 'departed', role: 'fleet_office', onBehalf: true });
    await both.ok('dispatch.checkIn', { id: others.id, returnedAt: '2026-11-29 08:30', odometerInKm: 10086, parkedAtPlace: true });
    const own = await both.ok('dispatch.request', req({ vehicleId: vehicle1, driverId: d.id, plannedDeparture: '2026-11-29 09:00', plannedReturn: '2026-11-29 10:00' }));
    await director.ok('dispatch.approve', { id: own.id, byPhone: true, approvedAt: '2026-11-29 08:30' });
    const mine = await both.ok('dispatch.checkOut', { id: own.id, departedAt: '2026-11-29 08:40', odometerOutKm: 10086 });
    expect(mine.events.at(-1)).toMatchObject({ kind: 'departed', role: 'driver', onBehalf: false });
    await both.ok('dispatch.checkIn', { id: own.id, returnedAt: '2026-11-29 08:50', odometerInKm: 10086, parkedAtPlace: true });
  });
});

describe('a trip that ran late', () => {
  it('is checked in at its real time even when the vehicle was booked again meanwhile; that booking then cannot leave', async () => {
    setNow('2026-11-30 08:00');
    const late = await departed({ vehicleId: vehicle3, driverId: driverIdA, plannedDeparture: '2026-11-30 08:00', plannedReturn: '2026-11-30 09:00' }, { at: '2026-11-30 08:00', km: 70010 });
    setNow('2026-11-30 10:00');
    const next = await office.ok('dispatch.request', req({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-11-30 10:00', plannedReturn: '2026-11-30 11:00' }));
    await director.ok('dispatch.approve', { id: next.id });
    setNow('2026-11-30 10:30');
    const r = await driverA.ok('dispatch.checkIn', { id: late.id, returnedAt: '2026-11-30 10:30', odometerInKm: 70050, parkedAtPlace: true });
    expect(r.returnedAt).toBe('2026-11-30 10:30');
    const e = await refused(driverB, 'dispatch.checkOut', { id: next.id, departedAt: '2026-11-30 10:20', odometerOutKm: 70050 });
    expect(e.message).toBe(`该车辆已有时间重叠的派车单 ${late.number}（2026-11-30 08:00 至 2026-11-30 10:30）`);
    await driverB.ok('dispatch.checkOut', { id: next.id, departedAt: '2026-11-30 10:30', odometerOutKm: 70050 });
    await driverB.ok('dispatch.checkIn', { id: next.id, returnedAt: '2026-11-30 10:30', odometerInKm: 70050, parkedAtPlace: true });
  });
});

describe('flags are resolved before a ticket is closed', () => {
  it('close is refused while a flag is open; resolving needs an explanation and is done once', async () => {
    const list = await office.ok('dispatch.list', { flag: 'unresolved', statuses: ['returned'] });
    const t = list.items.find((x) => x.flags.length === 3)!;
    const e = await refused(office, 'dispatch.close', { id: t.id });
    expect(e.message).toBe(`派车单 ${t.number} 还有 3 项异常未处理，不能结单`);
    const detail = await office.ok('dispatch.get', { id: t.id });
    expect((await refused(driverA, 'dispatch.resolveFlag', { flagId: detail.flagDetails[0]!.id, explanation: '自己说明' })).code).toBe('FORBIDDEN');
    expect((await refused(office, 'dispatch.resolveFlag', { flagId: detail.flagDetails[0]!.id, explanation: '' })).fields).toEqual({ explanation: '必填' });
    for (const f of detail.flagDetails) await captain.ok('dispatch.resolveFlag', { flagId: f.id, explanation: `已核实：${f.kind}` });
    const again = await refused(office, 'dispatch.resolveFlag', { flagId: detail.flagDetails[0]!.id, explanation: '再次' });
    expect(again.code).toBe('CONFLICT');
    const closed = await office.ok('dispatch.close', { id: t.id });
    expect(closed.flagDetails.every((f) => f.resolvedByName === '韩队长' && f.explanation?.startsWith('已核实'))).toBe(true);
    expect(closed.flags.every((f) => f.resolved)).toBe(true);
  });

  it('the flag filters find tickets by kind', async () => {
    const overnight = await office.ok('dispatch.list', { flag: 'overnight' });
    expect(overnight.total).toBe(2);
    const unlogged = await office.ok('dispatch.list', { flag: 'unlogged_mileage' });
    expect(unlogged.total).toBe(1);
  });
});

describe('searching the list', () => {
  it('finds tickets by number prefix, plate, driver name or employee number, and destination', async () => {
    const all = await office.ok('dispatch.list', { pageSize: 200 });
    const byNumber = await office.ok('dispatch.list', { search: 'pc2026-00000' });
    expect(byNumber.items.map((x) => x.number).sort()).toEqual(all.items.map((x) => x.number).filter((n) => n.startsWith('PC2026-00000')).sort());
    expect(byNumber.total).toBe(9);
    const byPlate = await office.ok('dispatch.list', { search: 'W3108', pageSize: 200 });
    expect(byPlate.total).toBe(all.items.filter((x) => x.plate === '苏EW3108').length);
    const byDriver = await office.ok('dispatch.list', { search: '张伟', pageSize: 200 });
    expect(byDriver.total).toBe(all.items.filter((x) => x.driverName === '张伟').length);
    expect((await office.ok('dispatch.list', { search: 'KF1002', pageSize: 200 })).total).toBe(all.items.filter((x) => x.driverName === '李志强').length);
    expect((await office.ok('dispatch.list', { search: '南环路' })).total).toBe(all.total);
    expect((await office.ok('dispatch.list', { search: '100%_' })).total).toBe(0);
    // the text: three characters or more through the trigram index, fewer by reading it; a note too
    expect((await office.ok('dispatch.list', { search: '南环' })).total).toBe(all.total);
    expect((await office.ok('dispatch.list', { search: '12 户' })).total).toBe(all.total);
    expect((await office.ok('dispatch.list', { search: '城东路—南环路（' })).total).toBe(all.total);
    const raw = new SQLite(h.dbFile, { readonly: true });
    const withNote = (raw.prepare("SELECT count(*) AS n FROM dispatch_tickets WHERE purpose_note LIKE '%卷烟%'").get() as { n: number }).n;
    raw.close();
    expect(withNote).toBeGreaterThan(0);
    expect((await office.ok('dispatch.list', { search: '配送卷烟' })).total).toBe(withNote);
    expect((await office.ok('dispatch.list', { search: '卷烟' })).total).toBe(withNote);
    expect((await office.ok('dispatch.list', { search: '"卷烟' })).total).toBe(0);
  });

  it('sorts by plate and by driver, pages without losing or repeating a ticket', async () => {
    const all = await office.ok('dispatch.list', { pageSize: 200 });
    const pages = [];
    for (let page = 1; page <= Math.ceil(all.total / 3); page++) pages.push(...(await office.ok('dispatch.list', { sortField: 'plate', pageSize: 3, page })).items);
    expect(pages.map((x) => x.id).sort()).toEqual(all.items.map((x) => x.id).sort());
    expect(pages.map((x) => x.plate)).toEqual([...pages.map((x) => x.plate)].sort());
    const byDriver = await office.ok('dispatch.list', { sortField: 'driver', sortOrder: 'desc', pageSize: 200 });
    const names = byDriver.items.map((x) => x.driverName);
    expect(names).toEqual([...names].sort().reverse());
  });
});

describe('what drivers may see', () => {
  it('a driver lists only their own tickets, and cannot open another driver’s', async () => {
    const mine = await driverA.ok('dispatch.list', { pageSize: 200 });
    expect(mine.items.every((t) => t.driverId === driverIdA)).toBe(true);
    const all = await office.ok('dispatch.list', { pageSize: 200 });
    expect(all.total).toBeGreaterThan(mine.total);
    const other = all.items.find((t) => t.driverId === driverIdB)!;
    expect((await refused(driverA, 'dispatch.get', { id: other.id })).code).toBe('FORBIDDEN');
    expect((await refused(driverA, 'dispatch.monthlyKm', { month: '2026-11' })).code).toBe('FORBIDDEN');
  });
});

describe('policy settings are read for the departure month', () => {
  it('a wider tolerance and a later closing time from December apply to December trips', async () => {
    const p = await admin.ok('policy.get', {});
    await director.ok('policy.update', {
      effectiveMonth: '2026-12',
      settings: { ...p.version.settings, dispatch: { unloggedMileageToleranceKm: 20, maxDailyKm: 300, closingTime: '21:00' } },
      reason: '冬季配送时间延长',
    });
    setNow('2026-12-01 22:00');
    const d = await departed({ vehicleId: vehicle2, driverId: driverIdA, plannedDeparture: '2026-12-01 08:00', plannedReturn: '2026-12-01 20:00' }, { at: '2026-12-01 08:00', km: 50920 });
    expect(d.flags).toEqual([]);
    const long = await refused(driverA, 'dispatch.checkIn', { id: d.id, returnedAt: '2026-12-01 20:30', odometerInKm: 51221, parkedAtPlace: true });
    expect(long.fields?.odometerInKm).toContain('300 km');
    const r = await driverA.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-12-01 20:30', odometerInKm: 51220, parkedAtPlace: true });
    expect(r.flags).toEqual([]);
  });
});

describe('kilometres per month', () => {
  it('a trip over midnight at the month end counts in the month it returned', async () => {
    setNow('2026-12-01 09:00');
    const d = await departed({ vehicleId: vehicle1, driverId: driverIdB, plannedDeparture: '2026-11-30 18:00', plannedReturn: '2026-11-30 23:00' }, { at: '2026-11-30 18:00', km: 10086 }, driverB);
    await driverB.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-12-01 00:40', odometerInKm: 10126, parkedAtPlace: true });
    const nov = await captain.ok('dispatch.monthlyKm', { month: '2026-11' });
    const dec = await captain.ok('dispatch.monthlyKm', { month: '2026-12' });
    // 86 km, and the two short trips of zero km on the 29th
    expect(nov.vehicles.find((v) => v.vehicleId === vehicle1)).toMatchObject({ km: 86, trips: 3 });
    expect(dec.vehicles.find((v) => v.vehicleId === vehicle1)).toMatchObject({ km: 40, trips: 1 });
    expect(dec.drivers.find((x) => x.driverId === driverIdB)).toMatchObject({ km: 40, trips: 1 });
    expect(nov.totalKm).toBe(nov.vehicles.reduce((s, v) => s + v.km, 0));
    expect(nov.totalKm).toBe(nov.drivers.reduce((s, d) => s + d.km, 0));
    // vehicle2 in November: 600 + 89 + 200 km (the December trip is not counted)
    expect(nov.vehicles.find((v) => v.vehicleId === vehicle2)).toMatchObject({ km: 889, trips: 3 });
    // and the late trip of the 30th
    expect(nov.drivers.find((x) => x.driverId === driverIdA)).toMatchObject({ km: 86 + 89 + 200 + 40, trips: 4 });
  });
});

describe("the day's board", () => {
  it('shows the day’s tickets, the overdue one, and what each still needs before closing', async () => {
    setNow('2026-12-02 07:00');
    const open = await departed({ vehicleId: vehicle3, driverId: driverIdB, plannedDeparture: '2026-12-02 07:00', plannedReturn: '2026-12-02 12:00' }, { at: '2026-12-02 07:00', km: 70050 }, driverB);
    const waiting = await driverA.ok('dispatch.request', req({ vehicleId: vehicle1, plannedDeparture: '2026-12-02 13:00', plannedReturn: '2026-12-02 15:00' }));
    setNow('2026-12-02 21:30');
    const b = await office.ok('dispatch.board', {});
    expect(b).toMatchObject({ date: '2026-12-02', closingTime: '21:00', now: '2026-12-02 21:30', truncated: false });
    expect(b.tickets.find((t) => t.id === open.id)).toMatchObject({ overdue: true });
    const needs = Object.fromEntries(b.review.map((r) => [r.ticket.number, r.needs]));
    expect(needs[open.number]).toBe('checkIn');
    expect(needs[waiting.number]).toBe('approve');
    // returned tickets of earlier days still to be closed out are on the list too
    expect(Object.values(needs)).toContain('close');
    const own = await driverA.ok('dispatch.board', {});
    expect(own.tickets.every((t) => t.driverId === driverIdA)).toBe(true);
  });
});

describe('approval before departure, review by someone else', () => {
  it('a departure before the recorded approval is refused unless the phone approval is entered with its time', async () => {
    setNow('2026-12-03 09:00');
    const t = await driverA.ok('dispatch.request', req({ plannedDeparture: '2026-12-03 08:00', plannedReturn: '2026-12-03 10:00' }));
    await director.ok('dispatch.approve', { id: t.id });
    const e = await refused(driverA, 'dispatch.checkOut', { id: t.id, departedAt: '2026-12-03 08:00', odometerOutKm: 10126 });
    expect(e.fields).toEqual({ departedAt: '出车时间早于批准时间（2026-12-03 09:00）：如果主任是电话批准的，请先登记电话批准及其时间' });
    await office.ok('dispatch.cancel', { id: t.id, reason: '改为电话批准补录' });
  });

  it('nobody resolves the flags of, or closes, their own trip; a driver with another role neither', async () => {
    await admin.ok('users.create', { username: 'zuzhang', displayName: '组长', password: 'demo1234', roles: ['fleet_captain', 'driver'], driverId: driverIdExpiring });
    const self = await login('zuzhang');
    setNow('2026-11-24 12:00');
    const d = await departed({ vehicleId: vehicle1, driverId: driverIdExpiring, plannedDeparture: '2026-11-24 10:00', plannedReturn: '2026-11-24 11:00' }, { at: '2026-11-24 10:00', km: 10086 }, self);
    expect(d.events[0]).toMatchObject({ kind: 'requested', role: 'driver' });
    const r = await self.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-11-24 11:00', odometerInKm: 10086, parkedAtPlace: false, parkingNote: '停在路边' });
    const flag = r.flagDetails[0]!;
    expect((await refused(self, 'dispatch.resolveFlag', { flagId: flag.id, explanation: '自己说明' })).message).toBe(`派车单 ${d.number} 是您自己出车的，异常处理和结单须由他人复核`);
    await captain.ok('dispatch.resolveFlag', { flagId: flag.id, explanation: '已核实' });
    expect((await refused(self, 'dispatch.close', { id: d.id })).code).toBe('FORBIDDEN');
    await captain.ok('dispatch.close', { id: d.id });
  });

  it('another person’s approved ticket is cancelled only by those who dispatch and review', async () => {
    await admin.ok('users.create', { username: 'zz2', displayName: '车管组长', password: 'demo1234', roles: ['group_leader'] });
    const leader = await login('zz2');
    setNow('2026-12-03 09:00');
    const t = await driverB.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdB, plannedDeparture: '2026-12-04 08:00', plannedReturn: '2026-12-04 10:00' }));
    await director.ok('dispatch.approve', { id: t.id });
    expect((await refused(leader, 'dispatch.cancel', { id: t.id, reason: '不用了' })).code).toBe('FORBIDDEN');
    await director.ok('dispatch.cancel', { id: t.id, reason: '不用了' });
  });

  it('kilometres driven in no time at all are refused', async () => {
    setNow('2026-12-03 12:00');
    const d = await departed({ vehicleId: vehicle2, driverId: driverIdA, plannedDeparture: '2026-12-03 10:00', plannedReturn: '2026-12-03 11:00' }, { at: '2026-12-03 10:00', km: 51220 }, driverA);
    const e = await refused(driverA, 'dispatch.checkIn', { id: d.id, returnedAt: '2026-12-03 10:00', odometerInKm: 51300, parkedAtPlace: true });
    expect(e.fields).toEqual({ returnedAt: '收车时间与出车时间相同，却行驶了 80 km，请核对时间' });
    await driverA.ok('dispatch.checkIn', { id: d.id, returnedAt: '2026-12-03 10:00', odometerInKm: 51220, parkedAtPlace: true });
  });
});

describe('the odometer between recorded readings, and a driver still out', () => {
  it('a driver out on one vehicle cannot leave on another; a late trip must fit between the readings around it', async () => {
    setNow('2026-12-05 12:00');
    const out = await departed({ vehicleId: vehicle1, driverId: driverIdA, plannedDeparture: '2026-12-05 08:00', plannedReturn: '2026-12-05 09:00' }, { at: '2026-12-05 08:00', km: 10126 });
    const other = await office.ok('dispatch.request', req({ vehicleId: vehicle2, driverId: driverIdA, plannedDeparture: '2026-12-05 13:00', plannedReturn: '2026-12-05 14:00' }));
    await director.ok('dispatch.approve', { id: other.id, byPhone: true, approvedAt: '2026-12-05 11:50' });
    const e = await refused(office, 'dispatch.checkOut', { id: other.id, departedAt: '2026-12-05 12:00', odometerOutKm: 51220 });
    expect(e.message).toBe(`驾驶员 李志强 还在派车单 ${out.number} 上出车未归：请先登记那次收车`);
    await office.ok('dispatch.cancel', { id: other.id, reason: '驾驶员未归' });
    await driverA.ok('dispatch.checkIn', { id: out.id, returnedAt: '2026-12-05 11:00', odometerInKm: 10200, parkedAtPlace: true });

    const late = await office.ok('dispatch.request', req({ vehicleId: vehicle1, driverId: driverIdA, plannedDeparture: '2026-12-04 08:00', plannedReturn: '2026-12-04 09:00' }));
    await director.ok('dispatch.approve', { id: late.id, byPhone: true, approvedAt: '2026-12-04 07:50' });
    const below = await refused(office, 'dispatch.checkOut', { id: late.id, departedAt: '2026-12-04 08:00', odometerOutKm: 10100 });
    expect(below.fields?.odometerOutKm).toMatch(/^出车里程不能小于该车上次记录的里程 10126 km（2026-12-01 00:40，派车单 PC2026-\d{6}）$/);
    const above = await refused(office, 'dispatch.checkOut', { id: late.id, departedAt: '2026-12-04 08:00', odometerOutKm: 10127 });
    expect(above.fields?.odometerOutKm).toBe(`里程不能大于该车之后记录的里程 10126 km（2026-12-05 08:00，派车单 ${out.number}）`);
    await office.ok('dispatch.cancel', { id: late.id, reason: '测试' });
  });
});
