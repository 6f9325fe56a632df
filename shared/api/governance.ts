// Policy settings and the audit trail.
import { z } from 'zod';
import { MONTH_RE } from '../domain/period.ts';
import { policySettingsSchema } from '../domain/policy.ts';
import { optionalText } from './common.ts';

export const monthText = z.string().regex(MONTH_RE, 'err.monthText');

export const policyVersionEntity = z.object({
  id: z.number(),
  effectiveMonth: z.string(),
  settings: policySettingsSchema,
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type PolicyVersion = z.infer<typeof policyVersionEntity>;

export const policyGetInput = z.object({ month: monthText.optional() });
export const policyGetOutput = z.object({
  month: z.string(),
  version: policyVersionEntity,
  unset: z.array(z.string()),
});
export const policyUpdateInput = z.object({
  effectiveMonth: monthText,
  settings: policySettingsSchema,
  reason: optionalText(500),
});

export const auditRowEntity = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string(),
  role: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRow = z.infer<typeof auditRowEntity>;
export const auditHistoryInput = z.object({ entity: z.string().min(1).max(40), entityId: z.string().min(1).max(40) });
export const auditVerifyOutput = z.object({ ok: z.boolean(), rows: z.number(), firstBadId: z.number().nullable() });
