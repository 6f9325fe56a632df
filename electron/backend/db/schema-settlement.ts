// The settlement tables (migration 010).
import type { Generated } from 'kysely';

export interface SettlementTable {
  id: Generated<number>;
  month: string;
  status: string;
  version: number;
  computed_at: string;
  policy_version_id: number;
  prepared_at: string;
  prepared_by_name: string;
  prepared_role: string;
  reviewed_at: string | null;
  reviewed_by_name: string | null;
  reviewed_role: string | null;
  approved_at: string | null;
  approved_by_name: string | null;
  approved_role: string | null;
  locked_at: string | null;
  locked_by_name: string | null;
  locked_role: string | null;
  audit_head: string | null;
  returned_at: string | null;
  returned_by_name: string | null;
  returned_role: string | null;
  return_reason: string | null;
  net_fen: number;
}

export interface SettlementRowTable {
  id: Generated<number>;
  settlement_id: number;
  driver_id: number | null;
  user_id: number | null;
  name: string;
  employee_no: string | null;
  post: string;
  official_km: number;
  safe: number;
  reasons: string;
  totals: string;
  net_fen: number;
}

export interface SettlementLineTable {
  id: Generated<number>;
  row_id: number;
  kind: string;
  amount_fen: number;
  source_type: string | null;
  source_id: number | null;
  source_number: string | null;
  text: string;
}

export interface SettlementAdjustmentTable {
  id: Generated<number>;
  driver_id: number | null;
  user_id: number | null;
  name: string;
  corrects_month: string;
  target_month: string;
  amount_fen: number;
  reason: string;
  created_at: string;
  created_by_name: string;
  created_role: string;
}

export interface SettlementArchiveTable {
  id: Generated<number>;
  settlement_id: number;
  month: string;
  status: string;
  file_name: string;
  stored_name: string;
  sha256: string;
  size_bytes: number;
  archived_at: string;
  archived_by_name: string;
  archived_role: string;
}

export interface SettlementTables {
  settlements: SettlementTable;
  settlement_rows: SettlementRowTable;
  settlement_lines: SettlementLineTable;
  settlement_adjustments: SettlementAdjustmentTable;
  settlement_archives: SettlementArchiveTable;
}
