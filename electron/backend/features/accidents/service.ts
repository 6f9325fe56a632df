// Accidents (DOMAIN.md section 4): the record, its checks against the dispatch ticket or the
// unlogged-mileage flag it came from, the driver's share (computed now while open, frozen when
// closed), the director's flags, and the dismissal flags the repeat rule and a hidden major
// accident raise. Every refusal is a DomainError, so the dispatcher rolls everything back.
import dayjs from 'dayjs';
import type { z } from 'zod';
import type { Accident, AccidentSummary, accidentCreateInput, accidentListInput, accidentUpdateInput } from '../../../../shared/api/accidents.ts';
import type { PolicyVersion } from '../../../../shared/api/governance.ts';
import {
  ACCIDENT_FLAGS,
  accidentShare,
  isMainOrWorse,
  repeatAccidents,
  shareWords,
  type AccidentFlag,
  type AccidentStatus,
  type CostKind,
  type Finding,
  type Reporting,
  type ShareResult,
} from '../../../../shared/domain/accident.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { addMonths, localDate, monthOf, type MonthKey } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { accidentsZhCN } from '../../../../shared/i18n/accidents.zh-CN.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound, type MessageRef } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { assertMonthsOpen, isMonthLocked } from '../../core/period-lock.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { countRows } from '../../core/sql.ts';
import { requireActive } from '../masterdata/service.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { policyVersionFor } from '../policy/service.ts';

const NUMBER_PREFIX = 'SG';
const MAIN_OR_WORSE: Finding[] = ['full', 'main'];

type CreateInput = z.output<typeof accidentCreateInput>;
type UpdateInput = z.output<typeof accidentUpdateInput>;
type Fields = Omit<CreateInput, 'flagId'>;
type CostItem = Accident['costs'][number];

/** What share_json holds: the share as computed when closed, and the policy version it used. */
type FrozenShare = ShareResult & { policyVersionId: number };

export function accidentQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('accidents as a')
    .innerJoin('vehicles as v', 'v.id', 'a.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'a.driver_id')
    .leftJoin('dispatch_tickets as t', 't.id', 'a.ticket_id')
    .selectAll('a')
    .select(['v.plate', 'd.name as driver_name', 't.number as ticket_number']);
}
export type AccidentRow = Awaited<ReturnType<ReturnType<typeof accidentQuery>['executeTakeFirstOrThrow']>>;

/** The policy versions a call reads, each month looked up once. */
function policyCache(ctx: Ctx) {
  const cache = new Map<MonthKey, PolicyVersion>();
  return async (month: MonthKey): Promise<PolicyVersion> => {
    let v = cache.get(month);
    if (!v) {
      v = await policyVersionFor(ctx.db, month);
      cache.set(month, v);
    }
    return v;
  };
}
type Policies = ReturnType<typeof policyCache>;

function shiftDate(date: string, days: number): string {
  return dayjs(date).add(days, 'day').format('YYYY-MM-DD');
}

const costsOf = (r: AccidentRow): CostItem[] => JSON.parse(r.costs) as CostItem[];
const accidentMonth = (r: { occurred_at: string }): MonthKey => monthOf(r.occurred_at);

// ---------------------------------------------------------------------------------------------
// The share, the close blockers and the flags

/** The share of an open accident computed now, of a closed one as frozen when it was closed. */
async function shareOf(r: AccidentRow, policies: Policies): Promise<ShareResult> {
  if (r.status === 'closed' && r.share_json) {
    const { policyVersionId: _v, ...frozen } = JSON.parse(r.share_json) as FrozenShare;
    return frozen as ShareResult;
  }
  const policy = (await policies(accidentMonth(r))).settings.accident;
  return accidentShare({ finding: r.finding as Finding, privateUse: r.private_use === 1, costs: costsOf(r), insuranceFen: r.insurance_fen, policy });
}

/** Why an open accident cannot be closed now, with the code each refusal carries. */
function closeBlockers(r: AccidentRow, share: ShareResult): { code: 'CONFLICT' | 'POLICY_UNSET'; ref: MessageRef }[] {
  const out: { code: 'CONFLICT' | 'POLICY_UNSET'; ref: MessageRef }[] = [];
  if (r.status === 'closed') return out;
  if (r.finding === 'pending') out.push({ code: 'CONFLICT', ref: { key: 'err.accidentPending', params: { number: r.number } } });
  if (share.state === 'cap_unset') {
    out.push({ code: 'POLICY_UNSET', ref: { key: 'err.accidentCapUnset', params: { liability: `$t(liability.${share.liability})`, month: accidentMonth(r) } } });
  }
  if (costsOf(r).length === 0) out.push({ code: 'CONFLICT', ref: { key: 'err.accidentNoCosts', params: { number: r.number } } });
  return out;
}

interface RelatedRow {
  id: number;
  number: string;
  occurred_at: string;
  finding: string;
}

/**
 * The repeat rule for one accident: this driver's accidents of main liability or worse within
 * the window (of the policy in force in the accident's month) before or after it. Bounded: only
 * this driver's full/main accidents between the window's dates are read.
 */
async function repeatOf(ctx: Ctx, a: RelatedRow & { driver_id: number }, policies: Policies): Promise<{ fires: boolean; related: RelatedRow[] }> {
  if (!isMainOrWorse(a.finding as Finding)) return { fires: false, related: [] };
  const policy = (await policies(accidentMonth(a))).settings.accident;
  const date = a.occurred_at.slice(0, 10);
  const rows = await ctx.db
    .selectFrom('accidents')
    .select(['id', 'number', 'occurred_at', 'finding'])
    .where('driver_id', '=', a.driver_id)
    .where('finding', 'in', MAIN_OR_WORSE)
    .where('occurred_at', '>=', `${shiftDate(date, -policy.repeatWindowDays)} 00:00`)
    .where('occurred_at', '<=', `${shiftDate(date, policy.repeatWindowDays)} 23:59`)
    .execute();
  const byId = new Map<number, RelatedRow>(rows.map((r) => [r.id, r]));
  byId.set(a.id, { id: a.id, number: a.number, occurred_at: a.occurred_at, finding: a.finding });
  const result = repeatAccidents(
    { id: a.id, date, finding: a.finding as Finding },
    rows.map((r) => ({ id: r.id, date: r.occurred_at.slice(0, 10), finding: r.finding as Finding })),
    policy,
  );
  return { fires: result.fires, related: result.accidents.map((x) => byId.get(x.id)!) };
}

function flagKinds(r: AccidentRow, repeat: boolean): AccidentFlag[] {
  const on: Record<AccidentFlag, boolean> = { repeat, hidden: r.reporting === 'hidden', major: r.major === 1, not_parked: r.not_parked === 1 };
  return ACCIDENT_FLAGS.filter((f) => on[f]);
}

// ---------------------------------------------------------------------------------------------
// Entities

interface Derived {
  share: ShareResult;
  repeat: { fires: boolean; related: RelatedRow[] };
}

async function derive(ctx: Ctx, r: AccidentRow, policies: Policies): Promise<Derived> {
  return { share: await shareOf(r, policies), repeat: await repeatOf(ctx, r, policies) };
}

function toSummary(r: AccidentRow, { share, repeat }: Derived): AccidentSummary {
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
    flags: flagKinds(r, repeat.fires),
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
  const { share, repeat } = await derive(ctx, r, policyCache(ctx));
  const summary = toSummary(r, { share, repeat });
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

/** The accident, if the caller may see it: a person who only drives sees only their own. */
export async function loadVisible(ctx: LoggedInCtx, id: number): Promise<AccidentRow> {
  const row = await accidentQuery(ctx).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('accidents', id);
  if (drivesOnly(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourAccident', params: { number: row.number } });
  return row;
}

export async function getAccident(ctx: LoggedInCtx, id: number): Promise<Accident> {
  return toEntity(ctx, await loadVisible(ctx, id));
}

/**
 * The ids of the accidents the repeat rule flags, for the 'flagged' filter: only accidents of
 * main liability or worse are read (three columns), of one driver when the list asks for one.
 */
async function repeatFlaggedIds(ctx: Ctx, driverId: number | null): Promise<number[]> {
  let q = ctx.db.selectFrom('accidents').select(['id', 'driver_id', 'occurred_at', 'finding']).where('finding', 'in', MAIN_OR_WORSE);
  if (driverId !== null) q = q.where('driver_id', '=', driverId);
  const rows = await q.execute();
  const byDriver = new Map<number, typeof rows>();
  for (const r of rows) byDriver.set(r.driver_id, [...(byDriver.get(r.driver_id) ?? []), r]);
  const policies = policyCache(ctx);
  const ids: number[] = [];
  for (const list of byDriver.values()) {
    const past = list.map((r) => ({ id: r.id, date: r.occurred_at.slice(0, 10), finding: r.finding as Finding }));
    for (const self of past) {
      const month = monthOf(self.date);
      if (repeatAccidents(self, past, (await policies(month)).settings.accident).fires) ids.push(self.id);
    }
  }
  return ids;
}

export async function listAccidents(ctx: LoggedInCtx, input: z.output<typeof accidentListInput>) {
  let q = accidentQuery(ctx);
  const ownOnly = drivesOnly(ctx);
  if (ownOnly) q = q.where('a.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.driverId) q = q.where('a.driver_id', '=', input.driverId);
  if (input.vehicleId) q = q.where('a.vehicle_id', '=', input.vehicleId);
  if (input.month) q = q.where('a.occurred_at', '>=', `${input.month}-01 00:00`).where('a.occurred_at', '<', `${addMonths(input.month, 1)}-01 00:00`);
  if (input.filter === 'open' || input.filter === 'closed') q = q.where('a.status', '=', input.filter);
  if (input.filter === 'pending') q = q.where('a.finding', '=', 'pending');
  if (input.filter === 'flagged') {
    const repeatIds = await repeatFlaggedIds(ctx, ownOnly ? (ctx.actor.driverId ?? -1) : (input.driverId ?? null));
    q = q.where((eb) =>
      eb.or([eb('a.reporting', '=', 'hidden'), eb('a.major', '=', 1), eb('a.not_parked', '=', 1), ...(repeatIds.length ? [eb('a.id', 'in', repeatIds)] : [])]),
    );
  }
  const total = await countRows(q);
  const rows = await q.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  const policies = policyCache(ctx);
  const items: AccidentSummary[] = [];
  for (const r of rows) items.push(toSummary(r, await derive(ctx, r, policies)));
  return { items, total };
}

// ---------------------------------------------------------------------------------------------
// Recording and editing

/**
 * The checks shared by create and update: the vehicle and driver, the time, the ticket it
 * happened on (or private use), the unlogged-mileage flag it came from, and the insurance.
 * `before` is the stored accident on update (references kept unchanged are not re-checked).
 */
async function checkFields(ctx: LoggedInCtx, input: Fields, flagId: number | null, before: AccidentRow | null): Promise<void> {
  if (!before || before.vehicle_id !== input.vehicleId) await requireActive(ctx, 'vehicles', input.vehicleId, 'vehicleId');
  if (!before || before.driver_id !== input.driverId) await requireActive(ctx, 'drivers', input.driverId, 'driverId');
  const now = nowMinute(ctx);
  if (input.occurredAt > now) throw fieldError('INVALID_INPUT', 'occurredAt', { key: 'err.accidentFuture' });

  if (flagId !== null) {
    const flag = await ctx.db
      .selectFrom('dispatch_flags as f')
      .innerJoin('dispatch_tickets as t', 't.id', 'f.ticket_id')
      .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
      .select(['f.id', 'f.kind', 't.vehicle_id', 'v.plate'])
      .where('f.id', '=', flagId)
      .executeTakeFirst();
    if (!flag) throw fieldError('NOT_FOUND', 'flagId', { key: 'err.notFound', params: { entity: '$t(entity.dispatchFlag)', id: flagId } });
    if (flag.kind !== 'unlogged_mileage') throw fieldError('INVALID_INPUT', 'flagId', { key: 'err.accidentFlagKind' });
    if (flag.vehicle_id !== input.vehicleId) throw fieldError('INVALID_INPUT', 'vehicleId', { key: 'err.accidentFlagVehicle', params: { plate: flag.plate } });
    // Recorded from an unlogged-mileage flag: private use by definition; refused rather than
    // silently changed, so the form shows why.
    if (!input.privateUse) throw fieldError('INVALID_INPUT', 'privateUse', { key: 'err.accidentFlagPrivate' });
    if (!before) {
      const used = await ctx.db.selectFrom('accidents').select('number').where('flag_id', '=', flagId).executeTakeFirst();
      if (used) throw fieldError('CONFLICT', 'flagId', { key: 'err.accidentFlagUsed', params: { number: used.number } });
    }
  }

  if (input.privateUse) {
    if (input.ticketId !== undefined) throw fieldError('INVALID_INPUT', 'ticketId', { key: 'err.accidentPrivateTicket' });
  } else if (input.ticketId !== undefined) {
    const t = await ctx.db
      .selectFrom('dispatch_tickets as t')
      .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
      .innerJoin('drivers as d', 'd.id', 't.driver_id')
      .select(['t.id', 't.number', 't.vehicle_id', 't.driver_id', 't.departed_at', 't.returned_at', 'v.plate', 'd.name as driver_name'])
      .where('t.id', '=', input.ticketId)
      .executeTakeFirst();
    if (!t) throw fieldError('NOT_FOUND', 'ticketId', { key: 'err.notFound', params: { entity: '$t(entity.dispatch)', id: input.ticketId } });
    if (t.vehicle_id !== input.vehicleId || t.driver_id !== input.driverId) {
      throw fieldError('INVALID_INPUT', 'ticketId', { key: 'err.accidentTicketMismatch', params: { ticket: t.number, plate: t.plate, driver: t.driver_name } });
    }
    const end = t.returned_at ?? now;
    if (t.departed_at === null || input.occurredAt < t.departed_at || input.occurredAt > end) {
      throw fieldError('INVALID_INPUT', 'occurredAt', { key: 'err.accidentTicketTime', params: { at: input.occurredAt, ticket: t.number } });
    }
  }

  const costFen = input.costs.reduce((s, c) => s + c.amountFen, 0);
  if (input.insuranceFen > costFen) {
    throw fieldError('INVALID_INPUT', 'insuranceFen', { key: 'err.insuranceOverCost', params: { insurance: formatFen(input.insuranceFen), cost: formatFen(costFen) } });
  }
}

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

const FINDING_ZH = accidentsZhCN.finding;

/**
 * Dismissal flags (stored in Chinese, as the personnel records are kept): when this change made
 * the repeat rule fire for the accident, and for a hidden accident that is major. At most one
 * flag per accident, whatever raised it.
 */
async function raiseDismissalIfDue(ctx: LoggedInCtx, row: AccidentRow, firedBefore: boolean): Promise<void> {
  const policies = policyCache(ctx);
  const repeat = await repeatOf(ctx, row, policies);
  const reasons: string[] = [];
  if (repeat.fires && !firedBefore) {
    const days = (await policies(accidentMonth(row))).settings.accident.repeatWindowDays;
    const list = repeat.related.map((x) => `${x.number}（${x.occurred_at.slice(0, 10)}，${FINDING_ZH[x.finding as Finding]}）`).join('、');
    reasons.push(`驾驶员${row.driver_name}在 ${days} 天内发生 ${repeat.related.length} 起主要及以上责任事故：${list}`);
  }
  if (row.reporting === 'hidden' && row.major === 1) reasons.push(`事故 ${row.number} 为重大事故且隐瞒不报`);
  if (reasons.length === 0) return;
  const existing = await ctx.db.selectFrom('personnel_flags').select('id').where('source_type', '=', 'accident').where('source_id', '=', row.id).executeTakeFirst();
  if (existing) return;
  await raiseDismissalFlag(ctx, { driverId: row.driver_id, sourceType: 'accident', sourceId: row.id, sourceNumber: row.number, reason: reasons.join('；') });
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
  const version = await policyVersionFor(ctx.db, accidentMonth(row));
  const share = accidentShare({ finding: row.finding as Finding, privateUse: row.private_use === 1, costs: costsOf(row), insuranceFen: row.insurance_fen, policy: version.settings.accident });
  const [blocker] = closeBlockers(row, share);
  if (blocker) throw new DomainError(blocker.code, blocker.ref);
  if (share.state !== 'computed') throw new Error(`accident ${row.number}: share not computed`);
  const frozen: FrozenShare = { ...share, policyVersionId: version.id };
  const changes = {
    status: 'closed',
    closed_at: nowMinute(ctx),
    closed_by_name: ctx.actor.displayName,
    closed_role: ctx.actor.role,
    close_note: input.note ?? null,
    closed_month: closedMonth,
    share_fen: share.shareFen,
    share_json: JSON.stringify(frozen),
    updated_at: nowMinute(ctx),
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
  const changes = {
    status: 'open',
    closed_at: null,
    closed_by_name: null,
    closed_role: null,
    close_note: null,
    closed_month: null,
    share_fen: null,
    share_json: null,
    reopened_at: nowMinute(ctx),
    reopened_by_name: ctx.actor.displayName,
    reopen_reason: input.reason,
    updated_at: nowMinute(ctx),
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
