// Accidents (交通事故): the record, the police finding, the costs and insurance, attachments,
// the driver's share computed by the backend, and the flags for the director.
import { z } from 'zod';
import { ACCIDENT_FLAGS, ACCIDENT_STATUSES, COST_KINDS, FINDINGS, REPORTINGS } from '../domain/accident.ts';
import { MONTH_RE } from '../domain/period.ts';
import { LIABILITIES } from '../domain/policy.ts';
import { roleSchema, id, optionalText, text } from './common.ts';
import { minuteText } from './dispatch.ts';

/** Up to 10 million 元 per amount. */
const fen = z.number().int('err.decimals2').min(0, 'err.negative').max(1_000_000_000, 'err.tooLarge');
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(20) };
const monthText = z.string().regex(MONTH_RE, 'err.month');

export const ATTACHMENT_KINDS = ['photo', 'police_report', 'other'] as const;
/** The file types an attachment may be, recognised by their content (not by the name). */
export const ATTACHMENT_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' } as const;
export type AttachmentMime = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export const accidentCostItem = z.object({
  kind: z.enum(COST_KINDS),
  amountFen: fen.min(1, 'err.positive'),
  note: optionalText(100),
});

const accidentFields = {
  occurredAt: minuteText,
  vehicleId: id,
  driverId: id,
  /** the dispatch ticket it happened on; absent only when the vehicle was used privately */
  ticketId: id.optional(),
  privateUse: z.boolean().default(false),
  place: text(100),
  description: text(1000),
  finding: z.enum(FINDINGS).default('pending'),
  /** the police finding's document number (事故认定书) */
  findingNo: optionalText(40),
  reporting: z.enum(REPORTINGS),
  /** a major accident: the director is held accountable too */
  major: z.boolean().default(false),
  /** the vehicle was not at its designated parking place: the director is held responsible too */
  notParked: z.boolean().default(false),
  costs: z.array(accidentCostItem).max(20).default([]),
  insuranceFen: fen.default(0),
};

function ticketOrPrivate(v: { ticketId?: number | undefined; privateUse: boolean }, ctx: z.RefinementCtx) {
  if (!v.privateUse && v.ticketId === undefined) ctx.addIssue({ code: 'custom', path: ['ticketId'], message: 'err.ticketOrPrivate' });
}

export const accidentCreateInput = z
  .object({
    ...accidentFields,
    /** recorded from an unlogged-mileage flag: private use, on that flag's vehicle */
    flagId: id.optional(),
  })
  .superRefine(ticketOrPrivate);
/** Edit an open accident: every field, including the finding when it arrives. */
export const accidentUpdateInput = z.object({ id, ...accidentFields }).superRefine(ticketOrPrivate);
export const accidentCloseInput = z.object({ id, note: optionalText(200) });
export const accidentReopenInput = z.object({ id, reason: text(200) });

export const accidentAttachInput = z.object({
  id,
  kind: z.enum(ATTACHMENT_KINDS),
  fileName: text(120),
  /** the file's content, base64; its type is checked from the bytes */
  base64: z.string().min(1, 'err.required').max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 4, 'err.attachmentTooLarge'),
});
export const accidentAttachmentInput = z.object({ id, attachmentId: id });

export const ACCIDENT_LIST_FILTERS = ['all', 'open', 'closed', 'pending', 'flagged'] as const;
export const accidentListInput = z.object({
  filter: z.enum(ACCIDENT_LIST_FILTERS).default('all'),
  driverId: id.optional(),
  vehicleId: id.optional(),
  /** occurred in this month */
  month: monthText.optional(),
  ...page,
});

export const accidentShare = z.object({
  state: z.enum(['pending', 'cap_unset', 'computed']),
  costFen: z.number().nullable(),
  insuranceSubtractedFen: z.number().nullable(),
  basisFen: z.number().nullable(),
  shareBp: z.number().nullable(),
  rawFen: z.number().nullable(),
  capFen: z.number().nullable(),
  capped: z.boolean(),
  shareFen: z.number().nullable(),
  /** the level whose cap is unset, when so */
  unsetLiability: z.enum(LIABILITIES).nullable(),
  /** the policy month the figures come from (the accident's month) */
  policyMonth: z.string(),
  /** the computation in words, in the caller's language */
  words: z.array(z.string()),
});

export const relatedAccident = z.object({ id: z.number(), number: z.string(), occurredAt: z.string(), finding: z.enum(FINDINGS) });
export const accidentFlagEntity = z.object({
  kind: z.enum(ACCIDENT_FLAGS),
  /** what the flag means, in the caller's language */
  text: z.string(),
  /** the repeat rule: every accident it counted, this one included */
  related: z.array(relatedAccident),
});

export const attachmentEntity = z.object({
  id: z.number(),
  kind: z.enum(ATTACHMENT_KINDS),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  addedAt: z.string(),
  addedByName: z.string(),
});

export const accidentSummary = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(ACCIDENT_STATUSES),
  occurredAt: z.string(),
  vehicleId: z.number(),
  plate: z.string(),
  driverId: z.number(),
  driverName: z.string(),
  ticketId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  privateUse: z.boolean(),
  place: z.string(),
  finding: z.enum(FINDINGS),
  reporting: z.enum(REPORTINGS),
  major: z.boolean(),
  costFen: z.number(),
  insuranceFen: z.number(),
  /** the share: frozen when closed, else computed now (null while it cannot be computed) */
  shareFen: z.number().nullable(),
  /** the month whose settlement the share is charged to (the month it was closed) */
  closedMonth: z.string().nullable(),
  flags: z.array(z.enum(ACCIDENT_FLAGS)),
});

export const accidentEntity = accidentSummary.extend({
  flagId: z.number().nullable(),
  description: z.string(),
  findingNo: z.string().nullable(),
  notParked: z.boolean(),
  costs: z.array(z.object({ kind: z.enum(COST_KINDS), amountFen: z.number(), note: z.string().nullable() })),
  share: accidentShare,
  /** why it cannot be closed now, in the caller's language (empty: it can) */
  closeBlockers: z.array(z.string()),
  flagDetails: z.array(accidentFlagEntity),
  attachments: z.array(attachmentEntity),
  recordedAt: z.string(),
  recordedByName: z.string(),
  recordedRole: roleSchema,
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  closedRole: roleSchema.nullable(),
  closeNote: z.string().nullable(),
  reopenedAt: z.string().nullable(),
  reopenedByName: z.string().nullable(),
  reopenReason: z.string().nullable(),
});
export type Accident = z.infer<typeof accidentEntity>;
export type AccidentSummary = z.infer<typeof accidentSummary>;
