import { monthOf, localDate } from '../../../../shared/domain/period.ts';
import type { Ctx, Handlers } from '../../core/context.ts';
import { accidents, fuel, money, repairs } from './charts.ts';
import { overview } from './overview.ts';

type DashboardMethod = Extract<keyof Handlers, `dashboard.${string}`>;

/** The charts end with the month asked for, or today's. */
const monthOr = (input: { month?: string | undefined }, ctx: Ctx) => input.month ?? monthOf(localDate(ctx.now));

export const dashboardHandlers: Pick<Handlers, DashboardMethod> = {
  'dashboard.overview': (_input, ctx) => overview(ctx),
  'dashboard.money': (input, ctx) => money(ctx, monthOr(input, ctx)),
  'dashboard.accidents': (input, ctx) => accidents(ctx, monthOr(input, ctx)),
  'dashboard.repairs': (input, ctx) => repairs(ctx, monthOr(input, ctx)),
  'dashboard.fuel': (input, ctx) => fuel(ctx, monthOr(input, ctx)),
};
