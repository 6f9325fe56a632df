// Violations and fines (DOMAIN.md section 5): a violation is recorded against a person (a
// driver, or the user holding the director's or deputy's post) and a date. The fine, the
// points off the driver's monthly assessment, the repeat and its consequence all follow the
// rules of shared/domain/violation.ts under the policy of the violation's month, and are
// stored with the violation as they were reached. A violation is never deleted: one recorded
// in error is voided, with a reason, by the director or the deputy. The row and its words are
// violation-entity.ts; the fine, the repeat and the consequence, violation-record.ts.
import type { z } from 'zod';
import type { Violation, violationCatalogueInput, violationCreateInput, violationFromFlagInput, violationListInput } from '../../../../shared/api/conduct.ts';
import { dateOf, type FlagKind } from '../../../../shared/domain/dispatch.ts';
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import { FLAG_VIOLATION, OFFENDER_ROLES, VIOLATION_KINDS, VIOLATION_RULES, policyFine, type OffenderRole } from '../../../../shared/domain/violation.ts';
import { drivesOnly, nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { countRows } from '../../core/sql.ts';
import { policyFor } from '../policy/service.ts';
import { loadVisible, toEntity, violationQuery } from './violation-entity.ts';
import { record, requireMonthOpen, resolveOffender } from './violation-record.ts';

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

async function requireVehicle(ctx: Ctx, vehicleId: number) {
  const v = await ctx.db.selectFrom('vehicles').select('id').where('id', '=', vehicleId).executeTakeFirst();
  if (!v) throw fieldError('NOT_FOUND', 'vehicleId', { key: 'err.notFound', params: { entity: '$t(entity.vehicles)', id: vehicleId } });
}

export async function createViolation(ctx: LoggedInCtx, input: z.output<typeof violationCreateInput>): Promise<Violation> {
  const offender = await resolveOffender(ctx, input.kind, input.offenderRole, input);
  if (input.vehicleId !== undefined) await requireVehicle(ctx, input.vehicleId);
  const { id } = await record(ctx, {
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
  const { id, number } = await record(ctx, {
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
