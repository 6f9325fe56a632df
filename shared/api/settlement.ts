// The monthly settlement (月度结算): prerequisites, the computed sheet with a row per person and
// a line per source record, the workflow draft → fleet_reviewed → approved → locked, the
// per-person slip, and adjustments that correct a locked month in a later one.
import { z } from 'zod';
import { MONTH_RE } from '../domain/period.ts';
import { LINE_KINDS, SETTLEMENT_STATUSES, SOURCE_TYPES } from '../domain/settlement.ts';
import { id, roleSchema, text } from './common.ts';

const monthText = z.string().regex(MONTH_RE, 'err.month');

export const settlementMonthInput = z.object({ month: monthText });
export const settlementReturnInput = z.object({ month: monthText, reason: text(200) });
/** A driver reads their own slip; staff name the person. */
export const settlementSlipInput = z.object({ month: monthText, driverId: id.optional(), userId: id.optional() });
export const settlementAdjustInput = z
  .object({
    /** the locked month the adjustment corrects */
    correctsMonth: monthText,
    driverId: id.optional(),
    /** the director or deputy (who has fines, not a driver's row) */
    userId: id.optional(),
    /** + paid back to the person, − taken off */
    amountFen: z.number().int('err.decimals2').min(-1_000_000_000, 'err.tooLarge').max(1_000_000_000, 'err.tooLarge').refine((v) => v !== 0, 'err.nonZero'),
    reason: text(200),
  })
  .superRefine((v, ctx) => {
    if ((v.driverId === undefined) === (v.userId === undefined)) ctx.addIssue({ code: 'custom', path: ['driverId'], message: 'err.adjustPerson' });
  });
export const settlementAdjustmentsInput = z.object({ month: monthText.optional() });

export const PREREQUISITES = ['fuel_signed', 'assessment_signed', 'flags_resolved', 'findings_in', 'trips_finished'] as const;
export const prerequisiteEntity = z.object({
  kind: z.enum(PREREQUISITES),
  ok: z.boolean(),
  /** what is met or what blocks, in the caller's language */
  message: z.string(),
  /** how many records block */
  count: z.number(),
  /** the page where it is resolved (a renderer route) */
  link: z.string(),
});
export const prerequisitesOutput = z.object({ month: z.string(), ready: z.boolean(), items: z.array(prerequisiteEntity) });

const totals = z.object(Object.fromEntries(LINE_KINDS.map((k) => [k, z.number()])) as Record<(typeof LINE_KINDS)[number], z.ZodNumber>);
export const PERSON_POSTS = ['driver', 'group_leader', 'director', 'deputy_director'] as const;

export const settlementRowEntity = z.object({
  id: z.number(),
  driverId: z.number().nullable(),
  userId: z.number().nullable(),
  name: z.string(),
  employeeNo: z.string().nullable(),
  post: z.enum(PERSON_POSTS),
  officialKm: z.number(),
  safe: z.boolean(),
  /** why no bonus, in the caller's language (empty when safe) */
  reasons: z.array(z.string()),
  totals,
  netFen: z.number(),
});
export const settlementLineEntity = z.object({
  kind: z.enum(LINE_KINDS),
  amountFen: z.number(),
  sourceType: z.enum(SOURCE_TYPES).nullable(),
  sourceId: z.number().nullable(),
  sourceNumber: z.string().nullable(),
  /** what the line is, in the caller's language */
  text: z.string(),
});

const signature = z.object({ at: z.string(), byName: z.string(), role: roleSchema });
export const settlementEntity = z.object({
  month: z.string(),
  /** 'none': not prepared yet */
  status: z.enum(['none', ...SETTLEMENT_STATUSES]),
  /** how many times the draft was computed */
  version: z.number(),
  computedAt: z.string().nullable(),
  prepared: signature.nullable(),
  reviewed: signature.nullable(),
  approved: signature.nullable(),
  locked: signature.nullable(),
  /** the last time it was sent back to draft, with the reason */
  returned: signature.extend({ reason: z.string() }).nullable(),
  policyVersionId: z.number().nullable(),
  /** the audit chain's head hash when locked */
  auditHead: z.string().nullable(),
  rows: z.array(settlementRowEntity),
  totals,
  netFen: z.number(),
  prerequisites: prerequisitesOutput,
});
export type Settlement = z.infer<typeof settlementEntity>;

export const settlementSlipOutput = z.object({
  month: z.string(),
  status: z.enum(SETTLEMENT_STATUSES),
  row: settlementRowEntity,
  lines: z.array(settlementLineEntity),
});

export const settlementListOutput = z.object({
  items: z.array(z.object({ month: z.string(), status: z.enum(SETTLEMENT_STATUSES), rows: z.number(), netFen: z.number(), lockedAt: z.string().nullable() })),
});

export const adjustmentEntity = z.object({
  id: z.number(),
  driverId: z.number().nullable(),
  userId: z.number().nullable(),
  name: z.string(),
  correctsMonth: z.string(),
  /** the month whose settlement carries it: the first after the corrected one not yet locked */
  targetMonth: z.string(),
  amountFen: z.number(),
  reason: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
  createdRole: roleSchema,
});

/** The printed sheet as a PDF (from the desktop shell), archived with the settlement. */
export const PDF_MAX_BYTES = 10 * 1024 * 1024;
export const settlementArchiveInput = z.object({
  month: monthText,
  base64: z.string().min(1, 'err.required').max(Math.ceil(PDF_MAX_BYTES / 3) * 4 + 4, 'err.tooLarge'),
});
export const settlementArchiveEntity = z.object({
  id: z.number(),
  month: z.string(),
  status: z.enum(SETTLEMENT_STATUSES),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  archivedAt: z.string(),
  archivedByName: z.string(),
  archivedRole: roleSchema,
});
