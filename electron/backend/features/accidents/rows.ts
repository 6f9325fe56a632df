// The accident row as the feature reads it (with plate, driver name and ticket number), the
// visibility check, and the small helpers the other accident files share.
import type { Accident } from '../../../../shared/api/accidents.ts';
import type { PolicyVersion } from '../../../../shared/api/governance.ts';
import type { ShareResult } from '../../../../shared/domain/accident.ts';
import { monthOf, type MonthKey } from '../../../../shared/domain/period.ts';
import { drivesOnly, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { policyVersionFor } from '../policy/service.ts';

export type CostItem = Accident['costs'][number];

/** What share_json holds: the share as computed when closed, and the policy version it used. */
export type FrozenShare = ShareResult & { policyVersionId: number };

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

/** The accident, if the caller may see it: a person who only drives sees only their own. */
export async function loadVisible(ctx: LoggedInCtx, id: number): Promise<AccidentRow> {
  const row = await accidentQuery(ctx).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('accidents', id);
  if (drivesOnly(ctx) && row.driver_id !== ctx.actor.driverId) throw new DomainError('FORBIDDEN', { key: 'err.notYourAccident', params: { number: row.number } });
  return row;
}

/** The policy versions a call reads, each month looked up once. */
export function policyCache(ctx: Ctx) {
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
export type Policies = ReturnType<typeof policyCache>;

export const costsOf = (r: AccidentRow): CostItem[] => JSON.parse(r.costs) as CostItem[];
export const accidentMonth = (r: { occurred_at: string }): MonthKey => monthOf(r.occurred_at);
