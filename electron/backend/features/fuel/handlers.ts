import type { Handlers } from '../../core/context.ts';
import * as svc from './service.ts';

type FuelMethod = Extract<keyof Handlers, `fuel.${string}`>;

export const fuelHandlers: Pick<Handlers, FuelMethod> = {
  'fuel.create': (input, ctx) => svc.createFillup(ctx, input),
  'fuel.list': (input, ctx) => svc.listFillups(ctx, input),
  'fuel.register': (input, ctx) => svc.reimburseStep(ctx, 'register', input.ids),
  'fuel.approve': (input, ctx) => svc.reimburseStep(ctx, 'approve', input.ids),
  'fuel.audit': (input, ctx) => svc.audit(ctx, input.month),
  'fuel.vehicle': (input, ctx) => svc.vehicleAudit(ctx, input.month, input.vehicleId),
};
