// Row types of the database, for Kysely. They stay in the backend: services map rows to the
// entity types of shared/api.
import type { Generated } from 'kysely';

export interface SchemaMigrationTable {
  name: string;
  applied_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  active: number;
  driver_id: number | null;
  created_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface VehicleModelTable {
  id: Generated<number>;
  name: string;
  fuel_standard: number;
  float_ordinary: number;
  seasonal_floats: string;
  tank_capacity: number;
  maintenance_interval_km: number;
  retired_at: string | null;
}

export interface VehicleTable {
  id: Generated<number>;
  plate: string;
  model_id: number;
  vin: string | null;
  purchase_date: string | null;
  parking_place: string;
  status: string;
  initial_odometer_km: number;
  note: string | null;
  retired_at: string | null;
}

export interface DriverTable {
  id: Generated<number>;
  name: string;
  employee_no: string;
  permit_no: string;
  permit_valid_from: string;
  permit_valid_to: string;
  phone: string | null;
  retired_at: string | null;
}

export interface ShopTable {
  id: Generated<number>;
  name: string;
  address: string | null;
  contact: string | null;
  phone: string | null;
  retired_at: string | null;
}

export interface PartTable {
  id: Generated<number>;
  name: string;
  unit: string;
  reference_price_fen: number;
  is_major: number;
  retired_at: string | null;
}

export interface PolicyVersionTable {
  id: Generated<number>;
  effective_month: string;
  settings: string;
  reason: string | null;
  created_at: string;
  created_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string;
  role: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  schema_migrations: SchemaMigrationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  vehicle_models: VehicleModelTable;
  vehicles: VehicleTable;
  drivers: DriverTable;
  repair_shops: ShopTable;
  fuel_stations: ShopTable;
  parts: PartTable;
  policy_versions: PolicyVersionTable;
  audit_log: AuditLogTable;
}
