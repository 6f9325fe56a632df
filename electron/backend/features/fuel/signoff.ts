// The fleet captain's month (DOMAIN.md section 3): every over-limit vehicle and every anomaly
// is explained or penalised, then the month is signed. Signing turns the penalised excess
// values into penalties per driver, shared by the km each drove the vehicle (the shares add up
// exactly), and a penalised anomaly into a charge to the fill-up's driver: what the monthly
// settlement deducts. Only the director reopens a signed month, with a reason; the reopened
// signature and its penalties are kept, marked reopened.
import type { z } from 'zod';
import type { FuelItem, FuelMonth, fuelResolveInput } from '../../../../shared/api/fuel.ts';
import { splitByWeight } from '../../../../shared/domain/fuel.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError } from '../../core/errors.ts';
import { assertMonthsOpen, isMonthLocked } from '../../core/period-lock.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { policyFor } from '../policy/service.ts';
import { L, Y } from './figures.ts';
import { auditRows } from './service.ts';

const itemKey = (vehicleId: number, fillupId: number | null, kind: string | null) => (fillupId === null ? `${vehicleId}:over` : `${vehicleId}:${fillupId}:${kind}`);

/** The month's signature in force (not reopened), if any. */
export async function currentSignoff(ctx: Ctx, month: string) {
  return ctx.db.selectFrom('fuel_signoffs').selectAll().where('month', '=', month).where('reopened_at', 'is', null).executeTakeFirst();
}

/** A signed month changes no more: its fill-ups and resolutions wait for the director to reopen it. */
export async function requireOpenMonth(ctx: Ctx, month: string, field: string): Promise<void> {
  const signed = await currentSignoff(ctx, month);
  if (signed) throw fieldError('CONFLICT', field, { key: 'err.fuelMonthSigned', params: { month, at: signed.signed_at, by: signed.signed_by_name } });
}

/** The month's items to resolve, with their resolutions in force, from the audit as it is now. */
async function monthItems(ctx: Ctx, month: string) {
  const audit = await auditRows(ctx, month);
  const resolutions = await ctx.db.selectFrom('fuel_resolutions').selectAll().where('month', '=', month).where('replaced_at', 'is', null).execute();
  const byKey = new Map(resolutions.map((r) => [itemKey(r.vehicle_id, r.fillup_id, r.anomaly_kind), r]));
  const plates = new Map(audit.rows.map((r) => [r.vehicleId, r.plate]));
  const items: FuelItem[] = [];
  const add = (item: Omit<FuelItem, 'key' | 'resolution' | 'stale'>, excessFen: number | null) => {
    const key = itemKey(item.vehicleId, item.fillupId, item.anomalyKind);
    const r = byKey.get(key);
    items.push({
      ...item,
      key,
      resolution: r
        ? { id: r.id, decision: r.decision as 'explained' | 'penalised', note: r.note, amountFen: r.amount_fen, dismissal: r.dismissal === 1, decidedAt: r.decided_at, decidedByName: r.decided_by_name }
        : null,
      stale: r !== undefined && excessFen !== null && r.amount_fen !== excessFen,
    });
  };
  for (const row of audit.rows) {
    if (row.excessLitres > 0) add({ vehicleId: row.vehicleId, plate: row.plate, fillupId: null, anomalyKind: null, amountFen: row.excessFen, params: { excess: L(row.excessLitres), value: Y(row.excessFen) } }, row.excessFen);
  }
  const fills = new Map(audit.fills.map((f) => [f.id, f]));
  for (const a of audit.anomalies) {
    const f = fills.get(a.fillupId)!;
    add({ vehicleId: f.vehicle_id, plate: plates.get(f.vehicle_id) ?? f.plate, fillupId: f.id, anomalyKind: a.kind, amountFen: f.amount_fen, params: a.params }, null);
  }
  return { audit, items };
}

/**
 * The penalties of the month's signature in force, per driver and vehicle: what the monthly
 * settlement deducts (a reopened signature's penalties are kept but no longer in force).
 */
export async function penaltiesInForce(ctx: Ctx, month: string) {
  return ctx.db
    .selectFrom('fuel_penalties as p')
    .innerJoin('fuel_signoffs as s', 's.id', 'p.signoff_id')
    .innerJoin('drivers as d', 'd.id', 'p.driver_id')
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .innerJoin('fuel_resolutions as r', 'r.id', 'p.resolution_id')
    .select(['p.id', 'p.driver_id', 'd.name', 'p.vehicle_id', 'v.plate', 'p.km', 'p.amount_fen', 'r.fillup_id', 'r.note'])
    .where('s.month', '=', month)
    .where('s.reopened_at', 'is', null)
    .orderBy('v.plate')
    .orderBy('p.id')
    .execute();
}

export async function monthView(ctx: Ctx, month: string): Promise<FuelMonth> {
  const signoffs = await ctx.db.selectFrom('fuel_signoffs').selectAll().where('month', '=', month).orderBy('id').execute();
  const current = signoffs.find((s) => s.reopened_at === null);
  // A signed month shows what was signed, whatever changes around it later (a later fill
  // reusing one of its invoice numbers, a station retired): only a reopening changes it.
  const items = current ? (JSON.parse(current.items) as FuelItem[]) : (await monthItems(ctx, month)).items;
  const penalties = await penaltiesInForce(ctx, month);
  return {
    month,
    state: current ? 'signed' : 'open',
    ended: month < monthOf(nowMinute(ctx)),
    signedAt: current?.signed_at ?? null,
    signedByName: current?.signed_by_name ?? null,
    history: signoffs.map((s) => ({ signedAt: s.signed_at, signedByName: s.signed_by_name, reopenedAt: s.reopened_at, reopenedByName: s.reopened_by_name, reopenReason: s.reopen_reason })),
    items,
    unresolved: items.filter((i) => !i.resolution || i.stale).length,
    penalties: penalties.map((p) => ({ id: p.id, driverId: p.driver_id, driverName: p.name, vehicleId: p.vehicle_id, plate: p.plate, km: p.km, amountFen: p.amount_fen, source: p.fillup_id === null ? 'excess' : 'anomaly', note: p.note })),
    penaltyTotalFen: penalties.reduce((s, p) => s + p.amount_fen, 0),
  };
}

export async function resolve(ctx: LoggedInCtx, input: z.output<typeof fuelResolveInput>): Promise<FuelMonth> {
  await assertMonthsOpen(ctx, [input.month], 'month');
  await requireOpenMonth(ctx, input.month, 'month');
  const { items } = await monthItems(ctx, input.month);
  const key = itemKey(input.vehicleId, input.fillupId ?? null, input.anomalyKind ?? null);
  const item = items.find((i) => i.key === key);
  if (!item) throw fieldError('NOT_FOUND', input.fillupId ? 'anomalyKind' : 'vehicleId', { key: input.fillupId ? 'err.fuelNoSuchAnomaly' : 'err.fuelNotOver', params: { month: input.month } });
  const amountFen = item.fillupId === null ? item.amountFen : input.decision === 'penalised' ? input.amountFen! : 0;
  if (item.fillupId !== null && amountFen > 0) {
    // One fill's anomalies together charge at most what the fill cost.
    const charged = items.filter((i) => i.fillupId === item.fillupId && i.key !== key && i.resolution?.decision === 'penalised').reduce((sum, i) => sum + i.resolution!.amountFen, 0);
    if (charged + amountFen > item.amountFen) {
      throw fieldError('INVALID_INPUT', 'amountFen', charged ? { key: 'err.fuelChargeAboveRest', params: { charged: Y(charged), rest: Y(item.amountFen - charged) } } : { key: 'err.fuelChargeAboveAmount', params: { amount: Y(item.amountFen) } });
    }
  }
  const now = nowMinute(ctx);
  if (item.resolution) await ctx.db.updateTable('fuel_resolutions').set({ replaced_at: now }).where('id', '=', item.resolution.id).execute();
  const { id } = await ctx.db
    .insertInto('fuel_resolutions')
    .values({
      month: input.month,
      vehicle_id: item.vehicleId,
      fillup_id: item.fillupId,
      anomaly_kind: item.anomalyKind,
      decision: input.decision,
      note: input.note,
      amount_fen: amountFen,
      dismissal: input.dismissal ? 1 : 0,
      decided_at: now,
      decided_by_name: ctx.actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'fuel.resolve', entity: 'fuel_resolutions', entityId: id, before: item.resolution, after: { ...input, amountFen } });
  return monthView(ctx, input.month);
}

export async function sign(ctx: LoggedInCtx, month: string): Promise<FuelMonth> {
  await assertMonthsOpen(ctx, [month], 'month');
  await requireOpenMonth(ctx, month, 'month');
  if (month >= monthOf(nowMinute(ctx))) throw fieldError('CONFLICT', 'month', { key: 'err.monthNotEnded', params: { month } });
  const { audit, items } = await monthItems(ctx, month);
  const open = items.filter((i) => !i.resolution || i.stale);
  if (open.length > 0) {
    throw fieldError('CONFLICT', 'month', { key: 'err.fuelUnresolved', params: { count: open.length, plates: [...new Set(open.map((i) => i.plate))].slice(0, 5).join('、') } });
  }
  const totals = {
    km: audit.rows.reduce((s, r) => s + r.km, 0),
    litres: audit.rows.reduce((s, r) => s + r.litres, 0),
    excessFen: audit.rows.reduce((s, r) => s + r.excessFen, 0),
    over: audit.rows.filter((r) => r.excessLitres > 0).length,
    anomalies: audit.anomalies.length,
  };
  const { id: signoffId } = await ctx.db
    .insertInto('fuel_signoffs')
    .values({ month, signed_at: nowMinute(ctx), signed_by_name: ctx.actor.displayName, totals: JSON.stringify(totals), items: JSON.stringify(items) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const policy = await policyFor(ctx.db, month);
  const penalties: { vehicle_id: number; driver_id: number; resolution_id: number; km: number | null; amount_fen: number }[] = [];
  for (const item of items) {
    const r = item.resolution!;
    if (r.decision !== 'penalised' || r.amountFen === 0) continue;
    if (item.fillupId !== null) {
      const fill = audit.fills.find((f) => f.id === item.fillupId)!;
      penalties.push({ vehicle_id: item.vehicleId, driver_id: fill.driver_id, resolution_id: r.id, km: null, amount_fen: r.amountFen });
      continue;
    }
    // The excess is shared by the km each driver drove the vehicle; fuel bought without any
    // trip falls on the drivers who bought it, by their litres.
    let sharers = audit.km.filter((k) => k.vehicleId === item.vehicleId).map((k) => ({ driverId: k.driverId, km: k.km as number | null, weight: policy.fuel.shareExcessByKm ? k.km : 1 }));
    if (sharers.length === 0) {
      const byDriver = new Map<number, number>();
      for (const f of audit.fills.filter((x) => x.vehicle_id === item.vehicleId)) byDriver.set(f.driver_id, (byDriver.get(f.driver_id) ?? 0) + f.litres);
      sharers = [...byDriver].map(([driverId, litres]) => ({ driverId, km: null, weight: policy.fuel.shareExcessByKm ? litres : 1 }));
    }
    const shares = splitByWeight(r.amountFen, sharers.map((s) => s.weight));
    sharers.forEach((s, i) => {
      if (shares[i]! > 0) penalties.push({ vehicle_id: item.vehicleId, driver_id: s.driverId, resolution_id: r.id, km: s.km, amount_fen: shares[i]! });
    });
  }
  if (penalties.length) await ctx.db.insertInto('fuel_penalties').values(penalties.map((p) => ({ ...p, signoff_id: signoffId, month }))).execute();
  // Serious cases: every driver charged for them is flagged for the director's decision.
  for (const item of items.filter((i) => i.resolution!.dismissal)) {
    for (const driverId of new Set(penalties.filter((p) => p.resolution_id === item.resolution!.id).map((p) => p.driver_id))) {
      await raiseDismissalFlag(ctx, { driverId, sourceType: 'fuel', sourceId: signoffId, sourceNumber: `${month} ${item.plate}`, reason: item.resolution!.note });
    }
  }
  await ctx.audit({ action: 'fuel.sign', entity: 'fuel_signoffs', entityId: signoffId, after: { month, totals, penalties } });
  return monthView(ctx, month);
}

export async function reopen(ctx: LoggedInCtx, month: string, reason: string): Promise<FuelMonth> {
  const current = await currentSignoff(ctx, month);
  if (!current) throw fieldError('CONFLICT', 'month', { key: 'err.fuelNotSigned', params: { month } });
  if (await isMonthLocked(ctx, month)) throw new DomainError('PERIOD_LOCKED', { key: 'err.periodLocked', params: { month } });
  const changes = { reopened_at: nowMinute(ctx), reopened_by_name: ctx.actor.displayName, reopen_reason: reason };
  await ctx.db.updateTable('fuel_signoffs').set(changes).where('id', '=', current.id).execute();
  await ctx.audit({ action: 'fuel.reopen', entity: 'fuel_signoffs', entityId: current.id, after: changes });
  return monthView(ctx, month);
}
