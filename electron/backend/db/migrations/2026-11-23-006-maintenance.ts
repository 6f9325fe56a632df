// Engine seizure and payment approval on repair orders; self-maintenance purchases; routine
// services; and the dismissal flags raised for the director.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Engine seizure from neglect: the cause (no_oil / no_coolant) and what was found.
  await db.schema.alterTable('repair_orders').addColumn('seizure_cause', 'text').execute();
  await db.schema.alterTable('repair_orders').addColumn('seizure_note', 'text').execute();
  // When the manager office approved the payment: the month of the shop's statement.
  await db.schema.alterTable('repair_orders').addColumn('payment_approved_at', 'text').execute();
  // Orders approved for payment before this column existed are dated by that step's event.
  await sql`UPDATE repair_orders SET payment_approved_at = (SELECT max(e.at) FROM repair_events e WHERE e.order_id = repair_orders.id AND e.step = 'approvePayment') WHERE status IN ('approved_for_payment', 'paid')`.execute(db);
  await db.schema.createIndex('repair_orders_statement').on('repair_orders').columns(['shop_id', 'payment_approved_at']).execute();

  await db.schema
    .createTable('purchases')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    // [{ name, quantity (hundredths), unit, estimatedFen }]
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('estimated_fen', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by_name', 'text')
    .addColumn('confirmed_role', 'text')
    .addColumn('confirm_note', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_role', 'text')
    .addColumn('approve_note', 'text')
    .addColumn('rejected_at', 'text')
    .addColumn('rejected_by_name', 'text')
    .addColumn('rejected_role', 'text')
    .addColumn('rejected_reason', 'text')
    .addColumn('bought_on', 'text')
    .addColumn('actual_fen', 'integer')
    .addColumn('receipt_no', 'text')
    .addColumn('bears_reason', 'text')
    .execute();
  await db.schema.createIndex('purchases_driver').on('purchases').columns(['driver_id', 'created_at']).execute();
  await db.schema.createIndex('purchases_status').on('purchases').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('routine_services')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('odometer_km', 'integer', (c) => c.notNull())
    .addColumn('shop_id', 'integer', (c) => c.references('repair_shops.id'))
    .addColumn('note', 'text')
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routine_services_vehicle').on('routine_services').columns(['vehicle_id', 'odometer_km']).execute();

  await db.schema
    .createTable('personnel_flags')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // what raised it: 'repair' (engine seizure), later 'violation'
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('source_number', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // the engine seizure's cause (no_oil / no_coolant), when that raised it
    .addColumn('cause', 'text')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('raised_by_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_role', 'text')
    .execute();
  await db.schema.createIndex('personnel_flags_open').on('personnel_flags').columns(['decision', 'raised_at']).execute();
  await db.schema.createIndex('personnel_flags_driver').on('personnel_flags').columns(['driver_id', 'raised_at']).execute();
}
