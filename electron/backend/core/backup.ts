// Backups of the database file: taken with SQLite's online backup API from a read-only
// connection of their own (so a backup holds committed data only, and never waits for the
// writer), written under a temporary name, checked (PRAGMA integrity_check and the audit
// chain) and only then given their final name: a file named `depot-….sqlite` in the folder
// has been verified. The folder keeps the newest N generations. A restore is staged beside the
// database (`<db>.restore-pending`) and applied when the backend next opens, with the current
// database kept aside under `<db>.before-restore-<time>`.
//
// The settings (folder, generations) live in `backup-settings.json` in the data folder, not in
// the database: they belong to this machine (a USB drive's path) and must survive a restore.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { z } from 'zod';
import { BACKUP_KINDS, type BackupKind } from '../../../shared/api/backup.ts';
import type { Database } from '../db/schema.ts';
import { auditMarkFile, verifyChain, type AuditHead } from './audit.ts';

export const DEFAULT_GENERATIONS = 10;
const SETTINGS_FILE = 'backup-settings.json';
const NAME = /^depot-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-([a-z]+)\.sqlite$/;

const settingsSchema = z.object({ folder: z.string().nullable(), generations: z.number().int().min(1).max(1000) });
export type BackupSettings = z.infer<typeof settingsSchema>;

export interface BackupFile {
  file: string;
  name: string;
  /** local time, to the second, from the name */
  at: string;
  kind: BackupKind;
  sizeBytes: number;
}

export interface FileCheck {
  ok: boolean;
  /** what is wrong, in plain words for the log and the message's details */
  problems: string[];
  /** the integrity (or quick) check passed and the file is one of ours */
  integrityOk: boolean;
  auditRows: number;
  /** the first audit row that does not verify */
  firstBadId: number | null;
  head: string | null;
  /** the audit row named by the mark given (readAuditMark) is in the chain */
  markFound: boolean;
  migrations: string[];
}

export const defaultBackupFolder = (dataDir: string) => path.join(dataDir, 'backups');

export function readBackupSettings(dataDir: string): BackupSettings {
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // no settings yet, or unreadable: the defaults
  }
  return { folder: null, generations: DEFAULT_GENERATIONS };
}

export function writeBackupSettings(dataDir: string, settings: BackupSettings): void {
  const file = path.join(dataDir, SETTINGS_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(settings, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export const backupFolder = (dataDir: string, settings = readBackupSettings(dataDir)) => settings.folder ?? defaultBackupFolder(dataDir);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time to the millisecond, sortable: 20261203-071530-042. */
function stamp(at: Date): string {
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}-${pad(at.getMilliseconds(), 3)}`;
}

const fileName = (at: Date, kind: BackupKind) => `depot-${stamp(at)}-${kind}.sqlite`;

/** The verified backups in a folder, newest first; other files are left alone. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || !(BACKUP_KINDS as readonly string[]).includes(m[8]!)) continue;
    const file = path.join(folder, name);
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      continue;
    }
    out.push({ file, name, at: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`, kind: m[8] as BackupKind, sizeBytes: size });
  }
  // the name sorts by time to the millisecond
  return out.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/**
 * Checks a database file on its own: it opens read-only as SQLite, PRAGMA integrity_check says
 * ok, it is one of ours (it has the migrations' table and an audit trail), and its audit
 * chain verifies.
 */
export async function checkDatabaseFile(file: string, pragma: 'integrity_check' | 'quick_check' = 'integrity_check', mark: AuditHead | null = null): Promise<FileCheck> {
  const result: FileCheck = { ok: false, problems: [], integrityOk: false, auditRows: 0, firstBadId: null, head: null, markFound: false, migrations: [] };
  let sqlite: SQLite.Database | null = null;
  try {
    sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    const rows = sqlite.pragma(pragma) as Record<string, string>[];
    const messages = rows.map((r) => Object.values(r)[0] ?? '');
    if (messages.length !== 1 || messages[0] !== 'ok') {
      result.problems.push(...messages.slice(0, 20));
      return result;
    }
    const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('schema_migrations') || !tables.has('audit_log')) {
      result.problems.push('not a database of this app (no schema_migrations or audit_log table)');
      return result;
    }
    result.integrityOk = true;
    result.migrations = (sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const chain = await verifyChain(db, mark);
    result.auditRows = chain.rows;
    result.head = chain.head;
    result.markFound = chain.markFound;
    if (!chain.ok) {
      result.firstBadId = chain.firstBadId;
      result.problems.push(`audit chain broken at row ${chain.firstBadId}`);
      return result;
    }
    result.ok = true;
    return result;
  } catch (err) {
    result.problems.push(err instanceof Error ? err.message : String(err));
    return result;
  } finally {
    sqlite?.close();
  }
}

export class BackupError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super(message);
    this.problems = problems;
  }
}

/**
 * Takes a backup of the database file into the folder, verifies it and prunes the folder to
 * the newest `generations` backups. The copy is made from a read-only connection of its own.
 */
export async function takeBackup(dbFile: string, opts: { folder: string; generations: number; kind: BackupKind; at: Date }): Promise<BackupFile & { auditRows: number; head: string }> {
  fs.mkdirSync(opts.folder, { recursive: true });
  // never over an existing backup (a fixed clock in tests, two backups in one millisecond)
  let at = opts.at;
  while (fs.existsSync(path.join(opts.folder, fileName(at, opts.kind)))) at = new Date(at.getTime() + 1);
  const name = fileName(at, opts.kind);
  const final = path.join(opts.folder, name);
  const partial = `${final}.partial`;
  const source = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`could not write ${partial}`, [err instanceof Error ? err.message : String(err)]);
  } finally {
    source.close();
  }
  const check = await checkDatabaseFile(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`the backup ${name} did not verify`, check.problems);
  }
  fs.renameSync(partial, final);
  pruneBackups(opts.folder, opts.generations);
  return { file: final, name, at: listBackups(opts.folder).find((b) => b.name === name)?.at ?? '', kind: opts.kind, sizeBytes: fs.statSync(final).size, auditRows: check.auditRows, head: check.head! };
}

/** Keeps the newest `generations` verified backups; removes older ones and stale partial files. */
export function pruneBackups(folder: string, generations: number): string[] {
  const removed: string[] = [];
  for (const old of listBackups(folder).slice(generations)) {
    fs.rmSync(old.file, { force: true });
    removed.push(old.name);
  }
  for (const name of fs.readdirSync(folder)) {
    if (name.startsWith('depot-') && name.endsWith('.sqlite.partial')) fs.rmSync(path.join(folder, name), { force: true });
  }
  return removed;
}

export const pendingRestoreFile = (dbFile: string) => `${dbFile}.restore-pending`;

/**
 * Stages a restore: the file is checked (integrity, ours, chain, no migration newer than this
 * app knows) and copied beside the database, to be swapped in when the backend next opens.
 */
export async function stageRestore(dbFile: string, source: string, knownMigrations: readonly string[], at: Date): Promise<FileCheck> {
  const check = await checkDatabaseFile(source);
  if (!check.ok) return check;
  const unknown = check.migrations.filter((m) => !knownMigrations.includes(m));
  if (unknown.length > 0) return { ...check, ok: false, problems: [`made by a newer version of the app (${unknown.join(', ')})`] };
  const pending = pendingRestoreFile(dbFile);
  fs.copyFileSync(source, `${pending}.partial`);
  // the time of the request, which names the database kept aside when it is applied
  fs.utimesSync(`${pending}.partial`, at, at);
  fs.renameSync(`${pending}.partial`, pending);
  return check;
}

/**
 * Applies a staged restore before the database is opened: the current database (with its WAL
 * and shared-memory files, so they stay a consistent set) moves aside, the staged file takes
 * its place. Returns where the old one went, or null when nothing was staged.
 */
export function applyPendingRestore(dbFile: string): { asideFile: string } | null {
  const pending = pendingRestoreFile(dbFile);
  if (!fs.existsSync(pending)) return null;
  // Named after the staged file's time, not the clock: a start cut off between the renames
  // below and run again moves the rest of the set to the same name, keeping it together.
  const asideFile = `${dbFile}.before-restore-${stamp(fs.statSync(pending).mtime)}`;
  // The restored database is older than the last one on purpose: the mark of the last one goes
  // first (a start cut off after the renames below would otherwise report a restore asked for
  // as records lost); its own head is marked next.
  fs.rmSync(auditMarkFile(dbFile), { force: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, asideFile + suffix);
  }
  fs.renameSync(pending, dbFile);
  return { asideFile };
}

/** Is the newest backup older than `hours` (or is there none)? */
export function backupDue(folder: string, now: Date, hours = 24): boolean {
  const newest = listBackups(folder)[0];
  if (!newest) return true;
  const at = new Date(newest.at.replace(' ', 'T'));
  return now.getTime() - at.getTime() >= hours * 3600_000;
}
