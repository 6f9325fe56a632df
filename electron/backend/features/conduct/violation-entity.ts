// A violation as the API reads it: the row with its vehicle, ticket, flag and repeat joined,
// the words saying how its fine was reached, and the check that a driver reads only their own.
import type { Violation } from '../../../../shared/api/conduct.ts';
import type { FlagKind } from '../../../../shared/domain/dispatch.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { VIOLATION_RULES, type Consequence, type OffenderRole, type ViolationKind } from '../../../../shared/domain/violation.ts';
import { drivesOnly, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, notFound, type MessageRef } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';

const Y = (fen: number) => formatFen(fen);

export function violationQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('violations as w')
    .leftJoin('vehicles as v', 'v.id', 'w.vehicle_id')
    .leftJoin('dispatch_tickets as t', 't.id', 'w.ticket_id')
    .leftJoin('dispatch_flags as f', 'f.id', 'w.flag_id')
    .leftJoin('violations as r', 'r.id', 'w.repeat_of_id')
    .selectAll('w')
    .select(['v.plate', 't.number as ticket_number', 'f.kind as flag_kind', 'r.number as repeat_of_number']);
}
export type ViolationRow = Awaited<ReturnType<ReturnType<typeof violationQuery>['executeTakeFirstOrThrow']>>;

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

export function toEntity(ctx: Ctx, r: ViolationRow): Violation {
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

/** The violation by id; a person who only drives reads their own only. */
export async function loadVisible(ctx: LoggedInCtx, id: number): Promise<ViolationRow> {
  const row = await violationQuery(ctx).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('violations', id);
  if (drivesOnly(ctx) && (row.driver_id === null || row.driver_id !== ctx.actor.driverId)) {
    throw new DomainError('FORBIDDEN', { key: 'err.notYourViolation', params: { number: row.number } });
  }
  return row;
}
