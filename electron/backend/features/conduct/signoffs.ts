// The fleet office's signature on a month's assessment, as the violations and the sheets see it.
import type { Ctx } from '../../core/context.ts';

/** The signature in force for the month: the newest one not reopened, if any. */
export async function currentSignoff(ctx: Ctx, month: string) {
  return ctx.db
    .selectFrom('assessment_signoffs')
    .selectAll()
    .where('month', '=', month)
    .where('reopened_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
