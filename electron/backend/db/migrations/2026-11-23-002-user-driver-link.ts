// One user account per driver record (NULLs, users who are not drivers, are not counted).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('users_driver_id_unique').on('users').column('driver_id').unique().execute();
}
