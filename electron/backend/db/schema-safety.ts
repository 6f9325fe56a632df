// The tables of accidents, violations and the monthly assessment (migration 009).
import type { Generated } from 'kysely';

export interface AccidentTable {
  id: Generated<number>;
  number: string;
  status: string;
  occurred_at: string;
  vehicle_id: number;
  driver_id: number;
  ticket_id: number | null;
  flag_id: number | null;
  private_use: number;
  place: string;
  description: string;
  finding: string;
  finding_no: string | null;
  reporting: string;
  major: number;
  not_parked: number;
  costs: string;
  cost_fen: number;
  insurance_fen: number;
  recorded_at: string;
  recorded_by_name: string;
  recorded_role: string;
  updated_at: string;
  closed_at: string | null;
  closed_by_name: string | null;
  closed_role: string | null;
  close_note: string | null;
  closed_month: string | null;
  share_fen: number | null;
  share_json: string | null;
  reopened_at: string | null;
  reopened_by_name: string | null;
  reopen_reason: string | null;
}

export interface AccidentAttachmentTable {
  id: Generated<number>;
  accident_id: number;
  kind: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  stored_name: string;
  added_at: string;
  added_by_name: string;
}

export interface ViolationTable {
  id: Generated<number>;
  number: string;
  kind: string;
  offender_role: string;
  driver_id: number | null;
  user_id: number | null;
  offender_name: string;
  occurred_on: string;
  month: string;
  vehicle_id: number | null;
  ticket_id: number | null;
  flag_id: number | null;
  serious: number;
  description: string;
  entered_fen: number | null;
  base_fen: number;
  fine_fen: number;
  doubled: number;
  ordinal: number;
  points: number;
  repeat_of_id: number | null;
  consequence: string | null;
  personnel_flag_id: number | null;
  recorded_at: string;
  recorded_by_name: string;
  recorded_role: string;
  voided_at: string | null;
  voided_by_name: string | null;
  voided_role: string | null;
  void_reason: string | null;
}

export interface AssessmentItemTable {
  id: Generated<number>;
  name: string;
  subject: string;
  points: number;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentDeductionTable {
  id: Generated<number>;
  month: string;
  subject: string;
  subject_id: number;
  item_id: number;
  item_name: string;
  points: number;
  note: string | null;
  entered_at: string;
  entered_by_name: string;
  entered_role: string;
}

export interface AssessmentSignoffTable {
  id: Generated<number>;
  month: string;
  signed_at: string;
  signed_by_name: string;
  signed_role: string;
  policy_version_id: number;
  snapshot: string;
  reopened_at: string | null;
  reopened_by_name: string | null;
  reopened_role: string | null;
  reopen_reason: string | null;
}

export interface SafetyTables {
  accidents: AccidentTable;
  accident_attachments: AccidentAttachmentTable;
  violations: ViolationTable;
  assessment_items: AssessmentItemTable;
  assessment_deductions: AssessmentDeductionTable;
  assessment_signoffs: AssessmentSignoffTable;
}
