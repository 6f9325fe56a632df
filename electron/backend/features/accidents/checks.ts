// The field checks shared by recording and editing an accident: the vehicle and driver, the
// time, the dispatch ticket (or private use), the unlogged-mileage flag, and the insurance.
import type { z } from 'zod';
import type { accidentCreateInput } from '../../../../shared/api/accidents.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { nowMinute, type LoggedInCtx } from '../../core/context.ts';
import { fieldError } from '../../core/errors.ts';
import { requireActive } from '../masterdata/service.ts';
import type { AccidentRow } from './rows.ts';

/** The accident's own fields, as create and update both take them. */
export type Fields = Omit<z.output<typeof accidentCreateInput>, 'flagId'>;

/** The unlogged-mileage flag an accident is recorded from: its kind, vehicle, private use, not used twice. */
async function checkFlag(ctx: LoggedInCtx, input: Fields, flagId: number, isNew: boolean): Promise<void> {
  const flag = await ctx.db
    .selectFrom('dispatch_flags as f')
    .innerJoin('dispatch_tickets as t', 't.id', 'f.ticket_id')
    .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
    .select(['f.id', 'f.kind', 't.vehicle_id', 'v.plate'])
    .where('f.id', '=', flagId)
    .executeTakeFirst();
  if (!flag) throw fieldError('NOT_FOUND', 'flagId', { key: 'err.notFound', params: { entity: '$t(entity.dispatchFlag)', id: flagId } });
  if (flag.kind !== 'unlogged_mileage') throw fieldError('INVALID_INPUT', 'flagId', { key: 'err.accidentFlagKind' });
  if (flag.vehicle_id !== input.vehicleId) throw fieldError('INVALID_INPUT', 'vehicleId', { key: 'err.accidentFlagVehicle', params: { plate: flag.plate } });
  // Recorded from an unlogged-mileage flag: private use by definition; refused rather than
  // silently changed, so the form shows why.
  if (!input.privateUse) throw fieldError('INVALID_INPUT', 'privateUse', { key: 'err.accidentFlagPrivate' });
  if (isNew) {
    const used = await ctx.db.selectFrom('accidents').select('number').where('flag_id', '=', flagId).executeTakeFirst();
    if (used) throw fieldError('CONFLICT', 'flagId', { key: 'err.accidentFlagUsed', params: { number: used.number } });
  }
}

/** The ticket the accident happened on: same vehicle and driver, and the time within the trip. */
async function checkTicket(ctx: LoggedInCtx, input: Fields, ticketId: number, now: string): Promise<void> {
  const t = await ctx.db
    .selectFrom('dispatch_tickets as t')
    .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 't.driver_id')
    .select(['t.id', 't.number', 't.vehicle_id', 't.driver_id', 't.departed_at', 't.returned_at', 'v.plate', 'd.name as driver_name'])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!t) throw fieldError('NOT_FOUND', 'ticketId', { key: 'err.notFound', params: { entity: '$t(entity.dispatch)', id: ticketId } });
  if (t.vehicle_id !== input.vehicleId || t.driver_id !== input.driverId) {
    throw fieldError('INVALID_INPUT', 'ticketId', { key: 'err.accidentTicketMismatch', params: { ticket: t.number, plate: t.plate, driver: t.driver_name } });
  }
  const end = t.returned_at ?? now;
  if (t.departed_at === null || input.occurredAt < t.departed_at || input.occurredAt > end) {
    throw fieldError('INVALID_INPUT', 'occurredAt', { key: 'err.accidentTicketTime', params: { at: input.occurredAt, ticket: t.number } });
  }
}

/**
 * The checks shared by create and update. `before` is the stored accident on update
 * (references kept unchanged are not re-checked).
 */
export async function checkFields(ctx: LoggedInCtx, input: Fields, flagId: number | null, before: AccidentRow | null): Promise<void> {
  if (!before || before.vehicle_id !== input.vehicleId) await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  if (!before || before.driver_id !== input.driverId) await requireActive(ctx, 'drivers', input.driverId, 'driverId');
  const now = nowMinute(ctx);
  if (input.occurredAt > now) throw fieldError('INVALID_INPUT', 'occurredAt', { key: 'err.accidentFuture' });

  if (flagId !== null) await checkFlag(ctx, input, flagId, !before);

  if (input.ticketId !== undefined) {
    if (input.privateUse) throw fieldError('INVALID_INPUT', 'ticketId', { key: 'err.accidentPrivateTicket' });
    await checkTicket(ctx, input, input.ticketId, now);
  }

  const costFen = input.costs.reduce((s, c) => s + c.amountFen, 0);
  if (input.insuranceFen > costFen) {
    throw fieldError('INVALID_INPUT', 'insuranceFen', { key: 'err.insuranceOverCost', params: { insurance: formatFen(input.insuranceFen), cost: formatFen(costFen) } });
  }
}
