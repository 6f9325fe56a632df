// The settlement's workflow: the draft computed and stored (prepare), then draft →
// fleet_reviewed → approved → locked with a signature per step, each refused on a stale sheet
// (one its records no longer give), and the return to draft with a reason.
import type { Settlement } from '../../../../shared/api/settlement.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import { sheetTotals, STEP_FROM, STEP_TO } from '../../../../shared/domain/settlement.ts';
import { verifyChain } from '../../core/audit.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError } from '../../core/errors.ts';
import { policyVersionFor } from '../policy/service.ts';
import { computeRows, type ComputedRow } from './compute.ts';
import { requireReady } from './prerequisites.ts';
import { findSettlement, getSettlement, rowsOf, type SettlementRecord } from './service.ts';

function stateError(month: string, status: string, step: string): DomainError {
  if (status === 'locked') return new DomainError('PERIOD_LOCKED', { key: 'err.periodLocked', params: { month } });
  return new DomainError('CONFLICT', { key: 'err.settlementState', params: { month, status: `$t(settlementStatus.${status})`, step: `$t(settlementStep.${step})` } });
}

async function requireSettlement(ctx: Ctx, month: string): Promise<SettlementRecord> {
  const s = await findSettlement(ctx, month);
  if (!s) throw fieldError('CONFLICT', 'month', { key: 'err.settlementMissing', params: { month } });
  return s;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The computed rows and their lines, stored in the sheet's order with a fixed number of
 * statements per chunk (well under SQLite's bound-parameter limit), not two per person.
 */
async function storeRows(ctx: Ctx, settlementId: number, rows: ComputedRow[]): Promise<void> {
  // one row per person on a sheet: a driver's by driver, the director's or deputy's by user
  const person = (driverId: number | null, userId: number | null) => (driverId !== null ? `d${driverId}` : `u${userId}`);
  const rowIds = new Map<string, number>();
  for (const part of chunks(rows, 500)) {
    const inserted = await ctx.db
      .insertInto('settlement_rows')
      .values(
        part.map((r) => ({
          settlement_id: settlementId,
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
        })),
      )
      .returning(['id', 'driver_id', 'user_id'])
      .execute();
    for (const r of inserted) rowIds.set(person(r.driver_id, r.user_id), r.id);
  }
  const lines = rows.flatMap((r) => {
    const rowId = rowIds.get(person(r.driverId, r.userId))!;
    return r.lines.map((l) => ({ row_id: rowId, kind: l.kind, amount_fen: l.amountFen, source_type: l.sourceType, source_id: l.sourceId, source_number: l.sourceNumber, text: JSON.stringify(l.text) }));
  });
  for (const part of chunks(lines, 1000)) await ctx.db.insertInto('settlement_lines').values(part).execute();
}

/**
 * Compute (or recompute) the draft: only once the month has ended and every prerequisite is
 * met, and only while there is no settlement or it is a draft. A recomputation replaces the
 * draft's rows and lines and counts a new version.
 */
export async function prepare(ctx: LoggedInCtx, month: string): Promise<Settlement> {
  if (month >= monthOf(nowMinute(ctx))) throw fieldError('CONFLICT', 'month', { key: 'err.settlementMonthNotEnded', params: { month } });
  const existing = await findSettlement(ctx, month);
  if (existing && existing.status !== 'draft') throw stateError(month, existing.status, 'prepare');
  await requireReady(ctx, month);

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
  await storeRows(ctx, id, rows);
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

type LineFacts = { kind: string; amountFen: number; sourceType: string | null; sourceId: number | null; sourceNumber: string | null; text: string };
type RowFacts = { driverId: number | null; userId: number | null; post: string; officialKm: number; safe: boolean; netFen: number; reasons: string; lines: LineFacts[] };

/** What a sheet says, person by person and line by line, to compare a stored sheet with its records now. */
function fingerprint(rows: RowFacts[]): string {
  return JSON.stringify(
    rows.map((r) => [r.driverId, r.userId, r.post, r.officialKm, r.safe, r.netFen, r.reasons, r.lines.map((l) => [l.kind, l.amountFen, l.sourceType, l.sourceId, l.sourceNumber, l.text])]),
  );
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
  const linesOf = new Map<number, LineFacts[]>();
  for (const l of lines) {
    const facts = { kind: l.kind, amountFen: l.amount_fen, sourceType: l.source_type, sourceId: l.source_id, sourceNumber: l.source_number, text: l.text };
    const list = linesOf.get(l.row_id);
    if (list) list.push(facts);
    else linesOf.set(l.row_id, [facts]);
  }
  const now = fingerprint(computed.map((r) => ({ ...r, reasons: JSON.stringify(r.reasons), lines: r.lines.map((l) => ({ ...l, text: JSON.stringify(l.text) })) })));
  const then = fingerprint(
    stored.map((r) => ({ driverId: r.driver_id, userId: r.user_id, post: r.post, officialKm: r.official_km, safe: r.safe === 1, netFen: r.net_fen, reasons: r.reasons, lines: linesOf.get(r.id) ?? [] })),
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
  const s = await requireSettlement(ctx, month);
  if (s.status !== STEP_FROM[name]) throw stateError(month, s.status, name);
  const missing = await missingAdjustments(ctx, s);
  if (missing) throw new DomainError('CONFLICT', { key: 'err.settlementAdjustmentsPending', params: { month, count: missing } });
  // every signature is given on a sheet whose prerequisites still hold and which its records still give
  await requireReady(ctx, month);
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
  const s = await requireSettlement(ctx, month);
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
