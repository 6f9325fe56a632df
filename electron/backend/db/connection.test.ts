import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { closeDatabase, migrate, openDatabase, withStatementCache } from './connection.ts';
import { migrations } from './migrations/index.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-db-'));
  dirs.push(dir);
  return path.join(dir, 'depot.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const now = new Date('2026-11-23T08:00:00');

describe('database', () => {
  it('opens with WAL, synchronous=FULL and foreign keys, and migrates from empty', async () => {
    const file = tempFile();
    const opened = openDatabase(file);
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const report = await migrate(opened, file, now);
    expect(report.applied).toEqual(Object.keys(migrations).sort());
    expect(report.backupFile).toBeNull();
    const tables = opened.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
    for (const t of ['users', 'user_roles', 'vehicles', 'vehicle_models', 'drivers', 'repair_shops', 'fuel_stations', 'parts', 'policy_versions', 'audit_log']) {
      expect(tables).toContain(t);
    }
    // Running again applies nothing.
    expect((await migrate(opened, file, now)).applied).toEqual([]);
    await closeDatabase(opened);
  });

  it('backs up an existing database before applying a new migration', async () => {
    const file = tempFile();
    const first = openDatabase(file);
    await migrate(first, file, now);
    first.sqlite.prepare("INSERT INTO repair_shops (name) VALUES ('before')").run();
    const more = { ...migrations, '2099-01-01-001-extra': { up: (db: Kysely<unknown>) => db.schema.createTable('extra').addColumn('id', 'integer').execute() } };
    const report = await migrate(first, file, now, more);
    expect(report.applied).toEqual(['2099-01-01-001-extra']);
    expect(report.backupFile).not.toBeNull();
    const backup = openDatabase(report.backupFile!);
    // The backup has the data but not yet the new table.
    expect(backup.sqlite.prepare('SELECT name FROM repair_shops').all()).toEqual([{ name: 'before' }]);
    expect(backup.sqlite.prepare("SELECT count(*) n FROM sqlite_master WHERE name='extra'").get()).toEqual({ n: 0 });
    await closeDatabase(backup);
    await closeDatabase(first);
  });

  it('a migration that fails leaves nothing half-done', async () => {
    const file = tempFile();
    const opened = openDatabase(file);
    await migrate(opened, file, now);
    const broken = {
      ...migrations,
      '2099-01-01-001-broken': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('half').addColumn('id', 'integer').execute();
          await sql`THIS IS NOT SQL`.execute(db);
        },
      },
    };
    await expect(migrate(opened, file, now, broken)).rejects.toThrow();
    expect(opened.sqlite.prepare("SELECT count(*) n FROM sqlite_master WHERE name='half'").get()).toEqual({ n: 0 });
    expect(opened.sqlite.prepare("SELECT count(*) n FROM schema_migrations WHERE name LIKE '2099%'").get()).toEqual({ n: 0 });
    await closeDatabase(opened);
  });
});

describe('the prepared statements kept by the connection', () => {
  it('hands out the same statement for the same text, a fresh one while it is busy, and forgets the least recently used', () => {
    const raw = new SQLite(':memory:');
    const conn = withStatementCache(raw, 2);
    raw.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    const first = conn.prepare('SELECT a FROM t ORDER BY a');
    expect(conn.prepare('SELECT a FROM t ORDER BY a')).toBe(first);
    // while it is being iterated, another use of the same text gets its own statement
    const rows = first.iterate() as IterableIterator<{ a: number }>;
    expect(rows.next().value).toEqual({ a: 1 });
    const other = conn.prepare('SELECT a FROM t ORDER BY a');
    expect(other).not.toBe(first);
    expect(other.all()).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect([...rows]).toEqual([{ a: 2 }, { a: 3 }]);
    expect(conn.prepare('SELECT a FROM t ORDER BY a')).toBe(first);
    // two more texts: the first, least recently used, is dropped
    conn.prepare('SELECT count(*) FROM t');
    conn.prepare('SELECT max(a) FROM t');
    expect(conn.prepare('SELECT a FROM t ORDER BY a')).not.toBe(first);
    raw.close();
  });

  it('a kept statement sees a column added after it was prepared (a migration on the open connection)', async () => {
    const opened = openDatabase(tempFile());
    await sql`CREATE TABLE t (a INTEGER)`.execute(opened.db);
    await sql`INSERT INTO t VALUES (1)`.execute(opened.db);
    expect((await sql`SELECT * FROM t`.execute(opened.db)).rows).toEqual([{ a: 1 }]);
    await sql`ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'`.execute(opened.db);
    expect((await sql`SELECT * FROM t`.execute(opened.db)).rows).toEqual([{ a: 1, b: 'x' }]);
    await closeDatabase(opened);
  });
});
