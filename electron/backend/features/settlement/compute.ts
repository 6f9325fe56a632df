// The month's settlement computed from its sources (DOMAIN.md section 7): who has a row, the
// facts that decide a safe month, and every record that becomes a line. The rules themselves
// (safe month, bonus, subsidy, one line per record) are shared/domain/settlement.ts; this file
// only reads the records. Reads only: the service stores the result.
import type { Finding, Reporting } from '../../../../shared/domain/accident.ts';
import { addMonths } from '../../../../shared/domain/period.ts';
import type { PolicySettings } from '../../../../shared/domain/policy.ts';
import { settlePerson, unsafeReasons, type MessageRef, type PersonMonth, type PersonSettlement } from '../../../../shared/domain/settlement.ts';
import type { ViolationKind } from '../../../../shared/domain/violation.ts';
import type { PERSON_POSTS } from '../../../../shared/api/settlement.ts';
import type { Ctx } from '../../core/context.ts';
import { currentSignoff as assessmentSignoff } from '../conduct/signoffs.ts';
import { penaltiesInForce } from '../fuel/signoff.ts';

export type PersonPost = (typeof PERSON_POSTS)[number];
type PersonMonthFacts = Parameters<typeof unsafeReasons>[0];

/** One person's computed row, ready to store. */
export interface ComputedRow extends PersonSettlement {
  driverId: number | null;
  userId: number | null;
  name: string;
  employeeNo: string | null;
  post: PersonPost;
  officialKm: number;
  reasons: MessageRef[];
}

/** The sheet's order: the director, the deputy, the group leaders, the drivers; then by employee number. */
export const POST_ORDER: Record<PersonPost, number> = { director: 0, deputy_director: 1, group_leader: 2, driver: 3 };

/** The first minute-string of the month and of the next: `[from, to)` over 'YYYY-MM-DD HH:MM' texts. */
export function monthBounds(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${addMonths(month, 1)}-01` };
}

/** The assessment sheets of the month's signature in force, per driver (none when unsigned). */
async function signedScores(ctx: Ctx, month: string): Promise<Map<number, { score: number; payDeductionFen: number }>> {
  const signoff = await assessmentSignoff(ctx, month);
  const out = new Map<number, { score: number; payDeductionFen: number }>();
  if (!signoff) return out;
  const sheets = JSON.parse(signoff.snapshot) as { subject: string; subjectId: number; score: number; payDeductionFen: number }[];
  for (const s of sheets) if (s.subject === 'driver') out.set(s.subjectId, { score: s.score, payDeductionFen: s.payDeductionFen });
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Every row of the month: each driver active in the month (not retired before it began) or
 * with any record in it, and each director or deputy fined in it. Reads a fixed number of
 * queries whatever the depot's size.
 */
export async function computeRows(ctx: Ctx, month: string, policy: PolicySettings): Promise<ComputedRow[]> {
  const { from, to } = monthBounds(month);

  // official km: returned trips (every ticket is a delivery or an official trip), by month of return
  const km = await ctx.db
    .selectFrom('dispatch_tickets')
    .select((eb) => ['driver_id', eb.fn.sum<number>('distance_km').as('km')])
    .where('return_month', '=', month)
    .where('status', 'in', ['returned', 'closed'])
    .groupBy('driver_id')
    .execute();
  const kmBy = new Map(km.map((r) => [r.driver_id, Number(r.km ?? 0)]));

  const accidents = await ctx.db
    .selectFrom('accidents as a')
    .leftJoin('dispatch_tickets as t', 't.id', 'a.ticket_id')
    .select(['a.id', 'a.number', 'a.driver_id', 'a.occurred_at', 'a.finding', 'a.reporting', 'a.private_use', 't.number as ticket_number'])
    .where('a.occurred_at', '>=', from)
    .where('a.occurred_at', '<', to)
    .orderBy('a.occurred_at')
    .orderBy('a.id')
    .execute();
  const accidentsBy = new Map<number, PersonMonthFacts['accidents']>();
  for (const a of accidents) {
    push(accidentsBy, a.driver_id, { id: a.id, number: a.number, date: a.occurred_at.slice(0, 10), finding: a.finding as Finding, reporting: a.reporting as Reporting, privateUse: a.private_use === 1, ticketNumber: a.ticket_number });
  }

  const violations = await ctx.db
    .selectFrom('violations')
    .select(['id', 'number', 'kind', 'offender_role', 'driver_id', 'user_id', 'occurred_on', 'fine_fen'])
    .where('month', '=', month)
    .where('voided_at', 'is', null)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
  const driverViolations = new Map<number, PersonMonthFacts['violations']>();
  const finesByDriver = new Map<number, PersonMonth['fines']>();
  const finesByUser = new Map<number, { post: PersonPost; fines: PersonMonth['fines'] }>();
  for (const v of violations) {
    const fine = { id: v.id, number: v.number, date: v.occurred_on, kind: v.kind as ViolationKind, fineFen: v.fine_fen };
    if (v.offender_role === 'driver' && v.driver_id !== null) {
      push(driverViolations, v.driver_id, { id: v.id, number: v.number, date: v.occurred_on, kind: v.kind as ViolationKind });
      if (v.fine_fen > 0) push(finesByDriver, v.driver_id, fine);
    } else if ((v.offender_role === 'director' || v.offender_role === 'deputy_director') && v.user_id !== null && v.fine_fen > 0) {
      const entry = finesByUser.get(v.user_id) ?? { post: v.offender_role, fines: [] };
      // one row per person: fined in both posts (a deputy acting as director), the higher post names it
      if (v.offender_role === 'director') entry.post = 'director';
      entry.fines.push(fine);
      finesByUser.set(v.user_id, entry);
    }
  }

  // accident shares: charged in the month the accident was closed, not the month it occurred
  const shares = await ctx.db
    .selectFrom('accidents')
    .select(['id', 'number', 'driver_id', 'share_fen'])
    .where('status', '=', 'closed')
    .where('closed_month', '=', month)
    .where('share_fen', '>', 0)
    .orderBy('closed_at')
    .orderBy('id')
    .execute();
  const sharesBy = new Map<number, PersonMonth['accidentShares']>();
  for (const s of shares) push(sharesBy, s.driver_id, { id: s.id, number: s.number, shareFen: s.share_fen ?? 0 });

  const fuel = await penaltiesInForce(ctx, month);
  const fuelBy = new Map<number, PersonMonth['fuelPenalties']>();
  for (const p of fuel) push(fuelBy, p.driver_id, { id: p.id, plate: p.plate, month, amountFen: p.amount_fen });

  // engine seizure from neglect: the whole order is the driver's, charged when its payment is approved
  const repairs = await ctx.db
    .selectFrom('repair_orders')
    .select(['id', 'number', 'driver_id', 'total_fen'])
    .where('seizure_cause', 'is not', null)
    .where('payment_approved_at', '>=', from)
    .where('payment_approved_at', '<', to)
    .where('total_fen', '>', 0)
    .orderBy('payment_approved_at')
    .orderBy('id')
    .execute();
  const repairsBy = new Map<number, PersonMonth['repairCharges']>();
  for (const r of repairs) push(repairsBy, r.driver_id, { id: r.id, number: r.number, amountFen: r.total_fen });

  const scores = await signedScores(ctx, month);

  const adjustments = await ctx.db.selectFrom('settlement_adjustments').selectAll().where('target_month', '=', month).orderBy('id').execute();
  const adjustmentsByDriver = new Map<number, PersonMonth['adjustments']>();
  const adjustmentsByUser = new Map<number, PersonMonth['adjustments']>();
  for (const a of adjustments) {
    const adj = { id: a.id, correctsMonth: a.corrects_month, amountFen: a.amount_fen, reason: a.reason };
    if (a.driver_id !== null) push(adjustmentsByDriver, a.driver_id, adj);
    else if (a.user_id !== null) push(adjustmentsByUser, a.user_id, adj);
  }

  // the drivers: active in the month, or with anything in it
  const withRecords = new Set<number>([
    ...kmBy.keys(),
    ...accidentsBy.keys(),
    ...driverViolations.keys(), // a driver's fines are among their violations
    ...sharesBy.keys(),
    ...fuelBy.keys(),
    ...repairsBy.keys(),
    ...adjustmentsByDriver.keys(),
  ]);
  const drivers = await ctx.db
    .selectFrom('drivers')
    .select(['id', 'name', 'employee_no'])
    .where((eb) => {
      const active = eb.or([eb('retired_at', 'is', null), eb('retired_at', '>=', from)]);
      return withRecords.size ? eb.or([active, eb('id', 'in', [...withRecords])]) : active;
    })
    .execute();
  // a group leader is a driver whose user account holds the group leader's post
  const leaders = await ctx.db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.driver_id')
    .where('r.role', '=', 'group_leader')
    .where('u.driver_id', 'is not', null)
    .where('u.active', '=', 1)
    .execute();
  const leaderIds = new Set(leaders.map((l) => l.driver_id!));

  const out: ComputedRow[] = [];
  const settle = (m: PersonMonth) => settlePerson(m, policy.settlement);
  for (const d of drivers) {
    const score = scores.get(d.id) ?? null;
    const reasons = unsafeReasons({ accidents: accidentsBy.get(d.id) ?? [], violations: driverViolations.get(d.id) ?? [], assessmentScore: score?.score ?? null }, policy.assessment);
    const groupLeader = leaderIds.has(d.id);
    const officialKm = kmBy.get(d.id) ?? 0;
    const person: PersonMonth = {
      driver: true,
      groupLeader,
      officialKm,
      reasons,
      fines: finesByDriver.get(d.id) ?? [],
      accidentShares: sharesBy.get(d.id) ?? [],
      fuelPenalties: fuelBy.get(d.id) ?? [],
      repairCharges: repairsBy.get(d.id) ?? [],
      assessment: score ? { month, score: score.score, deductionFen: score.payDeductionFen } : null,
      adjustments: adjustmentsByDriver.get(d.id) ?? [],
    };
    out.push({ ...settle(person), driverId: d.id, userId: null, name: d.name, employeeNo: d.employee_no, post: groupLeader ? 'group_leader' : 'driver', officialKm, reasons });
  }

  // the director and the deputy: a row only for their fines (and adjustments of them)
  const userIds = [...new Set([...finesByUser.keys(), ...adjustmentsByUser.keys()])];
  const users = userIds.length ? await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
  const userPosts = userIds.length
    ? await ctx.db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).where('role', 'in', ['director', 'deputy_director']).execute()
    : [];
  for (const u of users) {
    const fined = finesByUser.get(u.id);
    const post: PersonPost = fined?.post ?? (userPosts.some((p) => p.user_id === u.id && p.role === 'director') ? 'director' : 'deputy_director');
    const person: PersonMonth = {
      driver: false,
      groupLeader: false,
      officialKm: 0,
      reasons: [],
      fines: fined?.fines ?? [],
      accidentShares: [],
      fuelPenalties: [],
      repairCharges: [],
      assessment: null,
      adjustments: adjustmentsByUser.get(u.id) ?? [],
    };
    out.push({ ...settle(person), driverId: null, userId: u.id, name: u.display_name, employeeNo: null, post, officialKm: 0, reasons: [] });
  }

  return out.sort((a, b) => POST_ORDER[a.post] - POST_ORDER[b.post] || (a.employeeNo ?? '').localeCompare(b.employeeNo ?? '') || a.name.localeCompare(b.name, 'zh-CN') || (a.driverId ?? a.userId ?? 0) - (b.driverId ?? b.userId ?? 0));
}
