// The rules of the dispatch log (DOMAIN.md section 1), pure: permit validity, overlapping
// tickets, the odometer's order, unlogged mileage, plausible trip length, overnight returns
// and which month a trip's kilometres count in. Times are local 'YYYY-MM-DD HH:mm' strings,
// which compare correctly as text; every figure comes from the policy.
import dayjs from 'dayjs';
import { isValidDate, monthOf, type MonthKey } from './period.ts';

export const TICKET_STATUSES = ['requested', 'approved', 'rejected', 'departed', 'returned', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** A ticket with a step still to come (approval, departure, check-in) before it counts as a finished trip. */
export const UNFINISHED_TICKETS = ['requested', 'approved', 'departed'] as const satisfies readonly TicketStatus[];

/** Tickets not yet returned: they hold their vehicle and driver for their time window. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['requested', 'approved', 'departed'];

export const PURPOSE_KINDS = ['delivery', 'official'] as const;
export type PurposeKind = (typeof PURPOSE_KINDS)[number];

export const FLAG_KINDS = ['unlogged_mileage', 'overnight', 'not_parked'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export interface DispatchRules {
  unloggedMileageToleranceKm: number;
  maxDailyKm: number;
  /** 'HH:mm' */
  closingTime: string;
}

export const MINUTE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d$/;

/** 'YYYY-MM-DD HH:mm' of a day that exists. */
export function isValidMinute(s: string): boolean {
  return MINUTE_RE.test(s) && isValidDate(s.slice(0, 10));
}

export function dateOf(minute: string): string {
  return minute.slice(0, 10);
}

/** A permit is valid on every day from its first to its last day, both included. */
export function permitValidOn(permit: { validFrom: string; validTo: string }, date: string): boolean {
  return permit.validFrom <= date && date <= permit.validTo;
}

/** A ticket's time window; an open end (a vehicle still out) runs on without limit. */
export interface TimeWindow {
  start: string;
  end: string | null;
}

/** The next minute, 'YYYY-MM-DD HH:mm'. */
export function minuteAfter(minute: string): string {
  return dayjs(minute.replace(' ', 'T')).add(1, 'minute').format('YYYY-MM-DD HH:mm');
}

/** Do two windows share a minute? One ending when the other starts does not overlap. */
export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  const aEndsAfterBStarts = a.end === null || a.end > b.start;
  const bEndsAfterAStarts = b.end === null || b.end > a.start;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

export interface Reading {
  at: string;
  km: number;
}

/**
 * Where a new reading at `at` must sit so the odometer never goes backwards: not below the
 * last reading at or before that time, not above the first reading after it.
 */
export function odometerBounds(readings: readonly Reading[], at: string): { before: Reading | null; after: Reading | null } {
  let before: Reading | null = null;
  let after: Reading | null = null;
  for (const r of readings) {
    if (r.at <= at) {
      if (!before || r.at > before.at || (r.at === before.at && r.km > before.km)) before = r;
    } else if (!after || r.at < after.at || (r.at === after.at && r.km < after.km)) {
      after = r;
    }
  }
  return { before, after };
}

/**
 * Unlogged mileage: the kilometres between the vehicle's last known reading and the reading
 * at departure. Returned only when the gap is above the tolerance (exactly at it is fine).
 */
export function unloggedGapKm(lastKnownKm: number, odometerOutKm: number, toleranceKm: number): number | null {
  const gap = odometerOutKm - lastKnownKm;
  return Math.abs(gap) > toleranceKm ? gap : null;
}

/** Calendar days a trip touches, counting the departure day and the return day. */
export function tripDays(departedAt: string, returnedAt: string): number {
  return dayjs(dateOf(returnedAt)).diff(dayjs(dateOf(departedAt)), 'day') + 1;
}

/**
 * The longest plausible trip: the policy's daily maximum for each calendar day the trip
 * touches (a trip over two days may be twice as long; it is flagged overnight anyway).
 */
export function maxTripKm(departedAt: string, returnedAt: string, maxDailyKm: number): number {
  return maxDailyKm * tripDays(departedAt, returnedAt);
}

/** The depot's closing time on the day of a moment. */
export function closingOn(date: string, closingTime: string): string {
  return `${date} ${closingTime}`;
}

/**
 * Overnight: back after the closing time of the departure day, or on a later day. Back
 * exactly at the closing time is in time.
 */
export function isOvernight(departedAt: string, returnedAt: string, closingTime: string): boolean {
  return dateOf(returnedAt) > dateOf(departedAt) || returnedAt > closingOn(dateOf(departedAt), closingTime);
}

/** A vehicle still out after the closing time of its departure day (the live warning). */
export function isOverdue(departedAt: string, now: string, closingTime: string): boolean {
  return now > closingOn(dateOf(departedAt), closingTime);
}

/** A trip's kilometres count in the month it returned (a trip over midnight at month end too). */
export function tripMonth(returnedAt: string): MonthKey {
  return monthOf(returnedAt);
}

/** Which transitions each status allows, for the screens and the service alike. */
export const NEXT_STATUSES: Record<TicketStatus, readonly TicketStatus[]> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['departed', 'cancelled'],
  departed: ['returned'],
  returned: ['closed'],
  rejected: [],
  closed: [],
  cancelled: [],
};
