import type { Handlers } from '../../core/context.ts';
import * as svc from './service.ts';
import * as signoff from './signoff.ts';
import * as imports from './import.ts';

type FuelMethod = Extract<keyof Handlers, `fuel.${string}`>;

export const fuelHandlers: Pick<Handlers, FuelMethod> = {
  'fuel.create': (input, ctx) => svc.createFillup(ctx, input),
  'fuel.list': (input, ctx) => svc.listFillups(ctx, input),
  'fuel.register': (input, ctx) => svc.reimburseStep(ctx, 'register', input.ids),
  'fuel.approve': (input, ctx) => svc.reimburseStep(ctx, 'approve', input.ids),
  'fuel.audit': (input, ctx) => svc.audit(ctx, input.month),
  'fuel.vehicle': (input, ctx) => svc.vehicleAudit(ctx, input.month, input.vehicleId),
  'fuel.trend': (input, ctx) => svc.trend(ctx, input.month, input.vehicleId),
  'fuel.month': (input, ctx) => signoff.monthView(ctx, input.month),
  'fuel.resolve': (input, ctx) => signoff.resolve(ctx, input),
  'fuel.sign': (input, ctx) => signoff.sign(ctx, input.month),
  'fuel.reopen': (input, ctx) => signoff.reopen(ctx, input.month, input.reason),
  'fuel.importStart': (input, ctx) => imports.importStart(ctx, input.fileName, input.size),
  'fuel.importChunk': (input, ctx) => imports.importChunk(ctx, input.id, input.seq, input.data),
  'fuel.importPreview': (input, ctx) => imports.importPreview(ctx, input),
  'fuel.importCommit': (input, ctx) => imports.importCommit(ctx, input.id, input.profile, input.mapping),
  'fuel.importProfiles': (_input, ctx) => imports.importProfiles(ctx),
};
