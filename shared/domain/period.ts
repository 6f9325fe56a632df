// Months and local times. A month is 'YYYY-MM'; a local time to the minute is
// 'YYYY-MM-DD HH:mm'. Date maths lives here, not in SQL, so queries stay dialect-neutral.
import dayjs from 'dayjs';

export type MonthKey = string;

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The days of a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 'YYYY-MM-DD' of a day that exists. Plain arithmetic: it runs for every row of a 100,000-row import. */
export function isValidDate(s: string): boolean {
  return DATE_RE.test(s) && Number(s.slice(8, 10)) <= daysInMonth(Number(s.slice(0, 4)), Number(s.slice(5, 7)));
}

export function monthOf(dateOrTime: string): MonthKey {
  return dateOrTime.slice(0, 7);
}

export function monthNumber(month: MonthKey): number {
  return Number(month.slice(5, 7));
}

export function addMonths(month: MonthKey, n: number): MonthKey {
  return dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM');
}

/** The twelve months ending with `month`, oldest first (the charts' year). */
export function twelveMonths(month: MonthKey): MonthKey[] {
  return Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));
}

/** Local time to the minute, as stored in every record. */
export function localMinute(d: Date): string {
  return dayjs(d).format('YYYY-MM-DD HH:mm');
}

export function localDate(d: Date): string {
  return dayjs(d).format('YYYY-MM-DD');
}

/** Whole days from date a to date b (b - a), both 'YYYY-MM-DD'. */
export function daysBetween(a: string, b: string): number {
  return dayjs(b).diff(dayjs(a), 'day');
}

/**
 * Is the month number (1-12) inside the inclusive range from..to? A range may wrap the
 * year end: { from: 11, to: 2 } covers November to February.
 */
export function monthInRange(month: number, from: number, to: number): boolean {
  return from <= to ? month >= from && month <= to : month >= from || month <= to;
}

/** Do two inclusive month-number ranges (each possibly wrapping) share a month? */
export function monthRangesOverlap(a: { fromMonth: number; toMonth: number }, b: { fromMonth: number; toMonth: number }): boolean {
  for (let m = 1; m <= 12; m++) {
    if (monthInRange(m, a.fromMonth, a.toMonth) && monthInRange(m, b.fromMonth, b.toMonth)) return true;
  }
  return false;
}
