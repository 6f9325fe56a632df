import { localDate } from '../../../../shared/domain/period.ts';
import type { Handlers } from '../../core/context.ts';
import * as read from './queries.ts';
import * as svc from './service.ts';

type DispatchMethod = Extract<keyof Handlers, `dispatch.${string}`>;

export const dispatchHandlers: Pick<Handlers, DispatchMethod> = {
  'dispatch.request': (input, ctx) => svc.requestTicket(ctx, input),
  'dispatch.approve': (input, ctx) => svc.approveTicket(ctx, input),
  'dispatch.reject': (input, ctx) => svc.rejectTicket(ctx, input),
  'dispatch.cancel': (input, ctx) => svc.cancelTicket(ctx, input),
  'dispatch.checkOut': (input, ctx) => svc.checkOut(ctx, input),
  'dispatch.checkIn': (input, ctx) => svc.checkIn(ctx, input),
  'dispatch.close': (input, ctx) => svc.closeTicket(ctx, input),
  'dispatch.resolveFlag': (input, ctx) => svc.resolveFlag(ctx, input),
  'dispatch.get': (input, ctx) => read.getTicket(ctx, input.id),
  'dispatch.list': (input, ctx) => read.listTickets(ctx, input),
  'dispatch.board': (input, ctx) => read.board(ctx, input.date ?? localDate(ctx.now)),
  'dispatch.monthlyKm': (input, ctx) => read.monthlyKm(ctx, input.month),
  'dispatch.odometer': (input, ctx) => read.odometerHistory(ctx, input),
};
