// Fill-ups and the monthly fuel audit (DOMAIN.md section 3). A fill-up keeps its own odometer
// reading: it is not added to the vehicle's odometer readings, because a reading between two
// trips would hide the unlogged mileage the dispatch log must flag; the audit compares it.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Anomaly, FuelAudit, FuelAuditRow, FuelTrend, FuelVehicleAudit, Fillup, fillupCreateInput, fillupListInput } from '../../../../shared/api/fuel.ts';
import { formatFen, formatFixed } from '../../../../shared/domain/money.ts';
import { auditFigures, expectedAmountFen, fullToFull, medianPrice, priceFarFromMedian, splitByWeight } from '../../../../shared/domain/fuel.ts';
import { floatForMonth, type ModelFuelSpec } from '../../../../shared/domain/fuel-limit.ts';
import { addMonths, monthOf } from '../../../../shared/domain/period.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { countRows } from '../../core/sql.ts';
import { fieldError, notFound } from '../../core/errors.ts';
import { requireActive } from '../masterdata/service.ts';
import { policyFor } from '../policy/service.ts';
import { requireOpenMonth } from './signoff.ts';

// Figures in messages are shown as the people read them: litres and L/100 km to 0.01, yuan to the fen.
export const L = (hundredths: number) => formatFixed(hundredths, 2);
export const Y = (fen: number) => formatFen(fen);

function fillupQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('fuel_fillups as f')
    .innerJoin('vehicles as v', 'v.id', 'f.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'f.driver_id')
    .selectAll('f')
    .select(['v.plate', 'd.name as driver_name']);
}
type FillupRow = Awaited<ReturnType<ReturnType<typeof fillupQuery>['executeTakeFirstOrThrow']>>;

function toEntity(r: FillupRow): Fillup {
  return {
    id: r.id,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    driverId: r.driver_id,
    driverName: r.driver_name,
    filledAt: r.filled_at,
    stationId: r.station_id,
    stationName: r.station_name,
    fuelGrade: r.fuel_grade,
    litres: r.litres,
    unitPriceFen: r.unit_price_fen,
    amountFen: r.amount_fen,
    expectedAmountFen: expectedAmountFen(r.litres, r.unit_price_fen),
    invoiceNo: r.invoice_no,
    odometerKm: r.odometer_km,
    fullTank: r.full_tank === 1,
    source: r.source,
    note: r.note,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    state: r.approved_at ? 'approved' : r.registered_at ? 'registered' : 'entered',
    registeredAt: r.registered_at,
    registeredByName: r.registered_by_name,
    approvedAt: r.approved_at,
    approvedByName: r.approved_by_name,
  };
}

export async function createFillup(ctx: LoggedInCtx, input: z.output<typeof fillupCreateInput>, source = 'manual'): Promise<Fillup> {
  if (drivesOnly(ctx) && input.driverId !== ctx.actor.driverId) throw fieldError('FORBIDDEN', 'driverId', { key: 'err.ownFillupsOnly' });
  await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  await requireActive(ctx, 'drivers', input.driverId, 'driverId');
  if (input.filledAt > nowMinute(ctx)) throw fieldError('INVALID_INPUT', 'filledAt', { key: 'err.futureTime', params: { now: nowMinute(ctx) } });
  await requireOpenMonth(ctx, monthOf(input.filledAt), 'filledAt');
  // A station on the approved list must exist; one not on it is kept by name (an anomaly).
  // A station chosen from the list must be one still approved; another is entered by its name.
  const station = input.stationId !== undefined ? ((await requireActive(ctx, 'stations', input.stationId, 'stationId')) as { id: number; name: string }) : undefined;
  const { id } = await ctx.db
    .insertInto('fuel_fillups')
    .values({
      vehicle_id: input.vehicleId,
      driver_id: input.driverId,
      filled_at: input.filledAt,
      month: monthOf(input.filledAt),
      station_id: station?.id ?? null,
      station_name: station?.name ?? input.stationName!,
      fuel_grade: input.fuelGrade,
      litres: input.litres,
      unit_price_fen: input.unitPriceFen,
      amount_fen: input.amountFen,
      invoice_no: input.invoiceNo,
      odometer_km: input.odometerKm ?? null,
      full_tank: input.fullTank ? 1 : 0,
      source,
      note: input.note ?? null,
      created_at: nowMinute(ctx),
      created_by_name: ctx.actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'fuel.create', entity: 'fuel_fillups', entityId: id, after: { ...input, source } });
  return toEntity(await fillupQuery(ctx).where('f.id', '=', id).executeTakeFirstOrThrow());
}

export async function listFillups(ctx: LoggedInCtx, input: z.output<typeof fillupListInput>) {
  let q = fillupQuery(ctx);
  if (drivesOnly(ctx)) q = q.where('f.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.month) q = q.where('f.month', '=', input.month);
  if (input.vehicleId) q = q.where('f.vehicle_id', '=', input.vehicleId);
  if (input.state === 'entered') q = q.where('f.registered_at', 'is', null);
  if (input.state === 'registered') q = q.where('f.registered_at', 'is not', null).where('f.approved_at', 'is', null);
  if (input.state === 'approved') q = q.where('f.approved_at', 'is not', null);
  const total = await countRows(q);
  const rows = await q.orderBy('f.filled_at', 'desc').orderBy('f.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  return { items: rows.map(toEntity), total };
}

interface VehicleInfo {
  id: number;
  plate: string;
  modelName: string;
  spec: ModelFuelSpec;
  tankCapacity: number;
  initialKm: number;
}

async function vehiclesFor(ctx: Ctx, vehicleId?: number): Promise<VehicleInfo[]> {
  let q = ctx.db
    .selectFrom('vehicles as v')
    .innerJoin('vehicle_models as m', 'm.id', 'v.model_id')
    .select(['v.id', 'v.plate', 'm.name', 'm.fuel_standard', 'm.float_ordinary', 'm.seasonal_floats', 'm.tank_capacity', 'v.initial_odometer_km'])
    .orderBy('v.plate');
  if (vehicleId) q = q.where('v.id', '=', vehicleId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    plate: r.plate,
    modelName: r.name,
    tankCapacity: r.tank_capacity,
    initialKm: r.initial_odometer_km,
    spec: { fuelStandard: r.fuel_standard, floatOrdinary: r.float_ordinary, seasonalFloats: JSON.parse(r.seasonal_floats) as ModelFuelSpec['seasonalFloats'] },
  }));
}

/**
 * The anomalies of a month's fill-ups: a fill larger than the tank; an odometer below the
 * vehicle's previous fill or dispatch reading; an invoice number used on another fill; a
 * station not on the approved list; a fill on a day the vehicle had no trip; a unit price more
 * than the policy's share away from the month's median for that fuel; an amount that is not
 * litres × unit price.
 */
async function monthAnomalies(ctx: Ctx, month: string, fills: FillupRow[], vehicles: Map<number, VehicleInfo>, readings: Map<number, Mark[]>): Promise<Anomaly[]> {
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
  const trips = await ctx.db
    .selectFrom('dispatch_tickets')
    .select(['vehicle_id', 'departed_at', 'returned_at'])
    .where('departed_at', 'is not', null)
    .where('departed_at', '<', to)
    .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>=', from)]))
    .execute();
  const onTrip = (vehicleId: number, day: string) =>
    trips.some((t) => t.vehicle_id === vehicleId && t.departed_at!.slice(0, 10) <= day && (t.returned_at === null || t.returned_at.slice(0, 10) >= day));

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

interface Mark {
  id: number;
  at: string;
  km: number;
}

/**
 * Per vehicle, in time order: the month's odometer marks (fills with an odometer, or trip
 * readings) and the last one before the month. Two queries for all vehicles.
 */
async function withLastBefore(ctx: Ctx, table: 'fuel_fillups' | 'odometer_readings', vehicleIds: number[], from: string, to: string): Promise<Map<number, Mark[]>> {
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

/** Km per vehicle and driver from the dispatch log (by return month), and by odometer readings. */
async function monthKm(ctx: Ctx, month: string, vehicleId?: number) {
  let q = ctx.db
    .selectFrom('dispatch_tickets as t')
    .innerJoin('drivers as d', 'd.id', 't.driver_id')
    .select((eb) => ['t.vehicle_id', 't.driver_id', 'd.name', eb.fn.sum<number>('t.distance_km').as('km')])
    .where('t.return_month', '=', month)
    .where('t.status', 'in', ['returned', 'closed'])
    .groupBy(['t.vehicle_id', 't.driver_id', 'd.name'])
    .orderBy('t.driver_id');
  if (vehicleId) q = q.where('t.vehicle_id', '=', vehicleId);
  return (await q.execute()).map((r) => ({ vehicleId: r.vehicle_id, driverId: r.driver_id, name: r.name, km: Number(r.km) }));
}

/** Km by the odometer over the month: the month's last reading less the last one before it (or the km it came with). */
function odometerKm(marks: Mark[], from: string, initialKm: number): number | null {
  const inMonth = marks.filter((m) => m.at >= from);
  const end = inMonth.at(-1);
  if (!end) return null;
  const start = marks.filter((m) => m.at < from).at(-1);
  return end.km - (start?.km ?? initialKm);
}

export async function auditRows(ctx: Ctx, month: string, vehicleId?: number) {
  const vehicles = await vehiclesFor(ctx, vehicleId);
  const byId = new Map(vehicles.map((v) => [v.id, v]));
  let fq = fillupQuery(ctx).where('f.month', '=', month);
  if (vehicleId) fq = fq.where('f.vehicle_id', '=', vehicleId);
  const fills = await fq.orderBy('f.filled_at').orderBy('f.id').execute();
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  const readings = await withLastBefore(ctx, 'odometer_readings', vehicles.map((v) => v.id), from, to);
  const anomalies = await monthAnomalies(ctx, month, fills, byId, readings);
  const km = await monthKm(ctx, month, vehicleId);
  const rows: FuelAuditRow[] = [];
  for (const v of vehicles) {
    const vFills = fills.filter((f) => f.vehicle_id === v.id);
    const vKm = km.filter((k) => k.vehicleId === v.id).reduce((s, k) => s + k.km, 0);
    const litres = vFills.reduce((s, f) => s + f.litres, 0);
    const amountFen = vFills.reduce((s, f) => s + f.amount_fen, 0);
    if (vKm === 0 && litres === 0 && !vehicleId) continue; // nothing to audit this month
    const float = floatForMonth(v.spec, month);
    const limit = v.spec.fuelStandard + float;
    const figures = auditFigures({ km: vKm, litres, amountFen, limit });
    // The month's full-to-full figure: from the last full fill before the month to the month's end.
    const start = await ctx.db
      .selectFrom('fuel_fillups')
      .select('filled_at')
      .where('vehicle_id', '=', v.id)
      .where('full_tank', '=', 1)
      .where('odometer_km', 'is not', null)
      .where('filled_at', '<', `${month}-01`)
      .orderBy('filled_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const history = await ctx.db
      .selectFrom('fuel_fillups')
      .select(['id', 'litres', 'odometer_km', 'full_tank'])
      .where('vehicle_id', '=', v.id)
      .where('filled_at', '>=', start?.filled_at ?? `${month}-01`)
      .where('filled_at', '<', to)
      .orderBy('filled_at')
      .orderBy('id')
      .execute();
    const f2f = fullToFull(history.map((h) => ({ id: h.id, litres: h.litres, odometerKm: h.odometer_km, fullTank: h.full_tank === 1 })));
    rows.push({
      vehicleId: v.id,
      plate: v.plate,
      modelName: v.modelName,
      km: vKm,
      odometerKm: odometerKm(readings.get(v.id) ?? [], from, v.initialKm),
      litres,
      amountFen,
      standard: v.spec.fuelStandard,
      float,
      limit,
      seasonal: float !== v.spec.floatOrdinary,
      ...figures,
      anomalies: anomalies.filter((a) => vFills.some((f) => f.id === a.fillupId)).length,
      fullToFull: f2f.consumption,
    });
  }
  return { rows, fills, anomalies, km };
}

export async function audit(ctx: LoggedInCtx, month: string): Promise<FuelAudit> {
  const { rows } = await auditRows(ctx, month);
  const sum = (k: 'km' | 'litres' | 'amountFen' | 'excessLitres' | 'excessFen' | 'anomalies') => rows.reduce((s, r) => s + r[k], 0);
  return {
    month,
    rows,
    totals: { km: sum('km'), litres: sum('litres'), amountFen: sum('amountFen'), excessLitres: sum('excessLitres'), excessFen: sum('excessFen'), over: rows.filter((r) => r.status === 'over').length, anomalies: sum('anomalies') },
  };
}

export async function vehicleAudit(ctx: LoggedInCtx, month: string, vehicleId: number): Promise<FuelVehicleAudit> {
  const { rows, fills, anomalies, km } = await auditRows(ctx, month, vehicleId);
  const row = rows[0];
  if (!row) throw notFound('vehicles', vehicleId);
  const policy = await policyFor(ctx.db, month);
  const weights = km.map((k) => (policy.fuel.shareExcessByKm ? k.km : 1));
  const shares = splitByWeight(row.excessFen, weights);
  const trips = await ctx.db
    .selectFrom('dispatch_tickets as t')
    .innerJoin('drivers as d', 'd.id', 't.driver_id')
    .select(['t.id', 't.number', 'd.name', 't.departed_at', 't.returned_at', 't.distance_km'])
    .where('t.vehicle_id', '=', vehicleId)
    .where('t.return_month', '=', month)
    .where('t.status', 'in', ['returned', 'closed'])
    .orderBy('t.departed_at')
    .execute();
  return {
    row,
    fillups: fills.map(toEntity),
    trips: trips.map((t) => ({ ticketId: t.id, number: t.number, driverName: t.name, departedAt: t.departed_at, returnedAt: t.returned_at, km: t.distance_km ?? 0 })),
    drivers: km.map((k, i) => ({ driverId: k.driverId, name: k.name, km: k.km, shareFen: shares[i]! })),
    anomalies,
    steps: explain(row),
  };
}

/** Twelve months of one vehicle ending with `month`, each figure from that month's audit. */
export async function trend(ctx: LoggedInCtx, month: string, vehicleId: number): Promise<FuelTrend> {
  const [v] = await vehiclesFor(ctx, vehicleId);
  if (!v) throw notFound('vehicles', vehicleId);
  const months: FuelTrend['months'] = [];
  for (let i = 11; i >= 0; i--) {
    const m = addMonths(month, -i);
    const row = (await auditRows(ctx, m, vehicleId)).rows[0]!;
    months.push({ month: m, km: row.km, litres: row.litres, actual: row.actual, limit: row.limit, seasonal: row.seasonal, excessLitres: row.excessLitres });
  }
  return { vehicleId, plate: v.plate, modelName: v.modelName, months };
}

/** The computation in the words of a fleet captain: message keys with the row's figures. */
function explain(r: FuelAuditRow): { key: string; params: Record<string, string | number> }[] {
  const steps: { key: string; params: Record<string, string | number> }[] = [
    { key: 'fuelStep.km', params: { km: r.km } },
    { key: 'fuelStep.litres', params: { litres: L(r.litres), amount: Y(r.amountFen) } },
    { key: r.seasonal ? 'fuelStep.limitSeasonal' : 'fuelStep.limit', params: { standard: L(r.standard), float: L(r.float), limit: L(r.limit), model: r.modelName } },
    { key: 'fuelStep.allowed', params: { km: r.km, limit: L(r.limit), allowed: L(r.allowedLitres) } },
  ];
  if (r.actual !== null) steps.push({ key: 'fuelStep.actual', params: { litres: L(r.litres), km: r.km, actual: L(r.actual) } });
  steps.push({ key: r.excessLitres > 0 ? 'fuelStep.excess' : 'fuelStep.noExcess', params: { litres: L(r.litres), allowed: L(r.allowedLitres), excess: L(r.excessLitres) } });
  if (r.excessLitres > 0 && r.averagePriceFen !== null) steps.push({ key: 'fuelStep.value', params: { excess: L(r.excessLitres), price: Y(r.averagePriceFen), value: Y(r.excessFen) } });
  if (r.odometerKm !== null && r.odometerKm !== r.km) steps.push({ key: 'fuelStep.odometerDiffers', params: { km: r.km, odometer: r.odometerKm } });
  return steps;
}

/**
 * The reimbursement steps, for many invoices at once: the captain registers entered ones, the
 * manager office approves registered ones. All or none: the first that cannot is named.
 */
export async function reimburseStep(ctx: LoggedInCtx, step: 'register' | 'approve', ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = await fillupQuery(ctx).where('f.id', 'in', unique).execute();
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing !== undefined) throw fieldError('NOT_FOUND', 'ids', { key: 'err.notFound', params: { entity: '$t(entity.fillups)', id: missing } });
  for (const r of rows) {
    const state = toEntity(r).state;
    if (step === 'register' && state !== 'entered') throw fieldError('CONFLICT', 'ids', { key: 'err.fillupRegistered', params: { invoice: r.invoice_no, plate: r.plate, at: r.registered_at, by: r.registered_by_name } });
    if (step === 'approve' && state !== 'registered') {
      throw fieldError('CONFLICT', 'ids', { key: state === 'entered' ? 'err.fillupNotRegistered' : 'err.fillupApproved', params: { invoice: r.invoice_no, plate: r.plate, at: r.approved_at, by: r.approved_by_name } });
    }
  }
  const changes = step === 'register' ? { registered_at: nowMinute(ctx), registered_by_name: ctx.actor.displayName } : { approved_at: nowMinute(ctx), approved_by_name: ctx.actor.displayName };
  await ctx.db.updateTable('fuel_fillups').set(changes).where('id', 'in', unique).execute();
  for (const id of unique) await ctx.audit({ action: `fuel.${step}`, entity: 'fuel_fillups', entityId: id, after: changes });
  const items = (await fillupQuery(ctx).where('f.id', 'in', unique).orderBy('f.filled_at').execute()).map(toEntity);
  return { count: items.length, items };
}
