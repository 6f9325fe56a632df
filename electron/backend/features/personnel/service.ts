// Dismissal flags: raised by what DOMAIN.md says warrants dismissal (an engine seizure from
// neglect; violations later), kept until the director decides, never deleted.
import type { z } from 'zod';
import type { personnelDecideInput, personnelFlagsInput } from '../../../../shared/api/maintenance.ts';
import type { SeizureCause } from '../../../../shared/api/repairs.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { countRows } from '../../core/sql.ts';
import { DomainError, notFound } from '../../core/errors.ts';

/** Raises a dismissal flag for the director; answers its id. */
export async function raiseDismissalFlag(ctx: LoggedInCtx, f: { driverId: number; sourceType: string; sourceId: number; sourceNumber: string; reason: string; cause?: SeizureCause }): Promise<number> {
  const { id } = await ctx.db
    .insertInto('personnel_flags')
    .values({
      driver_id: f.driverId,
      kind: 'dismissal',
      source_type: f.sourceType,
      source_id: f.sourceId,
      source_number: f.sourceNumber,
      reason: f.reason,
      cause: f.cause ?? null,
      raised_at: nowMinute(ctx),
      raised_by_name: ctx.actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'personnel.raise', entity: 'personnel_flags', entityId: id, after: { kind: 'dismissal', ...f } });
  return id;
}

function flagQuery(ctx: Ctx) {
  return ctx.db.selectFrom('personnel_flags as f').innerJoin('drivers as d', 'd.id', 'f.driver_id').selectAll('f').select('d.name as driver_name');
}
type FlagRow = Awaited<ReturnType<ReturnType<typeof flagQuery>['executeTakeFirstOrThrow']>>;

function toEntity(r: FlagRow) {
  return {
    id: r.id,
    driverId: r.driver_id,
    driverName: r.driver_name,
    kind: 'dismissal' as const,
    sourceType: r.source_type,
    sourceId: r.source_id,
    sourceNumber: r.source_number,
    reason: r.reason,
    cause: r.cause as SeizureCause | null,
    raisedAt: r.raised_at,
    raisedByName: r.raised_by_name,
    decision: r.decision as 'dismissed' | 'kept' | null,
    decisionNote: r.decision_note,
    decidedAt: r.decided_at,
    decidedByName: r.decided_by_name,
    decidedRole: r.decided_role as Role | null,
  };
}

export async function listFlags(ctx: LoggedInCtx, input: z.output<typeof personnelFlagsInput>) {
  let q = flagQuery(ctx);
  if (input.open !== undefined) q = q.where('f.decision', input.open ? 'is' : 'is not', null);
  if (input.driverId) q = q.where('f.driver_id', '=', input.driverId);
  const total = await countRows(q);
  const rows = await q.orderBy('f.raised_at', 'desc').orderBy('f.id', 'desc').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute();
  return { items: rows.map(toEntity), total };
}

/** The director's decision, once: a decided flag is kept as decided. */
export async function decideFlag(ctx: LoggedInCtx, input: z.output<typeof personnelDecideInput>) {
  const row = await flagQuery(ctx).where('f.id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound('personnelFlag', input.id);
  if (row.decision) throw new DomainError('CONFLICT', { key: 'err.flagDecided', params: { name: row.driver_name, at: row.decided_at, by: row.decided_by_name } });
  const changes = { decision: input.decision, decision_note: input.note, decided_at: nowMinute(ctx), decided_by_name: ctx.actor.displayName, decided_role: ctx.actor.role };
  await ctx.db.updateTable('personnel_flags').set(changes).where('id', '=', row.id).execute();
  await ctx.audit({ action: 'personnel.decide', entity: 'personnel_flags', entityId: row.id, before: { decision: null }, after: changes });
  return toEntity({ ...row, ...changes });
}
