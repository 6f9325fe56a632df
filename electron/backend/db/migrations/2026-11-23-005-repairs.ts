// Shop repair orders: the order, its lines (parts from the catalogue or free text, labour),
// and the timeline of who did each step in which role and when.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('repair_orders')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    // the driver of the vehicle, who signs the parts list
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('repair_shops.id'))
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('requested_work', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // the urgent path: approved by phone first, the form filed afterwards
    .addColumn('phone_approved_by_name', 'text')
    .addColumn('phone_approved_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('signed_fingerprint', 'text')
    .addColumn('parts_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('labour_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repair_orders_vehicle').on('repair_orders').columns(['vehicle_id', 'created_at']).execute();
  await db.schema.createIndex('repair_orders_status').on('repair_orders').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('repair_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('part_id', 'integer', (c) => c.references('parts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addColumn('reference_price_fen', 'integer')
    .addColumn('is_major', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    // why a part not in the catalogue was used
    .addColumn('free_text_reason', 'text')
    // why the price is above the catalogue's reference by more than the threshold
    .addColumn('deviation_reason', 'text')
    // the fleet captain's correction: what it was, and why
    .addColumn('corrected_from', 'text')
    .addColumn('correction_reason', 'text')
    .addColumn('old_part_checked_at', 'text')
    .addColumn('old_part_checked_by_name', 'text')
    .addColumn('old_part_note', 'text')
    .execute();
  await db.schema.createIndex('repair_lines_order').on('repair_lines').columns(['order_id', 'position']).execute();

  await db.schema
    .createTable('repair_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('repair_events_order').on('repair_events').columns(['order_id', 'id']).execute();
}
