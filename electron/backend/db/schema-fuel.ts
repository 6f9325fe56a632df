// The fuel tables (migrations 007 and 008): fill-ups, the captain's month, fuel-card statements.
import type { Generated } from 'kysely';

export interface FuelFillupTable {
  id: Generated<number>;
  vehicle_id: number;
  driver_id: number;
  filled_at: string;
  month: string;
  station_id: number | null;
  station_name: string;
  fuel_grade: string;
  litres: number;
  unit_price_fen: number;
  amount_fen: number;
  invoice_no: string;
  odometer_km: number | null;
  full_tank: number;
  source: string;
  note: string | null;
  created_at: string;
  created_by_name: string;
  registered_at: string | null;
  registered_by_name: string | null;
  approved_at: string | null;
  approved_by_name: string | null;
  import_id: number | null;
  import_key: string | null;
}

export interface FuelSignoffTable {
  id: Generated<number>;
  month: string;
  signed_at: string;
  signed_by_name: string;
  totals: string;
  items: string;
  reopened_at: string | null;
  reopened_by_name: string | null;
  reopen_reason: string | null;
}

export interface FuelResolutionTable {
  id: Generated<number>;
  month: string;
  vehicle_id: number;
  fillup_id: number | null;
  anomaly_kind: string | null;
  decision: string;
  note: string;
  amount_fen: number;
  dismissal: Generated<number>;
  decided_at: string;
  decided_by_name: string;
  replaced_at: string | null;
}

export interface FuelPenaltyTable {
  id: Generated<number>;
  signoff_id: number;
  month: string;
  vehicle_id: number;
  driver_id: number;
  resolution_id: number;
  km: number | null;
  amount_fen: number;
}

export interface FuelImportProfileTable {
  name: string;
  mapping: string;
  headers: string;
  updated_at: string;
  updated_by_name: string;
}

export interface FuelImportTable {
  id: Generated<number>;
  file_name: string;
  size: number;
  content: Uint8Array | null;
  sha256: string | null;
  profile: string | null;
  mapping: string | null;
  status: string;
  rows_total: number | null;
  rows_imported: number | null;
  rows_duplicate: number | null;
  rows_rejected: number | null;
  created_at: string;
  created_by_name: string;
  imported_at: string | null;
}

export interface FuelImportChunkTable {
  import_id: number;
  seq: number;
  data: Uint8Array;
}

export interface FuelTables {
  fuel_fillups: FuelFillupTable;
  fuel_signoffs: FuelSignoffTable;
  fuel_resolutions: FuelResolutionTable;
  fuel_penalties: FuelPenaltyTable;
  fuel_import_profiles: FuelImportProfileTable;
  fuel_imports: FuelImportTable;
  fuel_import_chunks: FuelImportChunkTable;
}
