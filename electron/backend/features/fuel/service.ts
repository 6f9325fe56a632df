// Fill-ups and the monthly fuel audit (DOMAIN.md section 3). A fill-up keeps its own odometer
// reading: it is not added to the vehicle's odometer readings, because a reading between two
// trips would hide the unlogged mileage the dispatch log must flag; the audit compares it.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { FuelAudit, FuelAuditRow, FuelTrend, FuelVehicleAudit, Fillup, fillupCreateInput, fillupListInput } from '../../../../shared/api/fuel.ts';
import { auditFigures, expectedAmountFen, fullToFull, splitByWeight } from '../../../../shared/domain/fuel.ts';
import { floatForMonth, type ModelFuelSpec } from '../../../../shared/domain/fuel-limit.ts';
import { addMonths, monthOf, twelveMonths } from '../../../../shared/domain/period.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { countRows } from '../../core/sql.ts';
import { fieldError, notFound } from '../../core/errors.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import { requireActive } from '../masterdata/service.ts';
import { policyFor } from '../policy/service.ts';
import { monthAnomalies, odometerKm, withLastBefore } from './anomalies.ts';
import { L, Y } from './figures.ts';
import { requireOpenMonth } from './signoff.ts';


export function fillupQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('fuel_fillups as f')
    .innerJoin('vehicles as v', 'v.id', 'f.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'f.driver_id')
    .selectAll('f')
    .select(['v.plate', 'd.name as driver_name']);
}
export type FillupRow = Awaited<ReturnType<ReturnType<typeof fillupQuery>['executeTakeFirstOrThrow']>>;

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
  await assertMonthsOpen(ctx, [monthOf(input.filledAt)], 'filledAt');
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

export interface VehicleInfo {
  id: number;
  plate: string;
  modelName: string;
  spec: ModelFuelSpec;
  tankCapacity: number;
  initialKm: number;
}

export async function vehiclesFor(ctx: Ctx, vehicleId?: number): Promise<VehicleInfo[]> {
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

/**
 * The fills behind each vehicle's full-to-full figure of a month: from its last full fill with an
 * odometer reading before the month (or the month's start) to the month's end, in order. One
 * statement for every vehicle: each vehicle's start found on the (vehicle, time) index, then
 * its fills from there (MATERIALIZED and CROSS JOIN keep that order: flattened, SQLite read
 * every vehicle's ten years of fills and tested each against its start).
 */
async function fullToFullHistory(ctx: Ctx, vehicleIds: number[], from: string, to: string) {
  if (vehicleIds.length === 0) return new Map<number, never[]>();
  const { rows } = await sql<{ vehicle_id: number; id: number; litres: number; odometer_km: number | null; full_tank: number }>`
    WITH s AS MATERIALIZED (
      SELECT v.id AS vehicle_id, COALESCE((
        SELECT y.filled_at FROM fuel_fillups y
        WHERE y.vehicle_id = v.id AND y.full_tank = 1 AND y.odometer_km IS NOT NULL AND y.filled_at < ${from}
        ORDER BY y.filled_at DESC LIMIT 1), ${from}) AS start
      FROM vehicles v WHERE v.id IN (SELECT value FROM json_each(${JSON.stringify(vehicleIds)}))
    )
    SELECT f.vehicle_id, f.id, f.litres, f.odometer_km, f.full_tank
    FROM s CROSS JOIN fuel_fillups f ON f.vehicle_id = s.vehicle_id AND f.filled_at >= s.start AND f.filled_at < ${to}
    ORDER BY f.vehicle_id, f.filled_at, f.id`.execute(ctx.db);
  return Map.groupBy(rows, (r) => r.vehicle_id);
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
  const historyOf = await fullToFullHistory(ctx, vehicles.map((v) => v.id), from, to);
  // each vehicle's fills, km and anomalies, grouped once (not one pass over the month per vehicle)
  const fillsOf = Map.groupBy(fills, (f) => f.vehicle_id);
  const kmOf = new Map<number, number>();
  for (const k of km) kmOf.set(k.vehicleId, (kmOf.get(k.vehicleId) ?? 0) + k.km);
  const vehicleOfFill = new Map(fills.map((f) => [f.id, f.vehicle_id]));
  const anomaliesOf = new Map<number, number>();
  for (const a of anomalies) {
    const vid = vehicleOfFill.get(a.fillupId);
    if (vid !== undefined) anomaliesOf.set(vid, (anomaliesOf.get(vid) ?? 0) + 1);
  }
  const rows: FuelAuditRow[] = [];
  for (const v of vehicles) {
    const vFills = fillsOf.get(v.id) ?? [];
    const vKm = kmOf.get(v.id) ?? 0;
    const litres = vFills.reduce((s, f) => s + f.litres, 0);
    const amountFen = vFills.reduce((s, f) => s + f.amount_fen, 0);
    if (vKm === 0 && litres === 0 && !vehicleId) continue; // nothing to audit this month
    const float = floatForMonth(v.spec, month);
    const limit = v.spec.fuelStandard + float;
    const figures = auditFigures({ km: vKm, litres, amountFen, limit });
    const history = historyOf.get(v.id) ?? [];
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
      anomalies: anomaliesOf.get(v.id) ?? 0,
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

/**
 * Twelve months of one vehicle ending with `month`: each month's km, litres and limit through
 * the audit's own figures (auditFigures), read for the twelve months at once: the chart needs
 * none of the audit's anomalies, odometer or full-to-full reading.
 */
export async function trend(ctx: LoggedInCtx, month: string, vehicleId: number): Promise<FuelTrend> {
  const [v] = await vehiclesFor(ctx, vehicleId);
  if (!v) throw notFound('vehicles', vehicleId);
  const months = twelveMonths(month);
  const fills = await ctx.db
    .selectFrom('fuel_fillups')
    .select((eb) => ['month', eb.fn.sum<number>('litres').as('litres'), eb.fn.sum<number>('amount_fen').as('amount_fen')])
    .where('vehicle_id', '=', vehicleId)
    .where('filled_at', '>=', `${months[0]}-01`)
    .where('filled_at', '<', `${addMonths(month, 1)}-01`)
    .groupBy('month')
    .execute();
  const trips = await ctx.db
    .selectFrom('dispatch_tickets')
    .select((eb) => ['return_month', eb.fn.sum<number>('distance_km').as('km')])
    .where('return_month', 'in', months)
    .where('vehicle_id', '=', vehicleId)
    // `+status`: kept off the status index (nearly every ticket is closed), read from the
    // month-and-vehicle index instead, as the dashboard's fuel chart does
    .where(sql<string>`+status`, 'in', ['returned', 'closed'])
    .groupBy('return_month')
    .execute();
  const fillsOf = new Map(fills.map((f) => [f.month, f]));
  const kmOf = new Map(trips.map((t) => [t.return_month, Number(t.km)]));
  return {
    vehicleId,
    plate: v.plate,
    modelName: v.modelName,
    months: months.map((m) => {
      const km = kmOf.get(m) ?? 0;
      const litres = Number(fillsOf.get(m)?.litres ?? 0);
      const float = floatForMonth(v.spec, m);
      const limit = v.spec.fuelStandard + float;
      const figures = auditFigures({ km, litres, amountFen: Number(fillsOf.get(m)?.amount_fen ?? 0), limit });
      return { month: m, km, litres, actual: figures.actual, limit, seasonal: float !== v.spec.floatOrdinary, excessLitres: figures.excessLitres };
    }),
  };
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
  // A fill-up of a locked month changes no more, its reimbursement included.
  await assertMonthsOpen(ctx, rows.map((r) => r.month), 'ids');
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
