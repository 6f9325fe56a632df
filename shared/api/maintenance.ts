// Self-maintenance purchases, routine maintenance (due list and service records), and the
// dismissal flags raised for the director (an engine seizure from neglect, later violations).
import { z } from 'zod';
import { BEARS_REASONS, PURCHASE_STATUSES, ROUTINE_STATES } from '../domain/maintenance.ts';
import { dateText, id, optionalText, roleSchema, text } from './common.ts';
import { SEIZURE_CAUSES } from './repairs.ts';

const fen = z.number().int('err.decimals2').min(0, 'err.negative').max(100_000_000, 'err.tooLarge');
/** hundredths of the unit */
const quantity = z.number().int('err.decimals2').min(1, 'err.positive').max(10_000_000, 'err.tooLarge');
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(20) };

export const purchaseItem = z.object({ name: text(60), quantity, unit: optionalText(10), estimatedFen: fen });
export const purchaseCreateInput = z.object({
  vehicleId: id,
  /** the driver who buys (a driver asks for themselves) */
  driverId: id,
  items: z.array(purchaseItem).min(1, 'err.linesRequired').max(50),
  note: optionalText(200),
});
export const purchaseStepInput = z.object({ id, note: optionalText(200) });
export const purchaseReasonInput = z.object({ id, reason: text(200) });
export const purchaseBuyInput = z.object({ id, boughtOn: dateText, actualFen: fen.min(1, 'err.positive'), receiptNo: text(40) });

export const purchaseEntity = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(PURCHASE_STATUSES),
  vehicleId: z.number(),
  plate: z.string(),
  driverId: z.number(),
  driverName: z.string(),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string(), estimatedFen: z.number() })),
  estimatedFen: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  confirmedRole: roleSchema.nullable(),
  confirmNote: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedRole: roleSchema.nullable(),
  approveNote: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  rejectedByName: z.string().nullable(),
  rejectedRole: roleSchema.nullable(),
  rejectedReason: z.string().nullable(),
  boughtOn: z.string().nullable(),
  actualFen: z.number().nullable(),
  receiptNo: z.string().nullable(),
  /** why the driver bears it (not reimbursable), when so */
  bearsReason: z.enum(BEARS_REASONS).nullable(),
});
export type Purchase = z.infer<typeof purchaseEntity>;
export const purchaseListInput = z.object({ statuses: z.array(z.enum(PURCHASE_STATUSES)).max(PURCHASE_STATUSES.length).optional(), ...page });

export const routineRecordInput = z.object({
  vehicleId: id,
  doneOn: dateText,
  odometerKm: z.number().int('err.integer').min(0, 'err.negative').max(10_000_000, 'err.tooLarge'),
  shopId: id.optional(),
  note: optionalText(200),
});
export const routineServiceEntity = z.object({
  id: z.number(),
  vehicleId: z.number(),
  plate: z.string(),
  doneOn: z.string(),
  odometerKm: z.number(),
  shopName: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  recordedAt: z.string(),
});
export const routineDueInput = z.object({ states: z.array(z.enum(ROUTINE_STATES)).max(3).optional(), vehicleId: id.optional(), ...page });
export const routineDueRow = z.object({
  vehicleId: z.number(),
  plate: z.string(),
  modelName: z.string(),
  intervalKm: z.number(),
  odometerKm: z.number(),
  lastServiceOn: z.string().nullable(),
  lastServiceKm: z.number().nullable(),
  nextDueKm: z.number(),
  remainingKm: z.number(),
  state: z.enum(ROUTINE_STATES),
});
export const routineDueOutput = z.object({
  items: z.array(routineDueRow),
  total: z.number(),
  counts: z.object({ ok: z.number(), due: z.number(), overdue: z.number() }),
  reminderKm: z.number(),
});
export const routineHistoryInput = z.object({ vehicleId: id });

export const FLAG_DECISIONS = ['dismissed', 'kept'] as const;
export const personnelFlagEntity = z.object({
  id: z.number(),
  driverId: z.number(),
  driverName: z.string(),
  kind: z.literal('dismissal'),
  /** where it came from: 'repair' (engine seizure), 'fuel' (the audit), 'accident', 'violation' */
  sourceType: z.string(),
  sourceId: z.number(),
  sourceNumber: z.string(),
  reason: z.string(),
  /** an engine seizure's cause, when that raised the flag */
  cause: z.enum(SEIZURE_CAUSES).nullable(),
  raisedAt: z.string(),
  raisedByName: z.string(),
  decision: z.enum(FLAG_DECISIONS).nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedRole: roleSchema.nullable(),
});
export const personnelFlagsInput = z.object({ open: z.boolean().optional(), driverId: id.optional(), ...page });
export const personnelDecideInput = z.object({ id, decision: z.enum(FLAG_DECISIONS), note: text(200) });
