// Fuel: fill-ups (by hand now, imported from fuel-card statements next) and the monthly
// audit per vehicle, with every figure from the backend and the anomalies behind it.
import { z } from 'zod';
import { AUDIT_STATUSES } from '../domain/fuel.ts';
import { id, optionalText, text } from './common.ts';
import { minuteText } from './dispatch.ts';
import { monthText } from './governance.ts';

/** The bounds of a fill-up, for the form and for a statement's rows alike. */
export const FILLUP_LIMITS = { litres: 10_000_000, fen: 100_000_000, km: 9_999_999, driverName: 40, stationName: 60, invoiceNo: 40 } as const;
/** hundredths of a litre */
const litres = z.number().int('err.decimals2').min(1, 'err.positive').max(FILLUP_LIMITS.litres, 'err.tooLarge');
const fen = z.number().int('err.decimals2').min(1, 'err.positive').max(FILLUP_LIMITS.fen, 'err.tooLarge');

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
    stationName: optionalText(FILLUP_LIMITS.stationName),
    fuelGrade: z.enum(FUEL_GRADES).default('92#'),
    litres,
    unitPriceFen: fen,
    amountFen: fen,
    invoiceNo: text(FILLUP_LIMITS.invoiceNo),
    odometerKm: z.number().int('err.integer').min(0, 'err.negative').max(FILLUP_LIMITS.km, 'err.tooLarge').optional(),
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

/** A message for the reader's language: a key of shared/i18n with its figures. */
const messageRef = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

// ---- The captain's month: resolutions, signature, penalties, reopening ----

export const RESOLUTION_DECISIONS = ['explained', 'penalised'] as const;

export const fuelMonthInput = z.object({ month: monthText });

export const fuelResolveInput = z
  .object({
    month: monthText,
    vehicleId: id,
    /** an anomaly of this fill-up; leave both out for the vehicle's over-limit row */
    fillupId: id.optional(),
    anomalyKind: z.enum(ANOMALY_KINDS).optional(),
    decision: z.enum(RESOLUTION_DECISIONS),
    note: text(200),
    /** a penalised anomaly: what the fill-up's driver is charged (an over-limit row is charged its excess value) */
    amountFen: fen.optional(),
    /** a serious case (falsified records, seriously excessive consumption): the drivers charged are flagged for dismissal on signing */
    dismissal: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if ((v.fillupId === undefined) !== (v.anomalyKind === undefined)) ctx.addIssue({ code: 'custom', path: [v.fillupId === undefined ? 'fillupId' : 'anomalyKind'], message: 'err.required' });
    if (v.anomalyKind !== undefined && v.decision === 'penalised' && v.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'err.required' });
    if (v.dismissal && v.decision !== 'penalised') ctx.addIssue({ code: 'custom', path: ['dismissal'], message: 'err.dismissalNeedsPenalty' });
  });

export const fuelResolutionEntity = z.object({
  id: z.number(),
  decision: z.enum(RESOLUTION_DECISIONS),
  note: z.string(),
  amountFen: z.number(),
  dismissal: z.boolean(),
  decidedAt: z.string(),
  decidedByName: z.string(),
});

/** Something the captain must resolve before signing: an over-limit vehicle, or one anomaly of a fill-up. */
export const fuelItemEntity = z.object({
  key: z.string(),
  vehicleId: z.number(),
  plate: z.string(),
  /** null: the vehicle's excess over its limit */
  fillupId: z.number().nullable(),
  anomalyKind: z.enum(ANOMALY_KINDS).nullable(),
  /** the excess value now (over-limit), or the fill-up's amount (anomaly) */
  amountFen: z.number(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  resolution: fuelResolutionEntity.nullable(),
  /** resolved, but the excess has changed since: it needs a new resolution */
  stale: z.boolean(),
});
export type FuelItem = z.infer<typeof fuelItemEntity>;

export const fuelPenaltyEntity = z.object({
  id: z.number(),
  driverId: z.number(),
  driverName: z.string(),
  vehicleId: z.number(),
  plate: z.string(),
  /** the driver's km with the vehicle (the weight of an excess share); null for an anomaly's charge */
  km: z.number().nullable(),
  amountFen: z.number(),
  source: z.enum(['excess', 'anomaly']),
  note: z.string(),
});

export const fuelMonthOutput = z.object({
  month: z.string(),
  state: z.enum(['open', 'signed']),
  /** a month can be signed once it has ended */
  ended: z.boolean(),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  /** every signature of the month, the one in force last; reopened ones with who, when and why */
  history: z.array(z.object({ signedAt: z.string(), signedByName: z.string(), reopenedAt: z.string().nullable(), reopenedByName: z.string().nullable(), reopenReason: z.string().nullable() })),
  items: z.array(fuelItemEntity),
  unresolved: z.number(),
  /** the penalties of the signature in force, per driver and vehicle: what the settlement deducts */
  penalties: z.array(fuelPenaltyEntity),
  penaltyTotalFen: z.number(),
});
export type FuelMonth = z.infer<typeof fuelMonthOutput>;

export const fuelReopenInput = z.object({ month: monthText, reason: text(200) });

/** Twelve months of one vehicle, ending with `month`: actual L/100 km against the month's limit. */
export const fuelTrendInput = z.object({ month: monthText, vehicleId: id });
export const fuelTrendOutput = z.object({
  vehicleId: z.number(),
  plate: z.string(),
  modelName: z.string(),
  months: z.array(z.object({ month: z.string(), km: z.number(), litres: z.number(), actual: z.number().nullable(), limit: z.number(), seasonal: z.boolean(), excessLitres: z.number() })),
});
export type FuelTrend = z.infer<typeof fuelTrendOutput>;

// ---- Fuel-card statement import ----

export const STATEMENT_FIELDS = ['filledAt', 'plate', 'driverName', 'stationName', 'fuelGrade', 'litres', 'unitPrice', 'amount', 'invoiceNo', 'odometerKm', 'fullTank'] as const;
export type StatementField = (typeof STATEMENT_FIELDS)[number];
/** a statement cannot be imported without these columns */
export const REQUIRED_FIELDS: readonly StatementField[] = ['filledAt', 'plate', 'stationName', 'litres', 'unitPrice', 'amount', 'invoiceNo'];
/** statement field → 0-based column of the file */
export const statementMapping = z.partialRecord(z.enum(STATEMENT_FIELDS), z.number().int().min(0).max(199));
export type StatementMapping = z.infer<typeof statementMapping>;

/** Files arrive in chunks (so the screen can show the upload's progress), at most 32 MB. */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
export const IMPORT_CHUNK_BYTES = 512 * 1024;
export const importStartInput = z.object({ fileName: text(200), size: z.number().int().min(1, 'err.importEmptyFile').max(IMPORT_MAX_BYTES, 'err.importTooLarge') });
export const importStartOutput = z.object({ id: z.number() });
export const importChunkInput = z.object({
  id,
  seq: z.number().int().min(0).max(IMPORT_MAX_BYTES / IMPORT_CHUNK_BYTES),
  /** base64 of at most IMPORT_CHUNK_BYTES bytes */
  data: z.string().min(1).max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4),
});
export const importChunkOutput = z.object({ received: z.number(), size: z.number() });

export const importPreviewInput = z.object({
  id,
  /** the card company or station the statement comes from: its column mapping is remembered */
  profile: text(60),
  /** leave out to use the profile's remembered mapping, or one guessed from the headers */
  mapping: statementMapping.optional(),
  /** show only the rows that cannot be imported or carry a warning */
  only: z.enum(['all', 'problems']).default('all'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export const importRowEntity = z.object({
  rowNumber: z.number(),
  cells: z.array(z.string()),
  plate: z.string().nullable(),
  driverName: z.string().nullable(),
  filledAt: z.string().nullable(),
  litres: z.number().nullable(),
  amountFen: z.number().nullable(),
  /** the row cannot be imported: per field, why */
  problems: z.array(messageRef.extend({ field: z.string() })),
  /** imported, but shown (e.g. amount ≠ litres × price, a station not on the list) */
  warnings: z.array(messageRef.extend({ field: z.string() })),
  /** already in the database (imported before): skipped, not counted as rejected */
  duplicate: z.boolean(),
});
export type ImportRow = z.infer<typeof importRowEntity>;
export const importPreviewOutput = z.object({
  id: z.number(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  headers: z.array(z.string()),
  mapping: statementMapping,
  mappingSource: z.enum(['given', 'profile', 'guessed']),
  /** with any of these nothing can be imported */
  mappingProblems: z.array(messageRef.extend({ field: z.string() })),
  total: z.number(),
  valid: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  warnings: z.number(),
  /** the same file (same content) was imported before */
  sameFile: z.object({ importedAt: z.string(), byName: z.string(), fileName: z.string() }).nullable(),
  rows: z.array(importRowEntity),
  /** rows under the `only` filter, for paging */
  rowsTotal: z.number(),
});
export type ImportPreview = z.infer<typeof importPreviewOutput>;
export const importCommitInput = z.object({ id, profile: text(60), mapping: statementMapping });
export const importCommitOutput = z.object({
  imported: z.number(),
  duplicates: z.number(),
  headers: z.array(z.string()),
  /** every row not saved, with its cells and reasons: the screen offers them as a CSV */
  rejected: z.array(importRowEntity),
});
export type ImportCommit = z.infer<typeof importCommitOutput>;
export const importProfilesOutput = z.array(z.object({ name: z.string(), updatedAt: z.string(), updatedByName: z.string() }));
