// A day's trip through the API, as the fleet office and the director make one: requested,
// approved by phone, out at 08:00 and back at 17:00 with `km` on the odometer, parked at its place.
import type { Caller } from './harness.ts';

export async function dayTrip(office: Caller, director: Caller, t: { vehicleId: number; driverId: number; day: string; outKm: number; km: number }): Promise<void> {
  const { id } = await office.ok('dispatch.request', { vehicleId: t.vehicleId, driverId: t.driverId, purposeKind: 'delivery', destination: '城东线', plannedDeparture: `${t.day} 08:00`, plannedReturn: `${t.day} 17:00` });
  await director.ok('dispatch.approve', { id, byPhone: true, approvedAt: `${t.day} 07:50` });
  await office.ok('dispatch.checkOut', { id, departedAt: `${t.day} 08:00`, odometerOutKm: t.outKm });
  await office.ok('dispatch.checkIn', { id, returnedAt: `${t.day} 17:00`, odometerInKm: t.outKm + t.km, parkedAtPlace: true });
}
