// The monthly settlement (月度结算, DOMAIN.md section 7), as it is read: the sheet with its
// rows and signatures, the list of months, one person's slip, and the adjustments that correct
// a locked month in the first later month not yet locked. Prerequisites: prerequisites.ts;
// computing and signing: workflow.ts; the computation itself: compute.ts.
//
// Texts are stored as message references ({ key, params }) and rendered in the caller's
// language when read, so one sheet reads in Chinese and in English alike.
import type { z } from 'zod';
import type { Settlement, settlementAdjustInput, settlementSlipInput } from '../../../../shared/api/settlement.ts';
import type { adjustmentEntity, settlementLineEntity, settlementListOutput, settlementRowEntity, settlementSlipOutput } from '../../../../shared/api/settlement.ts';
import { addMonths } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { LINE_KINDS, sheetTotals, type LineKind, type MessageRef, type SettlementStatus } from '../../../../shared/domain/settlement.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { prerequisites } from './prerequisites.ts';

type Row = z.infer<typeof settlementRowEntity>;
type Line = z.infer<typeof settlementLineEntity>;
type Adjustment = z.infer<typeof adjustmentEntity>;
export type SettlementRecord = NonNullable<Awaited<ReturnType<typeof findSettlement>>>;

const zeroTotals = () => Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>;

export function findSettlement(ctx: Ctx, month: string) {
  return ctx.db.selectFrom('settlements').selectAll().where('month', '=', month).executeTakeFirst();
}

// ---- reading ----

function signature(at: string | null, byName: string | null, role: string | null) {
  return at && byName && role ? { at, byName, role: role as Role } : null;
}

function toRow(r: { id: number; driver_id: number | null; user_id: number | null; name: string; employee_no: string | null; post: string; official_km: number; safe: number; reasons: string; totals: string; net_fen: number }, lang: Ctx['lang']): Row {
  return {
    id: r.id,
    driverId: r.driver_id,
    userId: r.user_id,
    name: r.name,
    employeeNo: r.employee_no,
    post: r.post as Row['post'],
    officialKm: r.official_km,
    safe: r.safe === 1,
    reasons: renderAll(JSON.parse(r.reasons) as MessageRef[], lang),
    totals: { ...zeroTotals(), ...(JSON.parse(r.totals) as Record<LineKind, number>) },
    netFen: r.net_fen,
  };
}

export async function rowsOf(ctx: Ctx, settlementId: number) {
  return ctx.db.selectFrom('settlement_rows').selectAll().where('settlement_id', '=', settlementId).orderBy('id').execute();
}

async function toEntity(ctx: Ctx, month: string, s: SettlementRecord | undefined): Promise<Settlement> {
  const pre = await prerequisites(ctx, month);
  if (!s) {
    return { month, status: 'none', version: 0, computedAt: null, prepared: null, reviewed: null, approved: null, locked: null, returned: null, policyVersionId: null, auditHead: null, rows: [], totals: zeroTotals(), netFen: 0, prerequisites: pre };
  }
  // stored in the sheet's order (compute.ts: director, deputy, group leaders, drivers; then employee number)
  const rows = (await rowsOf(ctx, s.id)).map((r) => toRow(r, ctx.lang));
  const sums = sheetTotals(rows);
  const returned = signature(s.returned_at, s.returned_by_name, s.returned_role);
  return {
    month,
    status: s.status as SettlementStatus,
    version: s.version,
    computedAt: s.computed_at,
    prepared: signature(s.prepared_at, s.prepared_by_name, s.prepared_role),
    reviewed: signature(s.reviewed_at, s.reviewed_by_name, s.reviewed_role),
    approved: signature(s.approved_at, s.approved_by_name, s.approved_role),
    locked: signature(s.locked_at, s.locked_by_name, s.locked_role),
    returned: returned ? { ...returned, reason: s.return_reason ?? '' } : null,
    policyVersionId: s.policy_version_id,
    auditHead: s.audit_head,
    rows,
    totals: sums.totals,
    netFen: sums.netFen,
    prerequisites: pre,
  };
}

export async function getSettlement(ctx: Ctx, month: string): Promise<Settlement> {
  return toEntity(ctx, month, await findSettlement(ctx, month));
}

export async function listSettlements(ctx: Ctx): Promise<z.infer<typeof settlementListOutput>> {
  const rows = await ctx.db
    .selectFrom('settlements as s')
    .leftJoin('settlement_rows as r', 'r.settlement_id', 's.id')
    .select((eb) => ['s.month', 's.status', 's.net_fen', 's.locked_at', eb.fn.count<number>('r.id').as('rows')])
    .groupBy(['s.id', 's.month', 's.status', 's.net_fen', 's.locked_at'])
    .orderBy('s.month', 'desc')
    .execute();
  return { items: rows.map((r) => ({ month: r.month, status: r.status as SettlementStatus, rows: Number(r.rows), netFen: r.net_fen, lockedAt: r.locked_at })) };
}

// ---- the slip ----

async function personName(ctx: Ctx, person: { driverId?: number | undefined; userId?: number | undefined }): Promise<string> {
  if (person.driverId !== undefined) {
    const d = await ctx.db.selectFrom('drivers').select('name').where('id', '=', person.driverId).executeTakeFirst();
    if (!d) throw notFound('drivers', person.driverId);
    return d.name;
  }
  const u = await ctx.db.selectFrom('users').select('display_name').where('id', '=', person.userId!).executeTakeFirst();
  if (!u) throw notFound('users', person.userId!);
  return u.display_name;
}

/**
 * One person's row and lines. A person who only drives reads their own (the driver named by
 * default; another's is refused); anyone else names the person, or reads their own when their
 * account is a driver's.
 */
export async function slip(ctx: LoggedInCtx, input: z.output<typeof settlementSlipInput>): Promise<z.infer<typeof settlementSlipOutput>> {
  if (input.driverId !== undefined && input.userId !== undefined) throw fieldError('INVALID_INPUT', 'driverId', { key: 'err.adjustPerson' });
  let person: { driverId?: number; userId?: number };
  if (drivesOnly(ctx)) {
    const own = ctx.actor.driverId;
    if (own === null || input.userId !== undefined || (input.driverId !== undefined && input.driverId !== own)) {
      throw new DomainError('FORBIDDEN', { key: 'err.notYourSlip', params: { month: input.month } });
    }
    person = { driverId: own };
  } else if (input.driverId !== undefined) person = { driverId: input.driverId };
  else if (input.userId !== undefined) person = { userId: input.userId };
  else if (ctx.actor.driverId !== null) person = { driverId: ctx.actor.driverId };
  else throw fieldError('INVALID_INPUT', 'driverId', { key: 'err.adjustPerson' });

  const name = await personName(ctx, person);
  const noSlip = () => new DomainError('NOT_FOUND', { key: 'err.noSlip', params: { month: input.month, name } });
  const s = await findSettlement(ctx, input.month);
  if (!s) throw noSlip();
  let q = ctx.db.selectFrom('settlement_rows').selectAll().where('settlement_id', '=', s.id);
  q = person.driverId !== undefined ? q.where('driver_id', '=', person.driverId) : q.where('user_id', '=', person.userId!);
  const row = await q.executeTakeFirst();
  if (!row) throw noSlip();
  const lines = await ctx.db.selectFrom('settlement_lines').selectAll().where('row_id', '=', row.id).orderBy('id').execute();
  const texts = renderAll(lines.map((l) => JSON.parse(l.text) as MessageRef), ctx.lang);
  return {
    month: input.month,
    status: s.status as SettlementStatus,
    row: toRow(row, ctx.lang),
    lines: lines.map(
      (l, i): Line => ({ kind: l.kind as LineKind, amountFen: l.amount_fen, sourceType: l.source_type as Line['sourceType'], sourceId: l.source_id, sourceNumber: l.source_number, text: texts[i]! }),
    ),
  };
}

// ---- adjustments ----

function toAdjustment(r: { id: number; driver_id: number | null; user_id: number | null; name: string; corrects_month: string; target_month: string; amount_fen: number; reason: string; created_at: string; created_by_name: string; created_role: string }): Adjustment {
  return {
    id: r.id,
    driverId: r.driver_id,
    userId: r.user_id,
    name: r.name,
    correctsMonth: r.corrects_month,
    targetMonth: r.target_month,
    amountFen: r.amount_fen,
    reason: r.reason,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    createdRole: r.created_role as Role,
  };
}

/**
 * Correct a locked month: the amount is carried into the first month after it whose settlement
 * is not locked (it shows as an adjustment line when that month is next prepared).
 */
export async function adjust(ctx: LoggedInCtx, input: z.output<typeof settlementAdjustInput>): Promise<Adjustment> {
  const corrected = await findSettlement(ctx, input.correctsMonth);
  if (corrected?.status !== 'locked') throw fieldError('CONFLICT', 'correctsMonth', { key: 'err.adjustNotLocked', params: { month: input.correctsMonth } });
  let name: string;
  if (input.driverId !== undefined) {
    const d = await ctx.db.selectFrom('drivers').select('name').where('id', '=', input.driverId).executeTakeFirst();
    if (!d) throw fieldError('NOT_FOUND', 'driverId', { key: 'err.notFound', params: { entity: '$t(entity.drivers)', id: input.driverId } });
    name = d.name;
  } else {
    const u = await ctx.db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select('u.display_name')
      .where('u.id', '=', input.userId!)
      .where('r.role', 'in', ['director', 'deputy_director'])
      .executeTakeFirst();
    if (!u) throw fieldError('NOT_FOUND', 'userId', { key: 'err.adjustNoPost', params: { id: input.userId! } });
    name = u.display_name;
  }
  const locked = new Set((await ctx.db.selectFrom('settlements').select('month').where('month', '>', input.correctsMonth).where('status', '=', 'locked').execute()).map((r) => r.month));
  let target = addMonths(input.correctsMonth, 1);
  while (locked.has(target)) target = addMonths(target, 1);
  const values = {
    driver_id: input.driverId ?? null,
    user_id: input.userId ?? null,
    name,
    corrects_month: input.correctsMonth,
    target_month: target,
    amount_fen: input.amountFen,
    reason: input.reason,
    created_at: nowMinute(ctx),
    created_by_name: ctx.actor.displayName,
    created_role: ctx.actor.role,
  };
  const { id } = await ctx.db.insertInto('settlement_adjustments').values(values).returning('id').executeTakeFirstOrThrow();
  await ctx.audit({ action: 'settlement.adjust', entity: 'settlement_adjustments', entityId: id, after: values });
  return toAdjustment({ id, ...values });
}

export async function listAdjustments(ctx: Ctx, month: string | undefined): Promise<{ items: Adjustment[] }> {
  let q = ctx.db.selectFrom('settlement_adjustments').selectAll();
  if (month) q = q.where('target_month', '=', month);
  const rows = await q.orderBy('target_month', 'desc').orderBy('id', 'desc').execute();
  return { items: rows.map(toAdjustment) };
}
