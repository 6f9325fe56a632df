// Violations and fines (违规处罚) and the monthly 100-point assessment (百分量化考核).
import { z } from 'zod';
import { ASSESSMENT_SUBJECTS } from '../domain/assessment.ts';
import { FLAG_KINDS } from '../domain/dispatch.ts';
import { MONTH_RE } from '../domain/period.ts';
import { CONSEQUENCES, OFFENDER_ROLES, VIOLATION_KINDS } from '../domain/violation.ts';
import { dateText, id, optionalText, roleSchema, text } from './common.ts';

const fen = z.number().int('err.decimals2').min(0, 'err.negative').max(1_000_000_000, 'err.tooLarge');
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(20) };
const monthText = z.string().regex(MONTH_RE, 'err.month');

// ---- violations ----

export const violationCreateInput = z
  .object({
    kind: z.enum(VIOLATION_KINDS),
    /** the role the person is fined in: the director, the deputy, or a driver */
    offenderRole: z.enum(OFFENDER_ROLES),
    /** the driver (offenderRole driver) */
    driverId: id.optional(),
    /** the user holding the director's or deputy's post */
    userId: id.optional(),
    occurredOn: dateText,
    vehicleId: id.optional(),
    /** serious: drinking with consequences, seriously excess fuel (the consequence follows) */
    serious: z.boolean().default(false),
    /** the fine when it is not a policy figure: the value of the excess fuel */
    enteredFen: fen.optional(),
    description: text(500),
  })
  .superRefine((v, ctx) => {
    if (v.offenderRole === 'driver' && v.driverId === undefined) ctx.addIssue({ code: 'custom', path: ['driverId'], message: 'err.required' });
    if (v.offenderRole !== 'driver' && v.userId === undefined) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'err.required' });
  });

/** From a dispatch flag: the kind, date, vehicle and ticket come from the flag's ticket. */
export const violationFromFlagInput = z.object({
  flagId: id,
  /** who is fined: the ticket's driver unless another is named (an unlogged gap before the trip) */
  driverId: id.optional(),
  serious: z.boolean().default(false),
  description: text(500),
});
export const violationVoidInput = z.object({ id, reason: text(200) });
export const violationListInput = z.object({
  /** occurred in this month */
  month: monthText.optional(),
  kind: z.enum(VIOLATION_KINDS).optional(),
  driverId: id.optional(),
  userId: id.optional(),
  includeVoided: z.boolean().default(false),
  ...page,
});
/** The people holding the director's and deputy's posts, to choose whom a violation fines. */
const holder = z.object({ id: z.number(), displayName: z.string() });
export const postHoldersOutput = z.object({ director: z.array(holder), deputy_director: z.array(holder) });
export const violationCatalogueInput = z.object({ month: monthText.optional() });

export const violationEntity = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.enum(VIOLATION_KINDS),
  offenderRole: z.enum(OFFENDER_ROLES),
  driverId: z.number().nullable(),
  userId: z.number().nullable(),
  offenderName: z.string(),
  occurredOn: z.string(),
  vehicleId: z.number().nullable(),
  plate: z.string().nullable(),
  ticketId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  flagId: z.number().nullable(),
  flagKind: z.enum(FLAG_KINDS).nullable(),
  serious: z.boolean(),
  description: z.string(),
  /** the fine before doubling, the fine charged, and whether the third-in-a-month rule doubled it */
  baseFen: z.number(),
  fineFen: z.number(),
  doubled: z.boolean(),
  /** this violation's place among the person's violations of its month */
  ordinal: z.number(),
  /** points off the person's monthly assessment (drivers) */
  points: z.number(),
  /** the earlier violation of the same kind this one repeats */
  repeatOfId: z.number().nullable(),
  repeatOfNumber: z.string().nullable(),
  consequence: z.enum(CONSEQUENCES).nullable(),
  /** the dismissal flag raised for the driver (for the director's decision), when one was */
  personnelFlagId: z.number().nullable(),
  /** how the fine was reached, in the caller's language */
  words: z.array(z.string()),
  recordedAt: z.string(),
  recordedByName: z.string(),
  recordedRole: roleSchema,
  voidedAt: z.string().nullable(),
  voidedByName: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type Violation = z.infer<typeof violationEntity>;

export const violationCatalogueOutput = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      kind: z.enum(VIOLATION_KINDS),
      roles: z.array(z.enum(OFFENDER_ROLES)),
      /** the fine per role under the month's policy; null where it is entered with the violation */
      fines: z.object({ director: z.number().nullable(), deputy_director: z.number().nullable(), driver: z.number().nullable() }),
      points: z.number(),
      fineSource: z.enum(['policy', 'entered', 'none']),
      onRepeat: z.boolean(),
      onSerious: z.boolean(),
      always: z.boolean(),
    }),
  ),
  thirdInMonthDoubles: z.boolean(),
});

// ---- the monthly assessment ----

export const assessmentItemEntity = z.object({
  id: z.number(),
  name: z.string(),
  subject: z.enum(ASSESSMENT_SUBJECTS),
  points: z.number(),
  retiredAt: z.string().nullable(),
});
export const assessmentItemsInput = z.object({ subject: z.enum(ASSESSMENT_SUBJECTS).optional(), includeRetired: z.boolean().default(false) });
export const assessmentItemSaveInput = z.object({
  /** absent: a new item */
  id: id.optional(),
  name: text(60),
  subject: z.enum(ASSESSMENT_SUBJECTS),
  points: z.number().int('err.integer').min(1, 'err.positive').max(100, 'err.tooLarge'),
});
export const assessmentItemRetireInput = z.object({ id, retired: z.boolean() });

export const assessmentMonthInput = z.object({
  month: monthText,
  subject: z.enum(ASSESSMENT_SUBJECTS).default('driver'),
  search: z.string().trim().max(40).optional(),
  ...page,
});
export const assessmentSheetInput = z.object({ month: monthText, subject: z.enum(ASSESSMENT_SUBJECTS), subjectId: id });
export const assessmentDeductInput = z.object({
  month: monthText,
  subject: z.enum(ASSESSMENT_SUBJECTS),
  subjectId: id,
  itemId: id,
  /** default: the item's points */
  points: z.number().int('err.integer').min(1, 'err.positive').max(100, 'err.tooLarge').optional(),
  note: optionalText(200),
});
export const assessmentRemoveInput = z.object({ id });
export const assessmentSignInput = z.object({ month: monthText });
export const assessmentReopenInput = z.object({ month: monthText, reason: text(200) });

export const assessmentSheetRow = z.object({
  subject: z.enum(ASSESSMENT_SUBJECTS),
  subjectId: z.number(),
  /** the driver's name or the vehicle's plate */
  name: z.string(),
  score: z.number(),
  deductedPoints: z.number(),
  itemCount: z.number(),
  violationCount: z.number(),
  /** what the score takes off pay under the month's policy */
  payDeductionFen: z.number(),
  /** whether the score allows the safety bonus (drivers) */
  bonusAllowed: z.boolean(),
});

const signature = z.object({ at: z.string(), byName: z.string(), role: roleSchema });
export const assessmentSignoffEntity = z.object({
  id: z.number(),
  signed: signature,
  reopened: signature.extend({ reason: z.string() }).nullable(),
});

export const assessmentMonthOutput = z.object({
  month: z.string(),
  fullScore: z.number(),
  payDeductionPerPointFen: z.number(),
  payDeductionBelowScore: z.number(),
  minScoreForBonus: z.number().nullable(),
  /** the signature in force; null while unsigned or reopened */
  signed: signature.nullable(),
  /** every signature of the month, newest first, with reopenings */
  history: z.array(assessmentSignoffEntity),
  /** may it be signed now: the month has ended */
  canSign: z.boolean(),
  items: z.array(assessmentSheetRow),
  total: z.number(),
  /** over every sheet of the subject in the month, not just the page */
  counts: z.object({ sheets: z.number(), deducted: z.number(), belowThreshold: z.number() }),
});

export const assessmentDeduction = z.object({
  /** null for a deduction from a violation (it is removed by voiding the violation) */
  id: z.number().nullable(),
  source: z.enum(['item', 'violation']),
  itemId: z.number().nullable(),
  itemName: z.string(),
  points: z.number(),
  note: z.string().nullable(),
  violationId: z.number().nullable(),
  violationNumber: z.string().nullable(),
  at: z.string(),
  byName: z.string(),
});
export const assessmentSheetOutput = assessmentSheetRow.extend({
  month: z.string(),
  fullScore: z.number(),
  signed: signature.nullable(),
  deductions: z.array(assessmentDeduction),
});
