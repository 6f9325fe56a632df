import type { Handlers } from '../../core/context.ts';
import { archivePdf, listArchives } from './archive.ts';
import { settlementXlsx } from './export.ts';
import { prerequisites } from './prerequisites.ts';
import * as service from './service.ts';
import * as workflow from './workflow.ts';

type SettlementMethod = Extract<keyof Handlers, `settlement.${string}`>;

export const settlementHandlers: Pick<Handlers, SettlementMethod> = {
  'settlement.list': (_input, ctx) => service.listSettlements(ctx),
  'settlement.prerequisites': (input, ctx) => prerequisites(ctx, input.month),
  'settlement.get': (input, ctx) => service.getSettlement(ctx, input.month),
  'settlement.prepare': (input, ctx) => workflow.prepare(ctx, input.month),
  'settlement.review': (input, ctx) => workflow.step(ctx, input.month, 'review'),
  'settlement.approve': (input, ctx) => workflow.step(ctx, input.month, 'approve'),
  'settlement.lock': async (input, ctx) => {
    const locked = await workflow.step(ctx, input.month, 'lock');
    // What finance pays from is copied away at once: a backup as soon as the lock has committed.
    ctx.afterCommit(() => ctx.system.backupQuietly('lock', ctx.now));
    return locked;
  },
  'settlement.return': (input, ctx) => workflow.returnToDraft(ctx, input.month, input.reason),
  'settlement.slip': (input, ctx) => service.slip(ctx, input),
  'settlement.adjust': (input, ctx) => service.adjust(ctx, input),
  'settlement.adjustments': (input, ctx) => service.listAdjustments(ctx, input.month),
  'settlement.xlsx': (input, ctx) => settlementXlsx(ctx, input.month),
  'settlement.archivePdf': (input, ctx) => archivePdf(ctx, input),
  'settlement.archives': (input, ctx) => listArchives(ctx, input.month),
};
