// Form helpers: validate with the same zod schema as the backend, and put the backend's
// field messages next to the fields.
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { parseFixed } from '../../../shared/domain/money.ts';
import { zodFields } from '../../../shared/api/validation.ts';
import { ApiCallError } from './api.ts';

type T = (key: string, params?: Record<string, unknown>) => string;

function namePath(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function showFieldErrors(form: FormInstance, fields: Record<string, string>): void {
  const entries = Object.entries(fields);
  form.setFields(entries.map(([path, msg]) => ({ name: namePath(path), errors: [msg] })));
  // Take the person to the first field to correct (paths of the form that do not exist are ignored).
  const first = entries[0];
  if (first) {
    // after the busy state has cleared, so the dialog's focus handling does not take it back
    setTimeout(() => {
      try {
        form.scrollToField(namePath(first[0]), { block: 'nearest', focus: true });
      } catch {
        /* not a field of this form */
      }
    }, 50);
  }
}

/** Parses with the shared schema; on failure shows the messages on the fields and returns null. */
export function validate<S extends z.ZodType>(form: FormInstance, schema: S, input: unknown, t: T): z.output<S> | null {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  showFieldErrors(form, zodFields(r.error, t).fields);
  return null;
}

/** Shows a backend refusal on the form; returns the message for an Alert. */
export function showApiError(form: FormInstance | null, err: unknown, t: T): string {
  if (err instanceof ApiCallError) {
    if (form && err.fields) showFieldErrors(form, err.fields);
    return err.message;
  }
  return t('ui.common.networkError');
}

/** Decimal text → integer of that scale; text that is not a number is passed on for the schema to refuse. */
export function fixedOrRaw(v: unknown, scale: number): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  const n = parseFixed(String(v), scale);
  return n ?? String(v);
}

/** Whole-number text → number; anything else is passed on for the schema to refuse. */
export function intOrRaw(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v).trim().replace(/,/g, '');
  return /^-?\d+$/.test(s) ? Number(s) : s;
}
