// Shop repair orders from the driver's report to finance's payment: inputs of each step and
// the order as the screens show it (lines, totals in fen computed by the backend, timeline).
import { z } from 'zod';
import { LINE_KINDS, REPAIR_STATUSES } from '../domain/repairs.ts';
import { id, optionalText, text } from './common.ts';
import { minuteText } from './dispatch.ts';
import { monthText } from './governance.ts';

const fen = z.number().int('err.decimals2').min(0, 'err.negative').max(100_000_000, 'err.tooLarge');
/** hundredths of the unit */
const quantity = z.number().int('err.decimals2').min(1, 'err.positive').max(10_000_000, 'err.tooLarge');

export const repairCreateInput = z.object({
  vehicleId: id,
  /** the driver of the vehicle, who will sign the parts list (a driver files for themselves) */
  driverId: id,
  shopId: id,
  symptoms: text(500),
  requestedWork: optionalText(500),
});

export const repairReasonInput = z.object({ id, reason: text(200) });
export const repairStepInput = z.object({ id, note: optionalText(200) });
export const repairPhoneApproveInput = z.object({ id, approvedAt: minuteText, note: optionalText(200) });

export const repairLineInput = z
  .object({
    kind: z.enum(LINE_KINDS),
    /** a catalogue part; leave out for a free-text part (with its reason) or labour */
    partId: id.optional(),
    name: optionalText(60),
    unit: optionalText(10),
    quantity,
    unitPriceFen: fen,
    freeTextReason: optionalText(200),
  })
  .superRefine((l, ctx) => {
    if (l.kind === 'part' && l.partId === undefined) {
      if (!l.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'err.required' });
      if (!l.freeTextReason) ctx.addIssue({ code: 'custom', path: ['freeTextReason'], message: 'err.freeTextReason' });
    }
    if (l.kind === 'labour' && !l.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'err.required' });
  });
export const repairEnterWorkInput = z.object({ id, lines: z.array(repairLineInput).min(1, 'err.linesRequired').max(200) });
export const repairCheckOldPartInput = z.object({ lineId: id, note: text(200) });
export const repairCorrectInput = z.object({ lineId: id, quantity, unitPriceFen: fen, reason: text(200) });
export const repairSettleInput = z.object({
  id,
  /** a reason for each line priced above the catalogue by more than the threshold */
  reasons: z.array(z.object({ lineId: id, reason: text(200) })).max(200).default([]),
});

/** Engine seizure from neglect (粘缸): the overhaul is the driver's, who is flagged for dismissal. */
export const SEIZURE_CAUSES = ['no_oil', 'no_coolant'] as const;
export type SeizureCause = (typeof SEIZURE_CAUSES)[number];
export const repairSeizureInput = z.object({ id, cause: z.enum(SEIZURE_CAUSES), note: text(200) });

export const repairLineEntity = z.object({
  id: z.number(),
  position: z.number(),
  kind: z.enum(LINE_KINDS),
  partId: z.number().nullable(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  referencePriceFen: z.number().nullable(),
  isMajor: z.boolean(),
  totalFen: z.number(),
  freeTextReason: z.string().nullable(),
  /** above the reference price by more than the threshold: a reason is needed to settle */
  needsReason: z.boolean(),
  deviationReason: z.string().nullable(),
  correctedFrom: z.object({ quantity: z.number(), unitPriceFen: z.number() }).nullable(),
  correctionReason: z.string().nullable(),
  oldPartCheckedAt: z.string().nullable(),
  oldPartCheckedByName: z.string().nullable(),
  oldPartNote: z.string().nullable(),
});

export const repairEvent = z.object({ step: z.string(), at: z.string(), recordedAt: z.string(), byName: z.string(), role: z.string(), note: z.string().nullable() });

export const repairOrderEntity = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(REPAIR_STATUSES),
  vehicleId: z.number(),
  plate: z.string(),
  driverId: z.number(),
  driverName: z.string(),
  shopId: z.number(),
  shopName: z.string(),
  symptoms: z.string(),
  requestedWork: z.string().nullable(),
  createdAt: z.string(),
  /** approved by phone first, the form filed after the fact */
  urgent: z.boolean(),
  phoneApprovedByName: z.string().nullable(),
  phoneApprovedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** the driver signed the lines as they are now */
  signed: z.boolean(),
  seizureCause: z.enum(SEIZURE_CAUSES).nullable(),
  seizureNote: z.string().nullable(),
  /** what the driver bears (the whole order after an engine seizure from neglect), for the settlement */
  driverChargeFen: z.number(),
  /** when the manager office approved the payment: the month of the shop statement */
  paymentApprovedAt: z.string().nullable(),
  partsFen: z.number(),
  labourFen: z.number(),
  totalFen: z.number(),
  lines: z.array(repairLineEntity),
  events: z.array(repairEvent),
});
export type RepairOrder = z.infer<typeof repairOrderEntity>;

export const repairListInput = z.object({
  statuses: z.array(z.enum(REPAIR_STATUSES)).max(REPAIR_STATUSES.length).optional(),
  vehicleId: id.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export const repairSummary = repairOrderEntity.omit({ lines: true, events: true });

/** A shop's monthly statement: the orders whose payment the manager office approved that month. */
export const repairStatementInput = z.object({ month: monthText, shopId: id });
export const repairStatementOutput = z.object({
  month: z.string(),
  shopId: z.number(),
  shopName: z.string(),
  orders: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      status: z.enum(REPAIR_STATUSES),
      plate: z.string(),
      driverName: z.string(),
      paymentApprovedAt: z.string(),
      partsFen: z.number(),
      labourFen: z.number(),
      totalFen: z.number(),
    }),
  ),
  partsFen: z.number(),
  labourFen: z.number(),
  totalFen: z.number(),
});
export type RepairStatement = z.infer<typeof repairStatementOutput>;
/** The same statement as an .xlsx file, base64-encoded. */
export const fileOutput = z.object({ fileName: z.string(), base64: z.string() });
