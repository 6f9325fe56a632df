// Self-maintenance purchases (自行保养): oil and small parts are bought only after the group
// leader confirms and the director approves. A purchase recorded at any other point, or bought
// before the day of the approval, is kept but not reimbursed: the driver bears it, and the
// reason is stored with it.
import type { z } from 'zod';
import type { Purchase, purchaseBuyInput, purchaseCreateInput, purchaseListInput } from '../../../../shared/api/maintenance.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { bearsReason, mayRefusePurchase, purchaseStepAllowed, type BearsReason, type PurchaseStatus, type PurchaseStep } from '../../../../shared/domain/maintenance.ts';
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { countRows } from '../../core/sql.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import { requireActive } from '../masterdata/service.ts';

const NUMBER_PREFIX = 'BY';

/**
 * Only the fleet office asks or records a purchase for another driver; anyone else who may
 * (a driver, also when group leader) does it for themselves.
 */
function forOthers(ctx: LoggedInCtx): boolean {
  return ctx.actor.roles.includes('fleet_office');
}

function purchaseQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('purchases as p')
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'p.driver_id')
    .selectAll('p')
    .select(['v.plate', 'd.name as driver_name']);
}
type PurchaseRow = Awaited<ReturnType<ReturnType<typeof purchaseQuery>['executeTakeFirstOrThrow']>>;

function toEntity(r: PurchaseRow): Purchase {
  return {
    id: r.id,
    number: r.number,
    status: r.status as PurchaseStatus,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    driverId: r.driver_id,
    driverName: r.driver_name,
    items: JSON.parse(r.items) as Purchase['items'],
    estimatedFen: r.estimated_fen,
    note: r.note,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    confirmedAt: r.confirmed_at,
    confirmedByName: r.confirmed_by_name,
    confirmedRole: r.confirmed_role as Role | null,
    confirmNote: r.confirm_note,
    approvedAt: r.approved_at,
    approvedByName: r.approved_by_name,
    approvedRole: r.approved_role as Role | null,
    approveNote: r.approve_note,
    rejectedAt: r.rejected_at,
    rejectedByName: r.rejected_by_name,
    rejectedRole: r.rejected_role as Role | null,
    rejectedReason: r.rejected_reason,
    boughtOn: r.bought_on,
    actualFen: r.actual_fen,
    receiptNo: r.receipt_no,
    bearsReason: r.bears_reason as BearsReason | null,
  };
}

async function loadVisible(ctx: LoggedInCtx, id: number): Promise<PurchaseRow> {
  const row = await purchaseQuery(ctx).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('purchases', id);
  if (drivesOnly(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourPurchase', params: { number: row.number } });
  return row;
}

export async function getPurchase(ctx: LoggedInCtx, id: number): Promise<Purchase> {
  return toEntity(await loadVisible(ctx, id));
}

export async function listPurchases(ctx: LoggedInCtx, input: z.output<typeof purchaseListInput>) {
  let q = purchaseQuery(ctx);
  if (drivesOnly(ctx)) q = q.where('p.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.statuses?.length) q = q.where('p.status', 'in', input.statuses);
  const total = await countRows(q);
  const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  return { items: rows.map(toEntity), total };
}

export async function createPurchase(ctx: LoggedInCtx, input: z.output<typeof purchaseCreateInput>): Promise<Purchase> {
  if (!forOthers(ctx) && input.driverId !== ctx.actor.driverId) throw fieldError('FORBIDDEN', 'driverId', { key: 'err.ownPurchasesOnly' });
  await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  await requireActive(ctx, 'drivers', input.driverId, 'driverId');
  const items = input.items.map((i) => ({ name: i.name, quantity: i.quantity, unit: i.unit ?? '件', estimatedFen: i.estimatedFen }));
  const number = await nextDocumentNumber(ctx, NUMBER_PREFIX);
  const { id } = await ctx.db
    .insertInto('purchases')
    .values({
      number,
      status: 'requested',
      vehicle_id: input.vehicleId,
      driver_id: input.driverId,
      items: JSON.stringify(items),
      estimated_fen: items.reduce((s, i) => s + i.estimatedFen, 0),
      note: input.note ?? null,
      created_at: nowMinute(ctx),
      created_by_name: ctx.actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'purchases.create', entity: 'purchases', entityId: id, after: { number, ...input } });
  return getPurchase(ctx, id);
}

function requireStep(row: PurchaseRow, step: PurchaseStep) {
  if (!purchaseStepAllowed(step, row.status as PurchaseStatus)) {
    throw new DomainError('CONFLICT', { key: 'err.purchaseStatus', params: { number: row.number, status: `$t(purchaseStatus.${row.status})`, step: `$t(purchaseStep.${step})` } });
  }
}

async function move(ctx: LoggedInCtx, row: PurchaseRow, step: PurchaseStep, changes: Record<string, unknown>) {
  requireStep(row, step);
  await ctx.db.updateTable('purchases').set(changes).where('id', '=', row.id).execute();
  await ctx.audit({ action: `purchases.${step}`, entity: 'purchases', entityId: row.id, before: { number: row.number, status: row.status }, after: changes });
  return getPurchase(ctx, row.id);
}

/** Nobody confirms, approves or refuses their own purchase (the group leader also drives). */
function requireNotOwn(ctx: LoggedInCtx, row: PurchaseRow) {
  if (ctx.actor.driverId !== null && ctx.actor.driverId === row.driver_id) throw new DomainError('FORBIDDEN', { key: 'err.ownPurchaseDecision', params: { number: row.number } });
}

export async function confirmPurchase(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  requireNotOwn(ctx, row);
  return move(ctx, row, 'confirm', { status: 'confirmed', confirmed_at: nowMinute(ctx), confirmed_by_name: ctx.actor.displayName, confirmed_role: ctx.actor.role, confirm_note: input.note ?? null });
}

export async function approvePurchase(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  requireNotOwn(ctx, row);
  return move(ctx, row, 'approve', { status: 'approved', approved_at: nowMinute(ctx), approved_by_name: ctx.actor.displayName, approved_role: ctx.actor.role, approve_note: input.note ?? null });
}

/** The group leader refuses before confirming; once confirmed, only the director (or deputy) may. */
export async function rejectPurchase(ctx: LoggedInCtx, input: { id: number; reason: string }) {
  const row = await loadVisible(ctx, input.id);
  requireNotOwn(ctx, row);
  if (purchaseStepAllowed('reject', row.status as PurchaseStatus) && !mayRefusePurchase(ctx.actor.roles, row.status as PurchaseStatus)) {
    throw new DomainError('FORBIDDEN', { key: 'err.purchaseConfirmedReject', params: { number: row.number } });
  }
  return move(ctx, row, 'reject', { status: 'rejected', rejected_reason: input.reason, rejected_at: nowMinute(ctx), rejected_by_name: ctx.actor.displayName, rejected_role: ctx.actor.role });
}

/**
 * Bought: reimbursable only when approved on or before the day of buying; else the driver's.
 * A purchase is dated by the day it was bought: never in a month whose settlement is locked.
 */
export async function buyPurchase(ctx: LoggedInCtx, input: z.output<typeof purchaseBuyInput>) {
  const row = await loadVisible(ctx, input.id);
  if (!forOthers(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourPurchase', params: { number: row.number } });
  if (input.boughtOn > localDate(ctx.now)) throw fieldError('INVALID_INPUT', 'boughtOn', { key: 'err.futureDate', params: { today: localDate(ctx.now) } });
  await assertMonthsOpen(ctx, [monthOf(input.boughtOn)], 'boughtOn');
  const reason = bearsReason(row.status as PurchaseStatus, input.boughtOn, row.approved_at);
  return move(ctx, row, 'buy', {
    status: reason ? 'driver_bears' : 'reimbursable',
    bears_reason: reason,
    bought_on: input.boughtOn,
    actual_fen: input.actualFen,
    receipt_no: input.receiptNo,
  });
}
