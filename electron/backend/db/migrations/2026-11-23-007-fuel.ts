// Fuel fill-ups: entered by hand or imported from a fuel-card statement, each with its
// invoice, odometer and whether the tank was filled; the captain's registration and the
// manager office's approval make it reimbursable.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fuel_fillups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('filled_at', 'text', (c) => c.notNull())
    // the month of the fill, for the audit
    .addColumn('month', 'text', (c) => c.notNull())
    // an approved station, or only the name printed on the invoice
    .addColumn('station_id', 'integer', (c) => c.references('fuel_stations.id'))
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('fuel_grade', 'text', (c) => c.notNull())
    // hundredths of a litre
    .addColumn('litres', 'integer', (c) => c.notNull())
    // fen per litre
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('invoice_no', 'text', (c) => c.notNull())
    .addColumn('odometer_km', 'integer')
    .addColumn('full_tank', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text')
    .addColumn('registered_by_name', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_name', 'text')
    .execute();
  await db.schema.createIndex('fuel_fillups_month').on('fuel_fillups').columns(['month', 'vehicle_id', 'filled_at']).execute();
  await db.schema.createIndex('fuel_fillups_vehicle').on('fuel_fillups').columns(['vehicle_id', 'filled_at']).execute();
  await db.schema.createIndex('fuel_fillups_invoice').on('fuel_fillups').columns(['invoice_no']).execute();
}
