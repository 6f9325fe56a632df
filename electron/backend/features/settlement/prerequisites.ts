// The prerequisites of a month's settlement (DOMAIN.md section 7): the fuel month and the
// assessment month signed, the month's dispatch flags resolved, no accident of the month or
// before still waiting for the police finding, and (ours) no trip of the month still requested,
// approved or out: once the month is locked such a ticket could never be checked in or closed.
// Nothing is computed or signed until all hold.
import type { z } from 'zod';
import { PREREQUISITES, type prerequisitesOutput } from '../../../../shared/api/settlement.ts';
import { UNFINISHED_TICKETS } from '../../../../shared/domain/dispatch.ts';
import type { MessageRef } from '../../../../shared/domain/settlement.ts';
import type { Ctx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { renderAll } from '../../core/messages.ts';
import { monthBounds } from './compute.ts';

type Prerequisites = z.infer<typeof prerequisitesOutput>;


interface Blocker {
  kind: (typeof PREREQUISITES)[number];
  count: number;
  ref: MessageRef;
}

const LINKS: Record<Blocker['kind'], (month: string) => string> = {
  fuel_signed: (m) => `/fuel-audit?month=${m}`,
  assessment_signed: (m) => `/assessment?month=${m}`,
  flags_resolved: () => '/tickets?flag=unresolved',
  findings_in: () => '/accidents?filter=pending',
  trips_finished: (m) => `/tickets?open=${m}`,
};

/** Is the month signed (a signature not reopened)? Only whether: the signed snapshot is not read. */
async function signedIn(ctx: Ctx, table: 'fuel_signoffs' | 'assessment_signoffs', month: string): Promise<boolean> {
  return (await ctx.db.selectFrom(table).select('id').where('month', '=', month).where('reopened_at', 'is', null).executeTakeFirst()) !== undefined;
}

/** The prerequisites as message references: what is met and what still blocks. */
async function checkPrerequisites(ctx: Ctx, month: string): Promise<Blocker[]> {
  const { from, to } = monthBounds(month);
  const fuel = await signedIn(ctx, 'fuel_signoffs', month);
  const assessment = await signedIn(ctx, 'assessment_signoffs', month);
  // unresolved flags on the month's tickets: returned in it, or planned to leave in it
  const flags = await ctx.db
    .selectFrom('dispatch_flags as f')
    .innerJoin('dispatch_tickets as t', 't.id', 'f.ticket_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.open_flag_count', '>', 0) // the tickets with one (an index) before their flags
    .where('f.resolved_at', 'is', null)
    .where((eb) => eb.or([eb('t.return_month', '=', month), eb.and([eb('t.planned_departure', '>=', from), eb('t.planned_departure', '<', to)])]))
    .executeTakeFirstOrThrow();
  // open accidents of the month or before still waiting for the police finding
  const pending = await ctx.db
    .selectFrom('accidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finding', '=', 'pending')
    .where('status', '=', 'open')
    .where('occurred_at', '<', to)
    .executeTakeFirstOrThrow();
  // the month's trips not finished (still waiting for approval, approved but not gone, or out):
  // planned to leave in the month, or left in it (every step of a ticket checks both months)
  const unfinished = await ctx.db
    .selectFrom('dispatch_tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', UNFINISHED_TICKETS)
    .where((eb) => eb.or([eb.and([eb('start_at', '>=', from), eb('start_at', '<', to)]), eb.and([eb('planned_departure', '>=', from), eb('planned_departure', '<', to)])]))
    .executeTakeFirstOrThrow();
  const counts: Record<Blocker['kind'], number> = {
    fuel_signed: fuel ? 0 : 1,
    assessment_signed: assessment ? 0 : 1,
    flags_resolved: Number(flags.n),
    findings_in: Number(pending.n),
    trips_finished: Number(unfinished.n),
  };
  return PREREQUISITES.map((kind) => ({ kind, count: counts[kind], ref: { key: `prerequisite.${kind}.${counts[kind] ? 'blocked' : 'ok'}`, params: { month, count: counts[kind] } } }));
}

export async function prerequisites(ctx: Ctx, month: string): Promise<Prerequisites> {
  const items = await checkPrerequisites(ctx, month);
  const messages = renderAll(items.map((i) => i.ref), ctx.lang);
  return {
    month,
    ready: items.every((i) => i.count === 0),
    items: items.map((i, n) => ({ kind: i.kind, ok: i.count === 0, message: messages[n]!, count: i.count, link: LINKS[i.kind](month) })),
  };
}

/** Refuses (CONFLICT, naming what still blocks) unless every prerequisite holds. */
export async function requireReady(ctx: Ctx, month: string): Promise<void> {
  const blockers = (await checkPrerequisites(ctx, month)).filter((b) => b.count > 0);
  if (!blockers.length) return;
  const list = renderAll(blockers.map((b) => b.ref), ctx.lang).join(ctx.lang === 'en' ? '; ' : '；');
  throw new DomainError('CONFLICT', { key: 'err.settlementNotReady', params: { month, blockers: list } });
}
