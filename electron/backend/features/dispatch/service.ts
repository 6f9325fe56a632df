// The dispatch workflow: request → approve (or reject) → check out → check in → close, with
// cancel before departure. Each step checks the rules of shared/domain/dispatch.ts against
// the policy in force for the departure's month, writes a timeline event and an audit row
// in the same transaction, and refuses with a message naming the field.
import type { z } from 'zod';
import type { dispatchApproveInput, dispatchCheckInInput, dispatchCheckOutInput, dispatchRequestInput, TicketDetail } from '../../../../shared/api/dispatch.ts';
import {
  dateOf,
  isOvernight,
  maxTripKm,
  minuteAfter,
  NEXT_STATUSES,
  odometerBounds,
  permitValidOn,
  tripMonth,
  unloggedGapKm,
  windowsOverlap,
  type FlagKind,
  type TicketStatus,
  type TimeWindow,
} from '../../../../shared/domain/dispatch.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { DISPATCH_DRIVERS, DISPATCH_REVIEWERS } from '../../../../shared/api/index.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import { requireActive } from '../masterdata/service.ts';
import { policyFor } from '../policy/service.ts';
import { getTicket, loadVisible } from './queries.ts';
import * as repo from './repository.ts';

const NUMBER_PREFIX = 'PC';
/** Who may check a vehicle out or in for its driver. */
const ON_BEHALF = DISPATCH_DRIVERS.filter((r) => r !== 'driver');

async function addEvent(ctx: LoggedInCtx, ticket: { id: number; driver_id: number }, kind: string, at: string, note: string | null = null) {
  await ctx.db
    .insertInto('dispatch_events')
    .values({
      ticket_id: ticket.id,
      kind,
      at,
      recorded_at: nowMinute(ctx),
      user_id: ctx.actor.userId,
      by_name: ctx.actor.displayName,
      role: ctx.actor.role,
      on_behalf: (kind === 'departed' || kind === 'returned') && ctx.actor.driverId !== ticket.driver_id ? 1 : 0,
      note,
    })
    .execute();
}

/** The step is allowed from the ticket's current status, else a message naming both. */
function requireTransition(row: repo.TicketRow, to: TicketStatus) {
  if (!NEXT_STATUSES[row.status as TicketStatus].includes(to)) {
    throw new DomainError('CONFLICT', { key: 'err.ticketStatus', params: { number: row.number, status: `$t(ticketStatus.${row.status})`, action: `$t(ticketAction.${to})` } });
  }
}

/**
 * Drivers act on their own tickets as drivers; on anyone else's ticket the caller needs one
 * of `forOthers`, and the step is recorded in that role (a person may hold both).
 */
function actOnTicket(ctx: LoggedInCtx, row: { driver_id: number; number: string }, forOthers: readonly Role[]) {
  const own = ctx.actor.driverId !== null && row.driver_id === ctx.actor.driverId;
  const role = own && ctx.actor.roles.includes('driver') ? 'driver' : ctx.actor.roles.find((r) => forOthers.includes(r));
  if (!role) throw new DomainError('FORBIDDEN', { key: 'err.notYourTicket', params: { number: row.number } });
  ctx.actor.role = role;
}

/** Nobody reviews their own trip: the flags and the close-out of a ticket are someone else's. */
function requireNotOwnTrip(ctx: LoggedInCtx, row: { driver_id: number; number: string }) {
  if (ctx.actor.driverId !== null && ctx.actor.driverId === row.driver_id) {
    throw new DomainError('FORBIDDEN', { key: 'err.ownTripReview', params: { number: row.number } });
  }
}

function requireNotFuture(ctx: Ctx, field: string, at: string) {
  if (at > nowMinute(ctx)) throw fieldError('INVALID_INPUT', field, { key: 'err.futureTime', params: { now: nowMinute(ctx) } });
}

async function requireVehicleUsable(ctx: Ctx, vehicleId: number) {
  const v = await requireActive(ctx, 'vehicles', vehicleId, 'vehicleId');
  if (v.status === 'in_repair') throw fieldError('CONFLICT', 'vehicleId', { key: 'err.vehicleInRepair', params: { plate: v.plate } });
  return v as { plate: string; status: string; initial_odometer_km: number };
}

async function requirePermit(ctx: Ctx, driverId: number, date: string, field: string) {
  const d = await requireActive(ctx, 'drivers', driverId, field);
  if (!permitValidOn({ validFrom: d.permit_valid_from as string, validTo: d.permit_valid_to as string }, date)) {
    throw fieldError('CONFLICT', field, { key: 'err.permitInvalid', params: { name: d.name, date, from: d.permit_valid_from, to: d.permit_valid_to } });
  }
}

/**
 * No other ticket of the vehicle or the driver may hold an overlapping window.
 * - 'planned' (request, approval): a vehicle out is held until its planned return or now,
 *   whichever is later;
 * - 'open' (check-out): a vehicle out is held without end;
 * - 'trips' (check-in): only trips made or under way count. A trip that ran late is recorded
 *   as it happened even when a later booking now overlaps it; that booking shows the clash
 *   when it is checked out.
 */
async function requireFree(ctx: Ctx, ticket: { vehicleId: number; driverId: number; exceptId: number | null }, window: TimeWindow, field: string, mode: 'planned' | 'open' | 'trips') {
  const now = nowMinute(ctx);
  const outUntil = mode !== 'planned' ? () => null : (plannedReturn: string) => (plannedReturn > now ? plannedReturn : now);
  for (const [column, refField, entity] of [
    ['vehicle_id', 'vehicleId', 'vehicles'],
    ['driver_id', 'driverId', 'drivers'],
  ] as const) {
    const holders = await repo.holdersOf(ctx.db, column, column === 'vehicle_id' ? ticket.vehicleId : ticket.driverId, ticket.exceptId, window.start, outUntil);
    const clash = holders.find((h) => (mode !== 'trips' || h.status !== 'requested' && h.status !== 'approved') && windowsOverlap(h.window, window));
    if (clash) {
      throw new DomainError(
        'CONFLICT',
        { key: 'err.ticketOverlap', params: { who: `$t(entity.${entity})`, number: clash.number, start: clash.window.start, end: clash.window.end ?? '…' } },
        { [field === 'window' ? refField : field]: { key: 'err.ticketOverlap', params: { who: `$t(entity.${entity})`, number: clash.number, start: clash.window.start, end: clash.window.end ?? '…' } } },
      );
    }
  }
}

/**
 * A ticket feeds the months of its planned and actual departure and of its return (its km by
 * return month): once one of them is locked, the ticket changes no more (PERIOD_LOCKED).
 */
async function requireMonthsOpen(ctx: Ctx, row: { planned_departure: string; departed_at: string | null; returned_at: string | null }) {
  await assertMonthsOpen(ctx, [row.planned_departure, row.departed_at, row.returned_at].map((t) => (t ? monthOf(t) : null)));
}

async function audit(ctx: LoggedInCtx, row: repo.TicketRow, action: string, after: Record<string, unknown>) {
  await ctx.audit({ action: `dispatch.${action}`, entity: 'dispatch', entityId: row.id, before: { number: row.number, status: row.status }, after });
}

export async function requestTicket(ctx: LoggedInCtx, input: z.output<typeof dispatchRequestInput>): Promise<TicketDetail> {
  if (drivesOnly(ctx) && input.driverId !== ctx.actor.driverId) throw fieldError('FORBIDDEN', 'driverId', { key: 'err.ownTicketsOnly' });
  // Asking for oneself is done as a driver, whatever other roles the person holds.
  if (input.driverId === ctx.actor.driverId && ctx.actor.roles.includes('driver')) ctx.actor.role = 'driver';
  await assertMonthsOpen(ctx, [monthOf(input.plannedDeparture), monthOf(input.plannedReturn)], 'plannedDeparture');
  await requireVehicleUsable(ctx, input.vehicleId);
  await requirePermit(ctx, input.driverId, dateOf(input.plannedDeparture), 'driverId');
  await requireFree(ctx, { vehicleId: input.vehicleId, driverId: input.driverId, exceptId: null }, { start: input.plannedDeparture, end: input.plannedReturn }, 'window', 'planned');
  const number = await nextDocumentNumber(ctx, NUMBER_PREFIX);
  const { id } = await ctx.db
    .insertInto('dispatch_tickets')
    .values({
      number,
      status: 'requested',
      vehicle_id: input.vehicleId,
      driver_id: input.driverId,
      purpose_kind: input.purposeKind,
      destination: input.destination,
      purpose_note: input.purposeNote ?? null,
      planned_departure: input.plannedDeparture,
      planned_return: input.plannedReturn,
      start_at: input.plannedDeparture,
      requested_by: ctx.actor.userId,
      requested_by_name: ctx.actor.displayName,
      requested_at: nowMinute(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = (await repo.findTicket(ctx.db, id))!;
  await addEvent(ctx, row, 'requested', nowMinute(ctx), input.purposeNote ?? null);
  await ctx.audit({ action: 'dispatch.request', entity: 'dispatch', entityId: id, after: { number, ...input } });
  return getTicket(ctx, id);
}

export async function approveTicket(ctx: LoggedInCtx, input: z.output<typeof dispatchApproveInput>): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  await requireMonthsOpen(ctx, row);
  requireTransition(row, 'approved');
  const at = input.byPhone ? input.approvedAt! : nowMinute(ctx);
  requireNotFuture(ctx, 'approvedAt', at);
  // Things may have changed since the request: check them again.
  await requireVehicleUsable(ctx, row.vehicle_id);
  await requirePermit(ctx, row.driver_id, dateOf(row.planned_departure), 'id');
  await requireFree(ctx, { vehicleId: row.vehicle_id, driverId: row.driver_id, exceptId: row.id }, { start: row.planned_departure, end: row.planned_return }, 'id', 'planned');
  await ctx.db
    .updateTable('dispatch_tickets')
    .set({ status: 'approved', approved_by_name: ctx.actor.displayName, approved_role: ctx.actor.role, approved_at: at, approved_by_phone: input.byPhone ? 1 : 0 })
    .where('id', '=', row.id)
    .execute();
  await addEvent(ctx, row, 'approved', at, input.note ?? null);
  await audit(ctx, row, 'approve', { status: 'approved', approvedAt: at, byPhone: input.byPhone, note: input.note ?? null });
  return getTicket(ctx, row.id);
}

export async function rejectTicket(ctx: LoggedInCtx, input: { id: number; reason: string }): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  await requireMonthsOpen(ctx, row);
  requireTransition(row, 'rejected');
  await ctx.db
    .updateTable('dispatch_tickets')
    .set({ status: 'rejected', approved_by_name: ctx.actor.displayName, approved_role: ctx.actor.role, approved_at: nowMinute(ctx), decision_reason: input.reason })
    .where('id', '=', row.id)
    .execute();
  await addEvent(ctx, row, 'rejected', nowMinute(ctx), input.reason);
  await audit(ctx, row, 'reject', { status: 'rejected', reason: input.reason });
  return getTicket(ctx, row.id);
}

export async function cancelTicket(ctx: LoggedInCtx, input: { id: number; reason: string }): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  // Another person's ticket is cancelled only by those who dispatch and review.
  actOnTicket(ctx, row, DISPATCH_REVIEWERS);
  await requireMonthsOpen(ctx, row);
  requireTransition(row, 'cancelled');
  await ctx.db.updateTable('dispatch_tickets').set({ status: 'cancelled', decision_reason: input.reason }).where('id', '=', row.id).execute();
  await addEvent(ctx, row, 'cancelled', nowMinute(ctx), input.reason);
  await audit(ctx, row, 'cancel', { status: 'cancelled', reason: input.reason });
  return getTicket(ctx, row.id);
}

async function raiseFlag(ctx: LoggedInCtx, row: repo.TicketRow, kind: FlagKind, at: string, detail: { gapKm?: number; lastKm?: number; note?: string | null } = {}) {
  await ctx.db
    .insertInto('dispatch_flags')
    .values({ ticket_id: row.id, kind, gap_km: detail.gapKm ?? null, last_km: detail.lastKm ?? null, raised_at: at })
    .execute();
  await ctx.db
    .updateTable('dispatch_tickets')
    .set((eb) => ({ flag_count: eb('flag_count', '+', 1), open_flag_count: eb('open_flag_count', '+', 1) }))
    .where('id', '=', row.id)
    .execute();
  await addEvent(ctx, row, 'flag_raised', at, kind);
}

/** The reading must fit between the vehicle's readings before and after that moment. */
async function requireOdometerFits(ctx: Ctx, vehicleId: number, at: string, km: number, field: string, initialKm: number) {
  const around = await repo.readingsAround(ctx.db, vehicleId, at);
  const { before, after } = odometerBounds([around.before, around.after].filter((r) => r !== undefined), at);
  const last = before ?? { at: null, km: initialKm };
  if (km < last.km) {
    const source = around.before?.number ?? null;
    throw fieldError('CONFLICT', field, { key: source ? 'err.odometerBelowLast' : 'err.odometerBelowInitial', params: { km: last.km, at: last.at, number: source } });
  }
  if (after && km > after.km) {
    throw fieldError('CONFLICT', field, { key: 'err.odometerAboveNext', params: { km: after.km, at: after.at, number: around.after?.number } });
  }
  return last.km;
}

export async function checkOut(ctx: LoggedInCtx, input: z.output<typeof dispatchCheckOutInput>): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  actOnTicket(ctx, row, ON_BEHALF);
  await requireMonthsOpen(ctx, row);
  await assertMonthsOpen(ctx, [monthOf(input.departedAt)], 'departedAt');
  requireTransition(row, 'departed');
  requireNotFuture(ctx, 'departedAt', input.departedAt);
  // Gone before it was approved: only an approval given by phone, entered with its time, covers that.
  if (row.approved_at && input.departedAt < row.approved_at) {
    throw fieldError('CONFLICT', 'departedAt', { key: 'err.departedBeforeApproval', params: { at: row.approved_at } });
  }
  const vehicle = await requireVehicleUsable(ctx, row.vehicle_id);
  await requirePermit(ctx, row.driver_id, dateOf(input.departedAt), 'departedAt');
  // One trip out at a time per vehicle and per driver, even when a past trip is entered late.
  const out = await repo.departedOf(ctx.db, row.vehicle_id, row.driver_id, row.id);
  if (out) {
    const key = out.vehicle_id === row.vehicle_id ? 'err.vehicleStillOut' : 'err.driverStillOut';
    throw new DomainError('CONFLICT', { key, params: { plate: row.plate, name: row.driver_name, number: out.number } });
  }
  // Until it returns, the trip holds the vehicle and driver at least to its planned return,
  // and never for no time at all (an empty window would overlap nothing, not even a vehicle out).
  const plannedEnd = row.planned_return > input.departedAt ? row.planned_return : minuteAfter(input.departedAt);
  await requireFree(ctx, { vehicleId: row.vehicle_id, driverId: row.driver_id, exceptId: row.id }, { start: input.departedAt, end: plannedEnd }, 'departedAt', 'open');
  const lastKm = await requireOdometerFits(ctx, row.vehicle_id, input.departedAt, input.odometerOutKm, 'odometerOutKm', vehicle.initial_odometer_km);
  const policy = await policyFor(ctx.db, monthOf(input.departedAt));

  await ctx.db
    .updateTable('dispatch_tickets')
    .set({ status: 'departed', departed_at: input.departedAt, odometer_out_km: input.odometerOutKm, start_at: input.departedAt })
    .where('id', '=', row.id)
    .execute();
  await ctx.db.updateTable('vehicles').set({ status: 'dispatched' }).where('id', '=', row.vehicle_id).execute();
  await ctx.db
    .insertInto('odometer_readings')
    .values({ vehicle_id: row.vehicle_id, at: input.departedAt, km: input.odometerOutKm, source: 'dispatch_out', ticket_id: row.id, recorded_at: nowMinute(ctx) })
    .execute();
  await addEvent(ctx, row, 'departed', input.departedAt, `${input.odometerOutKm} km`);
  const gap = unloggedGapKm(lastKm, input.odometerOutKm, policy.dispatch.unloggedMileageToleranceKm);
  if (gap !== null) await raiseFlag(ctx, row, 'unlogged_mileage', input.departedAt, { gapKm: gap, lastKm });
  await audit(ctx, row, 'checkOut', { status: 'departed', departedAt: input.departedAt, odometerOutKm: input.odometerOutKm, unloggedGapKm: gap });
  return getTicket(ctx, row.id);
}

export async function checkIn(ctx: LoggedInCtx, input: z.output<typeof dispatchCheckInInput>): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  actOnTicket(ctx, row, ON_BEHALF);
  await requireMonthsOpen(ctx, row);
  await assertMonthsOpen(ctx, [monthOf(input.returnedAt)], 'returnedAt');
  requireTransition(row, 'returned');
  const departedAt = row.departed_at!;
  if (input.returnedAt < departedAt) throw fieldError('INVALID_INPUT', 'returnedAt', { key: 'err.returnBeforeCheckOut', params: { departedAt } });
  requireNotFuture(ctx, 'returnedAt', input.returnedAt);
  if (input.odometerInKm < row.odometer_out_km!) {
    throw fieldError('INVALID_INPUT', 'odometerInKm', { key: 'err.odometerInBelowOut', params: { km: row.odometer_out_km } });
  }
  const policy = await policyFor(ctx.db, monthOf(departedAt));
  const distance = input.odometerInKm - row.odometer_out_km!;
  if (distance > 0 && input.returnedAt === departedAt) throw fieldError('INVALID_INPUT', 'returnedAt', { key: 'err.noTimeForDistance', params: { distance } });
  const max = maxTripKm(departedAt, input.returnedAt, policy.dispatch.maxDailyKm);
  if (distance > max) throw fieldError('INVALID_INPUT', 'odometerInKm', { key: 'err.tripTooLong', params: { distance, max, daily: policy.dispatch.maxDailyKm } });
  await requireFree(ctx, { vehicleId: row.vehicle_id, driverId: row.driver_id, exceptId: row.id }, { start: departedAt, end: input.returnedAt }, 'returnedAt', 'trips');
  await requireOdometerFits(ctx, row.vehicle_id, input.returnedAt, input.odometerInKm, 'odometerInKm', 0);

  await ctx.db
    .updateTable('dispatch_tickets')
    .set({
      status: 'returned',
      returned_at: input.returnedAt,
      odometer_in_km: input.odometerInKm,
      distance_km: distance,
      return_month: tripMonth(input.returnedAt),
      parked_at_place: input.parkedAtPlace ? 1 : 0,
      parking_note: input.parkingNote ?? null,
    })
    .where('id', '=', row.id)
    .execute();
  await ctx.db.updateTable('vehicles').set({ status: 'available' }).where('id', '=', row.vehicle_id).where('status', '=', 'dispatched').execute();
  await ctx.db
    .insertInto('odometer_readings')
    .values({ vehicle_id: row.vehicle_id, at: input.returnedAt, km: input.odometerInKm, source: 'dispatch_in', ticket_id: row.id, recorded_at: nowMinute(ctx) })
    .execute();
  await addEvent(ctx, row, 'returned', input.returnedAt, `${input.odometerInKm} km${input.parkingNote ? ` · ${input.parkingNote}` : ''}`);
  const overnight = isOvernight(departedAt, input.returnedAt, policy.dispatch.closingTime);
  if (overnight) await raiseFlag(ctx, row, 'overnight', input.returnedAt);
  if (!input.parkedAtPlace) await raiseFlag(ctx, row, 'not_parked', input.returnedAt);
  await audit(ctx, row, 'checkIn', {
    status: 'returned',
    returnedAt: input.returnedAt,
    odometerInKm: input.odometerInKm,
    distanceKm: distance,
    parkedAtPlace: input.parkedAtPlace,
    parkingNote: input.parkingNote ?? null,
    overnight,
  });
  return getTicket(ctx, row.id);
}

export async function resolveFlag(ctx: LoggedInCtx, input: { flagId: number; explanation: string }): Promise<TicketDetail> {
  const flag = await ctx.db.selectFrom('dispatch_flags').selectAll().where('id', '=', input.flagId).executeTakeFirst();
  if (!flag) throw notFound('dispatchFlag', input.flagId);
  const row = await loadVisible(ctx, flag.ticket_id);
  requireNotOwnTrip(ctx, row);
  await requireMonthsOpen(ctx, row);
  if (flag.resolved_at) throw new DomainError('CONFLICT', { key: 'err.flagResolved', params: { at: flag.resolved_at, name: flag.resolved_by_name } });
  await ctx.db
    .updateTable('dispatch_flags')
    .set({ resolved_at: nowMinute(ctx), resolved_by_name: ctx.actor.displayName, resolved_role: ctx.actor.role, explanation: input.explanation })
    .where('id', '=', flag.id)
    .execute();
  await ctx.db
    .updateTable('dispatch_tickets')
    .set((eb) => ({ open_flag_count: eb('open_flag_count', '-', 1) }))
    .where('id', '=', row.id)
    .execute();
  await addEvent(ctx, row, 'flag_resolved', nowMinute(ctx), `${flag.kind}: ${input.explanation}`);
  await audit(ctx, row, 'resolveFlag', { flagId: flag.id, kind: flag.kind, explanation: input.explanation });
  return getTicket(ctx, row.id);
}

export async function closeTicket(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }): Promise<TicketDetail> {
  const row = await loadVisible(ctx, input.id);
  requireNotOwnTrip(ctx, row);
  await requireMonthsOpen(ctx, row);
  requireTransition(row, 'closed');
  if (row.open_flag_count > 0) throw new DomainError('CONFLICT', { key: 'err.flagsOpen', params: { number: row.number, count: row.open_flag_count } });
  await ctx.db.updateTable('dispatch_tickets').set({ status: 'closed', closed_at: nowMinute(ctx), closed_by_name: ctx.actor.displayName }).where('id', '=', row.id).execute();
  await addEvent(ctx, row, 'closed', nowMinute(ctx), input.note ?? null);
  await audit(ctx, row, 'close', { status: 'closed', note: input.note ?? null });
  return getTicket(ctx, row.id);
}

