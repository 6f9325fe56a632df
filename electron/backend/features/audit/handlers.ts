import type { Handlers } from '../../core/context.ts';
import { verifyChain } from '../../core/audit.ts';
import { DomainError } from '../../core/errors.ts';

const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

export const auditHandlers: Pick<Handlers, 'audit.history' | 'audit.verify'> = {
  'audit.history': async (input, ctx) => {
    // Accounts and roles are the administrator's business.
    if (input.entity === 'users' && !ctx.actor.roles.includes('admin')) throw new DomainError('FORBIDDEN', { key: 'err.forbidden', params: { method: 'audit.history' } });
    const rows = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', input.entity)
      .where('entity_id', '=', input.entityId)
      .orderBy('id')
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        username: r.username,
        role: r.role,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: parse(r.before),
        after: parse(r.after),
      })),
    };
  },
  'audit.verify': async (_input, ctx) => {
    const { ok, rows, firstBadId } = await verifyChain(ctx.db);
    return { ok, rows, firstBadId };
  },
};
