// Opens the SQLite database: WAL, synchronous=FULL, foreign keys on; one connection, one
// writer. Runs pending migrations, each in its own transaction, after backing up an existing
// database file.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
}

export function openDatabase(file: string): OpenedDatabase {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (SQLite's default is 2 MiB): at ten years the indexes a month's work
  // touches (tickets by month, fill-ups by vehicle and invoice) no longer fit in the default,
  // and a statement import's inserts went to disk for every index page
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite };
}

/** How many prepared statements the connection keeps: every query shape of the app, and then some. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, keeping its prepared statements by SQL text. Kysely prepares
 * every query anew; preparing was about a third of a small call's time (a list's page: eight
 * statements). A query's values are parameters, so its text repeats; the least recently used
 * statement goes when the cache is full. A statement still busy (being iterated) is never
 * handed out twice. SQLite re-prepares a cached statement by itself after a schema change.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string): SQLite.Statement {
      const hit = cache.get(source);
      if (hit && !hit.busy) {
        // most recently used last
        cache.delete(source);
        cache.set(source, hit);
        return hit;
      }
      const stmt = sqlite.prepare(source);
      if (!hit) {
        cache.set(source, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

export interface MigrationReport {
  applied: string[];
  backupFile: string | null;
}

/**
 * Applies the migrations not yet applied, in name order, each inside its own transaction
 * together with its bookkeeping row, so a failed migration leaves nothing half-done.
 * Kysely's Migrator does not use transactions on SQLite, hence this small runner.
 */
export async function migrate(
  opened: OpenedDatabase,
  file: string,
  now: Date,
  migrations: Record<string, Migration> = allMigrations,
  /** takes the backup before migrating and answers its file (the app's verified backup into its folder); by default a copy beside the database */
  backup?: (firstPending: string) => Promise<string>,
): Promise<MigrationReport> {
  const { db, sqlite } = opened;
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const pending = Object.keys(migrations)
    .sort()
    .filter((n) => !done.has(n));
  let backupFile: string | null = null;
  if (pending.length > 0 && done.size > 0 && file !== ':memory:') {
    if (backup) backupFile = await backup(pending[0]!);
    else {
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      backupFile = `${file}.before-${pending[0]}.${stamp}.bak`;
      await sqlite.backup(backupFile);
    }
  }
  for (const name of pending) {
    const migration = migrations[name]!;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx.insertInto('schema_migrations').values({ name, applied_at: now.toISOString() }).execute();
    });
  }
  return { applied: pending, backupFile };
}

export async function closeDatabase(opened: OpenedDatabase): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(opened.db).catch(() => undefined);
  await opened.db.destroy();
}
