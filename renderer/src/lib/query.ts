// What a link may ask of a page in its query string (?month=YYYY-MM, ?filter=…), read once
// when the page opens; anything else is ignored and the page's own default used.
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { MONTH_RE } from '../../../shared/domain/period.ts';

/** The month a link asked for (?month=YYYY-MM), or null. */
export function useMonthParam(): Dayjs | null {
  const [params] = useSearchParams();
  const asked = params.get('month');
  return asked && MONTH_RE.test(asked) ? dayjs(`${asked}-01`) : null;
}

/** A query value when it is one of the allowed ones, or null. */
export function useChoiceParam<T extends string>(name: string, allowed: readonly T[]): T | null {
  const [params] = useSearchParams();
  const v = params.get(name);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}
