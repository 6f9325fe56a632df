import type { Handlers } from '../../core/context.ts';
import * as purchases from './purchases.ts';
import * as routine from './routine.ts';

type MaintenanceMethod = Extract<keyof Handlers, `purchases.${string}` | `routine.${string}`>;

export const maintenanceHandlers: Pick<Handlers, MaintenanceMethod> = {
  'purchases.create': (input, ctx) => purchases.createPurchase(ctx, input),
  'purchases.confirm': (input, ctx) => purchases.confirmPurchase(ctx, input),
  'purchases.approve': (input, ctx) => purchases.approvePurchase(ctx, input),
  'purchases.reject': (input, ctx) => purchases.rejectPurchase(ctx, input),
  'purchases.buy': (input, ctx) => purchases.buyPurchase(ctx, input),
  'purchases.get': (input, ctx) => purchases.getPurchase(ctx, input.id),
  'purchases.list': (input, ctx) => purchases.listPurchases(ctx, input),
  'routine.due': (input, ctx) => routine.dueList(ctx, input),
  'routine.record': (input, ctx) => routine.recordService(ctx, input),
  'routine.history': (input, ctx) => routine.history(ctx, input.vehicleId),
};
