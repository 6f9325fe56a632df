import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentNumber } from './numbers.ts';
import {
  isOverdue,
  isOvernight,
  isValidMinute,
  maxTripKm,
  minuteAfter,
  odometerBounds,
  permitValidOn,
  tripDays,
  tripMonth,
  unloggedGapKm,
  windowsOverlap,
} from './dispatch.ts';

describe('permit validity on the departure date', () => {
  const permit = { validFrom: '2020-03-01', validTo: '2026-11-23' };
  it('is valid on its last day and its first day', () => {
    expect(permitValidOn(permit, '2026-11-23')).toBe(true);
    expect(permitValidOn(permit, '2020-03-01')).toBe(true);
  });
  it('is not valid the day after it ends or the day before it starts', () => {
    expect(permitValidOn(permit, '2026-11-24')).toBe(false);
    expect(permitValidOn(permit, '2020-02-29')).toBe(false);
  });
});

describe('unlogged mileage', () => {
  it('exactly at the tolerance is not flagged; one km more is', () => {
    expect(unloggedGapKm(10000, 10005, 5)).toBeNull();
    expect(unloggedGapKm(10000, 10006, 5)).toBe(6);
  });
  it('shows the gap in km, also a large one', () => {
    expect(unloggedGapKm(10000, 10045, 5)).toBe(45);
  });
  it('a zero tolerance flags any difference', () => {
    expect(unloggedGapKm(10000, 10000, 0)).toBeNull();
    expect(unloggedGapKm(10000, 10001, 0)).toBe(1);
  });
});

describe('trip length', () => {
  it('one day allows the daily maximum, exactly', () => {
    expect(maxTripKm('2026-11-23 08:00', '2026-11-23 19:00', 600)).toBe(600);
  });
  it('each calendar day touched adds one daily maximum', () => {
    expect(tripDays('2026-11-23 18:00', '2026-11-24 07:00')).toBe(2);
    expect(maxTripKm('2026-11-30 18:00', '2026-12-02 07:00', 600)).toBe(1800);
  });
});

describe('overnight', () => {
  it('back exactly at the closing time is in time; one minute later is overnight', () => {
    expect(isOvernight('2026-11-23 08:00', '2026-11-23 20:00', '20:00')).toBe(false);
    expect(isOvernight('2026-11-23 08:00', '2026-11-23 20:01', '20:00')).toBe(true);
  });
  it('back on a later day is overnight, even early in the morning', () => {
    expect(isOvernight('2026-11-23 08:00', '2026-11-24 06:00', '20:00')).toBe(true);
  });
  it('a vehicle still out is overdue only after the closing time of its departure day', () => {
    expect(isOverdue('2026-11-23 08:00', '2026-11-23 20:00', '20:00')).toBe(false);
    expect(isOverdue('2026-11-23 08:00', '2026-11-23 20:01', '20:00')).toBe(true);
    expect(isOverdue('2026-11-22 08:00', '2026-11-23 07:00', '20:00')).toBe(true);
  });
  it('follows the policy: a closing time of 18:30', () => {
    expect(isOvernight('2026-11-23 08:00', '2026-11-23 19:00', '18:30')).toBe(true);
  });
});

describe('overlapping windows', () => {
  it('touching ends do not overlap', () => {
    expect(windowsOverlap({ start: '2026-11-23 08:00', end: '2026-11-23 12:00' }, { start: '2026-11-23 12:00', end: '2026-11-23 15:00' })).toBe(false);
  });
  it('one minute of overlap is an overlap, either way round', () => {
    const a = { start: '2026-11-23 08:00', end: '2026-11-23 12:01' };
    const b = { start: '2026-11-23 12:00', end: '2026-11-23 15:00' };
    expect(windowsOverlap(a, b)).toBe(true);
    expect(windowsOverlap(b, a)).toBe(true);
  });
  it('a vehicle still out blocks everything after its departure', () => {
    expect(windowsOverlap({ start: '2026-11-20 08:00', end: null }, { start: '2026-12-01 08:00', end: '2026-12-01 09:00' })).toBe(true);
    expect(windowsOverlap({ start: '2026-11-20 08:00', end: null }, { start: '2026-11-19 08:00', end: '2026-11-19 09:00' })).toBe(false);
  });
  it('the next minute rolls over the hour, the day and the year', () => {
    expect(minuteAfter('2026-12-31 23:59')).toBe('2027-01-01 00:00');
  });
  it('is symmetric (property)', () => {
    const minute = fc.integer({ min: 0, max: 10000 }).map((m) => `2026-11-${String(1 + Math.floor(m / 1440) % 28).padStart(2, '0')} ${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    const win = fc.tuple(minute, minute, fc.boolean()).map(([x, y, open]) => (x <= y ? { start: x, end: open ? null : y } : { start: y, end: open ? null : x }));
    fc.assert(fc.property(win, win, (a, b) => windowsOverlap(a, b) === windowsOverlap(b, a)));
  });
});

describe('odometer bounds', () => {
  const readings = [
    { at: '2026-11-20 08:00', km: 1000 },
    { at: '2026-11-20 17:00', km: 1080 },
    { at: '2026-11-22 08:00', km: 1080 },
    { at: '2026-11-22 17:00', km: 1150 },
  ];
  it('finds the last reading before and the first after a moment', () => {
    const b = odometerBounds(readings, '2026-11-21 09:00');
    expect(b.before).toEqual({ at: '2026-11-20 17:00', km: 1080 });
    expect(b.after).toEqual({ at: '2026-11-22 08:00', km: 1080 });
  });
  it('a reading at the same minute counts as before', () => {
    expect(odometerBounds(readings, '2026-11-22 17:00').before?.km).toBe(1150);
    expect(odometerBounds(readings, '2026-11-22 17:00').after).toBeNull();
  });
  it('none before the first reading', () => {
    expect(odometerBounds(readings, '2026-11-01 08:00').before).toBeNull();
  });
});

describe('months and numbers', () => {
  it('a trip over midnight at month end counts in the month it returned', () => {
    expect(tripMonth('2026-12-01 00:30')).toBe('2026-12');
  });
  it('numbers are per year with six digits', () => {
    expect(documentNumber('PC', 2026, 123)).toBe('PC2026-000123');
  });
  it('validates local minutes, including impossible dates', () => {
    expect(isValidMinute('2026-11-23 20:00')).toBe(true);
    expect(isValidMinute('2026-02-30 20:00')).toBe(false);
    expect(isValidMinute('2026-11-23 24:00')).toBe(false);
    expect(isValidMinute('2026-11-23T20:00')).toBe(false);
  });
});
