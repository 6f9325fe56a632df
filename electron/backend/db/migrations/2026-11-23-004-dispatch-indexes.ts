// Indexes the ten-year bench asked for: the day's board looks tickets up by return time, the
// list's flag filters look tickets up by flag count and flags by kind.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('dispatch_tickets_returned').on('dispatch_tickets').column('returned_at').execute();
  await db.schema.createIndex('dispatch_tickets_flags').on('dispatch_tickets').columns(['flag_count', 'start_at']).execute();
  await db.schema.createIndex('dispatch_flags_kind').on('dispatch_flags').columns(['kind', 'ticket_id']).execute();
}
