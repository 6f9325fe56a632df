// Row types of the database, for Kysely. They stay in the backend: services map rows to the
// entity types of shared/api.
import type { Generated } from 'kysely';
import type { FuelTables } from './schema-fuel.ts';
import type { SafetyTables } from './schema-safety.ts';
import type { SettlementTables } from './schema-settlement.ts';

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

export interface NumberCounterTable {
  prefix: string;
  year: number;
  last: number;
}

export interface DispatchTicketTable {
  id: Generated<number>;
  number: string;
  status: string;
  vehicle_id: number;
  driver_id: number;
  purpose_kind: string;
  destination: string;
  purpose_note: string | null;
  planned_departure: string;
  planned_return: string;
  start_at: string;
  requested_by: number;
  requested_by_name: string;
  requested_at: string;
  approved_by_name: string | null;
  approved_role: string | null;
  approved_at: string | null;
  approved_by_phone: Generated<number>;
  decision_reason: string | null;
  departed_at: string | null;
  odometer_out_km: number | null;
  returned_at: string | null;
  odometer_in_km: number | null;
  distance_km: number | null;
  return_month: string | null;
  parked_at_place: number | null;
  parking_note: string | null;
  closed_at: string | null;
  closed_by_name: string | null;
  flag_count: Generated<number>;
  open_flag_count: Generated<number>;
}

export interface DispatchEventTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  at: string;
  recorded_at: string;
  user_id: number | null;
  by_name: string;
  role: string;
  on_behalf: number;
  note: string | null;
}

export interface DispatchFlagTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  gap_km: number | null;
  last_km: number | null;
  raised_at: string;
  resolved_at: string | null;
  resolved_by_name: string | null;
  resolved_role: string | null;
  explanation: string | null;
  violation_id: number | null;
}

export interface OdometerReadingTable {
  id: Generated<number>;
  vehicle_id: number;
  at: string;
  km: number;
  source: string;
  ticket_id: number | null;
  recorded_at: string;
}

export interface RepairOrderTable {
  id: Generated<number>;
  number: string;
  status: string;
  vehicle_id: number;
  driver_id: number;
  shop_id: number;
  symptoms: string;
  requested_work: string | null;
  created_by: number;
  created_at: string;
  phone_approved_by_name: string | null;
  phone_approved_at: string | null;
  decision_reason: string | null;
  signed_fingerprint: string | null;
  parts_fen: Generated<number>;
  labour_fen: Generated<number>;
  total_fen: Generated<number>;
  updated_at: string;
  seizure_cause: string | null;
  seizure_note: string | null;
  payment_approved_at: string | null;
}

export interface RepairLineTable {
  id: Generated<number>;
  order_id: number;
  position: number;
  kind: string;
  part_id: number | null;
  name: string;
  unit: string;
  quantity: number;
  unit_price_fen: number;
  reference_price_fen: number | null;
  is_major: number;
  total_fen: number;
  free_text_reason: string | null;
  deviation_reason: string | null;
  corrected_from: string | null;
  correction_reason: string | null;
  old_part_checked_at: string | null;
  old_part_checked_by_name: string | null;
  old_part_note: string | null;
}

export interface RepairEventTable {
  id: Generated<number>;
  order_id: number;
  step: string;
  at: string;
  recorded_at: string;
  user_id: number | null;
  by_name: string;
  role: string;
  note: string | null;
}

export interface PurchaseTable {
  id: Generated<number>;
  number: string;
  status: string;
  vehicle_id: number;
  driver_id: number;
  items: string;
  estimated_fen: number;
  note: string | null;
  created_at: string;
  created_by_name: string;
  confirmed_at: string | null;
  confirmed_by_name: string | null;
  confirmed_role: string | null;
  confirm_note: string | null;
  approved_at: string | null;
  approved_by_name: string | null;
  approved_role: string | null;
  approve_note: string | null;
  rejected_at: string | null;
  rejected_by_name: string | null;
  rejected_role: string | null;
  rejected_reason: string | null;
  bought_on: string | null;
  actual_fen: number | null;
  receipt_no: string | null;
  bears_reason: string | null;
}

export interface RoutineServiceTable {
  id: Generated<number>;
  vehicle_id: number;
  done_on: string;
  odometer_km: number;
  shop_id: number | null;
  note: string | null;
  recorded_by_name: string;
  recorded_at: string;
}

export interface PersonnelFlagTable {
  id: Generated<number>;
  driver_id: number;
  kind: string;
  source_type: string;
  source_id: number;
  source_number: string;
  reason: string;
  cause: string | null;
  raised_at: string;
  raised_by_name: string;
  decision: string | null;
  decision_note: string | null;
  decided_at: string | null;
  decided_by_name: string | null;
  decided_role: string | null;
}

export interface Database extends FuelTables, SafetyTables, SettlementTables {
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
  number_counters: NumberCounterTable;
  dispatch_tickets: DispatchTicketTable;
  dispatch_events: DispatchEventTable;
  dispatch_flags: DispatchFlagTable;
  odometer_readings: OdometerReadingTable;
  repair_orders: RepairOrderTable;
  repair_lines: RepairLineTable;
  repair_events: RepairEventTable;
  purchases: PurchaseTable;
  routine_services: RoutineServiceTable;
  personnel_flags: PersonnelFlagTable;
}
