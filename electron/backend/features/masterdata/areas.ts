// How each master-data area maps to its table: unique fields, search and sort columns,
// references that must exist and be active, and the entity shape the API returns.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { MasterArea } from '../../../../shared/api/masterdata.ts';
import { daysBetween } from '../../../../shared/domain/period.ts';
import type { PolicySettings } from '../../../../shared/domain/policy.ts';
import type { Database } from '../../db/schema.ts';

export interface AreaEnv {
  today: string;
  policy: PolicySettings;
}

export interface AreaRef {
  field: string;
  area: MasterArea;
}

// The generic repository works on rows of any master table; each area's own mapping
// functions below give the types back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;

export interface AreaConfig {
  table: 'vehicle_models' | 'vehicles' | 'drivers' | 'repair_shops' | 'fuel_stations' | 'parts';
  /** the column shown when a message names a record */
  nameColumn: string;
  /** fields whose value must be unique, with their column */
  uniques: { field: string; column: string }[];
  /** columns searched by the list's search box */
  search: string[];
  /** field → column the list may sort by */
  sorts: Record<string, string>;
  defaultSort: string;
  /** references to other master data that must exist and not be retired */
  refs: AreaRef[];
  baseQuery(db: Kysely<Database>): SelectQueryBuilder<Database, Row, Row>;
  toColumns(input: Row): Record<string, unknown>;
  toEntity(row: Row, env: AreaEnv): unknown;
  /** extra columns set when retiring, and when reactivating */
  retireColumns?: Record<string, unknown>;
  reactivateColumns?: Record<string, unknown>;
}

const shopLike = (table: 'repair_shops' | 'fuel_stations'): AreaConfig => ({
  table,
  nameColumn: 'name',
  uniques: [{ field: 'name', column: 'name' }],
  search: ['name', 'address', 'contact', 'phone'],
  sorts: { name: 'name', id: 'id' },
  defaultSort: 'name',
  refs: [],
  baseQuery: (db) => db.selectFrom(table).selectAll() as never,
  toColumns: (i) => ({ name: i.name, address: i.address ?? null, contact: i.contact ?? null, phone: i.phone ?? null }),
  toEntity: (r) => ({ id: r.id, name: r.name, address: r.address, contact: r.contact, phone: r.phone, retiredAt: r.retired_at }),
});

export function permitState(from: string, to: string, env: AreaEnv): { permitState: 'valid' | 'expiring' | 'expired' | 'not_yet_valid'; permitDaysLeft: number } {
  const daysLeft = daysBetween(env.today, to);
  if (daysLeft < 0) return { permitState: 'expired', permitDaysLeft: daysLeft };
  if (env.today < from) return { permitState: 'not_yet_valid', permitDaysLeft: daysLeft };
  return { permitState: daysLeft <= env.policy.drivers.permitWarningDays ? 'expiring' : 'valid', permitDaysLeft: daysLeft };
}

export const AREAS: Record<MasterArea, AreaConfig> = {
  models: {
    table: 'vehicle_models',
    nameColumn: 'name',
    uniques: [{ field: 'name', column: 'name' }],
    search: ['name'],
    sorts: { name: 'name', fuelStandard: 'fuel_standard', id: 'id' },
    defaultSort: 'name',
    refs: [],
    baseQuery: (db) => db.selectFrom('vehicle_models').selectAll() as never,
    toColumns: (i) => ({
      name: i.name,
      fuel_standard: i.fuelStandard,
      float_ordinary: i.floatOrdinary,
      seasonal_floats: JSON.stringify(i.seasonalFloats),
      tank_capacity: i.tankCapacity,
      maintenance_interval_km: i.maintenanceIntervalKm,
    }),
    toEntity: (r) => ({
      id: r.id,
      name: r.name,
      fuelStandard: r.fuel_standard,
      floatOrdinary: r.float_ordinary,
      seasonalFloats: JSON.parse(r.seasonal_floats),
      tankCapacity: r.tank_capacity,
      maintenanceIntervalKm: r.maintenance_interval_km,
      retiredAt: r.retired_at,
    }),
  },
  vehicles: {
    table: 'vehicles',
    nameColumn: 'plate',
    uniques: [{ field: 'plate', column: 'plate' }],
    search: ['vehicles.plate', 'vehicles.vin', 'vehicles.parking_place', 'vehicle_models.name'],
    sorts: { plate: 'vehicles.plate', modelName: 'vehicle_models.name', status: 'vehicles.status', purchaseDate: 'vehicles.purchase_date', id: 'vehicles.id' },
    defaultSort: 'plate',
    refs: [{ field: 'modelId', area: 'models' }],
    baseQuery: (db) =>
      db
        .selectFrom('vehicles')
        .innerJoin('vehicle_models', 'vehicle_models.id', 'vehicles.model_id')
        .selectAll('vehicles')
        .select('vehicle_models.name as model_name')
        // the current odometer: the latest reading any record gave (trips now, fill-ups later)
        .select((eb) =>
          eb
            .selectFrom('odometer_readings')
            .select('odometer_readings.km')
            .whereRef('odometer_readings.vehicle_id', '=', 'vehicles.id')
            .orderBy('odometer_readings.at', 'desc')
            .orderBy('odometer_readings.km', 'desc')
            .limit(1)
            .as('last_km'),
        ) as never,
    toColumns: (i) => ({
      plate: i.plate,
      model_id: i.modelId,
      vin: i.vin ?? null,
      purchase_date: i.purchaseDate ?? null,
      parking_place: i.parkingPlace,
      initial_odometer_km: i.initialOdometerKm,
      note: i.note ?? null,
    }),
    toEntity: (r) => ({
      id: r.id,
      plate: r.plate,
      modelId: r.model_id,
      modelName: r.model_name,
      vin: r.vin,
      purchaseDate: r.purchase_date,
      parkingPlace: r.parking_place,
      status: r.status,
      initialOdometerKm: r.initial_odometer_km,
      // Before the first recorded reading, the last known one is the initial reading.
      odometerKm: r.last_km ?? r.initial_odometer_km,
      note: r.note,
      retiredAt: r.retired_at,
    }),
    retireColumns: { status: 'retired' },
    reactivateColumns: { status: 'available' },
  },
  drivers: {
    table: 'drivers',
    nameColumn: 'name',
    uniques: [{ field: 'employeeNo', column: 'employee_no' }],
    search: ['name', 'employee_no', 'permit_no', 'phone'],
    sorts: { name: 'name', employeeNo: 'employee_no', permitValidTo: 'permit_valid_to', id: 'id' },
    defaultSort: 'employeeNo',
    refs: [],
    baseQuery: (db) => db.selectFrom('drivers').selectAll() as never,
    toColumns: (i) => ({
      name: i.name,
      employee_no: i.employeeNo,
      permit_no: i.permitNo,
      permit_valid_from: i.permitValidFrom,
      permit_valid_to: i.permitValidTo,
      phone: i.phone ?? null,
    }),
    toEntity: (r, env) => ({
      id: r.id,
      name: r.name,
      employeeNo: r.employee_no,
      permitNo: r.permit_no,
      permitValidFrom: r.permit_valid_from,
      permitValidTo: r.permit_valid_to,
      phone: r.phone,
      ...permitState(r.permit_valid_from, r.permit_valid_to, env),
      retiredAt: r.retired_at,
    }),
  },
  shops: shopLike('repair_shops'),
  stations: shopLike('fuel_stations'),
  parts: {
    table: 'parts',
    nameColumn: 'name',
    uniques: [{ field: 'name', column: 'name' }],
    search: ['name', 'unit'],
    sorts: { name: 'name', referencePriceFen: 'reference_price_fen', isMajor: 'is_major', id: 'id' },
    defaultSort: 'name',
    refs: [],
    baseQuery: (db) => db.selectFrom('parts').selectAll() as never,
    toColumns: (i) => ({ name: i.name, unit: i.unit, reference_price_fen: i.referencePriceFen, is_major: i.isMajor ? 1 : 0 }),
    toEntity: (r) => ({ id: r.id, name: r.name, unit: r.unit, referencePriceFen: r.reference_price_fen, isMajor: r.is_major === 1, retiredAt: r.retired_at }),
  },
};
