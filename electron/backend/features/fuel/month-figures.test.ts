// The month's figures computed for many vehicles or months at once agree with the vehicle's own
// page (fuel.vehicle): the full-to-full consumption in the month's table (fuel.audit) starts at
// each vehicle's own last full fill with an odometer reading before the month; the twelve-month
// chart (fuel.trend) gives each month's km, litres, limit and excess as that month's page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let ids: Record<string, number>;

beforeAll(async () => {
  h = await openHarness();
  const admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED4101: 900, 苏ED4102: 4900, 苏ED4103: 0 },
    drivers: { 李志强: 'KF1002' },
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang'],
  });
  ids = depot.vehicles;
  const office = await h.as('bangongshi');
  let invoice = 0;
  const fill = (plate: string, filledAt: string, litres: number, odometerKm: number | undefined, fullTank: boolean) =>
    office.ok('fuel.create', {
      vehicleId: ids[plate]!,
      driverId: depot.drivers.李志强,
      filledAt,
      stationId: depot.stations.中石化城东加油站,
      litres: litres * 100,
      unitPriceFen: 750,
      amountFen: litres * 750,
      invoiceNo: `FF${++invoice}`,
      fullTank,
      ...(odometerKm !== undefined ? { odometerKm } : {}),
    });
  // 苏ED4101: two full fills in October; November starts from the later one (1 500 km):
  // 20 L partial + 48 L full over 600 km = 11.33 L/100 km (from the earlier one it would be 10.73).
  await fill('苏ED4101', '2026-10-05 08:00', 40, 1000, true);
  await fill('苏ED4101', '2026-10-20 08:00', 50, 1500, true);
  await fill('苏ED4101', '2026-11-10 08:00', 20, 1800, false);
  await fill('苏ED4101', '2026-11-22 08:00', 48, 2100, true);
  // 苏ED4102: its start is a full fill of 15 October, its partial fill of the 25th is carried
  // into November's: 10 + 35 L over 500 km = 9.00 L/100 km. A full fill without odometer
  // later in October cannot be the start.
  await fill('苏ED4102', '2026-10-15 08:00', 30, 5000, true);
  await fill('苏ED4102', '2026-10-25 08:00', 10, 5200, false);
  await fill('苏ED4102', '2026-11-12 08:00', 35, 5500, true);
  // trips of 苏ED4101 in September, October and November (the trend's km)
  const director = await h.as('zhuren');
  await dayTrip(office, director, { vehicleId: ids.苏ED4101!, driverId: depot.drivers.李志强, day: '2026-09-10', outKm: 900, km: 80 });
  await dayTrip(office, director, { vehicleId: ids.苏ED4101!, driverId: depot.drivers.李志强, day: '2026-10-10', outKm: 1200, km: 300 });
  await dayTrip(office, director, { vehicleId: ids.苏ED4101!, driverId: depot.drivers.李志强, day: '2026-11-05', outKm: 1700, km: 400 });
  // 苏ED4103: nothing before November; its first full fill starts: 30 L over 300 km.
  await fill('苏ED4103', '2026-11-03 08:00', 40, 100, true);
  await fill('苏ED4103', '2026-11-20 08:00', 30, 400, true);
});
afterAll(() => h.close());

it("every vehicle's full-to-full figure starts at its own last full fill before the month, in the table as on its page", async () => {
  const captain = await h.as('duizhang');
  const table = await captain.ok('fuel.audit', { month: '2026-11' });
  const byPlate = Object.fromEntries(table.rows.map((r) => [r.plate, r.fullToFull]));
  expect(byPlate).toEqual({ 苏ED4101: 1133, 苏ED4102: 900, 苏ED4103: 1000 });
  for (const [plate, vehicleId] of Object.entries(ids)) {
    expect((await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId })).row.fullToFull, plate).toBe(byPlate[plate]);
  }
});

it("the twelve-month chart gives each month's figures as that month's page does", async () => {
  const captain = await h.as('duizhang');
  const vehicleId = ids.苏ED4101!;
  const t = await captain.ok('fuel.trend', { month: '2026-11', vehicleId });
  expect(t.months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  for (const m of t.months) {
    const { row } = await captain.ok('fuel.vehicle', { month: m.month, vehicleId });
    expect(m, m.month).toEqual({ month: m.month, km: row.km, litres: row.litres, actual: row.actual, limit: row.limit, seasonal: row.seasonal, excessLitres: row.excessLitres });
  }
  // September: 80 km, no fuel; October: 300 km and 90 L (over the limit); November: 400 km, 68 L
  expect(t.months.slice(-3).map((m) => [m.km, m.litres, m.limit, m.seasonal])).toEqual([
    [80, 0, 1400, false],
    [300, 9000, 1400, false],
    [400, 6800, 1400, false],
  ]);
  expect(t.months.at(-2)!.excessLitres).toBeGreaterThan(0);
});
