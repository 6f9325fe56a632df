// The monthly 100-point assessment (DOMAIN.md section 6): the fleet office keeps a catalogue
// of deduction items and takes points off each driver's and each vehicle's sheet item by item;
// a driver's sheet also loses the points of their violations of the month, without anyone
// entering them. Once the month has ended the fleet office signs it (a snapshot of every sheet
// with the policy version); a signed month changes no more until the director reopens it.
import type { z } from 'zod';
import type {
  assessmentDeductInput,
  assessmentItemSaveInput,
  assessmentItemsInput,
  assessmentMonthInput,
  assessmentMonthOutput,
  assessmentSheetOutput,
  assessmentSheetRow,
} from '../../../../shared/api/conduct.ts';
import { assessmentPayDeduction, assessmentScore, scoreAllowsBonus, type AssessmentSubject } from '../../../../shared/domain/assessment.ts';
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import type { PolicySettings } from '../../../../shared/domain/policy.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { assertMonthsOpen, isMonthLocked } from '../../core/period-lock.ts';
import { renderAll } from '../../core/messages.ts';
import { policyFor, policyVersionFor } from '../policy/service.ts';
import { currentSignoff } from './signoffs.ts';

type SheetRow = z.infer<typeof assessmentSheetRow>;
type MonthOutput = z.infer<typeof assessmentMonthOutput>;
type SheetOutput = z.infer<typeof assessmentSheetOutput>;
type AssessmentPolicy = PolicySettings['assessment'];

const thisMonth = (ctx: Ctx) => monthOf(localDate(ctx.now));

// ---- the catalogue of deduction items ----

type ItemRow = { id: number; name: string; subject: string; points: number; retired_at: string | null };

function toItem(r: ItemRow) {
  return { id: r.id, name: r.name, subject: r.subject as AssessmentSubject, points: r.points, retiredAt: r.retired_at };
}

async function findItem(ctx: Ctx, id: number, field = 'id') {
  const row = await ctx.db.selectFrom('assessment_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fieldError('NOT_FOUND', field, { key: 'err.notFound', params: { entity: '$t(entity.assessmentItem)', id } });
  return row;
}

export async function listItems(ctx: LoggedInCtx, input: z.output<typeof assessmentItemsInput>) {
  let q = ctx.db.selectFrom('assessment_items').selectAll();
  if (input.subject) q = q.where('subject', '=', input.subject);
  if (!input.includeRetired) q = q.where('retired_at', 'is', null);
  const rows = await q.orderBy('subject').orderBy('id').execute();
  return { items: rows.map(toItem) };
}

/**
 * A new item, or an item edited. The deductions already entered keep the name and points
 * they were entered with: an edit changes only what is entered from now on.
 */
export async function saveItem(ctx: LoggedInCtx, input: z.output<typeof assessmentItemSaveInput>) {
  const before = input.id !== undefined ? await findItem(ctx, input.id) : null;
  let same = ctx.db.selectFrom('assessment_items').select('id').where('subject', '=', input.subject).where('name', '=', input.name);
  if (before) same = same.where('id', '!=', before.id);
  if (await same.executeTakeFirst()) throw fieldError('CONFLICT', 'name', { key: 'err.assessmentItemExists', params: { name: input.name } });
  const now = nowMinute(ctx);
  const values = { name: input.name, subject: input.subject, points: input.points, updated_at: now };
  let id: number;
  if (before) {
    await ctx.db.updateTable('assessment_items').set(values).where('id', '=', before.id).execute();
    id = before.id;
  } else {
    id = (await ctx.db.insertInto('assessment_items').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
  }
  const after = await findItem(ctx, id);
  await ctx.audit({ action: before ? 'assessment.updateItem' : 'assessment.createItem', entity: 'assessment_items', entityId: id, before: before ?? undefined, after });
  return toItem(after);
}

export async function retireItem(ctx: LoggedInCtx, input: { id: number; retired: boolean }) {
  const before = await findItem(ctx, input.id);
  if (input.retired === (before.retired_at !== null)) {
    throw new DomainError('CONFLICT', { key: input.retired ? 'err.alreadyRetired' : 'err.notRetired', params: { entity: '$t(entity.assessmentItem)', name: before.name } });
  }
  const changes = { retired_at: input.retired ? nowMinute(ctx) : null, updated_at: nowMinute(ctx) };
  await ctx.db.updateTable('assessment_items').set(changes).where('id', '=', before.id).execute();
  await ctx.audit({ action: input.retired ? 'assessment.retireItem' : 'assessment.reactivateItem', entity: 'assessment_items', entityId: before.id, before, after: changes });
  return toItem({ ...before, ...changes });
}

// ---- the sheets ----

function sheetRow(subject: AssessmentSubject, subjectId: number, name: string, sums: { itemPoints: number; itemCount: number; violationPoints: number; violationCount: number }, p: AssessmentPolicy): SheetRow {
  const deductedPoints = sums.itemPoints + sums.violationPoints;
  const score = assessmentScore(p.fullScore, [{ points: deductedPoints }]);
  // The score touches a person's pay and bonus: a vehicle's sheet scores the vehicle's upkeep
  // and takes nothing off anyone's pay.
  const driver = subject === 'driver';
  return {
    subject,
    subjectId,
    name,
    score,
    deductedPoints,
    itemCount: sums.itemCount,
    violationCount: sums.violationCount,
    payDeductionFen: driver ? assessmentPayDeduction(score, p) : 0,
    bonusAllowed: driver ? scoreAllowsBonus(score, p) : true,
  };
}

/**
 * Every sheet of a subject in the month, in a fixed number of queries: the active drivers
 * (or vehicles) and any retired one with deductions or violations that month.
 */
async function allSheets(ctx: Ctx, month: string, subject: AssessmentSubject, p: AssessmentPolicy): Promise<(SheetRow & { search: string })[]> {
  const items = await ctx.db
    .selectFrom('assessment_deductions')
    .select((eb) => ['subject_id', eb.fn.sum<number>('points').as('points'), eb.fn.countAll<number>().as('n')])
    .where('month', '=', month)
    .where('subject', '=', subject)
    .groupBy('subject_id')
    .execute();
  const violations =
    subject === 'driver'
      ? await ctx.db
          .selectFrom('violations')
          .select((eb) => ['driver_id', eb.fn.sum<number>('points').as('points'), eb.fn.countAll<number>().as('n')])
          .where('month', '=', month)
          .where('driver_id', 'is not', null)
          .where('voided_at', 'is', null)
          .groupBy('driver_id')
          .execute()
      : [];
  const itemsBy = new Map(items.map((r) => [r.subject_id, r]));
  const violationsBy = new Map(violations.map((r) => [r.driver_id!, r]));
  const withRecords = [...new Set([...itemsBy.keys(), ...violationsBy.keys()])];
  const subjects =
    subject === 'driver'
      ? await ctx.db
          .selectFrom('drivers')
          .select(['id', 'name', 'employee_no as extra'])
          .where((eb) => (withRecords.length ? eb.or([eb('retired_at', 'is', null), eb('id', 'in', withRecords)]) : eb('retired_at', 'is', null)))
          .orderBy('employee_no')
          .orderBy('id')
          .execute()
      : await ctx.db
          .selectFrom('vehicles')
          .select(['id', 'plate as name', 'plate as extra'])
          .where((eb) => (withRecords.length ? eb.or([eb('retired_at', 'is', null), eb('id', 'in', withRecords)]) : eb('retired_at', 'is', null)))
          .orderBy('plate')
          .orderBy('id')
          .execute();
  return subjects.map((s) => {
    const i = itemsBy.get(s.id);
    const v = violationsBy.get(s.id);
    const row = sheetRow(subject, s.id, s.name, { itemPoints: Number(i?.points ?? 0), itemCount: Number(i?.n ?? 0), violationPoints: Number(v?.points ?? 0), violationCount: Number(v?.n ?? 0) }, p);
    return { ...row, search: `${s.name} ${s.extra}`.toLowerCase() };
  });
}

function signature(r: { at: string; byName: string; role: string }) {
  return { at: r.at, byName: r.byName, role: r.role as Role };
}

export async function monthView(ctx: Ctx, input: z.output<typeof assessmentMonthInput>): Promise<MonthOutput> {
  const p = (await policyFor(ctx.db, input.month)).assessment;
  const signoffs = await ctx.db.selectFrom('assessment_signoffs').selectAll().where('month', '=', input.month).orderBy('id', 'desc').execute();
  const current = signoffs.find((s) => s.reopened_at === null);
  const sheets = await allSheets(ctx, input.month, input.subject, p);
  const term = input.search?.toLowerCase();
  const found = term ? sheets.filter((s) => s.search.includes(term)) : sheets;
  const page = found.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  return {
    month: input.month,
    fullScore: p.fullScore,
    payDeductionPerPointFen: p.payDeductionPerPointFen,
    payDeductionBelowScore: p.payDeductionBelowScore,
    minScoreForBonus: p.minScoreForBonus,
    signed: current ? signature({ at: current.signed_at, byName: current.signed_by_name, role: current.signed_role }) : null,
    history: signoffs.map((s) => ({
      id: s.id,
      signed: signature({ at: s.signed_at, byName: s.signed_by_name, role: s.signed_role }),
      reopened: s.reopened_at ? { ...signature({ at: s.reopened_at, byName: s.reopened_by_name!, role: s.reopened_role! }), reason: s.reopen_reason ?? '' } : null,
    })),
    canSign: input.month < thisMonth(ctx) && !current,
    items: page.map(({ search: _search, ...row }) => row),
    total: found.length,
    counts: {
      sheets: sheets.length,
      deducted: sheets.filter((s) => s.deductedPoints > 0).length,
      belowThreshold: sheets.filter((s) => s.score < p.payDeductionBelowScore).length,
    },
  };
}

async function subjectName(ctx: Ctx, subject: AssessmentSubject, subjectId: number): Promise<string> {
  const row =
    subject === 'driver'
      ? await ctx.db.selectFrom('drivers').select('name').where('id', '=', subjectId).executeTakeFirst()
      : await ctx.db.selectFrom('vehicles').select('plate as name').where('id', '=', subjectId).executeTakeFirst();
  if (!row) throw fieldError('NOT_FOUND', 'subjectId', { key: 'err.notFound', params: { entity: `$t(entity.${subject === 'driver' ? 'drivers' : 'vehicles'})`, id: subjectId } });
  return row.name;
}

/** One sheet with every deduction: the items entered, then the driver's violations of the month. */
async function buildSheet(ctx: Ctx, month: string, subject: AssessmentSubject, subjectId: number): Promise<SheetOutput> {
  const name = await subjectName(ctx, subject, subjectId);
  const p = (await policyFor(ctx.db, month)).assessment;
  const items = await ctx.db
    .selectFrom('assessment_deductions')
    .selectAll()
    .where('month', '=', month)
    .where('subject', '=', subject)
    .where('subject_id', '=', subjectId)
    .orderBy('entered_at')
    .orderBy('id')
    .execute();
  const violations =
    subject === 'driver'
      ? await ctx.db
          .selectFrom('violations')
          .select(['id', 'number', 'kind', 'points', 'description', 'recorded_at', 'recorded_by_name'])
          .where('month', '=', month)
          .where('driver_id', '=', subjectId)
          .where('voided_at', 'is', null)
          .orderBy('occurred_on')
          .orderBy('id')
          .execute()
      : [];
  const kindNames = renderAll(violations.map((v) => ({ key: `violationKind.${v.kind}` })), ctx.lang);
  const deductions: SheetOutput['deductions'] = [
    ...items.map((d) => ({ id: d.id, source: 'item' as const, itemId: d.item_id, itemName: d.item_name, points: d.points, note: d.note, violationId: null, violationNumber: null, at: d.entered_at, byName: d.entered_by_name })),
    ...violations.map((v, i) => ({ id: null, source: 'violation' as const, itemId: null, itemName: kindNames[i]!, points: v.points, note: v.description, violationId: v.id, violationNumber: v.number, at: v.recorded_at, byName: v.recorded_by_name })),
  ];
  const row = sheetRow(
    subject,
    subjectId,
    name,
    {
      itemPoints: items.reduce((s, d) => s + d.points, 0),
      itemCount: items.length,
      violationPoints: violations.reduce((s, v) => s + v.points, 0),
      violationCount: violations.length,
    },
    p,
  );
  const signed = await currentSignoff(ctx, month);
  return { ...row, month, fullScore: p.fullScore, signed: signed ? signature({ at: signed.signed_at, byName: signed.signed_by_name, role: signed.signed_role }) : null, deductions };
}

export async function sheet(ctx: LoggedInCtx, input: { month: string; subject: AssessmentSubject; subjectId: number }): Promise<SheetOutput> {
  if (drivesOnly(ctx) && (input.subject !== 'driver' || input.subjectId !== ctx.actor.driverId)) {
    throw new DomainError('FORBIDDEN', { key: 'err.notYourSheet' });
  }
  return buildSheet(ctx, input.month, input.subject, input.subjectId);
}

/** Points are taken off only in a month that has begun, is not signed and is not locked. */
async function requireOpen(ctx: Ctx, month: string, field: string) {
  await assertMonthsOpen(ctx, [month], field);
  const signed = await currentSignoff(ctx, month);
  if (signed) throw fieldError('CONFLICT', field, { key: 'err.assessmentSigned', params: { month, at: signed.signed_at, by: signed.signed_by_name } });
}

export async function deduct(ctx: LoggedInCtx, input: z.output<typeof assessmentDeductInput>): Promise<SheetOutput> {
  if (input.month > thisMonth(ctx)) throw fieldError('INVALID_INPUT', 'month', { key: 'err.assessmentFutureMonth', params: { month: input.month } });
  await requireOpen(ctx, input.month, 'month');
  await subjectName(ctx, input.subject, input.subjectId);
  const item = await findItem(ctx, input.itemId, 'itemId');
  if (item.retired_at) throw fieldError('CONFLICT', 'itemId', { key: 'err.assessmentItemRetired', params: { name: item.name } });
  if (item.subject !== input.subject) {
    throw fieldError('INVALID_INPUT', 'itemId', { key: 'err.assessmentItemSubject', params: { name: item.name, subject: `$t(assessmentSubject.${input.subject})` } });
  }
  const values = {
    month: input.month,
    subject: input.subject,
    subject_id: input.subjectId,
    item_id: item.id,
    item_name: item.name,
    points: input.points ?? item.points,
    note: input.note ?? null,
    entered_at: nowMinute(ctx),
    entered_by_name: ctx.actor.displayName,
    entered_role: ctx.actor.role,
  };
  const { id } = await ctx.db.insertInto('assessment_deductions').values(values).returning('id').executeTakeFirstOrThrow();
  await ctx.audit({ action: 'assessment.deduct', entity: 'assessment_deductions', entityId: id, after: values });
  return buildSheet(ctx, input.month, input.subject, input.subjectId);
}

/** A deduction entered in error is removed before the month is signed; the audit keeps it. */
export async function removeDeduction(ctx: LoggedInCtx, id: number): Promise<SheetOutput> {
  const row = await ctx.db.selectFrom('assessment_deductions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('assessmentDeduction', id);
  await requireOpen(ctx, row.month, 'id');
  await ctx.db.deleteFrom('assessment_deductions').where('id', '=', row.id).execute();
  await ctx.audit({ action: 'assessment.removeDeduction', entity: 'assessment_deductions', entityId: row.id, before: row });
  return buildSheet(ctx, row.month, row.subject as AssessmentSubject, row.subject_id);
}

const firstPage = (month: string) => ({ month, subject: 'driver' as const, page: 1, pageSize: 20 });

export async function sign(ctx: LoggedInCtx, month: string): Promise<MonthOutput> {
  await requireOpen(ctx, month, 'month');
  if (month >= thisMonth(ctx)) throw fieldError('CONFLICT', 'month', { key: 'err.monthNotEnded', params: { month } });
  const version = await policyVersionFor(ctx.db, month);
  const p = version.settings.assessment;
  const snapshot = [];
  for (const subject of ['driver', 'vehicle'] as const) {
    for (const { search: _search, ...s } of await allSheets(ctx, month, subject, p)) snapshot.push(s);
  }
  const values = {
    month,
    signed_at: nowMinute(ctx),
    signed_by_name: ctx.actor.displayName,
    signed_role: ctx.actor.role,
    policy_version_id: version.id,
    snapshot: JSON.stringify(snapshot),
  };
  const { id } = await ctx.db.insertInto('assessment_signoffs').values(values).returning('id').executeTakeFirstOrThrow();
  await ctx.audit({ action: 'assessment.sign', entity: 'assessment_signoffs', entityId: id, after: { month, policyVersionId: version.id, sheets: snapshot.length } });
  return monthView(ctx, firstPage(month));
}

export async function reopen(ctx: LoggedInCtx, month: string, reason: string): Promise<MonthOutput> {
  const current = await currentSignoff(ctx, month);
  if (!current) throw fieldError('CONFLICT', 'month', { key: 'err.assessmentNotSigned', params: { month } });
  if (await isMonthLocked(ctx, month)) throw new DomainError('PERIOD_LOCKED', { key: 'err.periodLocked', params: { month } });
  const changes = { reopened_at: nowMinute(ctx), reopened_by_name: ctx.actor.displayName, reopened_role: ctx.actor.role, reopen_reason: reason };
  await ctx.db.updateTable('assessment_signoffs').set(changes).where('id', '=', current.id).execute();
  await ctx.audit({ action: 'assessment.reopen', entity: 'assessment_signoffs', entityId: current.id, before: { month, signed_at: current.signed_at, signed_by_name: current.signed_by_name }, after: changes });
  return monthView(ctx, firstPage(month));
}
