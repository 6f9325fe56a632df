// The km of a month's returned trips by vehicle and driver, read from the index alone: the fuel
// audit, the settlement, the monthly km and the home page's fuel chart sum them for one month
// or twelve. It takes over from the (return_month, vehicle_id) index, its first two columns.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('dispatch_tickets_month_km').on('dispatch_tickets').columns(['return_month', 'vehicle_id', 'driver_id', 'status', 'distance_km']).execute();
  await db.schema.dropIndex('dispatch_tickets_return_month').execute();
}
