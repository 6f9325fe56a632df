// Fuel: fill-ups (by hand now, imported from fuel-card statements next) and the monthly
// audit per vehicle, with every figure from the backend and the anomalies behind it.
import { z } from 'zod';
import { AUDIT_STATUSES } from '../domain/fuel.ts';
import { id, optionalText, text } from './common.ts';
import { minuteText } from './dispatch.ts';
import { monthText } from './governance.ts';

/** hundredths of a litre */
const litres = z.number().int('err.decimals2').min(1, 'err.positive').max(10_000_000, 'err.tooLarge');
const fen = z.number().int('err.decimals2').min(1, 'err.positive').max(100_000_000, 'err.tooLarge');

export const FUEL_GRADES = ['92#', '95#', '98#', '0#'] as const;
export const ANOMALY_KINDS = ['over_tank', 'odometer_backwards', 'duplicate_invoice', 'station_not_approved', 'no_dispatch', 'price_far', 'amount_mismatch'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Reimbursement: entered → registered (the captain signs) → approved (manager office): payable. */
export const REIMBURSE_STATES = ['entered', 'registered', 'approved'] as const;

export const fillupCreateInput = z
  .object({
    vehicleId: id,
    driverId: id,
    filledAt: minuteText,
    /** an approved station; leave out and give the name for one that is not on the list */
    stationId: id.optional(),
    stationName: optionalText(60),
    fuelGrade: z.enum(FUEL_GRADES).default('92#'),
    litres,
    unitPriceFen: fen,
    amountFen: fen,
    invoiceNo: text(40),
    odometerKm: z.number().int('err.integer').min(0, 'err.negative').max(9_999_999, 'err.tooLarge').optional(),
    fullTank: z.boolean().default(true),
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.stationId === undefined && !v.stationName) ctx.addIssue({ code: 'custom', path: ['stationId'], message: 'err.required' });
  });

export const anomalyEntity = z.object({ kind: z.enum(ANOMALY_KINDS), fillupId: z.number(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
export type Anomaly = z.infer<typeof anomalyEntity>;

export const fillupEntity = z.object({
  id: z.number(),
  vehicleId: z.number(),
  plate: z.string(),
  driverId: z.number(),
  driverName: z.string(),
  filledAt: z.string(),
  stationId: z.number().nullable(),
  stationName: z.string(),
  fuelGrade: z.string(),
  litres: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
  /** litres × unit price to the fen: shown beside the amount when they differ */
  expectedAmountFen: z.number(),
  invoiceNo: z.string(),
  odometerKm: z.number().nullable(),
  fullTank: z.boolean(),
  source: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string(),
  state: z.enum(REIMBURSE_STATES),
  registeredAt: z.string().nullable(),
  registeredByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
});
export type Fillup = z.infer<typeof fillupEntity>;

export const fillupListInput = z.object({
  month: monthText.optional(),
  vehicleId: id.optional(),
  /** finance lists the approved (payable) ones */
  state: z.enum(REIMBURSE_STATES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const fuelAuditInput = z.object({ month: monthText });
export const fuelAuditRow = z.object({
  vehicleId: z.number(),
  plate: z.string(),
  modelName: z.string(),
  /** official km of the month (dispatch log, by return month) */
  km: z.number(),
  /** km by the odometer readings over the month, when there are readings; a disagreement is shown */
  odometerKm: z.number().nullable(),
  litres: z.number(),
  amountFen: z.number(),
  /** hundredths of L/100 km */
  actual: z.number().nullable(),
  standard: z.number(),
  float: z.number(),
  limit: z.number(),
  seasonal: z.boolean(),
  allowedLitres: z.number(),
  excessLitres: z.number(),
  averagePriceFen: z.number().nullable(),
  excessFen: z.number(),
  status: z.enum(AUDIT_STATUSES),
  anomalies: z.number(),
  /** full-to-full consumption of the month: from the last full fill before it to its end (hundredths of L/100 km) */
  fullToFull: z.number().nullable(),
});
export type FuelAuditRow = z.infer<typeof fuelAuditRow>;
export const fuelAuditOutput = z.object({
  month: z.string(),
  rows: z.array(fuelAuditRow),
  totals: z.object({ km: z.number(), litres: z.number(), amountFen: z.number(), excessLitres: z.number(), excessFen: z.number(), over: z.number(), anomalies: z.number() }),
});
export type FuelAudit = z.infer<typeof fuelAuditOutput>;

export const fuelVehicleInput = z.object({ month: monthText, vehicleId: id });
export const fuelVehicleOutput = z.object({
  row: fuelAuditRow,
  fillups: z.array(fillupEntity),
  trips: z.array(z.object({ ticketId: z.number(), number: z.string(), driverName: z.string(), departedAt: z.string().nullable(), returnedAt: z.string().nullable(), km: z.number() })),
  /** km per driver who drove the vehicle in the month: the shares of a penalty */
  drivers: z.array(z.object({ driverId: z.number(), name: z.string(), km: z.number(), shareFen: z.number() })),
  anomalies: z.array(anomalyEntity),
  /** the computation, step by step, as message keys with their figures */
  steps: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type FuelVehicleAudit = z.infer<typeof fuelVehicleOutput>;

/** Many invoices at once: all are taken, or none (the message names the first that cannot). */
export const fillupBatchInput = z.object({ ids: z.array(id).min(1, 'err.linesRequired').max(500) });
export const fillupBatchOutput = z.object({ count: z.number(), items: z.array(fillupEntity) });
