// Per-year document numbers shared by every feature that issues them; never reused, also
// when the document is cancelled (the counter only moves on).
import { documentNumber } from '../../../shared/domain/numbers.ts';
import type { Ctx } from './context.ts';
import { nowMinute } from './context.ts';

export async function nextDocumentNumber(ctx: Ctx, prefix: string): Promise<string> {
  const year = Number(nowMinute(ctx).slice(0, 4));
  const row = await ctx.db.selectFrom('number_counters').select('last').where('prefix', '=', prefix).where('year', '=', year).executeTakeFirst();
  const next = (row?.last ?? 0) + 1;
  if (row) await ctx.db.updateTable('number_counters').set({ last: next }).where('prefix', '=', prefix).where('year', '=', year).execute();
  else await ctx.db.insertInto('number_counters').values({ prefix, year, last: next }).execute();
  return documentNumber(prefix, year, next);
}
