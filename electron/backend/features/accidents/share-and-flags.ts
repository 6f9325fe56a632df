// What is derived from an accident row: the driver's share (computed now while open, frozen
// when closed), why it cannot be closed yet, the repeat rule, the director's flags, and the
// dismissal flags a repeat or a hidden major accident raises.
import dayjs from 'dayjs';
import { ACCIDENT_FLAGS, accidentShare, isMainOrWorse, repeatAccidents, type AccidentFlag, type Finding, type PastAccident, type ShareResult } from '../../../../shared/domain/accident.ts';
import type { PolicySettings } from '../../../../shared/domain/policy.ts';
import { accidentsZhCN } from '../../../../shared/i18n/accidents.zh-CN.ts';
import type { Ctx, LoggedInCtx } from '../../core/context.ts';
import type { MessageRef } from '../../core/errors.ts';
import { raiseDismissalFlag } from '../personnel/service.ts';
import { accidentMonth, costsOf, policyCache, type AccidentRow, type FrozenShare, type Policies } from './rows.ts';

const MAIN_OR_WORSE: Finding[] = ['full', 'main'];
const FINDING_ZH = accidentsZhCN.finding;

// ---------------------------------------------------------------------------------------------
// The share and the close blockers

/** The share of an accident as it stands, with the given policy. */
export function computeShare(r: AccidentRow, policy: PolicySettings['accident']): ShareResult {
  return accidentShare({ finding: r.finding as Finding, privateUse: r.private_use === 1, costs: costsOf(r), insuranceFen: r.insurance_fen, policy });
}

/** The share of an open accident computed now, of a closed one as frozen when it was closed. */
export async function shareOf(r: AccidentRow, policies: Policies): Promise<ShareResult> {
  if (r.status === 'closed' && r.share_json) {
    const { policyVersionId: _v, ...frozen } = JSON.parse(r.share_json) as FrozenShare;
    return frozen as ShareResult;
  }
  return computeShare(r, (await policies(accidentMonth(r))).settings.accident);
}

/** Why an open accident cannot be closed now, with the code each refusal carries. */
export function closeBlockers(r: AccidentRow, share: ShareResult): { code: 'CONFLICT' | 'POLICY_UNSET'; ref: MessageRef }[] {
  const out: { code: 'CONFLICT' | 'POLICY_UNSET'; ref: MessageRef }[] = [];
  if (r.status === 'closed') return out;
  if (r.finding === 'pending') out.push({ code: 'CONFLICT', ref: { key: 'err.accidentPending', params: { number: r.number } } });
  if (share.state === 'cap_unset') {
    out.push({ code: 'POLICY_UNSET', ref: { key: 'err.accidentCapUnset', params: { liability: `$t(liability.${share.liability})`, month: accidentMonth(r) } } });
  }
  if (costsOf(r).length === 0) out.push({ code: 'CONFLICT', ref: { key: 'err.accidentNoCosts', params: { number: r.number } } });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The repeat rule

export interface RelatedRow {
  id: number;
  number: string;
  occurred_at: string;
  finding: string;
}
type RepeatRow = RelatedRow & { driver_id: number };
export interface Repeat {
  fires: boolean;
  related: RelatedRow[];
}

const related = (r: RelatedRow): RelatedRow => ({ id: r.id, number: r.number, occurred_at: r.occurred_at, finding: r.finding });
const past = (r: RelatedRow): PastAccident => ({ id: r.id, date: r.occurred_at.slice(0, 10), finding: r.finding as Finding });
const dayOf = (r: RelatedRow) => r.occurred_at.slice(0, 10);
const shiftDate = (date: string, days: number) => dayjs(date).add(days, 'day').format('YYYY-MM-DD');

/**
 * The repeat rule for each of `selves` (by id), against `candidates`: any set of accidents that
 * holds every full/main accident of the same driver within the window (of the policy in force
 * in the accident's month) before or after it. No query beyond the policy versions.
 */
async function repeatsAmong(selves: RepeatRow[], candidates: RepeatRow[], policies: Policies): Promise<Map<number, Repeat>> {
  const byDriver = new Map<number, RepeatRow[]>();
  for (const c of candidates) byDriver.set(c.driver_id, [...(byDriver.get(c.driver_id) ?? []), c]);
  const out = new Map<number, Repeat>();
  for (const self of selves) {
    if (!isMainOrWorse(self.finding as Finding)) {
      out.set(self.id, { fires: false, related: [] });
      continue;
    }
    const others = byDriver.get(self.driver_id) ?? [];
    const byId = new Map<number, RelatedRow>([...others, self].map((r) => [r.id, related(r)]));
    const result = repeatAccidents(past(self), others.map(past), (await policies(accidentMonth(self))).settings.accident);
    out.set(self.id, { fires: result.fires, related: result.accidents.map((x) => byId.get(x.id)!) });
  }
  return out;
}

/**
 * The repeat rule for each of `selves` (by id). One bounded query: only the full/main
 * accidents of their drivers between the earliest and the latest window date are read.
 */
export async function repeatsOf(ctx: Ctx, selves: RepeatRow[], policies: Policies): Promise<Map<number, Repeat>> {
  const counted = selves.filter((s) => isMainOrWorse(s.finding as Finding));
  let candidates: RepeatRow[] = [];
  if (counted.length > 0) {
    let from = '9999-12-31';
    let to = '0000-01-01';
    for (const s of counted) {
      const days = (await policies(accidentMonth(s))).settings.accident.repeatWindowDays;
      const lo = shiftDate(dayOf(s), -days);
      const hi = shiftDate(dayOf(s), days);
      if (lo < from) from = lo;
      if (hi > to) to = hi;
    }
    candidates = await ctx.db
      .selectFrom('accidents')
      .select(['id', 'driver_id', 'number', 'occurred_at', 'finding'])
      .where('driver_id', 'in', [...new Set(counted.map((s) => s.driver_id))])
      .where('finding', 'in', MAIN_OR_WORSE)
      .where('occurred_at', '>=', `${from} 00:00`)
      .where('occurred_at', '<=', `${to} 23:59`)
      .execute();
  }
  return repeatsAmong(selves, candidates, policies);
}

/** The repeat rule for one accident. */
export async function repeatOf(ctx: Ctx, a: RepeatRow, policies: Policies): Promise<Repeat> {
  return (await repeatsOf(ctx, [a], policies)).get(a.id)!;
}

/**
 * The ids of the accidents the repeat rule flags, for the 'flagged' filter: only accidents of
 * main liability or worse are read, of one driver when the list asks for one.
 */
export async function repeatFlaggedIds(ctx: Ctx, driverId: number | null, policies: Policies): Promise<number[]> {
  let q = ctx.db.selectFrom('accidents').select(['id', 'driver_id', 'number', 'occurred_at', 'finding']).where('finding', 'in', MAIN_OR_WORSE);
  if (driverId !== null) q = q.where('driver_id', '=', driverId);
  const rows = await q.execute();
  const repeats = await repeatsAmong(rows, rows, policies);
  return rows.filter((r) => repeats.get(r.id)!.fires).map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Flags

export function flagKinds(r: AccidentRow, repeat: boolean): AccidentFlag[] {
  const on: Record<AccidentFlag, boolean> = { repeat, hidden: r.reporting === 'hidden', major: r.major === 1, not_parked: r.not_parked === 1 };
  return ACCIDENT_FLAGS.filter((f) => on[f]);
}

/**
 * Dismissal flags (stored in Chinese, as the personnel records are kept): when this change made
 * the repeat rule fire for the accident, and for a hidden accident that is major. At most one
 * flag per accident, whatever raised it.
 */
export async function raiseDismissalIfDue(ctx: LoggedInCtx, row: AccidentRow, firedBefore: boolean): Promise<void> {
  const policies = policyCache(ctx);
  const repeat = await repeatOf(ctx, row, policies);
  const reasons: string[] = [];
  if (repeat.fires && !firedBefore) {
    const days = (await policies(accidentMonth(row))).settings.accident.repeatWindowDays;
    const list = repeat.related.map((x) => `${x.number}（${dayOf(x)}，${FINDING_ZH[x.finding as Finding]}）`).join('、');
    reasons.push(`驾驶员${row.driver_name}在 ${days} 天内发生 ${repeat.related.length} 起主要及以上责任事故：${list}`);
  }
  if (row.reporting === 'hidden' && row.major === 1) reasons.push(`事故 ${row.number} 为重大事故且隐瞒不报`);
  if (reasons.length === 0) return;
  const existing = await ctx.db.selectFrom('personnel_flags').select('id').where('source_type', '=', 'accident').where('source_id', '=', row.id).executeTakeFirst();
  if (existing) return;
  await raiseDismissalFlag(ctx, { driverId: row.driver_id, sourceType: 'accident', sourceId: row.id, sourceNumber: row.number, reason: reasons.join('；') });
}
