// The dispatch log: tickets from request to close, their flags, the day's board, the
// monthly kilometres other features consume, and each vehicle's odometer history.
import { z } from 'zod';
import { FLAG_KINDS, isValidMinute, PURPOSE_KINDS, TICKET_STATUSES } from '../domain/dispatch.ts';
import { dateText, id, optionalText, text } from './common.ts';
import { monthText } from './governance.ts';

/** A local time to the minute, 'YYYY-MM-DD HH:mm'. */
export const minuteText = z.string().refine(isValidMinute, 'err.minute');
const km = z.number().int('err.integer').min(0, 'err.negative').max(9_999_999, 'err.tooLarge');

export const dispatchRequestInput = z
  .object({
    vehicleId: id,
    driverId: id,
    purposeKind: z.enum(PURPOSE_KINDS),
    destination: text(200),
    purposeNote: optionalText(500),
    plannedDeparture: minuteText,
    plannedReturn: minuteText,
  })
  .superRefine((v, ctx) => {
    if (isValidMinute(v.plannedDeparture) && isValidMinute(v.plannedReturn) && v.plannedReturn <= v.plannedDeparture) {
      ctx.addIssue({ code: 'custom', path: ['plannedReturn'], message: 'err.returnBeforeDeparture' });
    }
  });

export const dispatchApproveInput = z
  .object({
    id,
    /** an approval the approver gave by phone, recorded afterwards; `approvedAt` is when */
    byPhone: z.boolean().default(false),
    approvedAt: minuteText.optional(),
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.byPhone && !v.approvedAt) ctx.addIssue({ code: 'custom', path: ['approvedAt'], message: 'err.phoneApprovalTime' });
  });
export const dispatchReasonInput = z.object({ id, reason: text(200) });

export const dispatchCheckOutInput = z.object({ id, departedAt: minuteText, odometerOutKm: km });
export const dispatchCheckInInput = z
  .object({
    id,
    returnedAt: minuteText,
    odometerInKm: km,
    /** parked at the designated place with circuits off and doors locked */
    parkedAtPlace: z.boolean(),
    parkingNote: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (!v.parkedAtPlace && !v.parkingNote) ctx.addIssue({ code: 'custom', path: ['parkingNote'], message: 'err.parkingNoteRequired' });
  });
export const dispatchCloseInput = z.object({ id, note: optionalText(200) });
export const dispatchResolveFlagInput = z.object({ flagId: id, explanation: text(500) });

export const DISPATCH_SORTS = ['number', 'start', 'plate', 'driver', 'status', 'distance'] as const;
export const FLAG_FILTERS = ['any', 'unresolved', ...FLAG_KINDS] as const;
export const dispatchListInput = z.object({
  search: z.string().trim().max(100).optional(),
  vehicleId: id.optional(),
  driverId: id.optional(),
  statuses: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
  purposeKind: z.enum(PURPOSE_KINDS).optional(),
  from: dateText.optional(),
  to: dateText.optional(),
  flag: z.enum(FLAG_FILTERS).optional(),
  sortField: z.enum(DISPATCH_SORTS).optional(),
  sortOrder: z.enum(['asc', 'desc']).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export type DispatchListInput = z.input<typeof dispatchListInput>;

export const flagEntity = z.object({
  id: z.number(),
  kind: z.enum(FLAG_KINDS),
  /** unlogged mileage: the gap and the last known reading it was measured from */
  gapKm: z.number().nullable(),
  lastKm: z.number().nullable(),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedRole: z.string().nullable(),
  explanation: z.string().nullable(),
  /** the violation opened for it (violations arrive with a later feature) */
  violationId: z.number().nullable(),
});
export type DispatchFlag = z.infer<typeof flagEntity>;

export const ticketSummary = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  vehicleId: z.number(),
  plate: z.string(),
  driverId: z.number(),
  driverName: z.string(),
  purposeKind: z.enum(PURPOSE_KINDS),
  destination: z.string(),
  plannedDeparture: z.string(),
  plannedReturn: z.string(),
  departedAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  odometerOutKm: z.number().nullable(),
  odometerInKm: z.number().nullable(),
  distanceKm: z.number().nullable(),
  approvedByName: z.string().nullable(),
  approvedByPhone: z.boolean(),
  flags: z.array(z.object({ kind: z.enum(FLAG_KINDS), resolved: z.boolean() })),
  /** still out after the closing time of its departure day (computed at the time of asking) */
  overdue: z.boolean(),
});
export type TicketSummary = z.infer<typeof ticketSummary>;

export const EVENT_KINDS = ['requested', 'approved', 'rejected', 'cancelled', 'departed', 'returned', 'flag_raised', 'flag_resolved', 'closed'] as const;
export const ticketEvent = z.object({
  kind: z.enum(EVENT_KINDS),
  /** when it happened (a departure time, a phone approval's time) */
  at: z.string(),
  /** when it was entered */
  recordedAt: z.string(),
  byName: z.string(),
  role: z.string(),
  /** entered by someone else for the ticket's driver */
  onBehalf: z.boolean(),
  note: z.string().nullable(),
});
export type TicketEvent = z.infer<typeof ticketEvent>;

export const ticketDetail = ticketSummary.extend({
  purposeNote: z.string().nullable(),
  vehicleModel: z.string(),
  parkingPlace: z.string(),
  employeeNo: z.string(),
  permitNo: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  approvedRole: z.string().nullable(),
  approvedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  parkedAtPlace: z.boolean().nullable(),
  parkingNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  flagDetails: z.array(flagEntity),
  events: z.array(ticketEvent),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

export const dispatchBoardInput = z.object({ date: dateText.optional() });
export const REVIEW_NEEDS = ['approve', 'checkOut', 'checkIn', 'resolveFlag', 'close'] as const;
export const dispatchBoardOutput = z.object({
  date: z.string(),
  now: z.string(),
  closingTime: z.string(),
  /** more tickets than the board shows (the oldest are left out) */
  truncated: z.boolean(),
  /** tickets planned for, departing or returning on that day, and earlier ones not yet back */
  tickets: z.array(ticketSummary),
  /** the end-of-day list: every ticket not yet closed out, with what it still needs */
  review: z.array(z.object({ ticket: ticketSummary, needs: z.enum(REVIEW_NEEDS) })),
});
export type DispatchBoard = z.infer<typeof dispatchBoardOutput>;

export const monthlyKmInput = z.object({ month: monthText });
export const monthlyKmOutput = z.object({
  month: z.string(),
  vehicles: z.array(z.object({ vehicleId: z.number(), plate: z.string(), km: z.number(), trips: z.number() })),
  drivers: z.array(z.object({ driverId: z.number(), name: z.string(), employeeNo: z.string(), km: z.number(), trips: z.number() })),
  totalKm: z.number(),
  totalTrips: z.number(),
});
export type MonthlyKm = z.infer<typeof monthlyKmOutput>;

export const ODOMETER_SOURCES = ['dispatch_out', 'dispatch_in'] as const;
export const odometerInput = z.object({
  vehicleId: id,
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export const odometerOutput = z.object({
  currentKm: z.number(),
  initialKm: z.number(),
  items: z.array(
    z.object({ at: z.string(), km: z.number(), source: z.enum(ODOMETER_SOURCES), ticketId: z.number().nullable(), ticketNumber: z.string().nullable() }),
  ),
  total: z.number(),
});
