// Accidents with their attachments, violations, and the monthly assessment (its catalogue of
// deduction items, the deductions entered, and the fleet office's signatures).
import { sql, type Kysely } from 'kysely';

/** The depot's starting catalogue of deduction items (our default; the fleet office edits it). */
const DEFAULT_ITEMS: { name: string; subject: 'driver' | 'vehicle'; points: number }[] = [
  { name: '出车前未做例行检查', subject: 'driver', points: 5 },
  { name: '派车单填写不全或不及时', subject: 'driver', points: 2 },
  { name: '收车后未按规定交回钥匙、单据', subject: 'driver', points: 3 },
  { name: '车辆未停放在指定地点或未关电锁门', subject: 'driver', points: 5 },
  { name: '不服从调度安排', subject: 'driver', points: 5 },
  { name: '例行保养逾期', subject: 'vehicle', points: 5 },
  { name: '机油、冷却液、轮胎未按规定检查', subject: 'vehicle', points: 3 },
  { name: '车容车貌不整洁', subject: 'vehicle', points: 2 },
  { name: '随车工具、证件不全', subject: 'vehicle', points: 2 },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accidents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('ticket_id', 'integer', (c) => c.references('dispatch_tickets.id'))
    // the unlogged-mileage flag it was recorded from
    .addColumn('flag_id', 'integer', (c) => c.references('dispatch_flags.id'))
    .addColumn('private_use', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('finding_no', 'text')
    .addColumn('reporting', 'text', (c) => c.notNull())
    .addColumn('major', 'integer', (c) => c.notNull())
    .addColumn('not_parked', 'integer', (c) => c.notNull())
    // [{ kind, amountFen, note }]
    .addColumn('costs', 'text', (c) => c.notNull())
    .addColumn('cost_fen', 'integer', (c) => c.notNull())
    .addColumn('insurance_fen', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_role', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('closed_role', 'text')
    .addColumn('close_note', 'text')
    // the month whose settlement the share is charged to
    .addColumn('closed_month', 'text')
    .addColumn('share_fen', 'integer')
    // the computation as it was when closed (the share result and the policy version)
    .addColumn('share_json', 'text')
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by_name', 'text')
    .addColumn('reopen_reason', 'text')
    .execute();
  await db.schema.createIndex('accidents_driver').on('accidents').columns(['driver_id', 'occurred_at']).execute();
  await db.schema.createIndex('accidents_vehicle').on('accidents').columns(['vehicle_id', 'occurred_at']).execute();
  await db.schema.createIndex('accidents_status').on('accidents').columns(['status', 'occurred_at']).execute();
  await db.schema.createIndex('accidents_closed_month').on('accidents').columns(['closed_month']).execute();

  await db.schema
    .createTable('accident_attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('accident_id', 'integer', (c) => c.notNull().references('accidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // the file's name inside the data folder's attachments directory
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accident_attachments_accident').on('accident_attachments').columns(['accident_id']).execute();

  await db.schema
    .createTable('violations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('offender_role', 'text', (c) => c.notNull())
    .addColumn('driver_id', 'integer', (c) => c.references('drivers.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('offender_name', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.references('vehicles.id'))
    .addColumn('ticket_id', 'integer', (c) => c.references('dispatch_tickets.id'))
    .addColumn('flag_id', 'integer', (c) => c.references('dispatch_flags.id'))
    .addColumn('serious', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('entered_fen', 'integer')
    .addColumn('base_fen', 'integer', (c) => c.notNull())
    .addColumn('fine_fen', 'integer', (c) => c.notNull())
    .addColumn('doubled', 'integer', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('repeat_of_id', 'integer', (c) => c.references('violations.id'))
    .addColumn('consequence', 'text')
    .addColumn('personnel_flag_id', 'integer', (c) => c.references('personnel_flags.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_role', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addColumn('voided_by_name', 'text')
    .addColumn('voided_role', 'text')
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema.createIndex('violations_driver').on('violations').columns(['driver_id', 'occurred_on']).execute();
  await db.schema.createIndex('violations_user').on('violations').columns(['user_id', 'occurred_on']).execute();
  await db.schema.createIndex('violations_month').on('violations').columns(['month', 'occurred_on']).execute();
  await db.schema.createIndex('violations_flag').on('violations').columns(['flag_id']).execute();

  await db.schema
    .createTable('assessment_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_items_name').on('assessment_items').columns(['subject', 'name']).unique().execute();
  const at = '2026-11-23 00:00';
  for (const item of DEFAULT_ITEMS) {
    await sql`INSERT INTO assessment_items (name, subject, points, created_at, updated_at) VALUES (${item.name}, ${item.subject}, ${item.points}, ${at}, ${at})`.execute(db);
  }

  await db.schema
    .createTable('assessment_deductions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // a driver's or a vehicle's id, by subject
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('assessment_items.id'))
    // the item's name when entered (the catalogue may change later)
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('entered_by_name', 'text', (c) => c.notNull())
    .addColumn('entered_role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_deductions_sheet').on('assessment_deductions').columns(['month', 'subject', 'subject_id']).execute();

  await db.schema
    .createTable('assessment_signoffs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('signed_by_name', 'text', (c) => c.notNull())
    .addColumn('signed_role', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'integer', (c) => c.notNull())
    // every sheet's score as signed: [{ subject, subjectId, name, score, payDeductionFen, bonusAllowed }]
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by_name', 'text')
    .addColumn('reopened_role', 'text')
    .addColumn('reopen_reason', 'text')
    .execute();
  await db.schema.createIndex('assessment_signoffs_month').on('assessment_signoffs').columns(['month', 'signed_at']).execute();
}
