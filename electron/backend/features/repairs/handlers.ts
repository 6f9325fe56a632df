import type { Handlers } from '../../core/context.ts';
import * as svc from './service.ts';
import { statement, statementXlsx } from './statement.ts';

type RepairMethod = Extract<keyof Handlers, `repairs.${string}`>;

export const repairHandlers: Pick<Handlers, RepairMethod> = {
  'repairs.create': (input, ctx) => svc.createOrder(ctx, input),
  'repairs.report': (input, ctx) => svc.simpleStep(ctx, 'report', input),
  'repairs.approve': (input, ctx) => svc.simpleStep(ctx, 'approve', input),
  'repairs.reject': (input, ctx) => svc.rejectOrder(ctx, input),
  'repairs.phoneApprove': (input, ctx) => svc.phoneApprove(ctx, input),
  'repairs.toShop': (input, ctx) => svc.toShop(ctx, input),
  'repairs.enterWork': (input, ctx) => svc.enterWork(ctx, input),
  'repairs.sign': (input, ctx) => svc.sign(ctx, input),
  'repairs.refuseSignature': (input, ctx) => svc.refuseSignature(ctx, input),
  'repairs.checkOldPart': (input, ctx) => svc.checkOldPart(ctx, input),
  'repairs.verifyParts': (input, ctx) => svc.verifyParts(ctx, input),
  'repairs.correct': (input, ctx) => svc.correctLine(ctx, input),
  'repairs.settle': (input, ctx) => svc.settle(ctx, input),
  'repairs.review': (input, ctx) => svc.simpleStep(ctx, 'review', input),
  'repairs.approvePayment': (input, ctx) => svc.simpleStep(ctx, 'approvePayment', input),
  'repairs.pay': (input, ctx) => svc.simpleStep(ctx, 'pay', input),
  'repairs.get': (input, ctx) => svc.getOrder(ctx, input.id),
  'repairs.list': (input, ctx) => svc.listOrders(ctx, input),
  'repairs.markSeizure': (input, ctx) => svc.markSeizure(ctx, input),
  'repairs.statement': (input, ctx) => statement(ctx, input),
  'repairs.statementXlsx': (input, ctx) => statementXlsx(ctx, input),
};
