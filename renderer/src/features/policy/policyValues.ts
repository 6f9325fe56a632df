// Policy settings between their stored form (fen, basis points, km) and what a person reads
// and types (yuan, percent), per POLICY_FIELDS kind.
import type { PolicyFieldKind, PolicySettings } from '../../../../shared/domain/policy.ts';
import { POLICY_FIELDS, getPolicyValue } from '../../../../shared/domain/policy.ts';
import { formatFen, formatFixed } from '../../../../shared/domain/money.ts';
import { fixedOrRaw, intOrRaw } from '../../lib/forms.ts';

export function displayValue(kind: PolicyFieldKind, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'fen':
    case 'fenOrUnset':
      return formatFen(v as number);
    case 'bp':
      return formatFixed(v as number, 2);
    case 'bool':
      return v ? 'yes' : 'no';
    default:
      return String(v);
  }
}

function toInput(kind: PolicyFieldKind, v: unknown): unknown {
  if (kind === 'bool') return v;
  if (v === null) return '';
  if (kind === 'fen' || kind === 'fenOrUnset' || kind === 'bp') return formatFixed(v as number, 2);
  return String(v);
}

function fromInput(kind: PolicyFieldKind, v: unknown): unknown {
  switch (kind) {
    case 'bool':
      return Boolean(v);
    case 'time':
      return v ?? '';
    case 'fen':
    case 'bp':
      return fixedOrRaw(v, 2);
    case 'fenOrUnset':
      return v === '' || v === undefined || v === null ? null : fixedOrRaw(v, 2);
    case 'intOrUnset':
      return v === '' || v === undefined || v === null ? null : intOrRaw(v);
    default:
      return intOrRaw(v);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let cur = target;
  for (const key of path.slice(0, -1)) cur = (cur[key] ??= {}) as Record<string, unknown>;
  cur[path[path.length - 1]!] = value;
}

/** Form values: { settings: { group: { ...path: input } } }, named like the API's field paths. */
export function settingsToForm(settings: PolicySettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of POLICY_FIELDS) setPath(out, ['settings', f.group, ...f.path.split('.')], toInput(f.kind, getPolicyValue(settings, f.group, f.path)));
  return out;
}

export function formToSettings(values: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  const settings = (values.settings ?? {}) as PolicySettings;
  for (const f of POLICY_FIELDS) setPath(out, [f.group, ...f.path.split('.')], fromInput(f.kind, getPolicyValue(settings, f.group, f.path)));
  return out;
}
