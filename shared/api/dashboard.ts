// The home dashboard (首页): what waits for the caller, and the charts' figures. Every figure is
// worked out by the backend; the renderer only draws it and shows it as a table beside.
import { z } from 'zod';
import { LIABILITIES } from '../domain/policy.ts';
import { MONTH_RE } from '../domain/period.ts';
import { SETTLEMENT_STATUSES } from '../domain/settlement.ts';

const monthText = z.string().regex(MONTH_RE, 'err.month');

/** Charts end with `month` (the current month when left out). */
export const dashboardMonthInput = z.object({ month: monthText.optional() });

/** an over-limit vehicle of the month: its excess value, and whether the captain has decided on it */
const overVehicle = z.object({ vehicleId: z.number(), plate: z.string(), excessFen: z.number(), resolved: z.boolean() });

/**
 * What waits for the caller, by their roles; a part the caller's roles have nothing to do with
 * is null. `closingMonth` is the month being closed (the one before today's).
 */
export const dashboardOverviewOutput = z.object({
  today: z.string(),
  closingMonth: z.string(),
  /** the director and deputy: requested tickets waiting for approval */
  ticketsToApprove: z.number().nullable(),
  /** repair orders at a step the caller's roles may take */
  repairsToAct: z.number().nullable(),
  /** dispatch flags not yet resolved (all months) */
  openFlags: z.number().nullable(),
  /** dismissal flags waiting for the director's decision */
  dismissalFlags: z.number().nullable(),
  /** the closing month's fuel audit (the fleet captain and office) */
  fuel: z
    .object({
      month: z.string(),
      state: z.enum(['open', 'signed']),
      /** over-limit vehicles and anomalies still to be resolved before signing */
      unresolved: z.number(),
      over: z.number(),
      excessFen: z.number(),
      /** the over-limit vehicles, the most excess first (at most 10) */
      overVehicles: z.array(overVehicle),
    })
    .nullable(),
  /** settlements finance acts on: approved (to lock) and locked in the last twelve months (to pay) */
  settlements: z
    .array(z.object({ month: z.string(), status: z.enum(SETTLEMENT_STATUSES), rows: z.number(), netFen: z.number(), lockedAt: z.string().nullable() }))
    .nullable(),
});
export type DashboardOverview = z.infer<typeof dashboardOverviewOutput>;

/** Twelve months of settlements: what was paid out and taken off (from the stored sheets). */
export const dashboardMoneyOutput = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      /** 'none': no settlement prepared for the month */
      status: z.enum(['none', ...SETTLEMENT_STATUSES]),
      bonusFen: z.number(),
      subsidyFen: z.number(),
      /** fines, accident shares, fuel penalties, repair charges and assessment deductions (≤ 0) */
      deductionFen: z.number(),
      adjustmentFen: z.number(),
      netFen: z.number(),
    }),
  ),
});
export type DashboardMoney = z.infer<typeof dashboardMoneyOutput>;

/** Accidents by liability level (the police finding, or pending) per quarter, the last eight quarters. */
export const ACCIDENT_FINDINGS = ['pending', ...LIABILITIES] as const;
export const dashboardAccidentsOutput = z.object({
  quarters: z.array(
    z.object({
      /** e.g. 2026-Q3 */
      quarter: z.string(),
      counts: z.object(Object.fromEntries(ACCIDENT_FINDINGS.map((f) => [f, z.number()])) as Record<(typeof ACCIDENT_FINDINGS)[number], z.ZodNumber>),
      total: z.number(),
    }),
  ),
});
export type DashboardAccidents = z.infer<typeof dashboardAccidentsOutput>;

/** Repair cost of the twelve months (orders by the month their payment was approved). */
export const dashboardRepairsOutput = z.object({
  from: z.string(),
  to: z.string(),
  totalFen: z.number(),
  orders: z.number(),
  /** the ten costliest vehicles, then the rest together (vehicleId null) */
  byVehicle: z.array(z.object({ vehicleId: z.number().nullable(), plate: z.string(), totalFen: z.number(), orders: z.number() })),
  byShop: z.array(z.object({ shopId: z.number(), name: z.string(), totalFen: z.number(), orders: z.number() })),
});
export type DashboardRepairs = z.infer<typeof dashboardRepairsOutput>;

/** The fleet's fuel of twelve months: litres used against the litres the limits allow (the fuel audit's figures summed). */
export const dashboardFuelOutput = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      km: z.number(),
      /** hundredths of a litre */
      litres: z.number(),
      allowedLitres: z.number(),
      excessLitres: z.number(),
      excessFen: z.number(),
      vehicles: z.number(),
      over: z.number(),
    }),
  ),
});
export type DashboardFuel = z.infer<typeof dashboardFuelOutput>;
