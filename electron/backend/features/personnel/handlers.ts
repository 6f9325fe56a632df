import type { Handlers } from '../../core/context.ts';
import { decideFlag, listFlags } from './service.ts';

export const personnelHandlers: Pick<Handlers, 'personnel.flags' | 'personnel.decide'> = {
  'personnel.flags': (input, ctx) => listFlags(ctx, input),
  'personnel.decide': (input, ctx) => decideFlag(ctx, input),
};
