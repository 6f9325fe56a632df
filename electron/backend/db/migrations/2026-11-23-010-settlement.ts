// The monthly settlement: one per month with its workflow signatures, a row per person, a
// line per source record, and adjustments that correct a locked month in a later one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settlements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('month', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'integer', (c) => c.notNull())
    .addColumn('prepared_at', 'text', (c) => c.notNull())
    .addColumn('prepared_by_name', 'text', (c) => c.notNull())
    .addColumn('prepared_role', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by_name', 'text')
    .addColumn('reviewed_role', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_role', 'text')
    .addColumn('locked_at', 'text')
    .addColumn('locked_by_name', 'text')
    .addColumn('locked_role', 'text')
    // the audit chain's head hash when locked
    .addColumn('audit_head', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('returned_by_name', 'text')
    .addColumn('returned_role', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('net_fen', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlements_status').on('settlements').columns(['status', 'month']).execute();

  await db.schema
    .createTable('settlement_rows')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('settlement_id', 'integer', (c) => c.notNull().references('settlements.id'))
    .addColumn('driver_id', 'integer', (c) => c.references('drivers.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('employee_no', 'text')
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('official_km', 'integer', (c) => c.notNull())
    .addColumn('safe', 'integer', (c) => c.notNull())
    // [{ key, params }]: why no bonus
    .addColumn('reasons', 'text', (c) => c.notNull())
    // { bonus, subsidy, fine, accident, fuel, repair, assessment, adjustment } in fen
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('net_fen', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_rows_settlement').on('settlement_rows').columns(['settlement_id']).execute();
  await db.schema.createIndex('settlement_rows_driver').on('settlement_rows').columns(['driver_id']).execute();

  await db.schema
    .createTable('settlement_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('row_id', 'integer', (c) => c.notNull().references('settlement_rows.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'integer')
    .addColumn('source_number', 'text')
    // { key, params }
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_lines_row').on('settlement_lines').columns(['row_id']).execute();
  await db.schema.createIndex('settlement_lines_source').on('settlement_lines').columns(['source_type', 'source_id']).execute();

  await db.schema
    .createTable('settlement_adjustments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('driver_id', 'integer', (c) => c.references('drivers.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('corrects_month', 'text', (c) => c.notNull())
    .addColumn('target_month', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_adjustments_target').on('settlement_adjustments').columns(['target_month']).execute();

  // The printed sheets, archived with the settlement: the PDF file in the data folder.
  await db.schema
    .createTable('settlement_archives')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('settlement_id', 'integer', (c) => c.notNull().references('settlements.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    // the settlement's status when printed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'text', (c) => c.notNull())
    .addColumn('archived_by_name', 'text', (c) => c.notNull())
    .addColumn('archived_role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_archives_month').on('settlement_archives').columns(['month']).execute();
}
