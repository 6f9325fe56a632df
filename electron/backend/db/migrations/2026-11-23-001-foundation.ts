// Users and roles, master data, policy versions and the audit trail.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('driver_id', 'integer', (c) => c.references('drivers.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  await db.schema
    .createTable('vehicle_models')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('fuel_standard', 'integer', (c) => c.notNull())
    .addColumn('float_ordinary', 'integer', (c) => c.notNull())
    .addColumn('seasonal_floats', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tank_capacity', 'integer', (c) => c.notNull())
    .addColumn('maintenance_interval_km', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createTable('vehicles')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plate', 'text', (c) => c.notNull().unique())
    .addColumn('model_id', 'integer', (c) => c.notNull().references('vehicle_models.id'))
    .addColumn('vin', 'text')
    .addColumn('purchase_date', 'text')
    .addColumn('parking_place', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('available'))
    .addColumn('initial_odometer_km', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createTable('drivers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('employee_no', 'text', (c) => c.notNull().unique())
    .addColumn('permit_no', 'text', (c) => c.notNull())
    .addColumn('permit_valid_from', 'text', (c) => c.notNull())
    .addColumn('permit_valid_to', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('retired_at', 'text')
    .execute();
  for (const table of ['repair_shops', 'fuel_stations']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('address', 'text')
      .addColumn('contact', 'text')
      .addColumn('phone', 'text')
      .addColumn('retired_at', 'text')
      .execute();
  }
  await db.schema
    .createTable('parts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('reference_price_fen', 'integer', (c) => c.notNull())
    .addColumn('is_major', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('effective_month', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
  // The audit trail is append-only: the database itself refuses to change or remove a row.
  // (SQLite trigger syntax; the PostgreSQL step will add the equivalent rule.)
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log rows cannot be changed'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log rows cannot be deleted'); END`.execute(db);
}
