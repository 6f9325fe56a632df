import { localDate, monthOf } from '../../../../shared/domain/period.ts';
import type { Handlers } from '../../core/context.ts';
import { getPolicy, listPolicyVersions, updatePolicy } from './service.ts';

export const policyHandlers: Pick<Handlers, 'policy.get' | 'policy.history' | 'policy.update'> = {
  'policy.get': (input, ctx) => getPolicy(ctx, input.month ?? monthOf(localDate(ctx.now))),
  'policy.history': async (_input, ctx) => ({ items: await listPolicyVersions(ctx.db) }),
  'policy.update': (input, ctx) => updatePolicy(ctx, input),
};
