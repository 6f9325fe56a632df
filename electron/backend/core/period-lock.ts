// Locked months: once a month's settlement is locked, nothing that feeds it may change
// (dispatch, fuel, repairs, accidents, violations, assessments dated in it). Every service
// that writes such a record asks here first; a correction goes in as an adjustment later.
import type { Ctx } from './context.ts';
import { DomainError, fieldError } from './errors.ts';

/** Whether the month's settlement is locked. */
export async function isMonthLocked(ctx: Ctx, month: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('settlements').select('status').where('month', '=', month).executeTakeFirst();
  return row?.status === 'locked';
}

/** Refuses with PERIOD_LOCKED (on a field when named) when any of the months is locked. */
export async function assertMonthsOpen(ctx: Ctx, months: (string | null | undefined)[], field?: string): Promise<void> {
  const unique = [...new Set(months.filter((m): m is string => typeof m === 'string' && m.length === 7))];
  if (unique.length === 0) return;
  const locked = await ctx.db.selectFrom('settlements').select('month').where('month', 'in', unique).where('status', '=', 'locked').orderBy('month').executeTakeFirst();
  if (!locked) return;
  const ref = { key: 'err.periodLocked', params: { month: locked.month } };
  throw field ? fieldError('PERIOD_LOCKED', field, ref) : new DomainError('PERIOD_LOCKED', ref);
}
