// The shop repair workflow (DOMAIN.md section 2): draft → reported → approved (or rejected;
// or approved by phone on the urgent path) → at the shop (vehicle in repair) → work entered
// (vehicle available again) → signed by the vehicle's driver → every major old part checked
// → settled line by line → reviewed → approved for payment → paid. Each step is a timeline
// event and an audit row in one transaction; totals are computed here, in integer fen.
import type { z } from 'zod';
import type { repairCreateInput, repairEnterWorkInput, RepairOrder, repairListInput, repairSeizureInput, SeizureCause } from '../../../../shared/api/repairs.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import {
  deviationNeedsReason,
  lineTotalFen,
  linesFingerprint,
  orderTotals,
  stepAllowed,
  type LineKind,
  type RepairStatus,
  type RepairStep,
} from '../../../../shared/domain/repairs.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { countRows } from '../../core/sql.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import type { RepairLineTable } from '../../db/schema.ts';
import { requireActive } from '../masterdata/service.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { policyFor } from '../policy/service.ts';

const NUMBER_PREFIX = 'WX';
/** The statuses an order reaches only with the driver's signature on its current lines. */
const SIGNED_STATUSES = new Set<RepairStatus>(['driver_signed', 'parts_verified', 'settled', 'reviewed', 'approved_for_payment', 'paid']);

type LineRow = Omit<RepairLineTable, 'id'> & { id: number };

function orderQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('repair_orders as o')
    .innerJoin('vehicles as v', 'v.id', 'o.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'o.driver_id')
    .innerJoin('repair_shops as s', 's.id', 'o.shop_id')
    .selectAll('o')
    .select(['v.plate', 'd.name as driver_name', 's.name as shop_name']);
}
type OrderRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;

async function linesOf(ctx: Ctx, orderId: number): Promise<LineRow[]> {
  return ctx.db.selectFrom('repair_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute();
}

function asDomainLine(l: LineRow) {
  return { kind: l.kind as LineKind, partId: l.part_id, name: l.name, quantity: l.quantity, unitPriceFen: l.unit_price_fen };
}

async function thresholdBp(ctx: Ctx, row: { created_at: string }): Promise<number> {
  return (await policyFor(ctx.db, monthOf(row.created_at))).maintenance.priceDeviationBp;
}

function summary(r: OrderRow, signed: boolean) {
  return {
    id: r.id,
    number: r.number,
    status: r.status as RepairStatus,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    driverId: r.driver_id,
    driverName: r.driver_name,
    shopId: r.shop_id,
    shopName: r.shop_name,
    symptoms: r.symptoms,
    requestedWork: r.requested_work,
    createdAt: r.created_at,
    urgent: r.phone_approved_at !== null,
    phoneApprovedByName: r.phone_approved_by_name,
    phoneApprovedAt: r.phone_approved_at,
    decisionReason: r.decision_reason,
    signed,
    seizureCause: r.seizure_cause as SeizureCause | null,
    seizureNote: r.seizure_note,
    // After an engine seizure from neglect, the whole order is the driver's.
    driverChargeFen: r.seizure_cause ? r.total_fen : 0,
    paymentApprovedAt: r.payment_approved_at,
    partsFen: r.parts_fen,
    labourFen: r.labour_fen,
    totalFen: r.total_fen,
  };
}

async function loadVisible(ctx: LoggedInCtx, id: number): Promise<OrderRow> {
  const row = await orderQuery(ctx).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('repairs', id);
  if (drivesOnly(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourRepair', params: { number: row.number } });
  return row;
}

export async function getOrder(ctx: LoggedInCtx, id: number): Promise<RepairOrder> {
  const row = await loadVisible(ctx, id);
  const lines = await linesOf(ctx, id);
  const events = await ctx.db.selectFrom('repair_events').selectAll().where('order_id', '=', id).orderBy('id').execute();
  const threshold = await thresholdBp(ctx, row);
  const signed = row.signed_fingerprint !== null && row.signed_fingerprint === linesFingerprint(lines.map(asDomainLine));
  return {
    ...summary(row, signed),
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      kind: l.kind as LineKind,
      partId: l.part_id,
      name: l.name,
      unit: l.unit,
      quantity: l.quantity,
      unitPriceFen: l.unit_price_fen,
      referencePriceFen: l.reference_price_fen,
      isMajor: l.is_major === 1,
      totalFen: l.total_fen,
      freeTextReason: l.free_text_reason,
      needsReason: deviationNeedsReason(l.unit_price_fen, l.reference_price_fen, threshold),
      deviationReason: l.deviation_reason,
      correctedFrom: l.corrected_from ? (JSON.parse(l.corrected_from) as { quantity: number; unitPriceFen: number }) : null,
      correctionReason: l.correction_reason,
      oldPartCheckedAt: l.old_part_checked_at,
      oldPartCheckedByName: l.old_part_checked_by_name,
      oldPartNote: l.old_part_note,
    })),
    events: events.map((e) => ({ step: e.step, at: e.at, recordedAt: e.recorded_at, byName: e.by_name, role: e.role, note: e.note })),
  };
}

export async function listOrders(ctx: LoggedInCtx, input: z.output<typeof repairListInput>) {
  let q = orderQuery(ctx);
  if (drivesOnly(ctx)) q = q.where('o.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.vehicleId) q = q.where('o.vehicle_id', '=', input.vehicleId);
  if (input.statuses?.length) q = q.where('o.status', 'in', input.statuses);
  const total = await countRows(q);
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  // Without the lines at hand: signed when the order is past the signature with one on file
  // (a correction sends it back to work_entered, where the old signature no longer counts).
  return { items: rows.map((r) => summary(r, r.signed_fingerprint !== null && SIGNED_STATUSES.has(r.status as RepairStatus))), total };
}

/** The step must start from the order's status, else a message naming both. */
function requireStep(row: OrderRow, name: RepairStep) {
  if (!stepAllowed(name, row.status as RepairStatus)) {
    throw new DomainError('CONFLICT', { key: 'err.repairStatus', params: { number: row.number, status: `$t(repairStatus.${row.status})`, step: `$t(repairStep.${name})` } });
  }
}

/**
 * An order's money (the shop's statement, an engine-seizure charge) is dated by the approval
 * of its payment: once that month is locked, the steps that change or settle the money are
 * refused (PERIOD_LOCKED). approvePayment also checks the month it dates the order in (now).
 */
async function requirePaymentMonthOpen(ctx: Ctx, row: { payment_approved_at: string | null }, ...more: string[]) {
  await assertMonthsOpen(ctx, [row.payment_approved_at ? monthOf(row.payment_approved_at) : null, ...more]);
}

/** Moves the order on; an event and an audit row record it. */
async function step(ctx: LoggedInCtx, row: OrderRow, name: RepairStep, to: RepairStatus, note: string | null, changes: Record<string, unknown> = {}, at = nowMinute(ctx)) {
  requireStep(row, name);
  await ctx.db
    .updateTable('repair_orders')
    .set({ ...changes, status: to, updated_at: nowMinute(ctx) })
    .where('id', '=', row.id)
    .execute();
  await event(ctx, row.id, name, note, at);
  await ctx.audit({ action: `repairs.${name}`, entity: 'repairs', entityId: row.id, before: { number: row.number, status: row.status }, after: { status: to, note, ...changes } });
}

async function event(ctx: LoggedInCtx, orderId: number, name: string, note: string | null, at = nowMinute(ctx)) {
  await ctx.db
    .insertInto('repair_events')
    .values({ order_id: orderId, step: name, at, recorded_at: nowMinute(ctx), user_id: ctx.actor.userId, by_name: ctx.actor.displayName, role: ctx.actor.role, note })
    .execute();
}

export async function createOrder(ctx: LoggedInCtx, input: z.output<typeof repairCreateInput>): Promise<RepairOrder> {
  if (drivesOnly(ctx) && input.driverId !== ctx.actor.driverId) throw fieldError('FORBIDDEN', 'driverId', { key: 'err.ownRepairsOnly' });
  await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  await requireActive(ctx, 'drivers', input.driverId, 'driverId');
  // Only a designated shop may repair a vehicle.
  await requireActive(ctx, 'shops', input.shopId, 'shopId');
  const number = await nextDocumentNumber(ctx, NUMBER_PREFIX);
  const { id } = await ctx.db
    .insertInto('repair_orders')
    .values({
      number,
      status: 'draft',
      vehicle_id: input.vehicleId,
      driver_id: input.driverId,
      shop_id: input.shopId,
      symptoms: input.symptoms,
      requested_work: input.requestedWork ?? null,
      created_by: ctx.actor.userId,
      created_at: nowMinute(ctx),
      updated_at: nowMinute(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event(ctx, id, 'create', input.symptoms);
  await ctx.audit({ action: 'repairs.create', entity: 'repairs', entityId: id, after: { number, ...input } });
  return getOrder(ctx, id);
}

export async function simpleStep(ctx: LoggedInCtx, name: 'report' | 'approve' | 'review' | 'approvePayment' | 'pay', input: { id: number; note?: string | undefined }) {
  const to: Record<typeof name, RepairStatus> = { report: 'reported', approve: 'approved', review: 'reviewed', approvePayment: 'approved_for_payment', pay: 'paid' };
  const row = await loadVisible(ctx, input.id);
  if (name === 'approvePayment') await requirePaymentMonthOpen(ctx, row, monthOf(nowMinute(ctx)));
  else if (name === 'review' || name === 'pay') await requirePaymentMonthOpen(ctx, row);
  // The payment's approval dates the order on the shop's monthly statement.
  await step(ctx, row, name, to[name], input.note ?? null, name === 'approvePayment' ? { payment_approved_at: nowMinute(ctx) } : {});
  return getOrder(ctx, row.id);
}

export async function rejectOrder(ctx: LoggedInCtx, input: { id: number; reason: string }) {
  const row = await loadVisible(ctx, input.id);
  await step(ctx, row, 'reject', 'rejected', input.reason, { decision_reason: input.reason });
  return getOrder(ctx, row.id);
}

/** The urgent path: approved by phone at that time; the order is marked as filed afterwards. */
export async function phoneApprove(ctx: LoggedInCtx, input: { id: number; approvedAt: string; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  if (input.approvedAt > nowMinute(ctx)) throw fieldError('INVALID_INPUT', 'approvedAt', { key: 'err.futureTime', params: { now: nowMinute(ctx) } });
  await step(ctx, row, 'phoneApprove', 'approved', input.note ?? null, { phone_approved_by_name: ctx.actor.displayName, phone_approved_at: input.approvedAt }, input.approvedAt);
  return getOrder(ctx, row.id);
}

export async function toShop(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  const vehicle = await ctx.db.selectFrom('vehicles').select(['status', 'plate']).where('id', '=', row.vehicle_id).executeTakeFirstOrThrow();
  if (vehicle.status === 'dispatched') throw new DomainError('CONFLICT', { key: 'err.repairVehicleOut', params: { plate: vehicle.plate } });
  await step(ctx, row, 'toShop', 'at_shop', input.note ?? null);
  await ctx.db.updateTable('vehicles').set({ status: 'in_repair' }).where('id', '=', row.vehicle_id).where('status', '=', 'available').execute();
  return getOrder(ctx, row.id);
}

/** The shop's list, replacing any earlier one; the signature (if any) no longer covers it. */
export async function enterWork(ctx: LoggedInCtx, input: z.output<typeof repairEnterWorkInput>) {
  const row = await loadVisible(ctx, input.id);
  requireStep(row, 'enterWork');
  const lines = [];
  for (const [i, l] of input.lines.entries()) {
    type PartRow = { name: string; unit: string; reference_price_fen: number; is_major: number };
    const part = l.kind === 'part' && l.partId !== undefined ? ((await requireActive(ctx, 'parts', l.partId, `lines.${i}.partId`)) as unknown as PartRow) : null;
    lines.push({
      order_id: row.id,
      position: i + 1,
      kind: l.kind,
      part_id: l.kind === 'part' ? (l.partId ?? null) : null,
      name: part?.name ?? l.name!,
      unit: part?.unit ?? l.unit ?? (l.kind === 'labour' ? '工时' : '件'),
      quantity: l.quantity,
      unit_price_fen: l.unitPriceFen,
      reference_price_fen: part?.reference_price_fen ?? null,
      is_major: part?.is_major ?? 0,
      total_fen: lineTotalFen(l),
      free_text_reason: part ? null : (l.freeTextReason ?? null),
    });
  }
  const totals = orderTotals(lines.map((l) => ({ kind: l.kind, partId: l.part_id, name: l.name, quantity: l.quantity, unitPriceFen: l.unit_price_fen })));
  await step(ctx, row, 'enterWork', 'work_entered', null, { parts_fen: totals.partsFen, labour_fen: totals.labourFen, total_fen: totals.totalFen, signed_fingerprint: null });
  // A list entered again replaces the earlier one, which the audit row keeps.
  const earlier = await linesOf(ctx, row.id);
  await ctx.db.deleteFrom('repair_lines').where('order_id', '=', row.id).execute();
  await ctx.db.insertInto('repair_lines').values(lines).execute();
  await ctx.audit({ action: 'repairs.lines', entity: 'repairs', entityId: row.id, before: earlier.length ? earlier : null, after: lines });
  // The shop's work is done: the vehicle may be dispatched again, unless another order of it is still at a shop.
  const stillAtShop = await ctx.db.selectFrom('repair_orders').select('id').where('vehicle_id', '=', row.vehicle_id).where('status', '=', 'at_shop').where('id', '!=', row.id).executeTakeFirst();
  if (!stillAtShop) await ctx.db.updateTable('vehicles').set({ status: 'available' }).where('id', '=', row.vehicle_id).where('status', '=', 'in_repair').execute();
  return getOrder(ctx, row.id);
}

function requireOwnVehicleDriver(ctx: LoggedInCtx, row: OrderRow) {
  if (ctx.actor.driverId !== row.driver_id) throw new DomainError('FORBIDDEN', { key: 'err.signOwnOnly', params: { number: row.number, name: row.driver_name } });
}

/** The driver signs the list as it is now: the signature covers exactly these lines. */
export async function sign(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  requireOwnVehicleDriver(ctx, row);
  const lines = await linesOf(ctx, row.id);
  await step(ctx, row, 'sign', 'driver_signed', input.note ?? null, { signed_fingerprint: linesFingerprint(lines.map(asDomainLine)) });
  return getOrder(ctx, row.id);
}

export async function refuseSignature(ctx: LoggedInCtx, input: { id: number; reason: string }) {
  const row = await loadVisible(ctx, input.id);
  requireOwnVehicleDriver(ctx, row);
  await step(ctx, row, 'refuseSignature', 'at_shop', input.reason, { signed_fingerprint: null });
  return getOrder(ctx, row.id);
}

async function lineWithOrder(ctx: LoggedInCtx, lineId: number) {
  const line = await ctx.db.selectFrom('repair_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
  if (!line) throw notFound('repairLine', lineId);
  return { line, row: await loadVisible(ctx, line.order_id) };
}

export async function checkOldPart(ctx: LoggedInCtx, input: { lineId: number; note: string }) {
  const { line, row } = await lineWithOrder(ctx, input.lineId);
  requireStep(row, 'checkOldPart');
  if (line.is_major !== 1) throw fieldError('CONFLICT', 'lineId', { key: 'err.notMajorPart', params: { name: line.name } });
  if (line.old_part_checked_at) throw fieldError('CONFLICT', 'lineId', { key: 'err.oldPartChecked', params: { name: line.name, at: line.old_part_checked_at, by: line.old_part_checked_by_name } });
  await ctx.db
    .updateTable('repair_lines')
    .set({ old_part_checked_at: nowMinute(ctx), old_part_checked_by_name: ctx.actor.displayName, old_part_note: input.note })
    .where('id', '=', line.id)
    .execute();
  await event(ctx, row.id, 'checkOldPart', `${line.name}：${input.note}`);
  await ctx.audit({ action: 'repairs.checkOldPart', entity: 'repairs', entityId: row.id, after: { lineId: line.id, name: line.name, note: input.note } });
  return getOrder(ctx, row.id);
}

export async function verifyParts(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }) {
  const row = await loadVisible(ctx, input.id);
  requireStep(row, 'verifyParts');
  const unchecked = (await linesOf(ctx, row.id)).filter((l) => l.is_major === 1 && !l.old_part_checked_at);
  if (unchecked.length > 0) {
    throw new DomainError('CONFLICT', { key: 'err.oldPartsUnchecked', params: { names: unchecked.map((l) => l.name).join('、') } });
  }
  await step(ctx, row, 'verifyParts', 'parts_verified', input.note ?? null);
  return getOrder(ctx, row.id);
}

/** The captain's correction of a line, kept with its reason: the driver must sign again. */
export async function correctLine(ctx: LoggedInCtx, input: { lineId: number; quantity: number; unitPriceFen: number; reason: string }) {
  const { line, row } = await lineWithOrder(ctx, input.lineId);
  await requirePaymentMonthOpen(ctx, row);
  requireStep(row, 'correct');
  const corrected = { quantity: input.quantity, unit_price_fen: input.unitPriceFen, total_fen: lineTotalFen(input) };
  const lines = (await linesOf(ctx, row.id)).map((l) => (l.id === line.id ? { ...l, ...corrected } : l));
  const totals = orderTotals(lines.map(asDomainLine));
  await step(ctx, row, 'correct', 'work_entered', `${line.name}：${input.reason}`, { parts_fen: totals.partsFen, labour_fen: totals.labourFen, total_fen: totals.totalFen });
  await ctx.db
    .updateTable('repair_lines')
    .set({ ...corrected, corrected_from: JSON.stringify({ quantity: line.quantity, unitPriceFen: line.unit_price_fen }), correction_reason: input.reason })
    .where('id', '=', line.id)
    .execute();
  return getOrder(ctx, row.id);
}

/**
 * Settlement: the lines must be those the driver signed, and every line priced above the
 * catalogue by more than the policy's threshold needs a written reason.
 */
export async function settle(ctx: LoggedInCtx, input: { id: number; reasons: { lineId: number; reason: string }[] }) {
  const row = await loadVisible(ctx, input.id);
  await requirePaymentMonthOpen(ctx, row);
  requireStep(row, 'settle');
  const lines = await linesOf(ctx, row.id);
  if (row.signed_fingerprint !== linesFingerprint(lines.map(asDomainLine))) {
    throw new DomainError('CONFLICT', { key: 'err.signAgain', params: { number: row.number, name: row.driver_name } });
  }
  const threshold = await thresholdBp(ctx, row);
  const reasons = new Map(input.reasons.map((r) => [r.lineId, r.reason]));
  const unknown = input.reasons.findIndex((r) => !lines.some((l) => l.id === r.lineId));
  if (unknown >= 0) throw fieldError('INVALID_INPUT', `reasons.${unknown}.lineId`, { key: 'err.notFound', params: { entity: '$t(entity.repairLine)', id: input.reasons[unknown]!.lineId } });
  const missing: Record<string, { key: string; params: Record<string, unknown> }> = {};
  lines.forEach((l) => {
    if (deviationNeedsReason(l.unit_price_fen, l.reference_price_fen, threshold) && !reasons.get(l.id) && !l.deviation_reason) {
      missing[`lines.${l.position - 1}.deviationReason`] = { key: 'err.deviationReason', params: { name: l.name, percent: threshold / 100 } };
    }
  });
  const first = Object.values(missing)[0];
  if (first) throw new DomainError('INVALID_INPUT', first, missing);
  await step(ctx, row, 'settle', 'settled', null, {});
  for (const [lineId, reason] of reasons) {
    await ctx.db.updateTable('repair_lines').set({ deviation_reason: reason }).where('id', '=', lineId).where('order_id', '=', row.id).execute();
  }
  return getOrder(ctx, row.id);
}

/**
 * Engine seizure from neglect (no oil / no coolant): the order's cost becomes the driver's,
 * for the month's settlement, and the driver is flagged for dismissal for the director.
 */
export async function markSeizure(ctx: LoggedInCtx, input: z.output<typeof repairSeizureInput>) {
  const row = await loadVisible(ctx, input.id);
  await requirePaymentMonthOpen(ctx, row);
  requireStep(row, 'markSeizure');
  if (row.seizure_cause) throw new DomainError('CONFLICT', { key: 'err.seizureMarked', params: { number: row.number } });
  await ctx.db.updateTable('repair_orders').set({ seizure_cause: input.cause, seizure_note: input.note, updated_at: nowMinute(ctx) }).where('id', '=', row.id).execute();
  await event(ctx, row.id, 'markSeizure', input.note);
  await ctx.audit({ action: 'repairs.markSeizure', entity: 'repairs', entityId: row.id, before: { number: row.number, seizureCause: null }, after: { seizureCause: input.cause, note: input.note } });
  await raiseDismissalFlag(ctx, { driverId: row.driver_id, sourceType: 'repair', sourceId: row.id, sourceNumber: row.number, reason: input.note, cause: input.cause });
  return getOrder(ctx, row.id);
}
