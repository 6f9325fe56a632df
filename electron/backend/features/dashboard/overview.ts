// The home page's to-do part (dashboard.overview): counts of what waits for the caller's roles,
// the closing month's fuel audit for the fleet captain, and the settlements finance locks and
// pays. A part the caller's roles have nothing to do with is null.
import { actionableRepairStatuses, canCall } from '../../../../shared/api/access.ts';
import type { DashboardOverview } from '../../../../shared/api/dashboard.ts';
import { addMonths, localDate, monthOf } from '../../../../shared/domain/period.ts';
import type { SettlementStatus } from '../../../../shared/domain/settlement.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import { monthView } from '../fuel/signoff.ts';

const count = (row: { n: number | bigint | string } | undefined) => Number(row?.n ?? 0);

export async function overview(ctx: LoggedInCtx): Promise<DashboardOverview> {
  const roles = ctx.actor.roles;
  const today = localDate(ctx.now);
  const closingMonth = addMonths(monthOf(today), -1);

  const ticketsToApprove = canCall(roles, 'dispatch.approve')
    ? count(await ctx.db.selectFrom('dispatch_tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'requested').executeTakeFirst())
    : null;
  const statuses = actionableRepairStatuses(roles);
  const repairsToAct =
    statuses.length > 0 ? count(await ctx.db.selectFrom('repair_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', statuses).executeTakeFirst()) : null;
  // each ticket keeps the count of its unresolved flags (indexed): summed over those that have any
  const openFlags = count(await ctx.db.selectFrom('dispatch_tickets').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('open_flag_count'), eb.lit(0)).as('n')).where('open_flag_count', '>', 0).executeTakeFirst());
  const dismissalFlags = canCall(roles, 'personnel.decide')
    ? count(await ctx.db.selectFrom('personnel_flags').select((eb) => eb.fn.countAll<number>().as('n')).where('decision', 'is', null).executeTakeFirst())
    : null;

  return { today, closingMonth, ticketsToApprove, repairsToAct, openFlags, dismissalFlags, fuel: canCall(roles, 'fuel.sign') ? await fuelPart(ctx, closingMonth) : null, settlements: canCall(roles, 'settlement.lock') ? await settlementsToPay(ctx, closingMonth) : null };
}

/** The month's fuel audit as the captain's month page shows it: over-limit vehicles and what is still to resolve. */
async function fuelPart(ctx: LoggedInCtx, month: string): Promise<NonNullable<DashboardOverview['fuel']>> {
  const view = await monthView(ctx, month);
  const over = view.items.filter((i) => i.fillupId === null).sort((a, b) => b.amountFen - a.amountFen || a.plate.localeCompare(b.plate));
  return {
    month,
    state: view.state,
    unresolved: view.unresolved,
    over: over.length,
    excessFen: over.reduce((s, i) => s + i.amountFen, 0),
    overVehicles: over.slice(0, 10).map((i) => ({ vehicleId: i.vehicleId, plate: i.plate, excessFen: i.amountFen, resolved: i.resolution !== null && !i.stale })),
  };
}

/** Approved settlements (finance locks them) and those locked in the last twelve months (finance pays them), newest first. */
async function settlementsToPay(ctx: LoggedInCtx, closingMonth: string): Promise<NonNullable<DashboardOverview['settlements']>> {
  const rows = await ctx.db
    .selectFrom('settlements as s')
    .select((eb) => [
      's.month',
      's.status',
      's.net_fen',
      's.locked_at',
      eb.selectFrom('settlement_rows as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.settlement_id', '=', 's.id').as('rows'),
    ])
    .where((eb) => eb.or([eb('s.status', '=', 'approved'), eb.and([eb('s.status', '=', 'locked'), eb('s.month', '>', addMonths(closingMonth, -12))])]))
    .orderBy('s.month', 'desc')
    .execute();
  return rows.map((r) => ({ month: r.month, status: r.status as SettlementStatus, rows: Number(r.rows ?? 0), netFen: r.net_fen, lockedAt: r.locked_at }));
}
