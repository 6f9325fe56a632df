// Recording a violation: the person fined, the open-month check, and the fine, doubling,
// points, repeat and consequence reached under the month's policy (shared/domain/violation.ts),
// stored with the row as they were reached; a driver's dismissal is raised as a flag.
import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import { VIOLATION_RULES, fineWithDoubling, policyFine, violationConsequence, type OffenderRole, type ViolationKind } from '../../../../shared/domain/violation.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { fieldError } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { nextDocumentNumber } from '../../core/numbering.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import { requireActive } from '../masterdata/service.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { policyFor } from '../policy/service.ts';
import { currentSignoff } from './signoffs.ts';

const NUMBER_PREFIX = 'WG';

export interface Offender {
  role: OffenderRole;
  driverId: number | null;
  userId: number | null;
  name: string;
}

/** The person fined: an active driver, or a user who holds the director's or deputy's post. */
export async function resolveOffender(ctx: Ctx, kind: ViolationKind, role: OffenderRole, ids: { driverId?: number | undefined; userId?: number | undefined }): Promise<Offender> {
  if (!VIOLATION_RULES[kind].roles.includes(role)) {
    throw fieldError('INVALID_INPUT', 'kind', { key: 'err.violationRole', params: { kind: `$t(violationKind.${kind})`, role: `$t(offenderRole.${role})` } });
  }
  if (role === 'driver') {
    const d = await requireActive(ctx, 'drivers', ids.driverId!, 'driverId');
    return { role, driverId: ids.driverId!, userId: null, name: d.name as string };
  }
  const user = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', '=', ids.userId!).executeTakeFirst();
  if (!user) throw fieldError('NOT_FOUND', 'userId', { key: 'err.notFound', params: { entity: '$t(entity.users)', id: ids.userId } });
  const holds = await ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).where('role', '=', role).executeTakeFirst();
  if (!holds) throw fieldError('INVALID_INPUT', 'userId', { key: 'err.violationUserRole', params: { name: user.display_name, role: `$t(offenderRole.${role})` } });
  return { role, driverId: null, userId: user.id, name: user.display_name };
}

/**
 * A signed assessment month takes no new violation and voids none, until the director reopens
 * it; a month whose settlement is locked, never (PERIOD_LOCKED).
 */
export async function requireMonthOpen(ctx: Ctx, month: string, field: string) {
  await assertMonthsOpen(ctx, [month], field);
  const signed = await currentSignoff(ctx, month);
  if (signed) throw fieldError('CONFLICT', field, { key: 'err.violationMonthSigned', params: { month, at: signed.signed_at, by: signed.signed_by_name } });
}

export interface Recording {
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
export async function record(ctx: LoggedInCtx, v: Recording): Promise<{ id: number; number: string }> {
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
  return { id, number };
}
