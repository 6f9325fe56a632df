// Master data: vehicle models, vehicles, drivers, designated repair shops, approved fuel
// stations and the parts catalogue. Every entity has list/get/create/update/retire.
import { z } from 'zod';
import { monthRangesOverlap } from '../domain/period.ts';
import { isValidPlate, normalizePlate } from '../domain/plate.ts';
import { dateText, id, optionalText, text } from './common.ts';

const month = z.number().int('err.month').min(1, 'err.month').max(12, 'err.month');
const hundredths = (max: number) => z.number().int('err.decimals2').max(max, 'err.tooLarge');

export const seasonalFloatSchema = z.object({
  fromMonth: month,
  toMonth: month,
  float: hundredths(5000).min(0, 'err.floatNegative'),
});

const modelShape = {
  name: text(40),
  fuelStandard: hundredths(10000).min(1, 'err.positive'),
  floatOrdinary: hundredths(5000).min(0, 'err.floatNegative'),
  seasonalFloats: z.array(seasonalFloatSchema).max(12).default([]),
  tankCapacity: hundredths(100000).min(1, 'err.positive'),
  maintenanceIntervalKm: z.number().int('err.integer').min(1, 'err.positive').max(100000, 'err.tooLarge'),
};
function noOverlappingSeasons(v: { seasonalFloats: { fromMonth: number; toMonth: number }[] }, ctx: z.RefinementCtx) {
  v.seasonalFloats.forEach((a, i) =>
    v.seasonalFloats.slice(0, i).forEach((b) => {
      if (monthRangesOverlap(a, b)) ctx.addIssue({ code: 'custom', path: ['seasonalFloats', i, 'fromMonth'], message: 'err.seasonOverlap' });
    }),
  );
}
export const modelCreate = z.object(modelShape).superRefine(noOverlappingSeasons);
export const modelUpdate = z.object({ id, ...modelShape }).superRefine(noOverlappingSeasons);
export const modelEntity = z.object({
  id: z.number(),
  name: z.string(),
  fuelStandard: z.number(),
  floatOrdinary: z.number(),
  seasonalFloats: z.array(z.object({ fromMonth: z.number(), toMonth: z.number(), float: z.number() })),
  tankCapacity: z.number(),
  maintenanceIntervalKm: z.number(),
  retiredAt: z.string().nullable(),
});
export type VehicleModel = z.infer<typeof modelEntity>;

export const VEHICLE_STATUSES = ['available', 'dispatched', 'in_repair', 'retired'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

const plate = z
  .string()
  .transform(normalizePlate)
  .pipe(z.string().min(1, 'err.required').refine(isValidPlate, 'err.plate'));
const vehicleShape = {
  plate,
  modelId: id,
  vin: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'err.vin').optional()),
  purchaseDate: dateText.optional(),
  parkingPlace: text(100),
  initialOdometerKm: z.number().int('err.integer').min(0, 'err.negative').max(9_999_999).default(0),
  note: optionalText(500),
};
export const vehicleCreate = z.object(vehicleShape);
export const vehicleUpdate = z.object({ id, ...vehicleShape });
export const vehicleEntity = z.object({
  id: z.number(),
  plate: z.string(),
  modelId: z.number(),
  modelName: z.string(),
  vin: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  parkingPlace: z.string(),
  status: z.enum(VEHICLE_STATUSES),
  initialOdometerKm: z.number(),
  odometerKm: z.number(),
  note: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type Vehicle = z.infer<typeof vehicleEntity>;

const driverShape = {
  name: text(40),
  employeeNo: text(20),
  permitNo: text(40),
  permitValidFrom: dateText,
  permitValidTo: dateText,
  phone: optionalText(30),
};
function permitOrder(v: { permitValidFrom: string; permitValidTo: string }, ctx: z.RefinementCtx) {
  if (v.permitValidTo < v.permitValidFrom) ctx.addIssue({ code: 'custom', path: ['permitValidTo'], message: 'err.permitEndBeforeStart' });
}
export const driverCreate = z.object(driverShape).superRefine(permitOrder);
export const driverUpdate = z.object({ id, ...driverShape }).superRefine(permitOrder);
export const PERMIT_STATES = ['valid', 'expiring', 'expired', 'not_yet_valid'] as const;
export const driverEntity = z.object({
  id: z.number(),
  name: z.string(),
  employeeNo: z.string(),
  permitNo: z.string(),
  permitValidFrom: z.string(),
  permitValidTo: z.string(),
  phone: z.string().nullable(),
  permitState: z.enum(PERMIT_STATES),
  permitDaysLeft: z.number(),
  retiredAt: z.string().nullable(),
});
export type Driver = z.infer<typeof driverEntity>;

const shopShape = { name: text(80), address: optionalText(200), contact: optionalText(40), phone: optionalText(30) };
export const shopCreate = z.object(shopShape);
export const shopUpdate = z.object({ id, ...shopShape });
export const shopEntity = z.object({
  id: z.number(),
  name: z.string(),
  address: z.string().nullable(),
  contact: z.string().nullable(),
  phone: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type RepairShop = z.infer<typeof shopEntity>;

export const stationCreate = z.object(shopShape);
export const stationUpdate = z.object({ id, ...shopShape });
export const stationEntity = shopEntity;
export type FuelStation = z.infer<typeof stationEntity>;

const partShape = {
  name: text(60),
  unit: text(10),
  referencePriceFen: z.number().int('err.decimals2').min(0, 'err.negative').max(100_000_000, 'err.tooLarge'),
  isMajor: z.boolean().default(false),
};
export const partCreate = z.object(partShape);
export const partUpdate = z.object({ id, ...partShape });
export const partEntity = z.object({
  id: z.number(),
  name: z.string(),
  unit: z.string(),
  referencePriceFen: z.number(),
  isMajor: z.boolean(),
  retiredAt: z.string().nullable(),
});
export type Part = z.infer<typeof partEntity>;

/** The master-data areas, in menu order; each has the methods `<area>.list|get|create|update|retire|reactivate`. */
export const MASTER_AREAS = ['vehicles', 'models', 'drivers', 'shops', 'stations', 'parts'] as const;
export type MasterArea = (typeof MASTER_AREAS)[number];

export const masterSchemas = {
  models: { create: modelCreate, update: modelUpdate, entity: modelEntity },
  vehicles: { create: vehicleCreate, update: vehicleUpdate, entity: vehicleEntity },
  drivers: { create: driverCreate, update: driverUpdate, entity: driverEntity },
  shops: { create: shopCreate, update: shopUpdate, entity: shopEntity },
  stations: { create: stationCreate, update: stationUpdate, entity: stationEntity },
  parts: { create: partCreate, update: partUpdate, entity: partEntity },
} as const;
