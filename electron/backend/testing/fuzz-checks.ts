// Checks of the API fuzz test (electron/backend/fuzz.test.ts): the one answer shape, and a
// fingerprint of the database file (and the data folder) read through a connection of its own,
// to prove that a refused call changed nothing. The inputs: fuzz-inputs.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { ERROR_CODES } from '../../../shared/api/index.ts';
import { isPlainObject } from './fuzz-inputs.ts';

// ---------------------------------------------------------------------------------------------
// The answer

/** What is wrong with an answer of dispatch: not exactly the one shape, an unknown or internal code. */
export function answerProblems(answer: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(answer)) return [`answer is not an object: ${describe(answer)}`];
  const keys = Object.keys(answer).sort().join(',');
  if (answer.ok === true) {
    if (keys !== 'data,ok') problems.push(`ok answer has keys ${keys}`);
    return problems;
  }
  if (answer.ok !== false) return [`answer.ok is ${describe(answer.ok)}`];
  if (keys !== 'error,ok') problems.push(`error answer has keys ${keys}`);
  const error = answer.error;
  if (!isPlainObject(error)) return [...problems, `error is ${describe(error)}`];
  const errorKeys = Object.keys(error);
  for (const k of errorKeys) if (!['code', 'message', 'fields'].includes(k)) problems.push(`error has an unknown key ${k}`);
  if (!(ERROR_CODES as readonly unknown[]).includes(error.code)) problems.push(`unknown error code ${describe(error.code)}`);
  if (error.code === 'INTERNAL') problems.push(`INTERNAL: ${String(error.message)}`);
  if (typeof error.message !== 'string' || error.message.trim() === '') problems.push(`message is ${describe(error.message)}`);
  else {
    if (/\n\s+at /.test(error.message)) problems.push(`message carries a stack trace: ${error.message.slice(0, 300)}`);
    if (/\[object Object\]/.test(error.message)) problems.push(`message shows [object Object]: ${error.message.slice(0, 300)}`);
    if (/^(err|field|entity)\.[\w.]+$/.test(error.message)) problems.push(`message is an untranslated key: ${error.message}`);
  }
  if ('fields' in error) {
    if (!isPlainObject(error.fields) || Object.getPrototypeOf(error.fields) !== Object.prototype) problems.push(`fields is ${describe(error.fields)}`);
    else for (const [k, m] of Object.entries(error.fields)) if (typeof m !== 'string' || m.trim() === '') problems.push(`fields.${k} is ${describe(m)}`);
  }
  return problems;
}

/**
 * A short printable form of any value: inputs can be 100k characters long, nested thousands
 * deep, without a prototype, or bigints.
 */
export function describe(v: unknown, max = 300): string {
  let out = '';
  const walk = (x: unknown, depth: number): void => {
    if (out.length > max) return;
    if (typeof x === 'string') out += JSON.stringify(x.length > 80 ? `${x.slice(0, 80)}…(${x.length})` : x);
    else if (typeof x === 'bigint') out += `${x}n`;
    else if (typeof x === 'number') out += Object.is(x, -0) ? '-0' : String(x);
    else if (x === null || typeof x !== 'object') out += String(x);
    else if (depth > 6) out += Array.isArray(x) ? '[…]' : '{…}';
    else if (x instanceof Date) out += `Date(${Number.isNaN(x.getTime()) ? 'invalid' : x.toISOString()})`;
    else if (x instanceof Map || x instanceof Set) out += `${x.constructor.name}(${x.size})`;
    else if (ArrayBuffer.isView(x)) out += `${x.constructor.name}(${x.byteLength} bytes)`;
    else if (Array.isArray(x)) {
      out += '[';
      x.forEach((e, i) => {
        if (i) out += ',';
        walk(e, depth + 1);
      });
      out += ']';
    } else {
      out += Object.getPrototypeOf(x) === null ? '[null proto]{' : '{';
      Object.keys(x).forEach((k, i) => {
        out += `${i ? ',' : ''}${JSON.stringify(k)}:`;
        walk((x as Record<string, unknown>)[k], depth + 1);
      });
      out += '}';
    }
  };
  walk(v, 0);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

// ---------------------------------------------------------------------------------------------
// The database's fingerprint

type Conn = SQLite.Database;
interface TableQuery {
  name: string;
  /** count and all rows (rowid first) as one text, from a rowid on */
  stmt: SQLite.Statement;
  /** the statement takes the rowid to start after */
  fromRowid: boolean;
  /** rows may only be added (triggers refuse UPDATE and DELETE): hashed incrementally */
  appendOnly: boolean;
}

const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Reads the database file through read-only connections of its own (WAL: they see what the
 * backend committed). `dataVersion` changes whenever another connection commits. The
 * fingerprint is the schema (tables, indexes, triggers) and every table's row count and a
 * hash of all its rows in rowid order. A table whose triggers refuse UPDATE and DELETE (the
 * audit trail) is hashed incrementally: its rows can only be added, and dropping a trigger
 * changes the schema's hash. `pin()` holds a snapshot on a second connection, so the database
 * as it was before a call can be fingerprinted after the call. `files()` lists the data folder
 * (names and sizes) beside the database: attachments, archived printouts, backups, settings.
 */
export class Fingerprinter {
  readonly dbFile: string;
  readonly #live: Conn;
  readonly #pinned: Conn;
  #isPinned = false;
  readonly #dir: string;
  readonly #ignore: Set<string>;
  readonly #prepared = new Map<Conn, { schemaKey: string; tables: TableQuery[] }>();
  /** per append-only table: rows hashed so far */
  readonly #appendCache = new Map<string, { schemaKey: string; lastRowid: number; count: number; hash: crypto.Hash }>();

  constructor(dbFile: string) {
    this.dbFile = dbFile;
    this.#live = new SQLite(dbFile, { readonly: true, fileMustExist: true });
    this.#pinned = new SQLite(dbFile, { readonly: true, fileMustExist: true });
    this.#dir = path.dirname(dbFile);
    const base = path.basename(dbFile);
    this.#ignore = new Set([base, `${base}-wal`, `${base}-shm`]);
  }

  dataVersion(): number {
    return this.#live.pragma('data_version', { simple: true }) as number;
  }

  #prepare(db: Conn): { schemaKey: string; tables: TableQuery[] } {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').raw().all() as [string, string, string, string | null][];
    const schemaKey = crypto.createHash('sha1').update(JSON.stringify(schema)).digest('hex');
    const known = this.#prepared.get(db);
    if (known?.schemaKey === schemaKey) return known;
    const triggers = schema.filter(([type]) => type === 'trigger').map(([, , table, sql]) => ({ table, sql: sql ?? '' }));
    const refuses = (table: string, event: string) => triggers.some((t) => t.table === table && new RegExp(`BEFORE\\s+${event}\\s+ON`, 'i').test(t.sql) && /RAISE\s*\(\s*ABORT/i.test(t.sql));
    const tables = schema
      .filter(([type]) => type === 'table')
      .map(([, name, , sql]) => {
        // json_array keeps types apart (1, 1.0 and '1') and is quicker than quote() || ','; a BLOB
        // column goes in as quote()'s hex (a BLOB elsewhere would make json_array fail loudly)
        const cols = (db.prepare(`PRAGMA table_info(${quoteId(name)})`).all() as { name: string; type: string }[]).map((c) =>
          /BLOB/i.test(c.type) || c.type === '' ? `quote(${quoteId(c.name)})` : quoteId(c.name),
        );
        const withoutRowid = /WITHOUT\s+ROWID/i.test(sql ?? '');
        const row = `json_array(${(withoutRowid ? cols : ['rowid', ...cols]).join(', ')})`;
        const from = withoutRowid ? `FROM ${quoteId(name)}` : `FROM ${quoteId(name)} WHERE rowid > ? ORDER BY rowid`;
        const stmt = db.prepare(`SELECT count(*) AS n, ${withoutRowid ? 'NULL' : 'max(k)'} AS last, group_concat(r, char(10)) AS s FROM (SELECT ${withoutRowid ? 'NULL' : 'rowid'} AS k, ${row} AS r ${from})`);
        return { name, stmt, fromRowid: !withoutRowid, appendOnly: !withoutRowid && refuses(name, 'UPDATE') && refuses(name, 'DELETE') };
      });
    const prepared = { schemaKey, tables };
    this.#prepared.set(db, prepared);
    return prepared;
  }

  #table(db: Conn, schemaKey: string, t: TableQuery): string {
    const read = (from: number) => (t.fromRowid ? t.stmt.get(from) : t.stmt.get()) as { n: number; last: number | null; s: string | null };
    if (t.appendOnly) {
      const cached = this.#appendCache.get(t.name);
      if (cached && cached.schemaKey === schemaKey) {
        const fresh = read(cached.lastRowid);
        const total = (db.prepare(`SELECT count(*) AS n, max(rowid) AS last FROM ${quoteId(t.name)}`).get() as { n: number; last: number | null });
        // only rows added after the cached ones: anything else (fewer rows, a pinned snapshot older than the cache) is hashed in full
        if (total.n === cached.count + fresh.n && (fresh.n === 0 || (fresh.last ?? 0) === total.last)) {
          const hash = cached.hash.copy();
          if (fresh.s) hash.update(cached.count > 0 ? `\n${fresh.s}` : fresh.s);
          const digest = hash.copy().digest('hex');
          if (fresh.n > 0) this.#appendCache.set(t.name, { schemaKey, lastRowid: fresh.last ?? cached.lastRowid, count: total.n, hash });
          return `${total.n} rows ${digest}`;
        }
      }
      const all = read(Number.MIN_SAFE_INTEGER);
      const hash = crypto.createHash('sha1').update(all.s ?? '');
      if (!cached || (all.last ?? 0) >= cached.lastRowid) this.#appendCache.set(t.name, { schemaKey, lastRowid: all.last ?? 0, count: all.n, hash: hash.copy() });
      return `${all.n} rows ${hash.digest('hex')}`;
    }
    const all = read(Number.MIN_SAFE_INTEGER);
    return `${all.n} rows ${crypto.createHash('sha1').update(all.s ?? '').digest('hex')}`;
  }

  #fingerprint(db: Conn): Record<string, string> {
    const { schemaKey, tables } = this.#prepare(db);
    const out: Record<string, string> = { '(schema)': schemaKey };
    for (const t of tables) out[t.name] = this.#table(db, schemaKey, t);
    return out;
  }

  /** The database as it is now: table → row count and hash (and the schema's hash). */
  fingerprint(): Record<string, string> {
    return this.#fingerprint(this.#live);
  }

  /** Holds (or moves) the second connection's snapshot to the database as it is now. */
  pin(): void {
    if (this.#isPinned) this.#pinned.exec('COMMIT');
    this.#pinned.exec('BEGIN');
    this.#pinned.prepare('SELECT count(*) FROM sqlite_master').get();
    this.#isPinned = true;
  }

  get pinned(): boolean {
    return this.#isPinned;
  }

  /** The fingerprint of the pinned snapshot; the pin is released. */
  fingerprintPinned(): Record<string, string> {
    if (!this.#isPinned) throw new Error('nothing pinned');
    try {
      return this.#fingerprint(this.#pinned);
    } finally {
      this.unpin();
    }
  }

  unpin(): void {
    if (this.#isPinned) this.#pinned.exec('COMMIT');
    this.#isPinned = false;
  }

  /** The data folder's files (not the database's own), with their sizes. */
  files(): string {
    const list: string[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && this.#ignore.has(e.name)) continue;
        if (e.isDirectory()) walk(path.join(dir, e.name), r);
        else list.push(`${r}:${fs.statSync(path.join(dir, e.name)).size}`);
      }
    };
    walk(this.#dir, '');
    return list.sort().join('\n');
  }

  close() {
    this.unpin();
    this.#live.close();
    this.#pinned.close();
  }
}

/** The entries of two fingerprints that differ. */
export function fingerprintDiff(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k] ?? '(none)'} -> ${b[k] ?? '(none)'}`);
}

function filesDiff(a: string, b: string): string[] {
  const x = new Set(a.split('\n').filter(Boolean));
  const y = new Set(b.split('\n').filter(Boolean));
  return [...[...x].filter((f) => !y.has(f)).map((f) => `- ${f}`), ...[...y].filter((f) => !x.has(f)).map((f) => `+ ${f}`)];
}

/**
 * Proves that refusals change nothing. Every call: the database's data_version (any commit
 * moves it) and the data folder's files must stay when the call is refused. Every batch of
 * refusals: the full fingerprint must be what it was before the batch. A batch ends at the end
 * of a method and at an accepted call that changed the database; since the change is only
 * known after the call, the snapshot before every call that may be accepted (its schema
 * accepts the input) is pinned, and the batch is checked against the pinned snapshot. The
 * caller checks the rest (`checkpoint`) when it likes: a batch may span several methods.
 */
export class RefusalGuard {
  fp: Fingerprinter;
  #baseline: Record<string, string>;
  #files: string;
  /** the refusals since the baseline (labels for the message) */
  #pending: string[] = [];
  #pendingSincePin = 0;
  #version = 0;
  #filesBefore = '';
  /** full fingerprints taken, and their time */
  fingerprints = 0;
  fingerprintMs = 0;
  /** calls seen, refusals checked by a full fingerprint */
  refusals = 0;
  checkedRefusals = 0;

  constructor(fp: Fingerprinter) {
    this.fp = fp;
    this.#baseline = this.#full(() => fp.fingerprint());
    this.#files = fp.files();
  }

  #full(take: () => Record<string, string>): Record<string, string> {
    const t = performance.now();
    try {
      return take();
    } finally {
      this.fingerprints++;
      this.fingerprintMs += performance.now() - t;
    }
  }

  /** A new database file (a restore): a new baseline. */
  reset(fp: Fingerprinter) {
    if (this.#pending.length > 0) throw new Error('reset with refusals unchecked');
    this.fp = fp;
    this.#baseline = this.#full(() => fp.fingerprint());
    this.#files = fp.files();
  }

  /** refusals not yet checked by a full fingerprint */
  get pending(): number {
    return this.#pending.length;
  }

  /** Before a call; `mayBeAccepted`: its input passes the schema. */
  before(mayBeAccepted: boolean) {
    if (mayBeAccepted && this.#pendingSincePin > 0) {
      this.fp.pin();
      this.#pendingSincePin = 0;
    }
    this.#version = this.fp.dataVersion();
    this.#filesBefore = this.#files;
  }

  /** After a refused call: what it changed (nothing, or the problems). */
  refused(label: string): string[] {
    const problems: string[] = [];
    this.refusals++;
    if (this.fp.dataVersion() !== this.#version) problems.push('a refused call committed a change to the database (data_version moved)');
    const files = this.fp.files();
    if (files !== this.#filesBefore) problems.push(`a refused call changed the data folder: ${filesDiff(this.#filesBefore, files).join(', ')}`);
    this.#pending.push(label);
    this.#pendingSincePin++;
    return problems;
  }

  /** After an accepted call: a new baseline if it changed something, once the refusals before it are checked. */
  accepted(): string[] {
    const changed = this.fp.dataVersion() !== this.#version;
    const files = this.fp.files();
    let problems: string[] = [];
    if (changed) {
      if (this.#pending.length > 0) {
        // the pin was taken right before this call, after the last refusal
        if (!this.fp.pinned || this.#pendingSincePin > 0) throw new Error('refusals after the pin');
        problems = this.#compare(this.#full(() => this.fp.fingerprintPinned()), 'before the accepted call');
      }
      this.fp.unpin();
      this.#baseline = this.#full(() => this.fp.fingerprint());
    }
    this.#files = files;
    return problems;
  }

  /** Checks the refusals since the baseline against the database as it is now. */
  checkpoint(): string[] {
    this.fp.unpin();
    this.#pendingSincePin = 0;
    if (this.#pending.length === 0) return [];
    return this.#compare(this.#full(() => this.fp.fingerprint()), 'now');
  }

  #compare(now: Record<string, string>, when: string): string[] {
    const diff = fingerprintDiff(this.#baseline, now);
    const calls = this.#pending;
    this.checkedRefusals += calls.length;
    this.#pending = [];
    this.#pendingSincePin = 0;
    if (diff.length === 0) return [];
    return [`refused calls changed the database (fingerprint ${when}):\n    ${diff.join('\n    ')}\n  the ${calls.length} refused calls since the last fingerprint:\n    ${calls.join('\n    ')}`];
  }
}
