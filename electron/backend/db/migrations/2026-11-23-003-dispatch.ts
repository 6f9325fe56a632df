// The dispatch log: tickets, their timeline, their flags, per-year number counters, and the
// odometer readings every feature that reads the odometer writes to (trips now, fill-ups later).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_counters')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['prefix', 'year'])
    .execute();

  await db.schema
    .createTable('dispatch_tickets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('driver_id', 'integer', (c) => c.notNull().references('drivers.id'))
    .addColumn('purpose_kind', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('purpose_note', 'text')
    .addColumn('planned_departure', 'text', (c) => c.notNull())
    .addColumn('planned_return', 'text', (c) => c.notNull())
    // the departure time once checked out, else the planned one: what lists filter and sort by
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_role', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_phone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decision_reason', 'text')
    .addColumn('departed_at', 'text')
    .addColumn('odometer_out_km', 'integer')
    .addColumn('returned_at', 'text')
    .addColumn('odometer_in_km', 'integer')
    .addColumn('distance_km', 'integer')
    .addColumn('return_month', 'text')
    .addColumn('parked_at_place', 'integer')
    .addColumn('parking_note', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('flag_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open_flag_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('dispatch_tickets_start').on('dispatch_tickets').columns(['start_at', 'id']).execute();
  await db.schema.createIndex('dispatch_tickets_vehicle').on('dispatch_tickets').columns(['vehicle_id', 'start_at']).execute();
  await db.schema.createIndex('dispatch_tickets_driver').on('dispatch_tickets').columns(['driver_id', 'start_at']).execute();
  await db.schema.createIndex('dispatch_tickets_status').on('dispatch_tickets').columns(['status', 'start_at']).execute();
  await db.schema.createIndex('dispatch_tickets_return_month').on('dispatch_tickets').columns(['return_month', 'vehicle_id']).execute();
  await db.schema.createIndex('dispatch_tickets_open_flags').on('dispatch_tickets').columns(['open_flag_count', 'start_at']).execute();

  await db.schema
    .createTable('dispatch_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('dispatch_tickets.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('dispatch_events_ticket').on('dispatch_events').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('dispatch_flags')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('dispatch_tickets.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('gap_km', 'integer')
    .addColumn('last_km', 'integer')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by_name', 'text')
    .addColumn('resolved_role', 'text')
    .addColumn('explanation', 'text')
    // the violation opened for this flag; the violations table arrives with its feature
    .addColumn('violation_id', 'integer')
    .execute();
  await db.schema.createIndex('dispatch_flags_ticket').on('dispatch_flags').columns(['ticket_id']).execute();

  await db.schema
    .createTable('odometer_readings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('km', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.references('dispatch_tickets.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('odometer_readings_vehicle').on('odometer_readings').columns(['vehicle_id', 'at', 'km']).execute();
}
