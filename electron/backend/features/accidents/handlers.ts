import type { Handlers } from '../../core/context.ts';
import * as attachments from './attachments.ts';
import * as accidents from './service.ts';

type AccidentMethod = Extract<keyof Handlers, `accidents.${string}`>;

export const accidentHandlers: Pick<Handlers, AccidentMethod> = {
  'accidents.create': (input, ctx) => accidents.createAccident(ctx, input),
  'accidents.update': (input, ctx) => accidents.updateAccident(ctx, input),
  'accidents.close': (input, ctx) => accidents.closeAccident(ctx, input),
  'accidents.reopen': (input, ctx) => accidents.reopenAccident(ctx, input),
  'accidents.attach': (input, ctx) => attachments.attach(ctx, input),
  'accidents.attachment': (input, ctx) => attachments.attachmentFile(ctx, input),
  'accidents.get': (input, ctx) => accidents.getAccident(ctx, input.id),
  'accidents.list': (input, ctx) => accidents.listAccidents(ctx, input),
};
