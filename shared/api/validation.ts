// Turns zod issues into messages that name the field, in the user's language. Used by the
// backend for its answers and by the renderer's forms, so both say the same thing.
import type { z } from 'zod';

type T = (key: string, params?: Record<string, unknown>) => string;

export function fieldLabel(path: PropertyKey[], t: T): string {
  if (path[0] === 'settings' && path.length > 2) return t(`policy.${path.slice(1).join('.')}`);
  if (path[0] === 'settings' && path.length === 2) return t(`policyGroup.${String(path[1])}`);
  const named = [...path].reverse().find((p) => typeof p === 'string');
  if (named === undefined) return '';
  const label = t(`field.${String(named)}`);
  const index = path.find((p) => typeof p === 'number');
  return index === undefined ? label : `${label} #${Number(index) + 1}`;
}

export function issueMessage(issue: z.core.$ZodIssue, t: T): string {
  if (issue.message.startsWith('err.')) return t(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return t('err.required');
      if (issue.expected === 'int') return t('err.integer');
      return issue.expected === 'number' ? t('err.number') : t('err.invalid');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('err.required') : t('err.tooShort', { min: issue.minimum });
      return t('err.tooSmall', { min: issue.minimum });
    case 'too_big':
      if (issue.origin === 'string') return t('err.tooLong', { max: issue.maximum });
      return t('err.tooBig', { max: issue.maximum });
    case 'invalid_value':
      // a choice not made (a select, a radio group) is missing, not wrong
      return issue.input === undefined || issue.input === null ? t('err.required') : t('err.invalid');
    case 'unrecognized_keys':
      return t('err.unknownField');
    default:
      return t('err.invalid');
  }
}

export function zodFields(error: z.ZodError, t: T): { fields: Record<string, string>; summary: string } {
  const fields: Record<string, string> = {};
  const parts: string[] = [];
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (fields[key]) continue;
    const msg = issueMessage(issue, t);
    fields[key] = msg;
    const label = fieldLabel(issue.path, t);
    parts.push(label ? t('err.labelled', { label, msg }) : msg);
  }
  return { fields, summary: parts.join(t('err.listSep')) };
}
