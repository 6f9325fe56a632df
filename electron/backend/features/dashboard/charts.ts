// The home page's charts: each figure worked out here from the records (the renderer only
// draws it and lists it beside), over the twelve months (or eight quarters) ending with the
// month asked for.
import type { DashboardAccidents, DashboardFuel, DashboardMoney, DashboardRepairs } from '../../../../shared/api/dashboard.ts';
import { ACCIDENT_FINDINGS } from '../../../../shared/api/dashboard.ts';
import { auditFigures } from '../../../../shared/domain/fuel.ts';
import { floatForMonth } from '../../../../shared/domain/fuel-limit.ts';
import { addMonths, twelveMonths } from '../../../../shared/domain/period.ts';
import { LINE_KINDS, type LineKind, type SettlementStatus } from '../../../../shared/domain/settlement.ts';
import { sql } from 'kysely';
import type { Ctx } from '../../core/context.ts';
import { vehiclesFor } from '../fuel/service.ts';

const DEDUCTIONS: readonly LineKind[] = LINE_KINDS.filter((k) => k !== 'bonus' && k !== 'subsidy' && k !== 'adjustment');

/** Per month, the prepared sheet's lines summed by kind (whatever its status; none when not prepared). */
export async function money(ctx: Ctx, month: string): Promise<DashboardMoney> {
  const months = twelveMonths(month);
  const sheets = await ctx.db.selectFrom('settlements').select(['id', 'month', 'status']).where('month', '>=', months[0]!).where('month', '<=', month).execute();
  const sums = sheets.length
    ? await ctx.db
        .selectFrom('settlement_rows as r')
        .innerJoin('settlement_lines as l', 'l.row_id', 'r.id')
        .select((eb) => ['r.settlement_id', 'l.kind', eb.fn.sum<number>('l.amount_fen').as('fen')])
        .where(
          'r.settlement_id',
          'in',
          sheets.map((s) => s.id),
        )
        .groupBy(['r.settlement_id', 'l.kind'])
        .execute()
    : [];
  return {
    months: months.map((m) => {
      const sheet = sheets.find((s) => s.month === m);
      const byKind = (kinds: readonly LineKind[]) => sums.filter((s) => s.settlement_id === sheet?.id && kinds.includes(s.kind as LineKind)).reduce((t, s) => t + Number(s.fen), 0);
      const bonusFen = byKind(['bonus']);
      const subsidyFen = byKind(['subsidy']);
      const deductionFen = byKind(DEDUCTIONS);
      const adjustmentFen = byKind(['adjustment']);
      return { month: m, status: sheet ? (sheet.status as SettlementStatus) : 'none', bonusFen, subsidyFen, deductionFen, adjustmentFen, netFen: bonusFen + subsidyFen + deductionFen + adjustmentFen };
    }),
  };
}

/** The quarter of a month, e.g. 2026-Q3. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** Accidents by the police finding (pending until it arrives), per quarter of their date, the eight quarters ending with the month's. */
export async function accidents(ctx: Ctx, month: string): Promise<DashboardAccidents> {
  const lastQuarterEnd = addMonths(month, 2 - ((Number(month.slice(5, 7)) - 1) % 3));
  const first = addMonths(lastQuarterEnd, -23);
  const rows = await ctx.db
    .selectFrom('accidents')
    .select((eb) => [eb.fn<string>('substr', ['occurred_at', eb.val(1), eb.val(7)]).as('month'), 'finding', eb.fn.countAll<number>().as('n')])
    .where('occurred_at', '>=', `${first}-01`)
    .where('occurred_at', '<', `${addMonths(lastQuarterEnd, 1)}-01`)
    .groupBy(['month', 'finding'])
    .execute();
  const quarters: DashboardAccidents['quarters'] = [];
  for (let i = 0; i < 8; i++) {
    const quarter = quarterOf(addMonths(first, i * 3));
    const counts = Object.fromEntries(ACCIDENT_FINDINGS.map((f) => [f, 0])) as DashboardAccidents['quarters'][number]['counts'];
    for (const r of rows) if (quarterOf(r.month) === quarter) counts[r.finding as keyof typeof counts] += Number(r.n);
    quarters.push({ quarter, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) });
  }
  return { quarters };
}

const TOP_VEHICLES = 10;

/** Repair orders whose payment was approved in the twelve months, by vehicle (the ten costliest, then the rest) and by shop. */
export async function repairs(ctx: Ctx, month: string): Promise<DashboardRepairs> {
  const from = twelveMonths(month)[0]!;
  const base = ctx.db
    .selectFrom('repair_orders as o')
    .where('o.payment_approved_at', '>=', `${from}-01`)
    .where('o.payment_approved_at', '<', `${addMonths(month, 1)}-01`);
  const vehicles = await base
    .innerJoin('vehicles as v', 'v.id', 'o.vehicle_id')
    .select((eb) => ['v.id', 'v.plate', eb.fn.sum<number>('o.total_fen').as('fen'), eb.fn.countAll<number>().as('n')])
    .groupBy(['v.id', 'v.plate'])
    .orderBy('fen', 'desc')
    .orderBy('v.plate')
    .execute();
  const shops = await base
    .innerJoin('repair_shops as s', 's.id', 'o.shop_id')
    .select((eb) => ['s.id', 's.name', eb.fn.sum<number>('o.total_fen').as('fen'), eb.fn.countAll<number>().as('n')])
    .groupBy(['s.id', 's.name'])
    .orderBy('fen', 'desc')
    .orderBy('s.name')
    .execute();
  const byVehicle: DashboardRepairs['byVehicle'] = vehicles.slice(0, TOP_VEHICLES).map((v) => ({ vehicleId: v.id, plate: v.plate, totalFen: Number(v.fen), orders: Number(v.n) }));
  const rest = vehicles.slice(TOP_VEHICLES);
  if (rest.length > 0) byVehicle.push({ vehicleId: null, plate: '', totalFen: rest.reduce((s, v) => s + Number(v.fen), 0), orders: rest.reduce((s, v) => s + Number(v.n), 0) });
  return {
    from,
    to: month,
    totalFen: vehicles.reduce((s, v) => s + Number(v.fen), 0),
    orders: vehicles.reduce((s, v) => s + Number(v.n), 0),
    byVehicle,
    byShop: shops.map((s) => ({ shopId: s.id, name: s.name, totalFen: Number(s.fen), orders: Number(s.n) })),
  };
}

/**
 * The fleet's fuel per month: each vehicle's month worked out as the fuel audit does (official
 * km by return month, the month's fill-ups, its model's limit with the seasonal float), summed.
 */
export async function fuel(ctx: Ctx, month: string): Promise<DashboardFuel> {
  const months = twelveMonths(month);
  const specs = new Map((await vehiclesFor(ctx)).map((v) => [v.id, v.spec]));
  const km = await ctx.db
    .selectFrom('dispatch_tickets')
    .select((eb) => ['return_month as month', 'vehicle_id', eb.fn.sum<number>('distance_km').as('km')])
    .where('return_month', '>=', months[0]!)
    .where('return_month', '<=', month)
    // `+status`: not a way into the table — the status index (nearly every ticket is closed)
    // looked better to the planner than the months' range, and read ten years of tickets
    .where(sql<string>`+status`, 'in', ['returned', 'closed'])
    .groupBy(['return_month', 'vehicle_id'])
    .execute();
  const fills = await ctx.db
    .selectFrom('fuel_fillups')
    .select((eb) => ['month', 'vehicle_id', eb.fn.sum<number>('litres').as('litres'), eb.fn.sum<number>('amount_fen').as('fen')])
    .where('month', '>=', months[0]!)
    .where('month', '<=', month)
    .groupBy(['month', 'vehicle_id'])
    .execute();
  const cells = new Map<string, { month: string; vehicleId: number; km: number; litres: number; amountFen: number }>();
  const cell = (m: string, vehicleId: number) => {
    const key = `${m}|${vehicleId}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { month: m, vehicleId, km: 0, litres: 0, amountFen: 0 }));
    return c;
  };
  for (const r of km) cell(r.month!, r.vehicle_id).km += Number(r.km ?? 0);
  for (const r of fills) Object.assign(cell(r.month, r.vehicle_id), { litres: Number(r.litres), amountFen: Number(r.fen) });
  const out = months.map((m) => ({ month: m, km: 0, litres: 0, allowedLitres: 0, excessLitres: 0, excessFen: 0, vehicles: 0, over: 0 }));
  for (const c of cells.values()) {
    const spec = specs.get(c.vehicleId);
    if (!spec || (c.km === 0 && c.litres === 0)) continue;
    const f = auditFigures({ km: c.km, litres: c.litres, amountFen: c.amountFen, limit: spec.fuelStandard + floatForMonth(spec, c.month) });
    const o = out[months.indexOf(c.month)]!;
    o.km += c.km;
    o.litres += c.litres;
    o.allowedLitres += f.allowedLitres;
    o.excessLitres += f.excessLitres;
    o.excessFen += f.excessFen;
    o.vehicles += 1;
    if (f.status === 'over') o.over += 1;
  }
  return { months: out };
}
