// The read side of the dispatch log: tickets as the API shows them (drivers see their own),
// the list, the day's board, the monthly kilometres and a vehicle's odometer history.
import type { z } from 'zod';
import type { dispatchListInput, DispatchBoard, DispatchFlag, MonthlyKm, TicketDetail, TicketSummary } from '../../../../shared/api/dispatch.ts';
import { closingOn, isOverdue, type FlagKind, type PurposeKind, type TicketStatus } from '../../../../shared/domain/dispatch.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import type { PolicySettings } from '../../../../shared/domain/policy.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { policyFor } from '../policy/service.ts';
import * as repo from './repository.ts';

/** Policies of several months within one call, each read once. */
export function policyCache(ctx: Ctx) {
  const cache = new Map<string, Promise<PolicySettings>>();
  return (minute: string) => {
    const month = monthOf(minute);
    if (!cache.has(month)) cache.set(month, policyFor(ctx.db, month));
    return cache.get(month)!;
  };
}


export async function toSummaries(ctx: Ctx, rows: repo.TicketRow[]): Promise<TicketSummary[]> {
  const flags = await repo.flagsOf(ctx.db, rows.filter((r) => r.flag_count > 0).map((r) => r.id));
  const policy = policyCache(ctx);
  const now = nowMinute(ctx);
  const out: TicketSummary[] = [];
  for (const r of rows) {
    const overdue = r.status === 'departed' && isOverdue(r.departed_at!, now, (await policy(r.departed_at!)).dispatch.closingTime);
    out.push({
      id: r.id,
      number: r.number,
      status: r.status as TicketStatus,
      vehicleId: r.vehicle_id,
      plate: r.plate,
      driverId: r.driver_id,
      driverName: r.driver_name,
      purposeKind: r.purpose_kind as PurposeKind,
      destination: r.destination,
      plannedDeparture: r.planned_departure,
      plannedReturn: r.planned_return,
      departedAt: r.departed_at,
      returnedAt: r.returned_at,
      odometerOutKm: r.odometer_out_km,
      odometerInKm: r.odometer_in_km,
      distanceKm: r.distance_km,
      approvedByName: r.approved_by_name,
      approvedByPhone: r.approved_by_phone === 1,
      flags: flags.filter((f) => f.ticket_id === r.id).map((f) => ({ kind: f.kind as FlagKind, resolved: f.resolved_at !== null })),
      overdue,
    });
  }
  return out;
}

export async function loadVisible(ctx: LoggedInCtx, id: number): Promise<repo.TicketRow> {
  const row = await repo.findTicket(ctx.db, id);
  if (!row) throw notFound('dispatch', id);
  if (drivesOnly(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourTicket', params: { number: row.number } });
  return row;
}

export async function getTicket(ctx: LoggedInCtx, id: number): Promise<TicketDetail> {
  const row = await loadVisible(ctx, id);
  const [summary] = await toSummaries(ctx, [row]);
  const flags = await repo.flagsOf(ctx.db, [id]);
  const events = await repo.eventsOf(ctx.db, id);
  return {
    ...summary!,
    purposeNote: row.purpose_note,
    vehicleModel: row.model_name,
    parkingPlace: row.parking_place,
    employeeNo: row.employee_no,
    permitNo: row.permit_no,
    requestedByName: row.requested_by_name,
    requestedAt: row.requested_at,
    approvedRole: row.approved_role,
    approvedAt: row.approved_at,
    decisionReason: row.decision_reason,
    parkedAtPlace: row.parked_at_place === null ? null : row.parked_at_place === 1,
    parkingNote: row.parking_note,
    closedAt: row.closed_at,
    closedByName: row.closed_by_name,
    flagDetails: flags.map(
      (f): DispatchFlag => ({
        id: f.id,
        kind: f.kind as FlagKind,
        gapKm: f.gap_km,
        lastKm: f.last_km,
        raisedAt: f.raised_at,
        resolvedAt: f.resolved_at,
        resolvedByName: f.resolved_by_name,
        resolvedRole: f.resolved_role,
        explanation: f.explanation,
        violationId: f.violation_id,
      }),
    ),
    events: events.map((e) => ({
      kind: e.kind as TicketDetail['events'][number]['kind'],
      at: e.at,
      recordedAt: e.recorded_at,
      byName: e.by_name,
      role: e.role,
      onBehalf: e.on_behalf === 1,
      note: e.note,
    })),
  };
}


export async function listTickets(ctx: LoggedInCtx, input: z.output<typeof dispatchListInput>) {
  const scoped = drivesOnly(ctx) ? { ...input, driverId: ctx.actor.driverId ?? -1 } : input;
  const { rows, total } = await repo.listTickets(ctx.db, scoped);
  return { items: await toSummaries(ctx, rows), total };
}

const BOARD_LIMIT = 500;

function reviewNeed(t: TicketSummary): DispatchBoard['review'][number]['needs'] | null {
  switch (t.status) {
    case 'requested':
      return 'approve';
    case 'approved':
      return 'checkOut';
    case 'departed':
      return 'checkIn';
    case 'returned':
      return t.flags.some((f) => !f.resolved) ? 'resolveFlag' : 'close';
    default:
      return null;
  }
}

export async function board(ctx: LoggedInCtx, date: string): Promise<DispatchBoard> {
  const dayStart = `${date} 00:00`;
  const dayEnd = `${date} 23:59`;
  let q = repo
    .ticketQuery(ctx.db)
    .where((eb) =>
      eb.or([
        eb.and([eb('t.start_at', '>=', dayStart), eb('t.start_at', '<=', dayEnd)]),
        eb.and([eb('t.returned_at', '>=', dayStart), eb('t.returned_at', '<=', dayEnd)]),
        // still not closed out from an earlier day
        eb.and([eb('t.status', 'in', ['requested', 'approved', 'departed', 'returned']), eb('t.start_at', '<', dayStart)]),
      ]),
    );
  if (drivesOnly(ctx)) q = q.where('t.driver_id', '=', ctx.actor.driverId ?? -1);
  // Newest first, so a backlog of old open tickets never pushes the day's own off the board.
  const rows = (await q.orderBy('t.start_at', 'desc').orderBy('t.id', 'desc').limit(BOARD_LIMIT + 1).execute()).reverse();
  const truncated = rows.length > BOARD_LIMIT;
  if (truncated) rows.shift();
  const all = await toSummaries(ctx, rows);
  const review = all.flatMap((ticket) => {
    const needs = reviewNeed(ticket);
    return needs ? [{ ticket, needs }] : [];
  });
  // The day itself: its own tickets, and those of earlier days still not back or not gone.
  const ofTheDay = (x: TicketSummary) => (x.departedAt ?? x.plannedDeparture) >= dayStart || (x.returnedAt !== null && x.returnedAt >= dayStart) || x.status !== 'returned';
  const tickets = all.filter(ofTheDay);
  const policy = await policyFor(ctx.db, monthOf(date));
  return { date, now: nowMinute(ctx), truncated, closingTime: closingOn(date, policy.dispatch.closingTime).slice(11), tickets, review };
}

export async function monthlyKm(ctx: Ctx, month: string): Promise<MonthlyKm> {
  const base = ctx.db
    .selectFrom('dispatch_tickets as t')
    .where('t.return_month', '=', month)
    .where('t.status', 'in', ['returned', 'closed']);
  const vehicles = await base
    .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
    .select((eb) => ['t.vehicle_id', 'v.plate', eb.fn.sum<number>('t.distance_km').as('km'), eb.fn.countAll<number>().as('trips')])
    .groupBy(['t.vehicle_id', 'v.plate'])
    .orderBy('v.plate')
    .execute();
  const drivers = await base
    .innerJoin('drivers as d', 'd.id', 't.driver_id')
    .select((eb) => ['t.driver_id', 'd.name', 'd.employee_no', eb.fn.sum<number>('t.distance_km').as('km'), eb.fn.countAll<number>().as('trips')])
    .groupBy(['t.driver_id', 'd.name', 'd.employee_no'])
    .orderBy('d.employee_no')
    .execute();
  const perVehicle = vehicles.map((r) => ({ vehicleId: r.vehicle_id, plate: r.plate, km: Number(r.km), trips: Number(r.trips) }));
  return {
    month,
    totalKm: perVehicle.reduce((s, v) => s + v.km, 0),
    totalTrips: perVehicle.reduce((s, v) => s + v.trips, 0),
    vehicles: perVehicle,
    drivers: drivers.map((r) => ({ driverId: r.driver_id, name: r.name, employeeNo: r.employee_no, km: Number(r.km), trips: Number(r.trips) })),
  };
}

export async function odometerHistory(ctx: Ctx, input: { vehicleId: number; page: number; pageSize: number }) {
  const vehicle = await ctx.db.selectFrom('vehicles').select(['id', 'initial_odometer_km']).where('id', '=', input.vehicleId).executeTakeFirst();
  if (!vehicle) throw notFound('vehicles', input.vehicleId);
  const base = ctx.db.selectFrom('odometer_readings as r').where('r.vehicle_id', '=', input.vehicleId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('dispatch_tickets as t', 't.id', 'r.ticket_id')
    .select(['r.at', 'r.km', 'r.source', 'r.ticket_id', 't.number'])
    .orderBy('r.at', 'desc')
    .orderBy('r.km', 'desc')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const current = await repo.lastReading(ctx.db, input.vehicleId);
  return {
    currentKm: current ?? vehicle.initial_odometer_km,
    initialKm: vehicle.initial_odometer_km,
    items: rows.map((r) => ({ at: r.at, km: r.km, source: r.source as 'dispatch_out' | 'dispatch_in', ticketId: r.ticket_id, ticketNumber: r.number })),
    total: Number(total.n),
  };
}
