// A fill on a day the vehicle was out is no "fill without a trip", also when the trip left in
// the month before (and came back in this one, or is still out), and whatever trips the vehicle
// made long before: the audit reads the trips of the month and the last one that left before it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHarness, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let office: Caller;
let director: Caller;
let captain: Caller;
const ids = { a: 0, b: 0, driverA: 0, driverB: 0, station: 0 };

/** A trip over several days: out on `out`, back on `back` (or still out when null). */
async function trip(vehicleId: number, driverId: number, out: string, back: string | null, outKm: number, km: number) {
  const { id } = await office.ok('dispatch.request', { vehicleId, driverId, purposeKind: 'delivery', destination: '外地配送', plannedDeparture: `${out} 08:00`, plannedReturn: `${back ?? out} 17:00` });
  await director.ok('dispatch.approve', { id, byPhone: true, approvedAt: `${out} 07:50` });
  await office.ok('dispatch.checkOut', { id, departedAt: `${out} 08:00`, odometerOutKm: outKm });
  if (back) await office.ok('dispatch.checkIn', { id, returnedAt: `${back} 17:00`, odometerInKm: outKm + km, parkedAtPlace: true });
}

beforeAll(async () => {
  h = await openHarness({ now: '2026-11-20T18:00:00' });
  const admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED4101: 10000, 苏ED4102: 30000 },
    parking: (i) => `车库 ${i + 1} 号位`,
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003' },
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang'],
  });
  ({ 苏ED4101: ids.a, 苏ED4102: ids.b } = depot.vehicles);
  ({ 李志强: ids.driverA, 张伟: ids.driverB } = depot.drivers);
  ids.station = depot.stations.中石化城东加油站;
  [office, director, captain] = [await h.as('bangongshi'), await h.as('zhuren'), await h.as('duizhang')];
  // A: a day trip long before, one in mid-October, then out from 30 October to 2 November.
  await dayTrip(office, director, { vehicleId: ids.a, driverId: ids.driverA, day: '2026-08-12', outKm: 10000, km: 100 });
  await dayTrip(office, director, { vehicleId: ids.a, driverId: ids.driverA, day: '2026-10-15', outKm: 10100, km: 100 });
  await trip(ids.a, ids.driverA, '2026-10-30', '2026-11-02', 10200, 600);
  await dayTrip(office, director, { vehicleId: ids.a, driverId: ids.driverA, day: '2026-11-10', outKm: 10800, km: 100 });
  // B: back on 29 October, then out since 31 October and not back yet.
  await trip(ids.b, ids.driverB, '2026-10-28', '2026-10-29', 30000, 200);
  await trip(ids.b, ids.driverB, '2026-10-31', null, 30200, 0);
});
afterAll(() => h.close());

const fillOn = (vehicleId: number, driverId: number, at: string, invoiceNo: string) =>
  office.ok('fuel.create', { vehicleId, driverId, filledAt: at, stationId: ids.station, litres: 3000, unitPriceFen: 750, amountFen: 22500, invoiceNo, fullTank: false });

it("fills on days the vehicle was out, on a trip from the month before or still out, are not 'without a trip'", async () => {
  const onFirst = await fillOn(ids.a, ids.driverA, '2026-11-01 12:00', 'FPX01');
  const onReturn = await fillOn(ids.a, ids.driverA, '2026-11-02 15:00', 'FPX02');
  const quiet = await fillOn(ids.a, ids.driverA, '2026-11-05 12:00', 'FPX03');
  const dayTripFill = await fillOn(ids.a, ids.driverA, '2026-11-10 12:00', 'FPX04');
  const stillOut = await fillOn(ids.b, ids.driverB, '2026-11-15 12:00', 'FPX05');
  const noTrip = (v: { anomalies: { kind: string; fillupId: number }[] }) => v.anomalies.filter((x) => x.kind === 'no_dispatch').map((x) => x.fillupId).sort();
  expect(noTrip(await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId: ids.a }))).toEqual([quiet.id]);
  expect(noTrip(await captain.ok('fuel.vehicle', { month: '2026-11', vehicleId: ids.b }))).toEqual([]);
  expect([onFirst.id, onReturn.id, dayTripFill.id, stillOut.id]).not.toContain(quiet.id);
  // the month's table says the same
  const audit = await captain.ok('fuel.audit', { month: '2026-11' });
  expect(audit.rows.find((r) => r.vehicleId === ids.a)!.anomalies).toBe(1);
  expect(audit.rows.find((r) => r.vehicleId === ids.b)!.anomalies).toBe(0);
});
