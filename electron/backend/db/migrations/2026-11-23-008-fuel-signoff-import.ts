// The fleet captain's month: a resolution for each over-limit vehicle and anomaly, the
// signature, the penalties it produced per driver, and the director's reopenings (all kept:
// a reopened signature and the penalties it made stay, marked reopened). Fuel-card
// statements: the uploaded file kept as it came, the column mapping remembered per card
// company or station, and each imported fill-up linked to its statement, with a key that
// makes a second import of the same row add nothing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fuel_signoffs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('signed_by_name', 'text', (c) => c.notNull())
    // the month's totals and items (with their resolutions) when signed: what the signature
    // covered, shown for the signed month however the records around it change later
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by_name', 'text')
    .addColumn('reopen_reason', 'text')
    .execute();
  // at most one signature in force per month
  await sql`CREATE UNIQUE INDEX fuel_signoffs_current ON fuel_signoffs (month) WHERE reopened_at IS NULL`.execute(db);

  await db.schema
    .createTable('fuel_resolutions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    // the over-limit row of the vehicle (null), or an anomaly of one fill-up
    .addColumn('fillup_id', 'integer', (c) => c.references('fuel_fillups.id'))
    .addColumn('anomaly_kind', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    // over-limit: the excess value when resolved (a changed figure needs a new resolution);
    // a penalised anomaly: the amount charged to the fill-up's driver
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    // a penalised serious case: the drivers charged are flagged for dismissal when the month is signed
    .addColumn('dismissal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    // a later resolution of the same item replaces this one; the old one is kept
    .addColumn('replaced_at', 'text')
    .execute();
  await db.schema.createIndex('fuel_resolutions_month').on('fuel_resolutions').columns(['month', 'vehicle_id']).execute();

  await db.schema
    .createTable('fuel_penalties')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('signoff_id', 'integer', (c) => c.notNull().references('fuel_signoffs.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('resolution_id', 'integer', (c) => c.notNull().references('fuel_resolutions.id'))
    // the driver's km with the vehicle in the month (the weight of the share); null for an anomaly's charge
    .addColumn('km', 'integer')
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fuel_penalties_month').on('fuel_penalties').columns(['month', 'driver_id']).execute();

  await db.schema
    .createTable('fuel_import_profiles')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fuel_imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // the whole file once every chunk arrived, kept as the source of its fill-ups
    .addColumn('content', 'blob')
    .addColumn('sha256', 'text')
    .addColumn('profile', 'text')
    .addColumn('mapping', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_total', 'integer')
    .addColumn('rows_imported', 'integer')
    .addColumn('rows_duplicate', 'integer')
    .addColumn('rows_rejected', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text')
    .execute();
  await db.schema
    .createTable('fuel_import_chunks')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('fuel_imports.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('fuel_import_chunks_pk', ['import_id', 'seq'])
    .execute();

  await db.schema.alterTable('fuel_fillups').addColumn('import_id', 'integer', (c) => c.references('fuel_imports.id')).execute();
  await db.schema.alterTable('fuel_fillups').addColumn('import_key', 'text').execute();
  await sql`CREATE UNIQUE INDEX fuel_fillups_import_key ON fuel_fillups (import_key) WHERE import_key IS NOT NULL`.execute(db);
}
