// The captain's month through the real backend: a Southeast vehicle over its limit, driven by
// two drivers, and a fill at a station not on the list; resolutions, the signature and its
// penalties, refusals that change nothing, and the director's reopening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let vehicleId: number;
let driverIdA: number;
let driverIdB: number;
let outsideFillId: number;

beforeAll(async () => {
  h = await openHarness({ now: '2026-12-02T09:00:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    model: { seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }], tankCapacity: 8000 },
    vehicles: { 苏ED3101: 10000 },
    parking: '车库 1 号位',
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003' },
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang'],
  });
  vehicleId = depot.vehicles.苏ED3101;
  ({ 李志强: driverIdA, 张伟: driverIdB } = depot.drivers);
  const stationId = depot.stations.中石化城东加油站;
  [director, office, captain] = [await h.as('zhuren'), await h.as('bangongshi'), await h.as('duizhang')];

  // November: A drives 600 km, B 400 km; the limit is 9.50 + 4.50 = 14.00 L/100 km, so 140 L
  // are allowed and 170 L at 7.50 元 were bought: 30 L over, worth 225.00 元.
  const trip = (driverId: number, day: string, outKm: number, km: number) => dayTrip(office, director, { vehicleId, driverId, day, outKm, km });
  await trip(driverIdA, '2026-11-03', 10000, 300);
  await trip(driverIdA, '2026-11-05', 10300, 300);
  await trip(driverIdB, '2026-11-10', 10600, 400);
  const fill = (driverId: number, filledAt: string, litres: number, invoiceNo: string, station: Record<string, unknown> = { stationId }) =>
    office.ok('fuel.create', { vehicleId, driverId, filledAt, ...station, litres, unitPriceFen: 750, amountFen: (litres * 750) / 100, invoiceNo, fullTank: true });
  await fill(driverIdA, '2026-11-03 12:00', 6000, 'FP1001');
  await fill(driverIdA, '2026-11-05 12:00', 6000, 'FP1002');
  outsideFillId = (await fill(driverIdB, '2026-11-10 12:00', 5000, 'FP1003', { stationName: '路边加油点' })).id;
});
afterAll(() => h.close());

const NOV = '2026-11';

describe("the captain's month", () => {
  it('lists the over-limit vehicle and the anomaly to resolve, and will not sign before the month has ended', async () => {
    const m = await captain.ok('fuel.month', { month: NOV });
    expect(m).toMatchObject({ state: 'open', ended: true, unresolved: 2, penalties: [], penaltyTotalFen: 0 });
    expect(m.items.map((i) => [i.plate, i.fillupId, i.anomalyKind, i.amountFen])).toEqual([
      ['苏ED3101', null, null, 22500],
      ['苏ED3101', outsideFillId, 'station_not_approved', 37500],
    ]);
    const early = await captain.call('fuel.sign', { month: '2026-12' });
    expect(early.ok ? null : early.error.fields).toEqual({ month: '2026-12 尚未结束，月末之后才能签字' });
  });

  it('refuses to sign while anything is unresolved, changing nothing', async () => {
    const before = await tableCounts(h.backend);
    const r = await captain.call('fuel.sign', { month: NOV });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFLICT', fields: { month: '还有 2 项超标或异常未处理（苏ED3101），每项须说明或处罚后才能签字' } });
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('a penalised anomaly needs an amount no larger than the fill-up', async () => {
    const base = { month: NOV, vehicleId, fillupId: outsideFillId, anomalyKind: 'station_not_approved', decision: 'penalised', note: '未在定点油站加油' } as const;
    const before = await tableCounts(h.backend);
    const none = await captain.call('fuel.resolve', base);
    expect(none.ok ? null : none.error.fields).toEqual({ amountFen: '必填' });
    const tooMuch = await captain.call('fuel.resolve', { ...base, amountFen: 37501 });
    expect(tooMuch.ok ? null : tooMuch.error.fields).toEqual({ amountFen: '扣款不能超过这次加油的金额 375.00 元' });
    const notAnomaly = await captain.call('fuel.resolve', { ...base, anomalyKind: 'over_tank', amountFen: 100 });
    expect(notAnomaly.ok ? null : notAnomaly.error.code).toBe('NOT_FOUND');
    expect(await tableCounts(h.backend)).toEqual(before);
    const m = await captain.ok('fuel.resolve', { ...base, amountFen: 2000 });
    expect(m.items[1]!.resolution).toMatchObject({ decision: 'penalised', amountFen: 2000, note: '未在定点油站加油', decidedByName: '韩队长', decidedAt: '2026-12-02 09:00' });
    expect(m.unresolved).toBe(1);
  });

  it('an over-limit resolution goes stale when the excess changes, and must be made again', async () => {
    const first = await captain.ok('fuel.resolve', { month: NOV, vehicleId, decision: 'penalised', note: '超耗 30 升，按里程分摊' });
    expect(first.unresolved).toBe(0);
    // a forgotten invoice of November turns up: 10 L more, the excess is now 300.00 元
    await office.ok('fuel.create', { vehicleId, driverId: driverIdA, filledAt: '2026-11-05 13:00', stationId: 1, litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo: 'FP1004', fullTank: true });
    const m = await captain.ok('fuel.month', { month: NOV });
    expect(m.items[0]).toMatchObject({ amountFen: 30000, stale: true, resolution: { amountFen: 22500 } });
    expect(m.unresolved).toBe(1);
    expect((await captain.call('fuel.sign', { month: NOV })).ok).toBe(false);
    const again = await captain.ok('fuel.resolve', { month: NOV, vehicleId, decision: 'penalised', note: '超耗 40 升，按里程分摊' });
    expect(again.items[0]).toMatchObject({ stale: false, resolution: { amountFen: 30000, note: '超耗 40 升，按里程分摊' } });
  });

  it('signing shares the excess by km to the fen and charges the anomaly to its driver; the month is then closed to changes', async () => {
    const m = await captain.ok('fuel.sign', { month: NOV });
    expect(m).toMatchObject({ state: 'signed', signedByName: '韩队长', signedAt: '2026-12-02 09:00', unresolved: 0 });
    expect(m.penalties.map((p) => [p.driverName, p.km, p.amountFen, p.source])).toEqual([
      ['李志强', 600, 18000, 'excess'],
      ['张伟', 400, 12000, 'excess'],
      ['张伟', null, 2000, 'anomaly'],
    ]);
    expect(m.penaltyTotalFen).toBe(32000);
    const before = await tableCounts(h.backend);
    const late = await office.call('fuel.create', { vehicleId, driverId: driverIdA, filledAt: '2026-11-10 13:00', stationId: 1, litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo: 'FP1005', fullTank: true });
    expect(late.ok ? null : late.error).toMatchObject({ code: 'CONFLICT', fields: { filledAt: '2026-11 的油耗核算已于 2026-12-02 09:00 由 韩队长 签字，须由主任撤回签字后才能修改' } });
    expect((await captain.call('fuel.resolve', { month: NOV, vehicleId, decision: 'explained', note: '改为说明' })).ok).toBe(false);
    expect((await captain.call('fuel.sign', { month: NOV })).ok).toBe(false);
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('only the director reopens, with a reason; the old signature and penalties are kept, and a new signature makes new ones', async () => {
    expect((await captain.call('fuel.reopen', { month: NOV, reason: '补录发票' })).ok ? null : 'refused').toBe('refused');
    const noReason = await director.call('fuel.reopen', { month: NOV, reason: ' ' });
    expect(noReason.ok ? null : noReason.error.fields).toEqual({ reason: '必填' });
    const m = await director.ok('fuel.reopen', { month: NOV, reason: '补录 11 月 10 日的发票' });
    expect(m).toMatchObject({ state: 'open', penalties: [], history: [{ signedByName: '韩队长', reopenedByName: '郑主任', reopenReason: '补录 11 月 10 日的发票', reopenedAt: '2026-12-02 09:00' }] });
    expect((await director.call('fuel.reopen', { month: NOV, reason: '再次' })).ok).toBe(false);
    // the resolutions stay; the month is open to the late invoice, which makes the excess stale again
    await office.ok('fuel.create', { vehicleId, driverId: driverIdA, filledAt: '2026-11-10 13:00', stationId: 1, litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo: 'FP1005', fullTank: true });
    await captain.ok('fuel.resolve', { month: NOV, vehicleId, decision: 'explained', note: '冬季暖风，已核实' });
    const signed = await captain.ok('fuel.sign', { month: NOV });
    expect(signed.penalties.map((p) => [p.driverName, p.amountFen, p.source])).toEqual([['张伟', 2000, 'anomaly']]);
    expect(signed.history).toHaveLength(2);
    const counts = await tableCounts(h.backend);
    expect(counts.fuel_penalties).toBe(4); // the reopened signature's three, and the new one
    expect(counts.fuel_resolutions).toBe(4); // every resolution made (anomaly, excess three times), the replaced ones kept
  });

  it("a vehicle's twelve months show the seasonal step of its limit and November's figures", async () => {
    const t = await captain.ok('fuel.trend', { month: NOV, vehicleId });
    expect(t.months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(t.months.map((m) => m.limit)).toEqual([1400, 1400, 1400, 1400, 1400, 1400, 1400, 1600, 1600, 1600, 1400, 1400]);
    expect(t.months.filter((m) => m.seasonal).map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09']);
    // 190 L over 1 000 km
    expect(t.months.at(-1)).toMatchObject({ km: 1000, litres: 19000, actual: 1900, excessLitres: 5000 });
    expect(t.months[0]).toMatchObject({ km: 0, litres: 0, actual: null });
  });

  it("one fill's anomalies charge at most its amount; a serious case flags the drivers charged; a signed month shows what was signed", async () => {
    const OCT = '2026-10';
    // October: no trip, one fill at a roadside station with a wrong amount: four items
    const f = await office.ok('fuel.create', { vehicleId, driverId: driverIdA, filledAt: '2026-10-20 12:00', stationName: '路边加油点', litres: 1000, unitPriceFen: 750, amountFen: 7600, invoiceNo: 'FP0900', fullTank: true });
    const m = await captain.ok('fuel.month', { month: OCT });
    expect(m.items.map((i) => [i.anomalyKind ?? 'over', i.amountFen])).toEqual([
      ['over', 7600],
      ['station_not_approved', 7600],
      ['no_dispatch', 7600],
      ['amount_mismatch', 7600],
    ]);
    const anomaly = (kind: string, extra: Record<string, unknown>) => ({ month: OCT, vehicleId, fillupId: f.id, anomalyKind: kind, note: '私自在路边加油', ...extra }) as never;
    await captain.ok('fuel.resolve', anomaly('station_not_approved', { decision: 'penalised', amountFen: 5000 }));
    const before = await tableCounts(h.backend);
    const tooMuch = await captain.call('fuel.resolve', anomaly('amount_mismatch', { decision: 'penalised', amountFen: 3000 }));
    expect(tooMuch.ok ? null : tooMuch.error.fields).toEqual({ amountFen: '这次加油的其他异常已扣 50.00 元，本项最多还能扣 26.00 元' });
    const flagWithoutPenalty = await captain.call('fuel.resolve', anomaly('no_dispatch', { decision: 'explained', dismissal: true }));
    expect(flagWithoutPenalty.ok ? null : flagWithoutPenalty.error.fields).toEqual({ dismissal: '只有处罚的事项才能同时标记辞退' });
    expect(await tableCounts(h.backend)).toEqual(before);
    await captain.ok('fuel.resolve', anomaly('amount_mismatch', { decision: 'penalised', amountFen: 2600 }));
    await captain.ok('fuel.resolve', anomaly('no_dispatch', { decision: 'explained', note: '周末临时用车' }));
    // fuel bought without any trip: the excess falls on the driver who bought it
    await captain.ok('fuel.resolve', { month: OCT, vehicleId, decision: 'penalised', note: '虚报加油', dismissal: true });
    const signed = await captain.ok('fuel.sign', { month: OCT });
    expect(signed.penalties.map((p) => [p.driverName, p.km, p.amountFen, p.source])).toEqual([
      ['李志强', null, 7600, 'excess'],
      ['李志强', null, 5000, 'anomaly'],
      ['李志强', null, 2600, 'anomaly'],
    ]);
    const flags = await director.ok('personnel.flags', {});
    expect(flags.items.filter((x) => x.sourceType === 'fuel').map((x) => [x.driverName, x.sourceNumber, x.reason])).toEqual([['李志强', '2026-10 苏ED3101', '虚报加油']]);
    // a December fill reusing October's invoice number makes an anomaly in December, not in the signed October
    h.clock.now = new Date('2026-12-03T09:00:00');
    [office, captain] = [await h.as('bangongshi'), await h.as('duizhang')]; // a day later: logged in again
    await office.ok('fuel.create', { vehicleId, driverId: driverIdA, filledAt: '2026-12-03 08:00', stationId: 1, litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo: 'FP0900', fullTank: true });
    const after = await captain.ok('fuel.month', { month: OCT });
    expect(after).toMatchObject({ state: 'signed', unresolved: 0 });
    expect(after.items).toEqual(signed.items);
    expect((await captain.ok('fuel.month', { month: '2026-12' })).items.some((i) => i.anomalyKind === 'duplicate_invoice')).toBe(true);
  });
});
