// Accidents (DOMAIN.md section 4): recording, editing, closing and reopening an accident, and
// reading it (one, or a page of the list) as the entity the renderer shows. Every refusal is a
// DomainError, so the dispatcher rolls everything back.
import type { z } from 'zod';
import type { Accident, AccidentSummary, accidentCreateInput, accidentListInput, accidentUpdateInput } from '../../../../shared/api/accidents.ts';
import { shareWords, type AccidentFlag, type AccidentStatus, type CostKind, type Finding, type Reporting, type ShareResult } from '../../../../shared/domain/accident.ts';
import { addMonths, localDate, monthOf, type MonthKey } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, type MessageRef } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { assertMonthsOpen, isMonthLocked } from '../../core/period-lock.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { countRows } from '../../core/sql.ts';
import { checkFields, type Fields } from './checks.ts';
import { accidentMonth, accidentQuery, costsOf, loadVisible, policyCache, type AccidentRow, type FrozenShare } from './rows.ts';
import { closeBlockers, computeShare, flagKinds, raiseDismissalIfDue, repeatFlaggedIds, repeatOf, repeatsOf, shareOf } from './share-and-flags.ts';

const NUMBER_PREFIX = 'SG';

type CreateInput = z.output<typeof accidentCreateInput>;
type UpdateInput = z.output<typeof accidentUpdateInput>;

// ---------------------------------------------------------------------------------------------
// Entities

function toSummary(r: AccidentRow, share: ShareResult, repeatFires: boolean): AccidentSummary {
  return {
    id: r.id,
    number: r.number,
    status: r.status as AccidentStatus,
    occurredAt: r.occurred_at,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    driverId: r.driver_id,
    driverName: r.driver_name,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    privateUse: r.private_use === 1,
    place: r.place,
    finding: r.finding as Finding,
    reporting: r.reporting as Reporting,
    major: r.major === 1,
    costFen: r.cost_fen,
    insuranceFen: r.insurance_fen,
    shareFen: r.status === 'closed' ? r.share_fen : share.state === 'computed' ? share.shareFen : null,
    closedMonth: r.closed_month,
    flags: flagKinds(r, repeatFires),
  };
}

function shareView(share: ShareResult, policyMonth: MonthKey, ctx: Ctx): Accident['share'] {
  const words = renderAll(shareWords(share), ctx.lang);
  if (share.state === 'computed') {
    const { state, costFen, insuranceSubtractedFen, basisFen, shareBp, rawFen, capFen, capped, shareFen } = share;
    return { state, costFen, insuranceSubtractedFen, basisFen, shareBp, rawFen, capFen, capped, shareFen, unsetLiability: null, policyMonth, words };
  }
  return {
    state: share.state,
    costFen: null,
    insuranceSubtractedFen: null,
    basisFen: null,
    shareBp: null,
    rawFen: null,
    capFen: null,
    capped: false,
    shareFen: null,
    unsetLiability: share.state === 'cap_unset' ? share.liability : null,
    policyMonth,
    words,
  };
}

async function toEntity(ctx: Ctx, r: AccidentRow): Promise<Accident> {
  const policies = policyCache(ctx);
  const share = await shareOf(r, policies);
  const repeat = await repeatOf(ctx, r, policies);
  const summary = toSummary(r, share, repeat.fires);
  const attachments = await ctx.db.selectFrom('accident_attachments').selectAll().where('accident_id', '=', r.id).orderBy('id').execute();
  const texts: Record<AccidentFlag, MessageRef> = {
    repeat: { key: 'accidentFlag.repeat', params: { count: repeat.related.length } },
    hidden: { key: 'accidentFlag.hidden' },
    major: { key: 'accidentFlag.major' },
    not_parked: { key: 'accidentFlag.not_parked' },
  };
  return {
    ...summary,
    flagId: r.flag_id,
    description: r.description,
    findingNo: r.finding_no,
    notParked: r.not_parked === 1,
    costs: costsOf(r),
    share: shareView(share, accidentMonth(r), ctx),
    closeBlockers: renderAll(
      closeBlockers(r, share).map((b) => b.ref),
      ctx.lang,
    ),
    flagDetails: summary.flags.map((kind) => ({
      kind,
      text: renderAll([texts[kind]], ctx.lang)[0]!,
      related: kind === 'repeat' ? repeat.related.map((x) => ({ id: x.id, number: x.number, occurredAt: x.occurred_at, finding: x.finding as Finding })) : [],
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      kind: a.kind as Accident['attachments'][number]['kind'],
      fileName: a.file_name,
      mimeType: a.mime_type,
      sizeBytes: a.size_bytes,
      sha256: a.sha256,
      addedAt: a.added_at,
      addedByName: a.added_by_name,
    })),
    recordedAt: r.recorded_at,
    recordedByName: r.recorded_by_name,
    recordedRole: r.recorded_role as Role,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    closedByName: r.closed_by_name,
    closedRole: r.closed_role as Role | null,
    closeNote: r.close_note,
    reopenedAt: r.reopened_at,
    reopenedByName: r.reopened_by_name,
    reopenReason: r.reopen_reason,
  };
}

export async function getAccident(ctx: LoggedInCtx, id: number): Promise<Accident> {
  return toEntity(ctx, await loadVisible(ctx, id));
}

export async function listAccidents(ctx: LoggedInCtx, input: z.output<typeof accidentListInput>) {
  const policies = policyCache(ctx);
  let q = accidentQuery(ctx);
  const ownOnly = drivesOnly(ctx);
  if (ownOnly) q = q.where('a.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.driverId) q = q.where('a.driver_id', '=', input.driverId);
  if (input.vehicleId) q = q.where('a.vehicle_id', '=', input.vehicleId);
  if (input.month) q = q.where('a.occurred_at', '>=', `${input.month}-01 00:00`).where('a.occurred_at', '<', `${addMonths(input.month, 1)}-01 00:00`);
  if (input.filter === 'open' || input.filter === 'closed') q = q.where('a.status', '=', input.filter);
  if (input.filter === 'pending') q = q.where('a.finding', '=', 'pending');
  if (input.filter === 'flagged') {
    const repeatIds = await repeatFlaggedIds(ctx, ownOnly ? (ctx.actor.driverId ?? -1) : (input.driverId ?? null), policies);
    q = q.where((eb) =>
      eb.or([eb('a.reporting', '=', 'hidden'), eb('a.major', '=', 1), eb('a.not_parked', '=', 1), ...(repeatIds.length ? [eb('a.id', 'in', repeatIds)] : [])]),
    );
  }
  const total = await countRows(q);
  const rows = await q.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  // The repeat rule for the whole page in one query, not one per row.
  const repeats = await repeatsOf(ctx, rows, policies);
  const items: AccidentSummary[] = [];
  for (const r of rows) items.push(toSummary(r, await shareOf(r, policies), repeats.get(r.id)!.fires));
  return { items, total };
}

// ---------------------------------------------------------------------------------------------
// Recording and editing

function columns(input: Fields) {
  const costs = input.costs.map((c) => ({ kind: c.kind as CostKind, amountFen: c.amountFen, note: c.note ?? null }));
  return {
    occurred_at: input.occurredAt,
    vehicle_id: input.vehicleId,
    driver_id: input.driverId,
    ticket_id: input.privateUse ? null : (input.ticketId ?? null),
    private_use: input.privateUse ? 1 : 0,
    place: input.place,
    description: input.description,
    finding: input.finding,
    finding_no: input.findingNo ?? null,
    reporting: input.reporting,
    major: input.major ? 1 : 0,
    not_parked: input.notParked ? 1 : 0,
    costs: JSON.stringify(costs),
    cost_fen: costs.reduce((s, c) => s + c.amountFen, 0),
    insurance_fen: input.insuranceFen,
  };
}

export async function createAccident(ctx: LoggedInCtx, input: CreateInput): Promise<Accident> {
  const { flagId, ...fields } = input;
  // The accident's month decides whether that month was safe: once locked, it takes no new one.
  await assertMonthsOpen(ctx, [monthOf(input.occurredAt)], 'occurredAt');
  await checkFields(ctx, fields, flagId ?? null, null);
  const number = await nextDocumentNumber(ctx, NUMBER_PREFIX);
  const at = nowMinute(ctx);
  const { id } = await ctx.db
    .insertInto('accidents')
    .values({
      number,
      status: 'open',
      ...columns(fields),
      flag_id: flagId ?? null,
      recorded_at: at,
      recorded_by_name: ctx.actor.displayName,
      recorded_role: ctx.actor.role,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'accidents.create', entity: 'accidents', entityId: id, after: { number, ...input } });
  const row = await loadVisible(ctx, id);
  await raiseDismissalIfDue(ctx, row, false);
  return toEntity(ctx, row);
}

function requireOpen(row: AccidentRow) {
  if (row.status !== 'open') throw new DomainError('CONFLICT', { key: 'err.accidentClosed', params: { number: row.number } });
}

export async function updateAccident(ctx: LoggedInCtx, input: UpdateInput): Promise<Accident> {
  const before = await loadVisible(ctx, input.id);
  // Neither the month it was in nor the month it is moved to may be locked.
  await assertMonthsOpen(ctx, [accidentMonth(before), monthOf(input.occurredAt)], 'occurredAt');
  requireOpen(before);
  const { id, ...fields } = input;
  await checkFields(ctx, fields, before.flag_id, before);
  const firedBefore = (await repeatOf(ctx, before, policyCache(ctx))).fires;
  const changes = { ...columns(fields), updated_at: nowMinute(ctx) };
  await ctx.db.updateTable('accidents').set(changes).where('id', '=', id).execute();
  const beforeColumns = Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof AccidentRow]]));
  await ctx.audit({ action: 'accidents.update', entity: 'accidents', entityId: id, before: { number: before.number, ...beforeColumns }, after: changes });
  const row = await loadVisible(ctx, id);
  await raiseDismissalIfDue(ctx, row, firedBefore);
  return toEntity(ctx, row);
}

// ---------------------------------------------------------------------------------------------
// Closing and reopening

/**
 * Close: the share is fixed with the policy in force in the accident's month and charged to
 * the settlement of the month it is closed in. Neither that month nor the accident's own month
 * may be locked: an accident of a locked month is corrected by an adjustment.
 */
export async function closeAccident(ctx: LoggedInCtx, input: { id: number; note?: string | undefined }): Promise<Accident> {
  const row = await loadVisible(ctx, input.id);
  requireOpen(row);
  const closedMonth = monthOf(localDate(ctx.now));
  await assertMonthsOpen(ctx, [closedMonth, accidentMonth(row)]);
  const version = await policyCache(ctx)(accidentMonth(row));
  const share = computeShare(row, version.settings.accident);
  const [blocker] = closeBlockers(row, share);
  if (blocker) throw new DomainError(blocker.code, blocker.ref);
  if (share.state !== 'computed') throw new Error(`accident ${row.number}: share not computed`);
  const frozen: FrozenShare = { ...share, policyVersionId: version.id };
  const at = nowMinute(ctx);
  const changes = {
    status: 'closed',
    closed_at: at,
    closed_by_name: ctx.actor.displayName,
    closed_role: ctx.actor.role,
    close_note: input.note ?? null,
    closed_month: closedMonth,
    share_fen: share.shareFen,
    share_json: JSON.stringify(frozen),
    updated_at: at,
  };
  await ctx.db.updateTable('accidents').set(changes).where('id', '=', row.id).execute();
  await ctx.audit({ action: 'accidents.close', entity: 'accidents', entityId: row.id, before: { number: row.number, status: row.status }, after: { ...changes, share_json: frozen } });
  return getAccident(ctx, row.id);
}

/**
 * The director reopens a closed accident: open again, no longer charged (closed month and share
 * cleared); who closed it and the frozen share stay in the audit trail.
 */
export async function reopenAccident(ctx: LoggedInCtx, input: { id: number; reason: string }): Promise<Accident> {
  const row = await loadVisible(ctx, input.id);
  if (row.status !== 'closed') throw new DomainError('CONFLICT', { key: 'err.accidentNotClosed', params: { number: row.number } });
  if (row.closed_month && (await isMonthLocked(ctx, row.closed_month))) throw new DomainError('PERIOD_LOCKED', { key: 'err.periodLocked', params: { month: row.closed_month } });
  const at = nowMinute(ctx);
  const changes = {
    status: 'open',
    closed_at: null,
    closed_by_name: null,
    closed_role: null,
    close_note: null,
    closed_month: null,
    share_fen: null,
    share_json: null,
    reopened_at: at,
    reopened_by_name: ctx.actor.displayName,
    reopen_reason: input.reason,
    updated_at: at,
  };
  await ctx.db.updateTable('accidents').set(changes).where('id', '=', row.id).execute();
  const before = {
    number: row.number,
    status: row.status,
    closed_at: row.closed_at,
    closed_by_name: row.closed_by_name,
    closed_role: row.closed_role,
    close_note: row.close_note,
    closed_month: row.closed_month,
    share_fen: row.share_fen,
    share_json: row.share_json ? (JSON.parse(row.share_json) as FrozenShare) : null,
  };
  await ctx.audit({ action: 'accidents.reopen', entity: 'accidents', entityId: row.id, before, after: changes });
  return getAccident(ctx, row.id);
}
