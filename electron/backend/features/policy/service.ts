// Policy versions: each takes effect from a month onward; results of a month always use the
// version in force for that month, so a later change never alters an earlier month.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { PolicyVersion } from '../../../../shared/api/governance.ts';
import { DEFAULT_POLICY, onlyFillsBlanks, policySettingsSchema, withPolicyDefaults, unsetPolicyFields, versionInForce, type PolicySettings } from '../../../../shared/domain/policy.ts';
import { localDate, localMinute, monthOf, type MonthKey } from '../../../../shared/domain/period.ts';
import { fieldError } from '../../core/errors.ts';
import { assertMonthsOpen } from '../../core/period-lock.ts';
import type { Ctx, LoggedInCtx } from '../../core/context.ts';
import type { Database, PolicyVersionTable } from '../../db/schema.ts';

/** The built-in defaults, in force until the depot saves its first version. */
const DEFAULT_VERSION: PolicyVersion = {
  id: 0,
  effectiveMonth: '1970-01',
  settings: DEFAULT_POLICY,
  reason: null,
  createdAt: '1970-01-01 00:00',
  createdBy: 'system',
};

function toVersion(r: Omit<PolicyVersionTable, 'id'> & { id: number }): PolicyVersion {
  return {
    id: r.id,
    effectiveMonth: r.effective_month,
    settings: policySettingsSchema.parse(withPolicyDefaults(JSON.parse(r.settings))),
    reason: r.reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function listPolicyVersions(db: Kysely<Database>): Promise<PolicyVersion[]> {
  const rows = await db.selectFrom('policy_versions').selectAll().orderBy('effective_month', 'desc').orderBy('id', 'desc').execute();
  return [...rows.map(toVersion), DEFAULT_VERSION];
}

export async function policyVersionFor(db: Kysely<Database>, month: MonthKey): Promise<PolicyVersion> {
  const rows = await db.selectFrom('policy_versions').select(['id', 'effective_month']).execute();
  const inForce = versionInForce(rows.map((r) => ({ id: r.id, effectiveMonth: r.effective_month })), month);
  if (!inForce) return DEFAULT_VERSION;
  return toVersion(await db.selectFrom('policy_versions').selectAll().where('id', '=', inForce.id).executeTakeFirstOrThrow());
}

export async function policyFor(db: Kysely<Database>, month: MonthKey): Promise<PolicySettings> {
  return (await policyVersionFor(db, month)).settings;
}

export async function getPolicy(ctx: Ctx, month: MonthKey) {
  const version = await policyVersionFor(ctx.db, month);
  return { month, version, unset: unsetPolicyFields(version.settings) };
}

export async function updatePolicy(ctx: LoggedInCtx, input: { effectiveMonth: MonthKey; settings: PolicySettings; reason?: string | undefined }) {
  // A change never reaches back: the months already begun keep the figures they had.
  // The one exception: filling in a blank (the main-liability cap) for a past month, so that
  // month's accidents can be settled; no result computed before can change by it.
  const thisMonth = monthOf(localDate(ctx.now));
  // Nor does it change what was in force for a month whose settlement is locked: the version
  // would be in force for a locked month from its effective month on (until a later version),
  // and may then only repeat what that month had (PERIOD_LOCKED otherwise).
  const locked = await ctx.db.selectFrom('settlements').select('month').where('status', '=', 'locked').where('month', '>=', input.effectiveMonth).orderBy('month').execute();
  if (locked.length > 0) {
    const versions = await listPolicyVersions(ctx.db);
    const changed = locked.find(({ month }) => {
      const inForce = versionInForce(versions, month)!;
      return inForce.effectiveMonth <= input.effectiveMonth && !isDeepStrictEqual(inForce.settings, input.settings);
    });
    if (changed) await assertMonthsOpen(ctx, [changed.month], 'effectiveMonth');
  }
  const before = await policyVersionFor(ctx.db, input.effectiveMonth);
  if (input.effectiveMonth < thisMonth && !onlyFillsBlanks(before.settings, input.settings)) {
    throw fieldError('INVALID_INPUT', 'effectiveMonth', { key: 'err.policyPast', params: { month: thisMonth } });
  }
  const row = await ctx.db
    .insertInto('policy_versions')
    .values({
      effective_month: input.effectiveMonth,
      settings: JSON.stringify(input.settings),
      reason: input.reason ?? null,
      created_at: localMinute(ctx.now),
      created_by: ctx.actor.displayName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = toVersion(row);
  await ctx.audit({ action: 'policy.update', entity: 'policy', entityId: version.id, before: { effectiveMonth: before.effectiveMonth, settings: before.settings }, after: { effectiveMonth: version.effectiveMonth, settings: version.settings, reason: version.reason } });
  return version;
}
