// Routine maintenance (例保): due by mileage per model, reminded a policy distance ahead.
// A vehicle's next service falls due one interval after its last recorded service (or after
// the km it came with); the list is computed for the fleet's active vehicles.
import type { z } from 'zod';
import type { routineDueInput, routineRecordInput } from '../../../../shared/api/maintenance.ts';
import { routineStatus, type RoutineState } from '../../../../shared/domain/maintenance.ts';
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { fieldError, notFound } from '../../core/errors.ts';
import { requireActive } from '../masterdata/service.ts';
import { policyFor } from '../policy/service.ts';

const STATE_ORDER: Record<RoutineState, number> = { overdue: 0, due: 1, ok: 2 };

/** Each active vehicle with its odometer (latest reading, else the initial one) and last service. */
function vehiclesQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('vehicles as v')
    .innerJoin('vehicle_models as m', 'm.id', 'v.model_id')
    .select(['v.id', 'v.plate', 'v.initial_odometer_km', 'm.name as model_name', 'm.maintenance_interval_km'])
    .select((eb) => [
      eb.selectFrom('odometer_readings as r').select('r.km').whereRef('r.vehicle_id', '=', 'v.id').orderBy('r.at', 'desc').orderBy('r.km', 'desc').limit(1).as('last_km'),
      eb.selectFrom('routine_services as s').select('s.odometer_km').whereRef('s.vehicle_id', '=', 'v.id').orderBy('s.odometer_km', 'desc').limit(1).as('service_km'),
      eb.selectFrom('routine_services as s').select('s.done_on').whereRef('s.vehicle_id', '=', 'v.id').orderBy('s.odometer_km', 'desc').limit(1).as('service_on'),
    ])
    .where('v.retired_at', 'is', null);
}

export async function dueList(ctx: LoggedInCtx, input: z.output<typeof routineDueInput>) {
  const reminderKm = (await policyFor(ctx.db, monthOf(localDate(ctx.now)))).maintenance.routineReminderKm;
  let q = vehiclesQuery(ctx);
  if (input.vehicleId) q = q.where('v.id', '=', input.vehicleId);
  const rows = (await q.execute()).map((r) => {
    const odometerKm = r.last_km ?? r.initial_odometer_km;
    const s = routineStatus(odometerKm, r.service_km ?? r.initial_odometer_km, r.maintenance_interval_km, reminderKm);
    return {
      vehicleId: r.id,
      plate: r.plate,
      modelName: r.model_name,
      intervalKm: r.maintenance_interval_km,
      odometerKm,
      lastServiceOn: r.service_on ?? null,
      lastServiceKm: r.service_km ?? null,
      ...s,
    };
  });
  const counts = { ok: 0, due: 0, overdue: 0 };
  for (const r of rows) counts[r.state] += 1;
  const shown = rows
    .filter((r) => !input.states?.length || input.states.includes(r.state))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.remainingKm - b.remainingKm || a.plate.localeCompare(b.plate));
  const start = (input.page - 1) * input.pageSize;
  return { items: shown.slice(start, start + input.pageSize), total: shown.length, counts, reminderKm };
}

function serviceQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('routine_services as s')
    .innerJoin('vehicles as v', 'v.id', 's.vehicle_id')
    .leftJoin('repair_shops as shop', 'shop.id', 's.shop_id')
    .selectAll('s')
    .select(['v.plate', 'shop.name as shop_name']);
}
type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceQuery>['executeTakeFirstOrThrow']>>;

function toEntity(r: ServiceRow) {
  return {
    id: r.id,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    doneOn: r.done_on,
    odometerKm: r.odometer_km,
    shopName: r.shop_name,
    note: r.note,
    recordedByName: r.recorded_by_name,
    recordedAt: r.recorded_at,
  };
}

export async function history(ctx: LoggedInCtx, vehicleId: number) {
  const vehicle = await ctx.db.selectFrom('vehicles').select('id').where('id', '=', vehicleId).executeTakeFirst();
  if (!vehicle) throw notFound('vehicles', vehicleId);
  const rows = await serviceQuery(ctx).where('s.vehicle_id', '=', vehicleId).orderBy('s.odometer_km', 'desc').orderBy('s.id', 'desc').execute();
  return { items: rows.map(toEntity) };
}

/** A service done: not in the future, and not at more km than the vehicle has driven. */
export async function recordService(ctx: LoggedInCtx, input: z.output<typeof routineRecordInput>) {
  await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  if (input.shopId !== undefined) await requireActive(ctx, 'shops', input.shopId, 'shopId');
  const today = localDate(ctx.now);
  if (input.doneOn > today) throw fieldError('INVALID_INPUT', 'doneOn', { key: 'err.futureDate', params: { today } });
  const [v] = await vehiclesQuery(ctx).where('v.id', '=', input.vehicleId).execute();
  const odometerKm = v!.last_km ?? v!.initial_odometer_km;
  if (input.odometerKm > odometerKm) throw fieldError('CONFLICT', 'odometerKm', { key: 'err.serviceAboveOdometer', params: { km: odometerKm, plate: v!.plate } });
  // Services follow the odometer: a later one cannot be at fewer km than an earlier one.
  const clash = await ctx.db
    .selectFrom('routine_services')
    .select(['done_on', 'odometer_km'])
    .where('vehicle_id', '=', input.vehicleId)
    .where((eb) =>
      eb.or([
        eb.and([eb('done_on', '<', input.doneOn), eb('odometer_km', '>', input.odometerKm)]),
        eb.and([eb('done_on', '>', input.doneOn), eb('odometer_km', '<', input.odometerKm)]),
      ]),
    )
    .executeTakeFirst();
  if (clash) throw fieldError('CONFLICT', 'odometerKm', { key: 'err.serviceOutOfOrder', params: { on: clash.done_on, km: clash.odometer_km } });
  const { id } = await ctx.db
    .insertInto('routine_services')
    .values({
      vehicle_id: input.vehicleId,
      done_on: input.doneOn,
      odometer_km: input.odometerKm,
      shop_id: input.shopId ?? null,
      note: input.note ?? null,
      recorded_by_name: ctx.actor.displayName,
      recorded_at: nowMinute(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'routine.record', entity: 'routine_services', entityId: id, after: input });
  return toEntity(await serviceQuery(ctx).where('s.id', '=', id).executeTakeFirstOrThrow());
}
