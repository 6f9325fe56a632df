// The month's full-to-full consumption of every vehicle at once (fuel.audit) starts at each
// vehicle's own last full fill with an odometer reading before the month, and agrees with the
// vehicle's own page (fuel.vehicle).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';

let h: Harness;
let ids: Record<string, number>;

beforeAll(async () => {
  h = await openHarness();
  const admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED4101: 900, 苏ED4102: 4900, 苏ED4103: 0 },
    drivers: { 李志强: 'KF1002' },
    stations: ['中石化城东加油站'],
    staff: ['bangongshi', 'duizhang'],
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
