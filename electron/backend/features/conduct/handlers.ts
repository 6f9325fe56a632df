import type { Handlers } from '../../core/context.ts';
import * as assessment from './assessment.ts';
import * as violations from './violations.ts';

type ConductMethod = Extract<keyof Handlers, `violations.${string}` | `assessment.${string}`>;

export const conductHandlers: Pick<Handlers, ConductMethod> = {
  'violations.create': (input, ctx) => violations.createViolation(ctx, input),
  'violations.fromFlag': (input, ctx) => violations.violationFromFlag(ctx, input),
  'violations.void': (input, ctx) => violations.voidViolation(ctx, input),
  'violations.get': (input, ctx) => violations.getViolation(ctx, input.id),
  'violations.list': (input, ctx) => violations.listViolations(ctx, input),
  'violations.catalogue': (input, ctx) => violations.catalogue(ctx, input),
  'violations.postHolders': (_input, ctx) => violations.postHolders(ctx),
  'assessment.items': (input, ctx) => assessment.listItems(ctx, input),
  'assessment.saveItem': (input, ctx) => assessment.saveItem(ctx, input),
  'assessment.retireItem': (input, ctx) => assessment.retireItem(ctx, input),
  'assessment.month': (input, ctx) => assessment.monthView(ctx, input),
  'assessment.sheet': (input, ctx) => assessment.sheet(ctx, input),
  'assessment.deduct': (input, ctx) => assessment.deduct(ctx, input),
  'assessment.removeDeduction': (input, ctx) => assessment.removeDeduction(ctx, input.id),
  'assessment.sign': (input, ctx) => assessment.sign(ctx, input.month),
  'assessment.reopen': (input, ctx) => assessment.reopen(ctx, input.month, input.reason),
};
