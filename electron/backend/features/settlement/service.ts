// The monthly settlement (月度结算, DOMAIN.md section 7): the prerequisites, the draft computed
// from the month's records (compute.ts), the workflow draft → fleet_reviewed → approved →
// locked with a signature per step, the return to draft, the per-person slip, and the
// adjustments that correct a locked month in the first later month not yet locked.
//
// Texts are stored as message references ({ key, params }) and rendered in the caller's
// language when read, so one sheet reads in Chinese and in English alike.
import type { z } from 'zod';
import type { Settlement, settlementAdjustInput, settlementSlipInput } from '../../../../shared/api/settlement.ts';
import { PREREQUISITES, type adjustmentEntity, type prerequisitesOutput, type settlementLineEntity, type settlementListOutput, type settlementRowEntity, type settlementSlipOutput } from '../../../../shared/api/settlement.ts';
import { addMonths, monthOf } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { LINE_KINDS, sheetTotals, STEP_FROM, STEP_TO, type LineKind, type MessageRef, type SettlementStatus } from '../../../../shared/domain/settlement.ts';
import { verifyChain } from '../../core/audit.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { policyVersionFor } from '../policy/service.ts';
import { computeRows, monthBounds } from './compute.ts';

type Prerequisites = z.infer<typeof prerequisitesOutput>;
type Row = z.infer<typeof settlementRowEntity>;
type Line = z.infer<typeof settlementLineEntity>;
type Adjustment = z.infer<typeof adjustmentEntity>;
type SettlementRecord = NonNullable<Awaited<ReturnType<typeof findSettlement>>>;

const LINKS: Record<(typeof PREREQUISITES)[number], (month: string) => string> = {
  fuel_signed: (m) => `/fuel-audit?month=${m}`,
  assessment_signed: (m) => `/assessment?month=${m}`,
  flags_resolved: () => '/tickets?flag=unresolved',
  findings_in: () => '/accidents?filter=pending',
};

const thisMonth = (ctx: Ctx) => monthOf(nowMinute(ctx));
const zeroTotals = () => Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>;

function findSettlement(ctx: Ctx, month: string) {
  return ctx.db.selectFrom('settlements').selectAll().where('month', '=', month).executeTakeFirst();
}

// ---- prerequisites ----

interface Blocker {
  kind: (typeof PREREQUISITES)[number];
  count: number;
  ref: MessageRef;
}

/** The four prerequisites as message references: what is met and what still blocks. */
async function checkPrerequisites(ctx: Ctx, month: string): Promise<Blocker[]> {
  const { from, to } = monthBounds(month);
  const fuel = await ctx.db.selectFrom('fuel_signoffs').select('id').where('month', '=', month).where('reopened_at', 'is', null).executeTakeFirst();
  const assessment = await ctx.db.selectFrom('assessment_signoffs').select('id').where('month', '=', month).where('reopened_at', 'is', null).executeTakeFirst();
  // unresolved flags on the month's tickets: returned in it, or planned to leave in it
  const flags = await ctx.db
    .selectFrom('dispatch_flags as f')
    .innerJoin('dispatch_tickets as t', 't.id', 'f.ticket_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('f.resolved_at', 'is', null)
    .where((eb) => eb.or([eb('t.return_month', '=', month), eb.and([eb('t.planned_departure', '>=', from), eb('t.planned_departure', '<', to)])]))
    .executeTakeFirstOrThrow();
  // open accidents of the month or before still waiting for the police finding
  const pending = await ctx.db
    .selectFrom('accidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finding', '=', 'pending')
    .where('status', '=', 'open')
    .where('occurred_at', '<', to)
    .executeTakeFirstOrThrow();
  const counts: Record<Blocker['kind'], number> = { fuel_signed: fuel ? 0 : 1, assessment_signed: assessment ? 0 : 1, flags_resolved: Number(flags.n), findings_in: Number(pending.n) };
  return PREREQUISITES.map((kind) => ({ kind, count: counts[kind], ref: { key: `prerequisite.${kind}.${counts[kind] ? 'blocked' : 'ok'}`, params: { month, count: counts[kind] } } }));
}

export async function prerequisites(ctx: Ctx, month: string): Promise<Prerequisites> {
  const items = await checkPrerequisites(ctx, month);
  const messages = renderAll(items.map((i) => i.ref), ctx.lang);
  return {
    month,
    ready: items.every((i) => i.count === 0),
    items: items.map((i, n) => ({ kind: i.kind, ok: i.count === 0, message: messages[n]!, count: i.count, link: LINKS[i.kind](month) })),
  };
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

async function rowsOf(ctx: Ctx, settlementId: number) {
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

// ---- the workflow ----

function notReady(ctx: Ctx, month: string, blockers: Blocker[]): DomainError {
  return new DomainError('CONFLICT', { key: 'err.settlementNotReady', params: { month, blockers: renderAll(blockers.map((b) => b.ref), ctx.lang).join(ctx.lang === 'en' ? '; ' : '；') } });
}

function stateError(month: string, status: string, step: string): DomainError {
  if (status === 'locked') return new DomainError('PERIOD_LOCKED', { key: 'err.periodLocked', params: { month } });
  return new DomainError('CONFLICT', { key: 'err.settlementState', params: { month, status: `$t(settlementStatus.${status})`, step: `$t(settlementStep.${step})` } });
}

/**
 * Compute (or recompute) the draft: only once the month has ended and every prerequisite is
 * met, and only while there is no settlement or it is a draft. A recomputation replaces the
 * draft's rows and lines and counts a new version.
 */
export async function prepare(ctx: LoggedInCtx, month: string): Promise<Settlement> {
  if (month >= thisMonth(ctx)) throw fieldError('CONFLICT', 'month', { key: 'err.settlementMonthNotEnded', params: { month } });
  const existing = await findSettlement(ctx, month);
  if (existing && existing.status !== 'draft') throw stateError(month, existing.status, 'prepare');
  const blockers = (await checkPrerequisites(ctx, month)).filter((b) => b.count > 0);
  if (blockers.length) throw notReady(ctx, month, blockers);

  const version = await policyVersionFor(ctx.db, month);
  const rows = await computeRows(ctx, month, version.settings);
  const sums = sheetTotals(rows);
  const now = nowMinute(ctx);
  const head = {
    status: 'draft',
    version: (existing?.version ?? 0) + 1,
    computed_at: now,
    policy_version_id: version.id,
    prepared_at: now,
    prepared_by_name: ctx.actor.displayName,
    prepared_role: ctx.actor.role,
    net_fen: sums.netFen,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    const oldRows = await ctx.db.selectFrom('settlement_rows').select('id').where('settlement_id', '=', id).execute();
    if (oldRows.length) await ctx.db.deleteFrom('settlement_lines').where('row_id', 'in', oldRows.map((r) => r.id)).execute();
    await ctx.db.deleteFrom('settlement_rows').where('settlement_id', '=', id).execute();
    await ctx.db.updateTable('settlements').set(head).where('id', '=', id).execute();
  } else {
    id = (await ctx.db.insertInto('settlements').values({ month, ...head }).returning('id').executeTakeFirstOrThrow()).id;
  }
  for (const r of rows) {
    const { id: rowId } = await ctx.db
      .insertInto('settlement_rows')
      .values({
        settlement_id: id,
        driver_id: r.driverId,
        user_id: r.userId,
        name: r.name,
        employee_no: r.employeeNo,
        post: r.post,
        official_km: r.officialKm,
        safe: r.safe ? 1 : 0,
        reasons: JSON.stringify(r.reasons),
        totals: JSON.stringify(r.totals),
        net_fen: r.netFen,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (r.lines.length) {
      await ctx.db
        .insertInto('settlement_lines')
        .values(r.lines.map((l) => ({ row_id: rowId, kind: l.kind, amount_fen: l.amountFen, source_type: l.sourceType, source_id: l.sourceId, source_number: l.sourceNumber, text: JSON.stringify(l.text) })))
        .execute();
    }
  }
  // one audit row for the sheet (its totals), not one per line: the lines follow from the records
  await ctx.audit({
    action: 'settlement.prepare',
    entity: 'settlements',
    entityId: id,
    before: existing ? { version: existing.version, netFen: existing.net_fen } : undefined,
    after: { month, version: head.version, policyVersionId: version.id, rows: rows.length, totals: sums.totals, netFen: sums.netFen },
  });
  return getSettlement(ctx, month);
}

/** Adjustments carried into the month after its sheet was computed: the sheet must be computed again. */
async function missingAdjustments(ctx: Ctx, s: SettlementRecord): Promise<number> {
  const carried = await ctx.db.selectFrom('settlement_adjustments').select('id').where('target_month', '=', s.month).execute();
  if (!carried.length) return 0;
  const onSheet = await ctx.db
    .selectFrom('settlement_lines as l')
    .innerJoin('settlement_rows as r', 'r.id', 'l.row_id')
    .select('l.source_id')
    .where('r.settlement_id', '=', s.id)
    .where('l.source_type', '=', 'adjustment')
    .execute();
  const ids = new Set(onSheet.map((l) => l.source_id));
  return carried.filter((a) => !ids.has(a.id)).length;
}

/** What a sheet says, person by person and line by line, to compare a stored sheet with its records now. */
function fingerprint(rows: { driverId: number | null; userId: number | null; post: string; officialKm: number; safe: boolean; netFen: number; reasons: string; lines: (string | number | null)[][] }[]): string {
  return JSON.stringify(rows.map((r) => [r.driverId, r.userId, r.post, r.officialKm, r.safe, r.netFen, r.reasons, r.lines]));
}

/**
 * Whether the stored sheet still follows from the month's records: a record changed after the
 * sheet was computed (a fuel month reopened and signed again, a group leader named, an
 * accident closed late) makes it stale, and no one may sign a stale sheet.
 */
async function isStale(ctx: Ctx, s: SettlementRecord): Promise<boolean> {
  const version = await policyVersionFor(ctx.db, s.month);
  if (version.id !== s.policy_version_id) return true;
  const computed = await computeRows(ctx, s.month, version.settings);
  const stored = await rowsOf(ctx, s.id);
  const lines = stored.length ? await ctx.db.selectFrom('settlement_lines').selectAll().where('row_id', 'in', stored.map((r) => r.id)).orderBy('id').execute() : [];
  const line = (l: { kind: string; amountFen: number; sourceType: string | null; sourceId: number | null; sourceNumber: string | null; text: string }) => [l.kind, l.amountFen, l.sourceType, l.sourceId, l.sourceNumber, l.text];
  const now = fingerprint(computed.map((r) => ({ ...r, reasons: JSON.stringify(r.reasons), lines: r.lines.map((l) => line({ ...l, text: JSON.stringify(l.text) })) })));
  const then = fingerprint(
    stored.map((r) => ({
      driverId: r.driver_id,
      userId: r.user_id,
      post: r.post,
      officialKm: r.official_km,
      safe: r.safe === 1,
      netFen: r.net_fen,
      reasons: r.reasons,
      lines: lines.filter((l) => l.row_id === r.id).map((l) => line({ kind: l.kind, amountFen: l.amount_fen, sourceType: l.source_type, sourceId: l.source_id, sourceNumber: l.source_number, text: l.text })),
    })),
  );
  return now !== then;
}

/**
 * A signature: the fleet captain reviews the draft, the manager office approves it, finance
 * locks it. The lock stores the audit chain's head as it stands before the lock's own audit
 * row is written: the hash that seals every change the month's figures came from. The lock's
 * audit row then chains onto that head (and carries it), so the two can be checked together.
 */
export async function step(ctx: LoggedInCtx, month: string, name: 'review' | 'approve' | 'lock'): Promise<Settlement> {
  const s = await findSettlement(ctx, month);
  if (!s) throw fieldError('CONFLICT', 'month', { key: 'err.settlementMissing', params: { month } });
  if (s.status !== STEP_FROM[name]) throw stateError(month, s.status, name);
  const missing = await missingAdjustments(ctx, s);
  if (missing) throw new DomainError('CONFLICT', { key: 'err.settlementAdjustmentsPending', params: { month, count: missing } });
  // every signature is given on a sheet whose prerequisites still hold and which its records still give
  const blockers = (await checkPrerequisites(ctx, month)).filter((b) => b.count > 0);
  if (blockers.length) throw notReady(ctx, month, blockers);
  if (await isStale(ctx, s)) throw new DomainError('CONFLICT', { key: 'err.settlementStale', params: { month } });
  const now = nowMinute(ctx);
  const who = { byName: ctx.actor.displayName, role: ctx.actor.role };
  let changes;
  if (name === 'review') changes = { status: STEP_TO.review, reviewed_at: now, reviewed_by_name: who.byName, reviewed_role: who.role };
  else if (name === 'approve') changes = { status: STEP_TO.approve, approved_at: now, approved_by_name: who.byName, approved_role: who.role };
  else {
    const chain = await verifyChain(ctx.db);
    if (!chain.ok) throw new DomainError('CONFLICT', { key: 'err.settlementAuditBroken', params: { month, id: chain.firstBadId ?? '' } });
    changes = { status: STEP_TO.lock, locked_at: now, locked_by_name: who.byName, locked_role: who.role, audit_head: chain.head };
  }
  await ctx.db.updateTable('settlements').set(changes).where('id', '=', s.id).execute();
  await ctx.audit({ action: `settlement.${name}`, entity: 'settlements', entityId: s.id, before: { month, status: s.status }, after: { ...changes, policyVersionId: s.policy_version_id, netFen: s.net_fen } });
  return getSettlement(ctx, month);
}

/**
 * Back to draft, with a reason: the fleet captain from its own review, the manager office from
 * the review or its approval; never from locked. The signatures given are cleared.
 */
export async function returnToDraft(ctx: LoggedInCtx, month: string, reason: string): Promise<Settlement> {
  const s = await findSettlement(ctx, month);
  if (!s) throw fieldError('CONFLICT', 'month', { key: 'err.settlementMissing', params: { month } });
  const from: string[] = ctx.actor.role === 'manager_office' ? ['fleet_reviewed', 'approved'] : ['fleet_reviewed'];
  if (!from.includes(s.status)) throw stateError(month, s.status, 'return');
  const changes = {
    status: 'draft',
    reviewed_at: null,
    reviewed_by_name: null,
    reviewed_role: null,
    approved_at: null,
    approved_by_name: null,
    approved_role: null,
    returned_at: nowMinute(ctx),
    returned_by_name: ctx.actor.displayName,
    returned_role: ctx.actor.role,
    return_reason: reason,
  };
  await ctx.db.updateTable('settlements').set(changes).where('id', '=', s.id).execute();
  await ctx.audit({
    action: 'settlement.return',
    entity: 'settlements',
    entityId: s.id,
    before: { month, status: s.status, reviewed_by_name: s.reviewed_by_name, approved_by_name: s.approved_by_name },
    after: changes,
  });
  return getSettlement(ctx, month);
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
