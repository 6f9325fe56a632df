// Between form values (what a person types) and API values (integers, 'YYYY-MM-DD').
import dayjs, { type Dayjs } from 'dayjs';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { fixedOrRaw, intOrRaw } from '../../lib/forms.ts';
import type { FieldDef } from './areas.tsx';

type Values = Record<string, unknown>;

export function toApi(fields: FieldDef[], values: Values): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = values[f.name];
    switch (f.kind) {
      case 'decimal':
        out[f.name] = fixedOrRaw(v, 2);
        break;
      case 'int':
        out[f.name] = intOrRaw(v);
        break;
      case 'date':
        out[f.name] = v ? (v as Dayjs).format('YYYY-MM-DD') : undefined;
        break;
      case 'bool':
        out[f.name] = Boolean(v);
        break;
      case 'model':
        out[f.name] = v ?? undefined;
        break;
      case 'seasons':
        out[f.name] = ((v as Values[] | undefined) ?? []).map((s) => ({ fromMonth: s?.fromMonth, toMonth: s?.toMonth, float: fixedOrRaw(s?.float, 2) }));
        break;
      default:
        out[f.name] = typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v);
    }
  }
  return out;
}

export function toForm(fields: FieldDef[], entity: Values): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = entity[f.name];
    switch (f.kind) {
      case 'decimal':
        out[f.name] = typeof v === 'number' ? formatFixed(v, 2) : undefined;
        break;
      case 'int':
        out[f.name] = typeof v === 'number' ? String(v) : undefined;
        break;
      case 'date':
        out[f.name] = v ? dayjs(String(v)) : undefined;
        break;
      case 'seasons':
        out[f.name] = ((v as Values[] | undefined) ?? []).map((s) => ({ ...s, float: formatFixed(s.float as number, 2) }));
        break;
      default:
        out[f.name] = v ?? undefined;
    }
  }
  return out;
}
