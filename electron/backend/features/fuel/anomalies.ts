// The anomalies of a month's fill-ups, and the odometer marks they (and the audit's odometer
// km) are read against: each vehicle's fills and trip readings of the month, with the last one
// before it.
import { sql } from 'kysely';
import type { Anomaly } from '../../../../shared/api/fuel.ts';
import { expectedAmountFen, medianPrice, priceFarFromMedian } from '../../../../shared/domain/fuel.ts';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { addMonths } from '../../../../shared/domain/period.ts';
import type { Ctx } from '../../core/context.ts';
import { policyFor } from '../policy/service.ts';
import { L, Y } from './figures.ts';
import type { FillupRow, VehicleInfo } from './service.ts';

/**
 * The anomalies of a month's fill-ups: a fill larger than the tank; an odometer below the
 * vehicle's previous fill or dispatch reading; an invoice number used on another fill; a
 * station not on the approved list; a fill on a day the vehicle had no trip; a unit price more
 * than the policy's share away from the month's median for that fuel; an amount that is not
 * litres × unit price.
 */
export async function monthAnomalies(ctx: Ctx, month: string, fills: FillupRow[], vehicles: Map<number, VehicleInfo>, readings: Map<number, Mark[]>): Promise<Anomaly[]> {
  const policy = await policyFor(ctx.db, month);
  const out: Anomaly[] = [];
  const approvedStations = new Set((await ctx.db.selectFrom('fuel_stations').select('id').where('retired_at', 'is', null).execute()).map((s) => s.id));
  // The month's usual price of each fuel, over every vehicle's fills (also when one vehicle is audited).
  const prices = await ctx.db.selectFrom('fuel_fillups').select(['fuel_grade', 'unit_price_fen']).where('month', '=', month).execute();
  const medians = new Map<string, number>();
  for (const grade of new Set(prices.map((f) => f.fuel_grade))) medians.set(grade, medianPrice(prices.filter((f) => f.fuel_grade === grade).map((f) => f.unit_price_fen))!);
  const invoices = fills.length
    ? await ctx.db
        .selectFrom('fuel_fillups')
        .select(['invoice_no', (eb) => eb.fn.countAll<number>().as('n')])
        .where('invoice_no', 'in', [...new Set(fills.map((f) => f.invoice_no))])
        .groupBy('invoice_no')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute()
    : [];
  const duplicated = new Set(invoices.map((i) => i.invoice_no));
  // The days each vehicle was out on a trip (departure to return, both days included).
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  const trips = await tripsOverlapping(ctx, [...new Set(fills.map((f) => f.vehicle_id))], from, to);
  const onTrip = (vehicleId: number, day: string) =>
    (trips.get(vehicleId) ?? []).some((t) => t.departed_at.slice(0, 10) <= day && (t.returned_at === null || t.returned_at.slice(0, 10) >= day));

  // What each fill's odometer is compared with, read once for the month: the vehicles' fills
  // (and, given, their trip readings) in the month, and the last of each before it.
  const earlierFills = await withLastBefore(ctx, 'fuel_fillups', [...new Set(fills.map((f) => f.vehicle_id))], from, to);
  for (const f of fills) {
    const v = vehicles.get(f.vehicle_id)!;
    if (f.litres > v.tankCapacity) out.push({ kind: 'over_tank', fillupId: f.id, params: { litres: L(f.litres), tank: L(v.tankCapacity) } });
    if (f.odometer_km !== null) {
      const before = [lastBefore(earlierFills.get(f.vehicle_id) ?? [], f), lastBefore(readings.get(f.vehicle_id) ?? [], f, false)]
        .filter((x) => x !== null)
        .sort((a, b) => b.km - a.km)[0];
      if (before && f.odometer_km < before.km) out.push({ kind: 'odometer_backwards', fillupId: f.id, params: { km: f.odometer_km, before: before.km, at: before.at } });
    }
    if (duplicated.has(f.invoice_no)) out.push({ kind: 'duplicate_invoice', fillupId: f.id, params: { invoice: f.invoice_no } });
    if (f.station_id === null || !approvedStations.has(f.station_id)) out.push({ kind: 'station_not_approved', fillupId: f.id, params: { station: f.station_name } });
    if (!onTrip(f.vehicle_id, f.filled_at.slice(0, 10))) out.push({ kind: 'no_dispatch', fillupId: f.id, params: { day: f.filled_at.slice(0, 10) } });
    const median = medians.get(f.fuel_grade)!;
    if (priceFarFromMedian(f.unit_price_fen, median, policy.fuel.unitPriceDeviationBp)) {
      out.push({ kind: 'price_far', fillupId: f.id, params: { price: Y(f.unit_price_fen), median: Y(median), grade: f.fuel_grade, percent: formatFixed(policy.fuel.unitPriceDeviationBp, 2) } });
    }
    const expected = expectedAmountFen(f.litres, f.unit_price_fen);
    if (expected !== f.amount_fen) out.push({ kind: 'amount_mismatch', fillupId: f.id, params: { amount: Y(f.amount_fen), expected: Y(expected) } });
  }
  return out;
}

export interface Trip {
  vehicle_id: number;
  driver_id: number;
  departed_at: string;
  returned_at: string | null;
}

/**
 * Per vehicle, the trips that were out at some time in [from, to): those that left in it, and
 * the last one that left before it if it was still out at its start. A vehicle makes one trip at
 * a time (check-out and check-in refuse overlapping trips), so no earlier trip can reach into
 * it. Both halves read the (vehicle, start) index; a bound on the return alone read every trip
 * returned since `from` — ten years of them for an old month.
 */
export async function tripsOverlapping(ctx: Ctx, vehicleIds: number[], from: string, to: string): Promise<Map<number, Trip[]>> {
  const out = new Map<number, Trip[]>();
  if (vehicleIds.length === 0) return out;
  const rows = await sql<Trip>`
    SELECT vehicle_id, driver_id, departed_at, returned_at FROM dispatch_tickets
    WHERE vehicle_id IN (${sql.join(vehicleIds)}) AND start_at >= ${from} AND start_at < ${to} AND departed_at IS NOT NULL
    UNION ALL
    SELECT t.vehicle_id, t.driver_id, t.departed_at, t.returned_at FROM dispatch_tickets t
    WHERE t.id IN (
      SELECT (SELECT x.id FROM dispatch_tickets x WHERE x.vehicle_id = v.id AND x.start_at < ${from} AND x.departed_at IS NOT NULL ORDER BY x.start_at DESC, x.id DESC LIMIT 1)
      FROM vehicles v WHERE v.id IN (${sql.join(vehicleIds)})
    ) AND (t.returned_at IS NULL OR t.returned_at >= ${from})`.execute(ctx.db);
  for (const r of rows.rows) out.set(r.vehicle_id, [...(out.get(r.vehicle_id) ?? []), r]);
  return out;
}

export interface Mark {
  id: number;
  at: string;
  km: number;
}

/**
 * Per vehicle, in time order: the month's odometer marks (fills with an odometer, or trip
 * readings) and the last one before the month. Two queries for all vehicles.
 */
export async function withLastBefore(ctx: Ctx, table: 'fuel_fillups' | 'odometer_readings', vehicleIds: number[], from: string, to: string): Promise<Map<number, Mark[]>> {
  const out = new Map<number, Mark[]>();
  if (vehicleIds.length === 0) return out;
  const at = table === 'fuel_fillups' ? 'filled_at' : 'at';
  const km = table === 'fuel_fillups' ? 'odometer_km' : 'km';
  const rows = await sql<{ id: number; vehicle_id: number; at: string; km: number }>`
    SELECT id, vehicle_id, ${sql.ref(at)} AS at, ${sql.ref(km)} AS km FROM ${sql.table(table)}
    WHERE vehicle_id IN (${sql.join(vehicleIds)}) AND ${sql.ref(km)} IS NOT NULL AND ${sql.ref(at)} >= ${from} AND ${sql.ref(at)} < ${to}
    UNION ALL
    SELECT x.id, x.vehicle_id, x.${sql.ref(at)}, x.${sql.ref(km)} FROM ${sql.table(table)} x
    WHERE x.id IN (
      SELECT (SELECT y.id FROM ${sql.table(table)} y WHERE y.vehicle_id = v.id AND y.${sql.ref(km)} IS NOT NULL AND y.${sql.ref(at)} < ${from} ORDER BY y.${sql.ref(at)} DESC, y.id DESC LIMIT 1)
      FROM vehicles v WHERE v.id IN (${sql.join(vehicleIds)})
    )
    ORDER BY 2, 3, 1`.execute(ctx.db);
  for (const r of rows.rows) {
    const list = out.get(r.vehicle_id) ?? [];
    list.push({ id: r.id, at: r.at, km: r.km });
    out.set(r.vehicle_id, list);
  }
  return out;
}

/** The last mark before a fill (at the same minute, an earlier fill only). */
function lastBefore(marks: Mark[], f: { id: number; filled_at: string }, sameTable = true): Mark | null {
  let last: Mark | null = null;
  for (const m of marks) {
    if (m.at < f.filled_at || (m.at === f.filled_at && (!sameTable || m.id < f.id))) last = m;
  }
  return last;
}

/** Km by the odometer over the month: the month's last reading less the last one before it (or the km it came with). */
export function odometerKm(marks: Mark[], from: string, initialKm: number): number | null {
  const inMonth = marks.filter((m) => m.at >= from);
  const end = inMonth.at(-1);
  if (!end) return null;
  const start = marks.filter((m) => m.at < from).at(-1);
  return end.km - (start?.km ?? initialKm);
}
