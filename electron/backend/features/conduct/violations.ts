// Violations and fines (DOMAIN.md section 5): a violation is recorded against a person (a
// driver, or the user holding the director's or deputy's post) and a date. The fine, the
// points off the driver's monthly assessment, the repeat and its consequence all follow the
// rules of shared/domain/violation.ts under the policy of the violation's month, and are
// stored with the violation as they were reached. A violation is never deleted: one recorded
// in error is voided, with a reason, by the director or the deputy.
import type { z } from 'zod';
import type { Violation, violationCatalogueInput, violationCreateInput, violationFromFlagInput, violationListInput } from '../../../../shared/api/conduct.ts';
import { dateOf } from '../../../../shared/domain/dispatch.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import {
  FLAG_VIOLATION,
  OFFENDER_ROLES,
  VIOLATION_KINDS,
  VIOLATION_RULES,
  fineWithDoubling,
  policyFine,
  violationConsequence,
  type Consequence,
  type OffenderRole,
  type ViolationKind,
} from '../../../../shared/domain/violation.ts';
import type { FlagKind } from '../../../../shared/domain/dispatch.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound, type MessageRef } from '../../core/errors.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import { renderAll } from '../../core/messages.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { countRows } from '../../core/sql.ts';
import { requireActive } from '../masterdata/service.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { policyFor } from '../policy/service.ts';
import { currentSignoff } from './signoffs.ts';

const NUMBER_PREFIX = 'WG';
const Y = (fen: number) => formatFen(fen);

function violationQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('violations as w')
    .leftJoin('vehicles as v', 'v.id', 'w.vehicle_id')
    .leftJoin('dispatch_tickets as t', 't.id', 'w.ticket_id')
    .leftJoin('dispatch_flags as f', 'f.id', 'w.flag_id')
    .leftJoin('violations as r', 'r.id', 'w.repeat_of_id')
    .selectAll('w')
    .select(['v.plate', 't.number as ticket_number', 'f.kind as flag_kind', 'r.number as repeat_of_number']);
}
type ViolationRow = Awaited<ReturnType<ReturnType<typeof violationQuery>['executeTakeFirstOrThrow']>>;

/** How the fine was reached, as message references (rendered in the caller's language). */
function wordsOf(r: ViolationRow): MessageRef[] {
  const kind = r.kind as ViolationKind;
  const rule = VIOLATION_RULES[kind];
  const refs: MessageRef[] = [];
  if (rule.fine === 'none' || (rule.fine === 'policy' && r.base_fen === 0)) refs.push({ key: 'violationWords.noFine' });
  else if (rule.fine === 'entered') refs.push({ key: 'violationWords.enteredFine', params: { fine: Y(r.base_fen) } });
  else refs.push({ key: 'violationWords.policyFine', params: { fine: Y(r.base_fen) } });
  // fineFen is exactly twice the heavier earlier fine when doubled
  if (r.doubled === 1) refs.push({ key: 'violationWords.doubled', params: { ordinal: r.ordinal, heavier: Y(r.fine_fen / 2), fine: Y(r.fine_fen) } });
  else if (r.ordinal > 1) refs.push({ key: 'violationWords.notDoubled', params: { ordinal: r.ordinal } });
  if (r.repeat_of_number) refs.push({ key: 'violationWords.repeat', params: { number: r.repeat_of_number } });
  if (r.consequence) refs.push({ key: 'violationWords.consequence', params: { consequence: `$t(consequence.${r.consequence})` } });
  if (r.points > 0) refs.push({ key: 'violationWords.points', params: { points: r.points } });
  return refs;
}

function toEntity(ctx: Ctx, r: ViolationRow): Violation {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as ViolationKind,
    offenderRole: r.offender_role as OffenderRole,
    driverId: r.driver_id,
    userId: r.user_id,
    offenderName: r.offender_name,
    occurredOn: r.occurred_on,
    vehicleId: r.vehicle_id,
    plate: r.plate,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    flagId: r.flag_id,
    flagKind: r.flag_kind as FlagKind | null,
    serious: r.serious === 1,
    description: r.description,
    baseFen: r.base_fen,
    fineFen: r.fine_fen,
    doubled: r.doubled === 1,
    ordinal: r.ordinal,
    points: r.points,
    repeatOfId: r.repeat_of_id,
    repeatOfNumber: r.repeat_of_number,
    consequence: r.consequence as Consequence | null,
    personnelFlagId: r.personnel_flag_id,
    words: renderAll(wordsOf(r), ctx.lang),
    recordedAt: r.recorded_at,
    recordedByName: r.recorded_by_name,
    recordedRole: r.recorded_role as Role,
    voidedAt: r.voided_at,
    voidedByName: r.voided_by_name,
    voidReason: r.void_reason,
  };
}

async function loadVisible(ctx: LoggedInCtx, id: number): Promise<ViolationRow> {
  const row = await violationQuery(ctx).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('violations', id);
  if (drivesOnly(ctx) && (row.driver_id === null || row.driver_id !== ctx.actor.driverId)) {
    throw new DomainError('FORBIDDEN', { key: 'err.notYourViolation', params: { number: row.number } });
  }
  return row;
}

export async function getViolation(ctx: LoggedInCtx, id: number): Promise<Violation> {
  return toEntity(ctx, await loadVisible(ctx, id));
}

export async function listViolations(ctx: LoggedInCtx, input: z.output<typeof violationListInput>) {
  let q = violationQuery(ctx);
  if (drivesOnly(ctx)) q = q.where('w.driver_id', '=', ctx.actor.driverId ?? -1);
  if (input.month) q = q.where('w.month', '=', input.month);
  if (input.kind) q = q.where('w.kind', '=', input.kind);
  if (input.driverId) q = q.where('w.driver_id', '=', input.driverId);
  if (input.userId) q = q.where('w.user_id', '=', input.userId);
  if (!input.includeVoided) q = q.where('w.voided_at', 'is', null);
  const total = await countRows(q);
  const rows = await q
    .orderBy('w.occurred_on', 'desc')
    .orderBy('w.id', 'desc')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return { items: rows.map((r) => toEntity(ctx, r)), total };
}

/**
 * A signed assessment month takes no new violation and voids none, until the director reopens
 * it; a month whose settlement is locked, never (PERIOD_LOCKED).
 */
async function requireMonthOpen(ctx: Ctx, month: string, field: string) {
  await assertMonthsOpen(ctx, [month], field);
  const signed = await currentSignoff(ctx, month);
  if (signed) throw fieldError('CONFLICT', field, { key: 'err.violationMonthSigned', params: { month, at: signed.signed_at, by: signed.signed_by_name } });
}

interface Offender {
  role: OffenderRole;
  driverId: number | null;
  userId: number | null;
  name: string;
}

/** The person fined: an active driver, or a user who holds the director's or deputy's post. */
async function resolveOffender(ctx: Ctx, kind: ViolationKind, role: OffenderRole, ids: { driverId?: number | undefined; userId?: number | undefined }, driverField = 'driverId'): Promise<Offender> {
  if (!VIOLATION_RULES[kind].roles.includes(role)) {
    throw fieldError('INVALID_INPUT', 'kind', { key: 'err.violationRole', params: { kind: `$t(violationKind.${kind})`, role: `$t(offenderRole.${role})` } });
  }
  if (role === 'driver') {
    const d = await requireActive(ctx, 'drivers', ids.driverId!, driverField);
    return { role, driverId: ids.driverId!, userId: null, name: d.name as string };
  }
  const user = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', '=', ids.userId!).executeTakeFirst();
  if (!user) throw fieldError('NOT_FOUND', 'userId', { key: 'err.notFound', params: { entity: '$t(entity.users)', id: ids.userId } });
  const holds = await ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).where('role', '=', role).executeTakeFirst();
  if (!holds) throw fieldError('INVALID_INPUT', 'userId', { key: 'err.violationUserRole', params: { name: user.display_name, role: `$t(offenderRole.${role})` } });
  return { role, driverId: null, userId: user.id, name: user.display_name };
}

interface Recording {
  kind: ViolationKind;
  offender: Offender;
  occurredOn: string;
  vehicleId: number | null;
  ticketId: number | null;
  flagId: number | null;
  serious: boolean;
  enteredFen: number | undefined;
  description: string;
}

/** The same person's violations: by driver for a driver, by user for the director or deputy. */
function samePerson(o: Offender): ['driver_id' | 'user_id', number] {
  return o.driverId !== null ? ['driver_id', o.driverId] : ['user_id', o.userId!];
}

/** Fine, doubling, points, repeat and consequence, then the row, the flag and the audit. */
async function record(ctx: LoggedInCtx, v: Recording): Promise<number> {
  const today = localDate(ctx.now);
  if (v.occurredOn > today) throw fieldError('INVALID_INPUT', 'occurredOn', { key: 'err.violationFuture', params: { today } });
  const rule = VIOLATION_RULES[v.kind];
  if (rule.fine === 'entered' && v.enteredFen === undefined) {
    throw fieldError('INVALID_INPUT', 'enteredFen', { key: 'err.violationEnteredFen', params: { kind: `$t(violationKind.${v.kind})` } });
  }
  const month = monthOf(v.occurredOn);
  await requireMonthOpen(ctx, month, 'occurredOn');
  const policy = (await policyFor(ctx.db, month)).violations;

  const [column, personId] = samePerson(v.offender);
  // The person's violations already recorded in the month up to this date. Those dated
  // later keep the fines they were given: a violation entered late is not pushed back
  // into earlier results.
  const earlier = await ctx.db
    .selectFrom('violations')
    .select(['base_fen'])
    .where(column, '=', personId)
    .where('month', '=', month)
    .where('occurred_on', '<=', v.occurredOn)
    .where('voided_at', 'is', null)
    .execute();
  const baseFen = policyFine(v.kind, v.offender.role, policy, v.enteredFen ?? 0);
  // "Double the heavier earlier level": the earlier violations' own fine levels, so a
  // doubled fine is not doubled again by the next one.
  const fine = fineWithDoubling(baseFen, earlier.map((e) => e.base_fen), policy.thirdInMonthDoubles);
  const points = v.offender.role === 'driver' ? policy.points[v.kind] : 0;
  const repeatOf = await ctx.db
    .selectFrom('violations')
    .select(['id', 'number'])
    .where(column, '=', personId)
    .where('kind', '=', v.kind)
    .where('occurred_on', '<=', v.occurredOn)
    .where('voided_at', 'is', null)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const consequence = violationConsequence(v.kind, v.offender.role, { repeat: repeatOf !== undefined, serious: v.serious });

  const number = await nextDocumentNumber(ctx, NUMBER_PREFIX);
  const values = {
    number,
    kind: v.kind,
    offender_role: v.offender.role,
    driver_id: v.offender.driverId,
    user_id: v.offender.userId,
    offender_name: v.offender.name,
    occurred_on: v.occurredOn,
    month,
    vehicle_id: v.vehicleId,
    ticket_id: v.ticketId,
    flag_id: v.flagId,
    serious: v.serious ? 1 : 0,
    description: v.description,
    entered_fen: rule.fine === 'entered' ? (v.enteredFen ?? null) : null,
    base_fen: fine.baseFen,
    fine_fen: fine.fineFen,
    doubled: fine.doubled ? 1 : 0,
    ordinal: fine.ordinal,
    points,
    repeat_of_id: repeatOf?.id ?? null,
    consequence,
    personnel_flag_id: null as number | null,
    recorded_at: nowMinute(ctx),
    recorded_by_name: ctx.actor.displayName,
    recorded_role: ctx.actor.role,
  };
  const { id } = await ctx.db.insertInto('violations').values(values).returning('id').executeTakeFirstOrThrow();
  await ctx.audit({ action: 'violations.create', entity: 'violations', entityId: id, after: { ...values, repeatOfNumber: repeatOf?.number ?? null } });

  // A driver's dismissal is raised as a flag for the director's decision; the removal of a
  // director or deputy from post is a decision above the depot and is recorded as the
  // violation's consequence only.
  if (consequence === 'dismissal' && v.offender.driverId !== null) {
    const reason = renderAll(
      [
        { key: 'violationWords.flagReason', params: { kind: `$t(violationKind.${v.kind})`, date: v.occurredOn } },
        ...(repeatOf ? [{ key: 'violationWords.repeat', params: { number: repeatOf.number } }] : []),
      ],
      ctx.lang,
    ).join(ctx.lang === 'en' ? '; ' : '；');
    const flagId = await raiseDismissalFlag(ctx, { driverId: v.offender.driverId, sourceType: 'violation', sourceId: id, sourceNumber: number, reason });
    await ctx.db.updateTable('violations').set({ personnel_flag_id: flagId }).where('id', '=', id).execute();
  }
  return id;
}

async function requireVehicle(ctx: Ctx, vehicleId: number) {
  const v = await ctx.db.selectFrom('vehicles').select('id').where('id', '=', vehicleId).executeTakeFirst();
  if (!v) throw fieldError('NOT_FOUND', 'vehicleId', { key: 'err.notFound', params: { entity: '$t(entity.vehicles)', id: vehicleId } });
}

export async function createViolation(ctx: LoggedInCtx, input: z.output<typeof violationCreateInput>): Promise<Violation> {
  const offender = await resolveOffender(ctx, input.kind, input.offenderRole, input);
  if (input.vehicleId !== undefined) await requireVehicle(ctx, input.vehicleId);
  const id = await record(ctx, {
    kind: input.kind,
    offender,
    occurredOn: input.occurredOn,
    vehicleId: input.vehicleId ?? null,
    ticketId: null,
    flagId: null,
    serious: input.serious,
    enteredFen: input.enteredFen,
    description: input.description,
  });
  return getViolation(ctx, id);
}

/**
 * The violation a dispatch flag shows, on the ticket's driver (or the driver named: the
 * unlogged kilometres before a trip may be another's) and the day the ticket came back. The
 * flag is linked to it and, when still open, resolved by it, as the dispatch log would.
 */
export async function violationFromFlag(ctx: LoggedInCtx, input: z.output<typeof violationFromFlagInput>): Promise<Violation> {
  const flag = await ctx.db.selectFrom('dispatch_flags').selectAll().where('id', '=', input.flagId).executeTakeFirst();
  if (!flag) throw fieldError('NOT_FOUND', 'flagId', { key: 'err.notFound', params: { entity: '$t(entity.dispatchFlag)', id: input.flagId } });
  if (flag.violation_id !== null) {
    const used = await ctx.db.selectFrom('violations').select('number').where('id', '=', flag.violation_id).executeTakeFirst();
    throw fieldError('CONFLICT', 'flagId', { key: 'err.violationFlagUsed', params: { number: used?.number ?? flag.violation_id } });
  }
  const ticket = await ctx.db
    .selectFrom('dispatch_tickets')
    .select(['id', 'number', 'status', 'driver_id', 'vehicle_id', 'departed_at', 'returned_at'])
    .where('id', '=', flag.ticket_id)
    .executeTakeFirstOrThrow();
  const kind = FLAG_VIOLATION[flag.kind as FlagKind];
  const offender = await resolveOffender(ctx, kind, 'driver', { driverId: input.driverId ?? ticket.driver_id });
  const when = ticket.returned_at ?? ticket.departed_at ?? flag.raised_at;
  const id = await record(ctx, {
    kind,
    offender,
    occurredOn: dateOf(when),
    vehicleId: ticket.vehicle_id,
    ticketId: ticket.id,
    flagId: flag.id,
    serious: input.serious,
    enteredFen: undefined,
    description: input.description,
  });
  const { number } = await ctx.db.selectFrom('violations').select('number').where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.db.updateTable('dispatch_flags').set({ violation_id: id }).where('id', '=', flag.id).execute();
  const at = nowMinute(ctx);
  if (flag.resolved_at === null) {
    const [explanation] = renderAll([{ key: 'violationWords.flagResolved', params: { number } }], ctx.lang);
    await ctx.db
      .updateTable('dispatch_flags')
      .set({ resolved_at: at, resolved_by_name: ctx.actor.displayName, resolved_role: ctx.actor.role, explanation: explanation! })
      .where('id', '=', flag.id)
      .execute();
    await ctx.db
      .updateTable('dispatch_tickets')
      .set((eb) => ({ open_flag_count: eb('open_flag_count', '-', 1) }))
      .where('id', '=', ticket.id)
      .execute();
    // the ticket's timeline shows the flag resolved, as a resolution in the dispatch log does
    await ctx.db
      .insertInto('dispatch_events')
      .values({ ticket_id: ticket.id, kind: 'flag_resolved', at, recorded_at: at, user_id: ctx.actor.userId, by_name: ctx.actor.displayName, role: ctx.actor.role, on_behalf: 0, note: `${flag.kind}: ${explanation!}` })
      .execute();
    await ctx.audit({ action: 'dispatch.resolveFlag', entity: 'dispatch', entityId: ticket.id, before: { number: ticket.number, status: ticket.status }, after: { flagId: flag.id, kind: flag.kind, explanation, violationId: id } });
  } else {
    await ctx.audit({ action: 'dispatch.flagViolation', entity: 'dispatch', entityId: ticket.id, before: { number: ticket.number, status: ticket.status }, after: { flagId: flag.id, kind: flag.kind, violationId: id } });
  }
  return getViolation(ctx, id);
}

/**
 * Voided: kept with everything it had, no longer charged, no longer counted for later
 * doubling or repeats. The fines of the person's other violations of the month, fixed when
 * they were recorded, are not recomputed (a later one may have been doubled by this one);
 * any dismissal flag it raised stays for the director to decide.
 */
export async function voidViolation(ctx: LoggedInCtx, input: { id: number; reason: string }): Promise<Violation> {
  const row = await loadVisible(ctx, input.id);
  if (row.voided_at) throw new DomainError('CONFLICT', { key: 'err.violationVoided', params: { number: row.number, at: row.voided_at, by: row.voided_by_name } });
  await requireMonthOpen(ctx, row.month, 'id');
  const changes = { voided_at: nowMinute(ctx), voided_by_name: ctx.actor.displayName, voided_role: ctx.actor.role, void_reason: input.reason };
  await ctx.db.updateTable('violations').set(changes).where('id', '=', row.id).execute();
  await ctx.audit({ action: 'violations.void', entity: 'violations', entityId: row.id, before: { number: row.number, voided_at: null }, after: changes });
  return getViolation(ctx, row.id);
}

export async function catalogue(ctx: LoggedInCtx, input: z.output<typeof violationCatalogueInput>) {
  const month = input.month ?? monthOf(localDate(ctx.now));
  const policy = (await policyFor(ctx.db, month)).violations;
  return {
    month,
    items: VIOLATION_KINDS.map((kind) => {
      const rule = VIOLATION_RULES[kind];
      const fineFor = (role: OffenderRole) => (rule.roles.includes(role) && rule.fine !== 'entered' ? policyFine(kind, role, policy) : null);
      return {
        kind,
        roles: OFFENDER_ROLES.filter((r) => rule.roles.includes(r)),
        fines: { director: fineFor('director'), deputy_director: fineFor('deputy_director'), driver: fineFor('driver') },
        points: policy.points[kind],
        fineSource: rule.fine,
        onRepeat: rule.onRepeat,
        onSerious: rule.onSerious,
        always: rule.always,
      };
    }),
    thirdInMonthDoubles: policy.thirdInMonthDoubles,
  };
}

/** The active users holding the director's and the deputy's posts, by name. */
export async function postHolders(ctx: LoggedInCtx) {
  const rows = await ctx.db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'r.role'])
    .where('u.active', '=', 1)
    .where('r.role', 'in', ['director', 'deputy_director'])
    .orderBy('u.display_name')
    .execute();
  const of = (role: string) => rows.filter((r) => r.role === role).map((r) => ({ id: r.id, displayName: r.display_name }));
  return { director: of('director'), deputy_director: of('deputy_director') };
}
