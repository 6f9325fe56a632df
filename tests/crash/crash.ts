// Crash harness: runs the real backend (`electron/backend/serve.ts`, on this Node) as a child
// process on a database file, drives a long random sequence of writes through its HTTP API
// (master data, users, dispatch tickets from request to close with their flags, repairs from
// the request to the payment, fill-ups and their reimbursement, violations, dismissal flags,
// purchases, routine services, accidents with attachments, policy versions, "back up now"),
// several calls in flight at once, and SIGKILLs the process at a random moment, often in the
// middle of requests. After each kill it opens the file read-only, as the crash left it, and
// checks that
//  - every acknowledged write (HTTP answered ok) is there with its content;
//  - every unacknowledged write (in flight, no answer) is there whole or not at all;
//  - PRAGMA integrity_check and foreign_key_check are clean, the audit chain verifies and its
//    earlier rows are unchanged, and cross-table invariants hold (document counters, flag
//    counts, readings, events and audit rows per ticket, vehicle status, repair totals, the
//    full-text index, attachment files, backups a prefix of the live chain);
// then restarts the backend on the same file (its own start-up checks must agree) and carries
// on, so the database grows across kills.
// Deterministic given the seed (the write sequence of each lane, the lanes of each round and
// the kill plans), except for the kill timing itself, which decides what was in flight.
// SIGKILL tests the application's atomicity (one transaction per call, answered after commit),
// not the disk's: the operating system keeps what was written, fsync or not.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { verifyChain } from '../../electron/backend/core/audit.ts';
import type { Database } from '../../electron/backend/db/schema.ts';
import { servedUrl } from '../serve-url.ts';

export interface CrashOptions {
  /** how many times the backend is killed */
  kills: number;
  seed: number;
  log?: (line: string) => void;
  /** print a progress line every this many kills (0: none); every kill's failures are always logged */
  progressEvery?: number;
  /** keep the temporary folder (the database) at the end */
  keepDir?: boolean;
  /** re-check every acknowledged write since the start every this many kills (and at the end) */
  fullCheckEvery?: number;
  /** the longest random delay before a timed kill, in ms */
  burstMs?: number;
  /** stops the run between kills (a test's timeout): the child is killed and the folder removed */
  signal?: AbortSignal;
  /**
   * Self-test hook: called after each kill with a writable connection on the crashed file and
   * the writes acknowledged so far, before the checks, to show that they catch a lost write.
   * (Opening it writable recovers and checkpoints the WAL before the backend's restart does.)
   */
  tamper?: (db: SQLite.Database, kill: number, acknowledged: readonly { method: string; input: unknown; data: Row }[]) => void;
}

export interface CrashResult {
  seed: number;
  kills: number;
  /** writes answered ok */
  acknowledged: number;
  /** writes sent (or being sent) without an answer when the backend died */
  unacknowledged: number;
  /** of those, found applied whole */
  applied: number;
  /** of those, found not applied at all */
  absent: number;
  /** writes the backend refused (the harness's model was wrong; not a crash finding) */
  refused: number;
  refusals: string[];
  /** per method: acknowledged, unacknowledged, of which applied */
  byMethod: Record<string, { ack: number; lost: number; applied: number }>;
  auditRows: number;
  dbBytes: number;
  durationMs: number;
  failures: string[];
}

// ---------------------------------------------------------------------------------------------
// Small tools

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVE = path.join(ROOT, 'electron/backend/serve.ts');
const ADMIN = { username: 'admin', password: 'admin-pass-1' };
const PASSWORD = 'demo1234';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows and answers of many shapes
export type Row = Record<string, any>;

/** mulberry32: a small seeded PRNG. */
export class Rng {
  #a: number;
  constructor(seed: number) {
    this.#a = seed >>> 0;
  }
  next(): number {
    this.#a = (this.#a + 0x6d2b79f5) >>> 0;
    let t = this.#a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

function hashSeed(seed: number, name: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

// Times are minutes since 2025-01-01 00:00, written as the backend writes them: 'YYYY-MM-DD HH:mm'.
const BASE = Date.UTC(2025, 0, 1);
const DAY = 24 * 60;
const fmt = (m: number) => new Date(BASE + m * 60_000).toISOString().slice(0, 16).replace('T', ' ');
const dateOf = (m: number) => fmt(m).slice(0, 10);
/** The backend's clock (local time) in the same minutes. */
function nowIdx(): number {
  const d = new Date();
  return Math.floor((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) - BASE) / 60_000);
}
const today = () => dateOf(nowIdx());
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The backend as a child process

/** Every child still running: killed when this process exits, whatever happened. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of liveChildren) c.kill('SIGKILL');
  });
}

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

async function startServer(dbFile: string): Promise<Server> {
  installExitHook();
  const child = spawn(process.execPath, [SERVE, '--db', dbFile, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, DEPOT_ADMIN_USER: ADMIN.username, DEPOT_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    }),
  );
  const served = servedUrl(child, 60_000);
  const url = await served.url.catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });
  return { url, child, exited, output: served.output };
}

async function killServer(s: Server): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

type Answer = { kind: 'ok'; data: Row } | { kind: 'refused'; status: number; code: string; message: string } | { kind: 'lost'; sent: boolean; reason: string };

async function post(url: string, method: string, input: unknown, token?: string): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
    return { kind: 'lost', sent: code !== 'ECONNREFUSED', reason: code || String(err) };
  }
  let body: { data?: Row; error?: { code: string; message: string } };
  try {
    body = (await res.json()) as typeof body;
  } catch (err) {
    return { kind: 'lost', sent: true, reason: `answer cut: ${String(err)}` };
  }
  if (res.ok && body.data !== undefined) return { kind: 'ok', data: body.data };
  return { kind: 'refused', status: res.status, code: body.error?.code ?? '?', message: body.error?.message ?? JSON.stringify(body) };
}

// ---------------------------------------------------------------------------------------------
// Reading the crashed file

const TAG_RE = /#c\d+#/g;

/** A read-only connection on the file as the crash left it, with the audit trail indexed. */
class Snapshot {
  readonly db: SQLite.Database;
  readonly #stmts = new Map<string, SQLite.Statement>();
  /** tag → the audit rows whose `after` mentions it (a `before` repeats an earlier write's tag) */
  readonly auditByTag = new Map<string, { action: string; entity: string; entityId: string | null }[]>();
  /** `action|entity|entityId` → rows */
  readonly auditCount = new Map<string, number>();
  /** `action|entity` → the entity ids of its rows */
  readonly auditIds = new Map<string, string[]>();
  auditRows = 0;

  constructor(file: string) {
    this.db = new SQLite(file, { readonly: true, fileMustExist: true });
  }
  #stmt(sql: string) {
    let s = this.#stmts.get(sql);
    if (!s) this.#stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
  get(sql: string, ...params: unknown[]): Row | undefined {
    return this.#stmt(sql).get(...params) as Row | undefined;
  }
  all(sql: string, ...params: unknown[]): Row[] {
    return this.#stmt(sql).all(...params) as Row[];
  }
  n(sql: string, ...params: unknown[]): number {
    return Number((this.#stmt(sql).get(...params) as Row | undefined)?.n ?? 0);
  }
  loadAudit() {
    for (const r of this.db.prepare('SELECT action, entity, entity_id, after FROM audit_log ORDER BY id').iterate() as Iterable<Row>) {
      this.auditRows++;
      const k = `${r.action}|${r.entity}|${r.entity_id}`;
      this.auditCount.set(k, (this.auditCount.get(k) ?? 0) + 1);
      const ae = `${r.action}|${r.entity}`;
      let ids = this.auditIds.get(ae);
      if (!ids) this.auditIds.set(ae, (ids = []));
      ids.push(String(r.entity_id));
      const tags = new Set(`${r.after ?? ''}`.match(TAG_RE) ?? []);
      for (const t of tags) {
        let list = this.auditByTag.get(t);
        if (!list) this.auditByTag.set(t, (list = []));
        list.push({ action: r.action, entity: r.entity, entityId: r.entity_id });
      }
    }
  }
  /** audit rows of an action on an entity; with a tag, only those mentioning it (the entity id may then be unknown) */
  audit(action: string, entity: string, entityId: number | string | null | undefined, tag?: string): number {
    if (tag) return (this.auditByTag.get(tag) ?? []).filter((a) => a.action === action && (entityId == null || a.entityId === String(entityId))).length;
    if (entityId == null) return 0;
    return this.auditCount.get(`${action}|${entity}|${entityId}`) ?? 0;
  }
  #ticketText: boolean | null = null;
  /** the schema has the tickets' full-text index (migration 011) */
  hasTicketText(): boolean {
    return (this.#ticketText ??= this.n("SELECT count(*) n FROM sqlite_master WHERE name = 'dispatch_ticket_text'") > 0);
  }
  close() {
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Writes and what shows they happened

/**
 * One fact a write leaves in the database. `n` is how many times it is there (or whether it
 * is): a write is applied when all its facts are there, absent when none is, and half-applied
 * otherwise. A fact with a `key` can be changed by a later write on the same thing: for an
 * acknowledged write it is checked only while the write is the latest on that key.
 */
interface Fact {
  name: string;
  n: number | boolean;
  key?: string;
}

type Outcome = 'pending' | 'ack' | 'refused' | 'lost';

interface Op {
  no: number;
  round: number;
  lane: string;
  user: string;
  method: string;
  input: unknown;
  tag: string;
  outcome: Outcome;
  sent: boolean;
  data?: Row;
  /** the keys of `Fact.key` this write sets (known once its entity's id is) */
  keys: string[];
  facts(s: Snapshot): Fact[];
  onAck?(data: Row): void;
}

const present = (f: Fact) => (typeof f.n === 'number' ? f.n > 0 : f.n);
const duplicated = (f: Fact) => typeof f.n === 'number' && f.n > 1;
const str = (v: unknown) => JSON.stringify(v);

// ---------------------------------------------------------------------------------------------
// The depot as the harness knows it

interface VehicleInfo {
  id: number;
  plate: string;
  modelId: number;
  parkingPlace: string;
  initialKm: number;
}
interface DriverInfo {
  id: number;
  name: string;
  employeeNo: string;
  permitNo: string;
}

interface TripJob {
  type: 'trip';
  tag: string;
  end: 'close' | 'cancel' | 'reject';
  plannedDep: number;
  plannedRet: number;
  approvedAt: number;
  departedAt: number;
  outKm: number;
  expectGap: boolean;
  returnedAt: number;
  inKm: number;
  overnight: boolean;
  parked: boolean;
  ticketId?: number;
  status: string;
  flags: { id: number; kind: string; resolved: boolean }[];
}
interface RepairJob {
  type: 'repair';
  tag: string;
  phone: boolean;
  reject: boolean;
  seizure: boolean;
  seizureDone: boolean;
  partId: number | null;
  orderId?: number;
  status: string;
}
interface AccidentJob {
  type: 'accident';
  tag: string;
  occurredAt: number;
  hidden: boolean;
  input: Row;
  accidentId?: number;
  /** 0 to create, 1 to attach, 2 to update, 3 done */
  stage: number;
  attachTag?: string;
  placeTag?: string;
}
interface RoutineJob {
  type: 'routine';
  tag: string;
  done: boolean;
}
type Job = TripJob | RepairJob | AccidentJob | RoutineJob;

interface Pair {
  name: string;
  vehicleId: number;
  driverId: number;
  driverUser: string;
  /** the vehicle's last odometer reading (or its initial km) */
  lastKm: number;
  /** the first minute the pair is free for its next trip */
  clock: number;
  job: Job | null;
  dead: boolean;
}

interface PurchaseJob {
  tag: string;
  vehicleId: number;
  driverId: number;
  reject: boolean;
  id?: number;
  status: string;
}

interface Model {
  directorId: number;
  models: number[];
  vehicles: Map<number, VehicleInfo>;
  drivers: Map<number, DriverInfo>;
  /** driver id → username */
  driverUsers: Map<number, string>;
  fixedShops: number[];
  fixedStations: number[];
  /** shops and stations made during the run, with whether they are retired */
  toggles: { area: 'shops' | 'stations'; id: number; retired: boolean }[];
  parts: { id: number; price: number }[];
  pairs: Pair[];
  fuelEntered: number[];
  fuelRegistered: number[];
  voidable: number[];
  openFlags: number[];
  purchase: PurchaseJob | null;
  policy: Row;
}

// ---------------------------------------------------------------------------------------------
// The harness

export async function runCrashTest(opts: CrashOptions): Promise<CrashResult> {
  const h = new Harness(opts);
  try {
    await h.run();
  } finally {
    await h.cleanup();
  }
  return h.result();
}

class Harness {
  readonly opts: CrashOptions;
  readonly log: (line: string) => void;
  readonly dir: string;
  readonly dbFile: string;
  readonly started = Date.now();
  server: Server | null = null;
  tokens = new Map<string, Promise<string | null>>();
  round = 0;
  seq = 0;
  ops: Op[] = [];
  /** the ops of the current round */
  roundOps: Op[] = [];
  latest = new Map<string, number>();
  failures: string[] = [];
  refusals: string[] = [];
  counts = { ack: 0, lost: 0, applied: 0, absent: 0, refused: 0 };
  auditHead: { id: number; hash: string } | null = null;
  auditRows = 0;
  rngs = new Map<string, Rng>();
  model!: Model;
  killsDone = 0;
  byMethod: CrashResult['byMethod'] = {};
  dbBytesAtEnd: number | null = null;
  /** set when the round stops issuing writes (kill decided) */
  stopping = false;
  acksThisRound = 0;
  sendsThisRound = 0;
  onAckHook: (() => void) | null = null;
  onSendHook: (() => void) | null = null;
  /** time spent per phase, for the progress lines */
  timing = { start: 0, login: 0, writes: 0, check: 0 };
  /** backup.run writes found applied so far (each leaves one 'backup' audit row) */
  backupsApplied = 0;
  /** backup files already checked */
  backupsChecked = new Set<string>();

  constructor(opts: CrashOptions) {
    this.opts = opts;
    this.log = opts.log ?? (() => undefined);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-crash-'));
    this.dbFile = path.join(this.dir, 'depot.sqlite');
    // Stopped from outside (a test's timeout, Ctrl-C): the backend dies now, the run ends at the next step.
    opts.signal?.addEventListener('abort', () => this.server?.child.kill('SIGKILL'), { once: true });
  }

  async start(): Promise<void> {
    this.server = await startServer(this.dbFile);
    this.tokens.clear();
    if (this.opts.signal?.aborted) throw new Error('crash test aborted');
  }

  rng(name: string): Rng {
    let r = this.rngs.get(name);
    if (!r) this.rngs.set(name, (r = new Rng(hashSeed(this.opts.seed, name))));
    return r;
  }

  fail(msg: string) {
    const at = `kill ${Math.min(this.round, this.opts.kills)}`;
    this.failures.push(`${at}: ${msg}`);
    this.log(`FAIL ${at}: ${msg}`);
  }

  per(phase: keyof Harness['timing']): number {
    return Math.round(this.timing[phase] / Math.max(1, this.round));
  }

  /** The backend's own start-up checks (quick_check and the audit chain) agree. */
  async checkHealth() {
    const a = await post(this.server!.url, 'system.health', {});
    if (a.kind !== 'ok') return this.fail(`system.health: ${str(a)}`);
    if (!a.data.quickCheck?.ok || !a.data.auditChain?.ok) this.fail(`the backend's start-up checks failed: ${str(a.data)}`);
    else if (a.data.auditChain.rows !== this.auditRows) this.fail(`the backend's start-up check counted ${a.data.auditChain.rows} audit rows, the crashed file had ${this.auditRows}`);
  }

  result(): CrashResult {
    let dbBytes = 0;
    for (const f of [this.dbFile, `${this.dbFile}-wal`]) dbBytes += fs.existsSync(f) ? fs.statSync(f).size : 0;
    return {
      seed: this.opts.seed,
      kills: this.killsDone,
      acknowledged: this.counts.ack,
      unacknowledged: this.counts.lost,
      applied: this.counts.applied,
      absent: this.counts.absent,
      refused: this.counts.refused,
      refusals: this.refusals,
      byMethod: this.byMethod,
      auditRows: this.auditRows,
      dbBytes: this.dbBytesAtEnd ?? dbBytes,
      durationMs: Date.now() - this.started,
      failures: this.failures,
    };
  }

  stat(op: Op) {
    return (this.byMethod[op.method] ??= { ack: 0, lost: 0, applied: 0 });
  }

  async cleanup() {
    if (this.server) await killServer(this.server);
    this.server = null;
    let bytes = 0;
    for (const f of [this.dbFile, `${this.dbFile}-wal`]) bytes += fs.existsSync(f) ? fs.statSync(f).size : 0;
    this.dbBytesAtEnd = bytes;
    if (this.opts.keepDir) this.log(`database kept in ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }

  // ---- calls ----

  async token(user: string): Promise<string | null> {
    let t = this.tokens.get(user);
    if (!t) {
      const server = this.server!;
      t = post(server.url, 'auth.login', { username: user, password: user === ADMIN.username ? ADMIN.password : PASSWORD }).then((a) => {
        if (a.kind === 'ok') return a.data.token as string;
        if (a.kind === 'refused') this.fail(`login ${user} refused: ${a.code} ${a.message}`);
        return null;
      });
      this.tokens.set(user, t);
    }
    return t;
  }

  /** A call outside the random sequence (setup, checks): must succeed. */
  async must(user: string, method: string, input: unknown): Promise<Row> {
    const token = await this.token(user);
    const a = await post(this.server!.url, method, input, token ?? undefined);
    if (a.kind !== 'ok') throw new Error(`${method} as ${user}: ${a.kind === 'refused' ? `${a.code} ${a.message}` : a.reason}`);
    return a.data;
  }

  newTag(): { no: number; tag: string } {
    const no = ++this.seq;
    return { no, tag: `#c${no}#` };
  }

  op(lane: string, user: string, method: string, input: unknown, tagged: { no: number; tag: string }, facts: Op['facts'], extra: Partial<Op> = {}): Op {
    return { no: tagged.no, round: this.round, lane, user, method, input, tag: tagged.tag, outcome: 'pending', sent: false, keys: [], facts, ...extra };
  }

  /** Issues one write; false when the lane must stop (the backend is gone or going). */
  async issue(op: Op): Promise<boolean> {
    const token = await this.token(op.user);
    if (token === null || this.stopping) return false;
    this.ops.push(op);
    this.roundOps.push(op);
    op.sent = true;
    this.sendsThisRound++;
    this.onSendHook?.();
    const a = await post(this.server!.url, op.method, op.input, token);
    if (a.kind === 'ok') {
      op.outcome = 'ack';
      op.data = a.data;
      this.counts.ack++;
      this.stat(op).ack++;
      this.acksThisRound++;
      op.onAck?.(a.data);
      for (const k of op.keys) this.latest.set(k, op.no);
      this.onAckHook?.();
      return !this.stopping;
    }
    if (a.kind === 'refused') {
      op.outcome = 'refused';
      this.counts.refused++;
      const line = `${op.method} (${op.lane}, #${op.no}) refused: ${a.status} ${a.code} ${a.message}`;
      if (this.refusals.length < 50) this.refusals.push(line);
      this.log(`refused: ${line}`);
      if (a.code === 'INTERNAL') this.fail(`${op.method} answered INTERNAL: ${a.message}\n${this.server!.output().slice(-2000)}`);
      // The model was wrong about this lane: a pair stops, the others are set right from the database after the kill.
      const pair = this.model.pairs.find((p) => p.name === op.lane);
      if (pair) pair.dead = true;
      if (op.method.startsWith('purchases.')) this.model.purchase = null;
      return false;
    }
    op.outcome = 'lost';
    op.sent = a.sent;
    return false;
  }

  // ---- the run ----

  async run() {
    const { opts } = this;
    this.log(`crash test: seed ${opts.seed}, ${opts.kills} kills, folder ${this.dir}`);
    await this.start();
    await this.setup();
    const cycleRng = this.rng('rounds');
    for (this.round = 1; this.round <= opts.kills; this.round++) {
      if (opts.signal?.aborted) throw new Error('crash test aborted');
      let t0 = Date.now();
      if (this.round > 1) {
        await this.start();
        await this.checkHealth();
      }
      this.timing.start += Date.now() - t0;
      await this.workload(cycleRng);
      await killServer(this.server!);
      this.server = null;
      this.killsDone++;
      t0 = Date.now();
      const every25 = opts.fullCheckEvery ?? 25;
      const full = this.round === opts.kills || (every25 > 0 && this.round % every25 === 0);
      await this.verify(full);
      this.timing.check += Date.now() - t0;
      const every = opts.progressEvery ?? 10;
      if (every > 0 && (this.round % every === 0 || this.round === opts.kills)) {
        this.log(
          `kill ${this.round}/${opts.kills}: ${this.counts.ack} acknowledged, ${this.counts.lost} unacknowledged (${this.counts.applied} applied, ${this.counts.absent} absent), ${this.counts.refused} refused, ${this.auditRows} audit rows, ${this.model.pairs.length} vehicle/driver pairs, ${((Date.now() - this.started) / 1000).toFixed(0)} s (per kill: start ${this.per('start')}, login ${this.per('login')}, writes ${this.per('writes')}, checks ${this.per('check')} ms)`,
        );
      }
    }
    // A last start on the crashed file: the backend opens it and its own chain check agrees.
    await this.start();
    await this.checkHealth();
    const v = await this.must('zhuren', 'audit.verify', {});
    if (!v.ok || v.rows !== this.auditRows) this.fail(`audit.verify after the last restart: ${str(v)}, the crashed file had ${this.auditRows} rows`);
    // a clean stop this time (SIGTERM: the backend checkpoints and closes)
    const last = this.server!;
    last.child.kill('SIGTERM');
    await last.exited;
    this.server = null;
    const db = new SQLite(this.dbFile, { readonly: true });
    const ic = db.pragma('integrity_check', { simple: true });
    db.close();
    if (ic !== 'ok') this.fail(`integrity_check after a clean shutdown: ${String(ic)}`);
    // Files a kill left half-written (temporary names; never taken for real ones): counted, not failures.
    const count = (dir: string, re: RegExp) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)).length : 0);
    this.log(
      `left behind by kills: ${count(path.join(this.dir, 'backups'), /\.partial$/)} partial backup(s), ${count(path.join(this.dir, 'attachments'), /\.tmp$/)} temporary attachment file(s); ` +
        `${count(path.join(this.dir, 'backups'), /^depot-.*\.sqlite$/)} backups in the folder, all verified`,
    );
  }

  /** The depot the random sequence starts from, made through the API. */
  async setup() {
    const A = ADMIN.username;
    const staff: [string, string, string][] = [
      ['zhuren', '郑主任', 'director'],
      ['bangong', '许文静', 'fleet_office'],
      ['duizhang', '韩队长', 'fleet_captain'],
      ['jingli', '经理室', 'manager_office'],
      ['caiwu', '财务', 'finance'],
      ['zuzhang', '组长', 'group_leader'],
    ];
    let directorId = 0;
    for (const [username, displayName, role] of staff) {
      const u = await this.must(A, 'users.create', { username, displayName, password: PASSWORD, roles: [role], driverId: null });
      if (role === 'director') directorId = u.id as number;
    }
    const modelId = (await this.must('bangong', 'models.create', { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [], tankCapacity: 5000, maintenanceIntervalKm: 5000 })).id as number;
    const m: Model = {
      directorId,
      models: [modelId],
      vehicles: new Map(),
      drivers: new Map(),
      driverUsers: new Map(),
      fixedShops: [],
      fixedStations: [],
      toggles: [],
      parts: [],
      pairs: [],
      fuelEntered: [],
      fuelRegistered: [],
      voidable: [],
      openFlags: [],
      purchase: null,
      policy: (await this.must('zhuren', 'policy.get', {})).version.settings as Row,
    };
    this.model = m;
    for (let i = 1; i <= 4; i++) {
      const v = { plate: `闽B0000${i}`, modelId, parkingPlace: '车库', initialOdometerKm: 10000 * i };
      const id = (await this.must('bangong', 'vehicles.create', v)).id as number;
      m.vehicles.set(id, { id, plate: v.plate, modelId, parkingPlace: v.parkingPlace, initialKm: v.initialOdometerKm });
      const d = { name: `司机${i}`, employeeNo: `S${i}`, permitNo: `P-S${i}`, permitValidFrom: '2020-01-01', permitValidTo: '2029-12-31' };
      const did = (await this.must('bangong', 'drivers.create', d)).id as number;
      m.drivers.set(did, { id: did, name: d.name, employeeNo: d.employeeNo, permitNo: d.permitNo });
      await this.must(A, 'users.create', { username: `s${i}`, displayName: d.name, password: PASSWORD, roles: ['driver'], driverId: did });
      m.driverUsers.set(did, `s${i}`);
    }
    for (const name of ['第一修理厂', '第二修理厂']) m.fixedShops.push((await this.must('bangong', 'shops.create', { name })).id as number);
    for (const name of ['中石化一站', '中石油二站']) m.fixedStations.push((await this.must('bangong', 'stations.create', { name })).id as number);
    for (const [name, price] of [['机油滤芯', 3500], ['刹车片', 18000]] as const) {
      const id = (await this.must('bangong', 'parts.create', { name, unit: '件', referencePriceFen: price, isMajor: false })).id as number;
      m.parts.push({ id, price });
    }
    this.formPairs();
    this.tokens.clear();
  }

  /** New vehicle/driver pairs from vehicles and drivers (with a user) not yet in one, by id. */
  formPairs() {
    const m = this.model;
    const usedV = new Set(m.pairs.map((p) => p.vehicleId));
    const usedD = new Set(m.pairs.map((p) => p.driverId));
    const vs = [...m.vehicles.keys()].filter((id) => !usedV.has(id)).sort((a, b) => a - b);
    const ds = [...m.driverUsers.keys()].filter((id) => !usedD.has(id)).sort((a, b) => a - b);
    for (let i = 0; i < Math.min(vs.length, ds.length); i++) {
      const v = m.vehicles.get(vs[i]!)!;
      const name = `pair${m.pairs.length + 1}`;
      // Each pair starts its trips on its own day in January 2025.
      m.pairs.push({ name, vehicleId: v.id, driverId: ds[i]!, driverUser: m.driverUsers.get(ds[i]!)!, lastKm: v.initialKm, clock: this.rng(name).int(0, 20) * DAY, job: null, dead: false });
    }
  }

  /** One round: some lanes write concurrently until the kill. */
  async workload(rng: Rng) {
    this.stopping = false;
    this.acksThisRound = 0;
    this.sendsThisRound = 0;
    this.roundOps = [];
    this.onAckHook = null;
    this.onSendHook = null;
    const server = this.server!;
    // One to six lanes write at once: each of master data, fuel and conduct now and then, the
    // others vehicle/driver pairs (their number grows with the master data).
    const pairs = this.model.pairs.filter((p) => !p.dead).map((p) => p.name);
    const width = rng.int(1, 6);
    const chosen = (['master', 'fuel', 'conduct'] as string[]).filter(() => rng.chance(0.3));
    while (chosen.length < width && chosen.length < pairs.length + 3) {
      const l = rng.pick(pairs.length > 0 ? pairs : ['master']);
      if (!chosen.includes(l)) chosen.push(l);
      else if (pairs.every((p) => chosen.includes(p))) break;
    }
    if (chosen.length === 0) chosen.push('master');
    // Log in first the users the lanes mostly write as (logins are not the writes under test;
    // the others log in when first needed).
    const t0 = Date.now();
    const users = new Set<string>();
    for (const l of chosen) {
      const mostly = l === 'master' ? ['bangong', ADMIN.username] : l === 'fuel' ? ['bangong', 'duizhang', 'jingli'] : l === 'conduct' ? ['bangong', 'zhuren'] : ['bangong', 'zhuren', 'duizhang'];
      for (const u of mostly) users.add(u);
    }
    await Promise.all([...users].map((u) => this.token(u)));
    const t1 = Date.now();
    this.timing.login += t1 - t0;

    // The kill: after a random delay (mostly mid-request), a few ms after the n-th request
    // went out (while it is being handled or committed), right when the n-th answer arrives
    // (the other lanes are mid-request), or once idle after the n-th answer.
    const mode = rng.pick(['timer', 'timer', 'sent', 'sent', 'answer', 'idle'] as const);
    const delay = rng.int(5, this.opts.burstMs ?? 700);
    const nth = rng.int(1, 40);
    const kill = () => {
      this.stopping = true;
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    };
    let timer: NodeJS.Timeout | null = null;
    const afterSend = rng.int(0, 25);
    if (mode === 'timer') timer = setTimeout(kill, delay);
    else if (mode === 'sent')
      this.onSendHook = () => {
        if (this.sendsThisRound === nth) timer = setTimeout(kill, afterSend);
      };
    else if (mode === 'answer') this.onAckHook = () => this.acksThisRound >= nth && kill();
    else
      this.onAckHook = () => {
        if (this.acksThisRound >= nth) this.stopping = true;
      };
    // Whatever happens, the backend dies within a few seconds.
    const backstop = setTimeout(kill, (this.opts.burstMs ?? 700) * 6 + 3000);

    const running = chosen.map((l) => this.runLane(l));
    await Promise.all(running);
    // 'idle': nothing is in flight any more, the acknowledged writes must survive on their own.
    // Otherwise every lane ran out of work before the kill came.
    if (mode === 'idle') await sleep(rng.int(0, 20));
    kill();
    if (timer) clearTimeout(timer);
    clearTimeout(backstop);
    this.onAckHook = null;
    this.onSendHook = null;
    await server.exited;
    this.timing.writes += Date.now() - t1;
  }

  async runLane(lane: string) {
    try {
      while (!this.stopping) {
        const op = this.nextOp(lane);
        if (!op) return;
        if (!(await this.issue(op))) return;
      }
    } catch (err) {
      this.fail(`lane ${lane} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  nextOp(lane: string): Op | null {
    if (lane === 'master') return this.masterOp();
    if (lane === 'fuel') return this.fuelOp();
    if (lane === 'conduct') return this.conductOp();
    const pair = this.model.pairs.find((p) => p.name === lane);
    return pair ? this.pairOp(pair) : null;
  }

  // ---- lane: master data, users and policy ----

  masterOp(): Op {
    const r = this.rng('master');
    const m = this.model;
    const L = 'master';
    // A driver without a login gets one first (a pair needs it to sign repairs).
    const noUser = [...m.drivers.keys()].filter((id) => !m.driverUsers.has(id)).sort((a, b) => a - b);
    if (noUser.length > 0) {
      const driverId = noUser[0]!;
      const t = this.newTag();
      const username = `drv${t.no}`;
      const input = { username, displayName: `${m.drivers.get(driverId)!.name}${t.tag}`, password: PASSWORD, roles: ['driver'], driverId };
      return this.op(L, ADMIN.username, 'users.create', input, t, (s) => {
        const u = s.get('SELECT * FROM users WHERE username = ?', username);
        return [
          { name: 'users row', n: u?.driver_id === driverId && u?.active === 1 },
          { name: 'user_roles driver', n: u ? s.n("SELECT count(*) n FROM user_roles WHERE user_id = ? AND role = 'driver'", u.id) : 0 },
          { name: 'audit users.create', n: s.audit('users.create', 'users', u?.id, t.tag) },
        ];
      }, {
        onAck: (d) => {
          m.driverUsers.set(driverId, username);
        },
      });
    }
    const w = r.next();
    if (w < 0.14) {
      const t = this.newTag();
      const input = { plate: `闽A${String(t.no % 100000).padStart(5, '0')}`, modelId: r.pick(m.models), parkingPlace: `车库${r.int(1, 3)}号`, initialOdometerKm: r.int(1000, 90000), note: `新车${t.tag}` };
      return this.op(L, 'bangong', 'vehicles.create', input, t, (s) => {
        const v = s.get('SELECT * FROM vehicles WHERE plate = ?', input.plate);
        return [
          { name: 'vehicles row', n: v?.model_id === input.modelId && v?.initial_odometer_km === input.initialOdometerKm && v?.parking_place === input.parkingPlace },
          { name: 'audit vehicles.create', n: s.audit('vehicles.create', 'vehicles', v?.id, t.tag) },
        ];
      }, {
        onAck: (d) => m.vehicles.set(d.id, { id: d.id, plate: d.plate, modelId: input.modelId, parkingPlace: input.parkingPlace, initialKm: input.initialOdometerKm }),
      });
    }
    if (w < 0.28) {
      const t = this.newTag();
      const input = { name: `司机${t.no}`, employeeNo: `E${t.no}`, permitNo: `P${t.tag}`, permitValidFrom: '2020-01-01', permitValidTo: '2029-12-31', phone: `139${String(t.no).padStart(8, '0')}` };
      return this.op(L, 'bangong', 'drivers.create', input, t, (s) => {
        const d = s.get('SELECT * FROM drivers WHERE employee_no = ?', input.employeeNo);
        return [
          { name: 'drivers row', n: d?.name === input.name && d?.permit_no === input.permitNo },
          { name: 'audit drivers.create', n: s.audit('drivers.create', 'drivers', d?.id, t.tag) },
        ];
      }, { onAck: (d) => m.drivers.set(d.id, { id: d.id, name: input.name, employeeNo: input.employeeNo, permitNo: input.permitNo }) });
    }
    if (w < 0.32) {
      const t = this.newTag();
      const input = { name: `车型${t.tag}`, fuelStandard: r.int(700, 1300), floatOrdinary: r.int(200, 500), seasonalFloats: r.chance(0.5) ? [{ fromMonth: 6, toMonth: 8, float: 150 }] : [], tankCapacity: r.int(40, 80) * 100, maintenanceIntervalKm: 5000 };
      return this.op(L, 'bangong', 'models.create', input, t, (s) => {
        const row = s.get('SELECT * FROM vehicle_models WHERE name = ?', input.name);
        return [
          { name: 'vehicle_models row', n: row?.fuel_standard === input.fuelStandard && row?.seasonal_floats === str(input.seasonalFloats) },
          { name: 'audit models.create', n: s.audit('models.create', 'models', row?.id, t.tag) },
        ];
      }, { onAck: (d) => m.models.push(d.id) });
    }
    if (w < 0.44) {
      const area = r.chance(0.5) ? ('shops' as const) : ('stations' as const);
      const table = area === 'shops' ? 'repair_shops' : 'fuel_stations';
      const t = this.newTag();
      const input = { name: `${area === 'shops' ? '修理厂' : '加油站'}${t.tag}`, address: `路${t.no}号`, contact: '王', phone: '0591-1234567' };
      return this.op(L, 'bangong', `${area}.create`, input, t, (s) => {
        const row = s.get(`SELECT * FROM ${table} WHERE name = ?`, input.name);
        return [
          { name: `${table} row`, n: row?.address === input.address },
          { name: `audit ${area}.create`, n: s.audit(`${area}.create`, area, row?.id, t.tag) },
        ];
      }, { onAck: (d) => m.toggles.push({ area, id: d.id, retired: false }) });
    }
    if (w < 0.50) {
      const t = this.newTag();
      const input = { name: `配件${t.tag}`, unit: '件', referencePriceFen: r.int(10, 500) * 100, isMajor: false };
      return this.op(L, 'bangong', 'parts.create', input, t, (s) => {
        const row = s.get('SELECT * FROM parts WHERE name = ?', input.name);
        return [
          { name: 'parts row', n: row?.reference_price_fen === input.referencePriceFen },
          { name: 'audit parts.create', n: s.audit('parts.create', 'parts', row?.id, t.tag) },
        ];
      }, { onAck: (d) => m.parts.push({ id: d.id, price: input.referencePriceFen }) });
    }
    if (w < 0.64) {
      const v = m.vehicles.get(r.pick([...m.vehicles.keys()].sort((a, b) => a - b)))!;
      const t = this.newTag();
      const input = { id: v.id, plate: v.plate, modelId: v.modelId, parkingPlace: v.parkingPlace, initialOdometerKm: v.initialKm, note: `备注${t.tag}` };
      const key = `vehicle-note:${v.id}`;
      return this.op(L, 'bangong', 'vehicles.update', input, t, (s) => [
        { name: 'vehicles.note', n: s.get('SELECT note FROM vehicles WHERE id = ?', v.id)?.note === input.note, key },
        { name: 'audit vehicles.update', n: s.audit('vehicles.update', 'vehicles', v.id, t.tag) },
      ], { keys: [key] });
    }
    if (w < 0.72) {
      const d = m.drivers.get(r.pick([...m.drivers.keys()].sort((a, b) => a - b)))!;
      const t = this.newTag();
      const input = { id: d.id, name: d.name, employeeNo: d.employeeNo, permitNo: d.permitNo, permitValidFrom: '2020-01-01', permitValidTo: '2029-12-31', phone: `电话${t.tag}` };
      const key = `driver-phone:${d.id}`;
      return this.op(L, 'bangong', 'drivers.update', input, t, (s) => [
        { name: 'drivers.phone', n: s.get('SELECT phone FROM drivers WHERE id = ?', d.id)?.phone === input.phone, key },
        { name: 'audit drivers.update', n: s.audit('drivers.update', 'drivers', d.id, t.tag) },
      ], { keys: [key] });
    }
    if (w < 0.90 && m.toggles.length > 0) {
      const x = r.pick(m.toggles);
      const verb = x.retired ? 'reactivate' : 'retire';
      const table = x.area === 'shops' ? 'repair_shops' : 'fuel_stations';
      const t = this.newTag();
      const input = { id: x.id, reason: `原因${t.tag}` };
      const key = `${x.area}:${x.id}`;
      const retiredAfter = verb === 'retire';
      return this.op(L, 'bangong', `${x.area}.${verb}`, input, t, (s) => [
        { name: `${table}.retired_at`, n: (s.get(`SELECT retired_at FROM ${table} WHERE id = ?`, x.id)?.retired_at != null) === retiredAfter, key },
        { name: `audit ${x.area}.${verb}`, n: s.audit(`${x.area}.${verb}`, x.area, x.id, t.tag) },
      ], { keys: [key], onAck: () => (x.retired = retiredAfter) });
    }
    if (w < 0.94) return this.backupOp();
    // A policy version for a coming month (never reaching back into the trips' months).
    const t = this.newTag();
    const settings = structuredClone(m.policy);
    settings.drivers.permitWarningDays = r.int(10, 90);
    settings.settlement.safetyBonusFen = r.int(50, 200) * 100;
    const input = { effectiveMonth: addMonths(today().slice(0, 7), r.int(1, 12)), settings, reason: `调整${t.tag}` };
    return this.op(L, 'zhuren', 'policy.update', input, t, (s) => {
      const row = s.get('SELECT * FROM policy_versions WHERE reason = ?', input.reason);
      const saved = row ? (JSON.parse(row.settings) as Row) : null;
      return [
        { name: 'policy_versions row', n: row?.effective_month === input.effectiveMonth && saved?.drivers?.permitWarningDays === settings.drivers.permitWarningDays },
        { name: 'audit policy.update', n: s.audit('policy.update', 'policy', row?.id, t.tag) },
      ];
    });
  }

  /**
   * "Back up now": a verified copy in the folder and a 'backup' audit row naming it. The copy is
   * made before the row commits, so a kill in between leaves a (valid) file without its row:
   * the row alone decides whether the write happened; a recorded backup's file must exist.
   */
  backupOp(): Op {
    const t = this.newTag();
    const op: Op = this.op('master', 'zhuren', 'backup.run', {}, t, (s) => {
      if (op.outcome === 'ack') {
        const name = op.data!.name as string;
        const folder = path.join(this.dir, 'backups');
        const newer = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => /^depot-.*\.sqlite$/.test(f) && f > name).length : 0;
        return [
          { name: 'audit backup row', n: s.audit('backup', 'backups', name) },
          // pruned once ten newer generations exist
          { name: 'backup file', n: fs.existsSync(path.join(folder, name)) || newer >= 10 },
        ];
      }
      // unacknowledged: its row is the one 'backup' row more than the backups recorded so far
      return [{ name: 'audit backup row', n: (s.auditIds.get('backup|backups') ?? []).length - this.backupsApplied }];
    }, { onAck: () => this.backupsApplied++ });
    return op;
  }

  // ---- lane: fill-ups and their reimbursement ----

  fuelOp(): Op {
    const r = this.rng('fuel');
    const m = this.model;
    const w = r.next();
    if (w < 0.2 && m.fuelRegistered.length > 0) {
      const ids = m.fuelRegistered.slice(0, r.int(1, 4));
      return this.fuelStep('approve', 'jingli', ids, 'approved_at');
    }
    if (w < 0.4 && m.fuelEntered.length > 0) {
      const ids = m.fuelEntered.slice(0, r.int(1, 4));
      return this.fuelStep('register', 'duizhang', ids, 'registered_at');
    }
    const t = this.newTag();
    const vehicleId = r.pick([...m.vehicles.keys()].sort((a, b) => a - b));
    const driverId = r.pick([...m.drivers.keys()].sort((a, b) => a - b));
    const litres = r.int(2000, 6000);
    const unitPriceFen = r.int(700, 820);
    const amountFen = r.chance(0.9) ? Math.round((litres * unitPriceFen) / 100) : r.int(15000, 50000);
    const byName = r.chance(0.2);
    const input = {
      vehicleId,
      driverId,
      filledAt: fmt(r.int(0, nowIdx() - 2 * DAY)),
      ...(byName ? { stationName: `路边站${t.tag}` } : { stationId: r.pick(m.fixedStations) }),
      fuelGrade: r.pick(['92#', '95#', '0#']),
      litres,
      unitPriceFen,
      amountFen,
      invoiceNo: `FP${t.tag}`,
      fullTank: r.chance(0.7),
      note: `加油${t.tag}`,
    };
    return this.op('fuel', 'bangong', 'fuel.create', input, t, (s) => {
      const f = s.get('SELECT * FROM fuel_fillups WHERE invoice_no = ?', input.invoiceNo);
      return [
        {
          name: 'fuel_fillups row',
          n: f?.vehicle_id === vehicleId && f?.driver_id === driverId && f?.filled_at === input.filledAt && f?.litres === litres && f?.amount_fen === amountFen && f?.month === input.filledAt.slice(0, 7),
        },
        { name: 'audit fuel.create', n: s.audit('fuel.create', 'fuel_fillups', f?.id, t.tag) },
      ];
    }, { onAck: (d) => m.fuelEntered.push(d.id) });
  }

  fuelStep(step: 'register' | 'approve', user: string, ids: number[], column: string): Op {
    const m = this.model;
    const t = this.newTag();
    return this.op('fuel', user, `fuel.${step}`, { ids }, t, (s) =>
      ids.flatMap((id) => [
        { name: `fuel_fillups ${id}.${column}`, n: s.get(`SELECT ${column} AS v FROM fuel_fillups WHERE id = ?`, id)?.v != null },
        { name: `audit fuel.${step} ${id}`, n: s.audit(`fuel.${step}`, 'fuel_fillups', id) },
      ]),
    {
      onAck: () => {
        if (step === 'register') {
          m.fuelEntered = m.fuelEntered.filter((id) => !ids.includes(id));
          m.fuelRegistered.push(...ids);
        } else m.fuelRegistered = m.fuelRegistered.filter((id) => !ids.includes(id));
      },
    });
  }

  // ---- lane: violations, dismissal flags, purchases ----

  conductOp(): Op {
    const r = this.rng('conduct');
    const m = this.model;
    const w = r.next();
    if (m.purchase && w < 0.45) return this.purchaseOp(r);
    if (w < 0.55 && m.voidable.length > 0) {
      const id = r.pick(m.voidable);
      const t = this.newTag();
      const input = { id, reason: `录错${t.tag}` };
      return this.op('conduct', 'zhuren', 'violations.void', input, t, (s) => [
        { name: 'violations voided', n: s.get('SELECT void_reason FROM violations WHERE id = ?', id)?.void_reason === input.reason },
        { name: 'audit violations.void', n: s.audit('violations.void', 'violations', id, t.tag) },
      ], { onAck: () => (m.voidable = m.voidable.filter((x) => x !== id)) });
    }
    if (w < 0.65 && m.openFlags.length > 0) {
      const id = r.pick(m.openFlags);
      const t = this.newTag();
      const input = { id, decision: r.pick(['kept', 'dismissed']), note: `决定${t.tag}` };
      return this.op('conduct', 'zhuren', 'personnel.decide', input, t, (s) => [
        { name: 'personnel_flags decided', n: str(s.get('SELECT decision, decision_note FROM personnel_flags WHERE id = ?', id)) === str({ decision: input.decision, decision_note: input.note }) },
        { name: 'audit personnel.decide', n: s.audit('personnel.decide', 'personnel_flags', id, t.tag) },
      ], { onAck: () => (m.openFlags = m.openFlags.filter((x) => x !== id)) });
    }
    if (!m.purchase && w < 0.8) {
      const t = this.newTag();
      m.purchase = { tag: t.tag, vehicleId: r.pick([...m.vehicles.keys()].sort((a, b) => a - b)), driverId: r.pick([...m.drivers.keys()].sort((a, b) => a - b)), reject: r.chance(0.15), status: 'none' };
      return this.purchaseOp(r);
    }
    return this.violationOp(r);
  }

  violationOp(r: Rng): Op {
    const m = this.model;
    const t = this.newTag();
    const director = r.chance(0.1);
    const kind = director ? r.pick(['forced_private_trip', 'private_use']) : r.pick(['private_use', 'not_parked', 'drinking', 'police', 'fuel_fraud']);
    const input = {
      kind,
      offenderRole: director ? 'director' : 'driver',
      ...(director ? { userId: m.directorId } : { driverId: r.pick([...m.drivers.keys()].sort((a, b) => a - b)) }),
      occurredOn: dateOf(r.int(0, nowIdx() - 2 * DAY)),
      ...(r.chance(0.5) ? { vehicleId: r.pick([...m.vehicles.keys()].sort((a, b) => a - b)) } : {}),
      serious: kind === 'drinking' && r.chance(0.3),
      ...(kind === 'fuel_fraud' ? { enteredFen: r.int(50, 500) * 100 } : {}),
      description: `违规${t.tag}`,
    };
    return this.op('conduct', 'bangong', 'violations.create', input, t, (s) => {
      const w = s.get('SELECT * FROM violations WHERE description = ?', input.description);
      const facts: Fact[] = [
        { name: 'violations row', n: w?.kind === kind && w?.occurred_on === input.occurredOn && w?.month === input.occurredOn.slice(0, 7) },
        { name: 'audit violations.create', n: s.audit('violations.create', 'violations', w?.id, t.tag) },
      ];
      if (w?.consequence === 'dismissal' && w.driver_id !== null) {
        facts.push({ name: 'personnel flag of the violation', n: s.n("SELECT count(*) n FROM personnel_flags WHERE source_type = 'violation' AND source_id = ? AND id = ?", w.id, w.personnel_flag_id) });
      }
      return facts;
    }, {
      onAck: (d) => {
        m.voidable.push(d.id);
        if (d.personnelFlagId) m.openFlags.push(d.personnelFlagId);
      },
    });
  }

  purchaseOp(r: Rng): Op {
    const m = this.model;
    const p = m.purchase!;
    const done = () => (m.purchase = null);
    const sync = (d: Row) => {
      p.id = d.id;
      p.status = d.status;
      if (!['requested', 'confirmed', 'approved'].includes(d.status)) done();
    };
    if (p.status === 'none') {
      const t = { no: ++this.seq, tag: p.tag };
      const input = { vehicleId: p.vehicleId, driverId: p.driverId, items: [{ name: `机油${t.tag}`, quantity: 100 * r.int(1, 4), unit: '桶', estimatedFen: r.int(50, 400) * 100 }], note: `申请${t.tag}` };
      return this.op('conduct', 'bangong', 'purchases.create', input, t, (s) => {
        const row = s.get('SELECT * FROM purchases WHERE note = ?', input.note);
        return [
          { name: 'purchases row', n: row?.vehicle_id === p.vehicleId && row?.estimated_fen === input.items[0]!.estimatedFen },
          { name: 'audit purchases.create', n: s.audit('purchases.create', 'purchases', row?.id, t.tag) },
        ];
      }, { onAck: sync });
    }
    const id = p.id!;
    const t = this.newTag();
    const simple = (step: string, user: string, input: Row, column: string, value: unknown) =>
      this.op('conduct', user, `purchases.${step}`, input, t, (s) => [
        { name: `purchases.${column}`, n: s.get(`SELECT ${column} AS v FROM purchases WHERE id = ?`, id)?.v === value },
        { name: `audit purchases.${step}`, n: s.audit(`purchases.${step}`, 'purchases', id, t.tag) },
      ], { onAck: sync });
    if (p.status === 'requested') {
      if (p.reject) return simple('reject', 'zuzhang', { id, reason: `不需要${t.tag}` }, 'rejected_reason', `不需要${t.tag}`);
      return simple('confirm', 'zuzhang', { id, note: `确认${t.tag}` }, 'confirm_note', `确认${t.tag}`);
    }
    if (p.status === 'confirmed') return simple('approve', 'zhuren', { id, note: `同意${t.tag}` }, 'approve_note', `同意${t.tag}`);
    return simple('buy', 'bangong', { id, boughtOn: today(), actualFen: r.int(50, 400) * 100, receiptNo: `SJ${t.tag}` }, 'receipt_no', `SJ${t.tag}`);
  }

  // ---- lanes: one per vehicle and driver ----

  pairOp(pair: Pair): Op | null {
    if (pair.dead) return null;
    const r = this.rng(pair.name);
    for (let guard = 0; guard < 5; guard++) {
      if (!pair.job) pair.job = this.newJob(pair, r);
      const op = this.jobOp(pair, pair.job, r);
      if (op) return op;
      this.finishJob(pair, pair.job);
      pair.job = null;
    }
    return null;
  }

  newJob(pair: Pair, r: Rng): Job {
    const w = r.next();
    const t = this.newTag();
    // trips need a free day well in the past
    const day = Math.floor(pair.clock / DAY) + 1;
    const tripOk = (day + 2) * DAY < nowIdx();
    if (w < 0.72 && tripOk) {
      const plannedDep = day * DAY + 8 * 60 + r.int(0, 150);
      const overnight = r.chance(0.12);
      const departedAt = plannedDep + r.int(0, 30);
      const returnedAt = overnight ? (day + 1) * DAY + 7 * 60 + r.int(0, 180) : departedAt + r.int(120, 19 * 60 + 30 - (departedAt - day * DAY));
      const gap = r.chance(0.1);
      const outKm = pair.lastKm + (gap ? r.int(20, 90) : r.int(0, 5));
      const e = r.next();
      return {
        type: 'trip',
        tag: t.tag,
        end: e < 0.05 ? 'cancel' : e < 0.09 ? 'reject' : 'close',
        plannedDep,
        plannedRet: plannedDep + r.int(4, 10) * 60,
        approvedAt: plannedDep - 15,
        departedAt,
        outKm,
        expectGap: gap,
        returnedAt,
        inKm: outKm + r.int(5, 280),
        overnight,
        parked: r.chance(0.9),
        status: 'none',
        flags: [],
      };
    }
    if (w < 0.86 || !tripOk) {
      return { type: 'repair', tag: t.tag, phone: r.chance(0.2), reject: r.chance(0.05), seizure: r.chance(0.08), seizureDone: false, partId: r.chance(0.5) ? r.pick(this.model.parts).id : null, status: 'none' };
    }
    if (w < 0.93) {
      const occurredAt = pair.clock + 60;
      const hidden = r.chance(0.2);
      return {
        type: 'accident',
        tag: t.tag,
        occurredAt,
        hidden,
        stage: 0,
        input: {
          occurredAt: fmt(occurredAt),
          vehicleId: pair.vehicleId,
          driverId: pair.driverId,
          privateUse: true,
          place: `地点${t.tag}`,
          description: `事故${t.tag}`,
          finding: 'pending',
          reporting: hidden ? 'hidden' : 'in_time',
          major: hidden,
          notParked: false,
          costs: [{ kind: 'own_repair', amountFen: r.int(100, 5000) * 100 }],
          insuranceFen: 0,
        },
      };
    }
    return { type: 'routine', tag: t.tag, done: false };
  }

  /** The pair's clock and odometer move on past a finished job. */
  finishJob(pair: Pair, job: Job) {
    if (job.type === 'trip') {
      if (job.status === 'closed' || job.status === 'returned') {
        pair.lastKm = job.inKm;
        pair.clock = job.returnedAt + 60;
      } else pair.clock = job.plannedDep + 60;
    }
    if (job.type === 'accident') pair.clock = Math.max(pair.clock, job.occurredAt + 60);
  }

  jobOp(pair: Pair, job: Job, r: Rng): Op | null {
    switch (job.type) {
      case 'trip':
        return this.tripOp(pair, job, r);
      case 'repair':
        return this.repairOp(pair, job, r);
      case 'accident':
        return this.accidentOp(pair, job);
      case 'routine':
        return job.done ? null : this.routineOp(pair, job, r);
    }
  }

  tripOp(pair: Pair, job: TripJob, r: Rng): Op | null {
    const L = pair.name;
    const sync = (d: Row) => {
      job.ticketId = d.id;
      job.status = d.status;
      job.flags = (d.flagDetails as Row[]).map((f) => ({ id: f.id, kind: f.kind, resolved: f.resolvedAt !== null }));
    };
    const ticketKey = () => `ticket:${job.ticketId}`;
    const vehicleKey = `vehicle-status:${pair.vehicleId}`;
    if (job.status === 'none') {
      const t = { no: ++this.seq, tag: job.tag };
      const input = { vehicleId: pair.vehicleId, driverId: pair.driverId, purposeKind: r.pick(['delivery', 'official']), destination: `目的地${job.tag}`, plannedDeparture: fmt(job.plannedDep), plannedReturn: fmt(job.plannedRet) };
      const op: Op = this.op(L, 'bangong', 'dispatch.request', input, t, (s) => {
        const tk = s.get('SELECT * FROM dispatch_tickets WHERE destination = ?', input.destination);
        const facts: Fact[] = [
          { name: 'dispatch_tickets row', n: tk?.vehicle_id === pair.vehicleId && tk?.driver_id === pair.driverId && tk?.planned_departure === input.plannedDeparture && tk?.planned_return === input.plannedReturn },
          { name: 'event requested', n: tk ? s.n("SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = 'requested'", tk.id) : 0 },
          { name: 'audit dispatch.request', n: s.audit('dispatch.request', 'dispatch', tk?.id, job.tag) },
        ];
        // the full-text index of destinations (kept by triggers), where the schema has one
        if (s.hasTicketText()) {
          const phrase = `"${input.destination}"`;
          facts.push({
            name: 'dispatch_ticket_text entry',
            n: tk
              ? s.n('SELECT count(*) n FROM dispatch_ticket_text WHERE dispatch_ticket_text MATCH ? AND rowid = ?', phrase, tk.id)
              : s.n('SELECT count(*) n FROM dispatch_ticket_text WHERE dispatch_ticket_text MATCH ?', phrase),
          });
        }
        return facts;
      }, {
        onAck: (d) => {
          sync(d);
          op.keys.push(ticketKey());
        },
      });
      return op;
    }
    const id = job.ticketId!;
    const ticket = (s: Snapshot) => s.get('SELECT * FROM dispatch_tickets WHERE id = ?', id);
    const event = (s: Snapshot, kind: string, at?: string) =>
      at === undefined ? s.n('SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = ?', id, kind) : s.n('SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = ? AND at = ?', id, kind, at);
    const t = this.newTag();
    const extra = { keys: [`ticket:${id}`], onAck: sync };
    if (job.status === 'requested') {
      if (job.end === 'cancel' || job.end === 'reject') {
        const verb = job.end;
        const status = verb === 'cancel' ? 'cancelled' : 'rejected';
        const input = { id, reason: `${verb}${t.tag}` };
        return this.op(L, verb === 'cancel' ? 'bangong' : 'zhuren', `dispatch.${verb}`, input, t, (s) => [
          { name: `ticket ${status}`, n: ticket(s)?.status === status && ticket(s)?.decision_reason === input.reason },
          { name: `event ${status}`, n: s.n('SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = ? AND note = ?', id, status, input.reason) },
          { name: `audit dispatch.${verb}`, n: s.audit(`dispatch.${verb}`, 'dispatch', id, t.tag) },
        ], extra);
      }
      const input = { id, byPhone: true, approvedAt: fmt(job.approvedAt), note: `电话同意${t.tag}` };
      return this.op(L, 'zhuren', 'dispatch.approve', input, t, (s) => [
        { name: 'ticket approved_at', n: ticket(s)?.approved_at === input.approvedAt && ticket(s)?.approved_by_phone === 1 },
        { name: 'ticket status approved', n: ticket(s)?.status === 'approved', key: `ticket:${id}` },
        { name: 'event approved', n: event(s, 'approved', input.approvedAt) },
        { name: 'audit dispatch.approve', n: s.audit('dispatch.approve', 'dispatch', id, t.tag) },
      ], extra);
    }
    if (job.status === 'approved') {
      const input = { id, departedAt: fmt(job.departedAt), odometerOutKm: job.outKm };
      const facts = (s: Snapshot): Fact[] => {
        const tk = ticket(s);
        const f: Fact[] = [
          { name: 'ticket departed_at/odometer_out_km', n: tk?.departed_at === input.departedAt && tk?.odometer_out_km === job.outKm },
          { name: 'ticket status departed', n: tk?.status === 'departed', key: `ticket:${id}` },
          { name: 'vehicle dispatched', n: s.get('SELECT status FROM vehicles WHERE id = ?', pair.vehicleId)?.status === 'dispatched', key: vehicleKey },
          { name: 'event departed', n: event(s, 'departed', input.departedAt) },
          { name: 'odometer reading out', n: s.n("SELECT count(*) n FROM odometer_readings WHERE ticket_id = ? AND source = 'dispatch_out' AND km = ? AND at = ?", id, job.outKm, input.departedAt) },
          { name: 'audit dispatch.checkOut', n: s.audit('dispatch.checkOut', 'dispatch', id) },
        ];
        if (job.expectGap) f.push({ name: 'flag unlogged_mileage', n: s.n("SELECT count(*) n FROM dispatch_flags WHERE ticket_id = ? AND kind = 'unlogged_mileage'", id) });
        return f;
      };
      return this.op(L, 'bangong', 'dispatch.checkOut', input, t, facts, { ...extra, keys: [`ticket:${id}`, vehicleKey] });
    }
    if (job.status === 'departed') {
      const input = { id, returnedAt: fmt(job.returnedAt), odometerInKm: job.inKm, parkedAtPlace: job.parked, ...(job.parked ? {} : { parkingNote: `停在路边${t.tag}` }) };
      const facts = (s: Snapshot): Fact[] => {
        const tk = ticket(s);
        const f: Fact[] = [
          { name: 'ticket returned_at/odometer_in_km/distance', n: tk?.returned_at === input.returnedAt && tk?.odometer_in_km === job.inKm && tk?.distance_km === job.inKm - job.outKm && tk?.parked_at_place === (job.parked ? 1 : 0) },
          { name: 'ticket status returned', n: tk?.status === 'returned', key: `ticket:${id}` },
          { name: 'vehicle available', n: s.get('SELECT status FROM vehicles WHERE id = ?', pair.vehicleId)?.status === 'available', key: vehicleKey },
          { name: 'event returned', n: event(s, 'returned', input.returnedAt) },
          { name: 'odometer reading in', n: s.n("SELECT count(*) n FROM odometer_readings WHERE ticket_id = ? AND source = 'dispatch_in' AND km = ? AND at = ?", id, job.inKm, input.returnedAt) },
          { name: 'audit dispatch.checkIn', n: s.audit('dispatch.checkIn', 'dispatch', id) },
        ];
        if (job.overnight) f.push({ name: 'flag overnight', n: s.n("SELECT count(*) n FROM dispatch_flags WHERE ticket_id = ? AND kind = 'overnight'", id) });
        if (!job.parked) f.push({ name: 'flag not_parked', n: s.n("SELECT count(*) n FROM dispatch_flags WHERE ticket_id = ? AND kind = 'not_parked'", id) });
        return f;
      };
      return this.op(L, 'bangong', 'dispatch.checkIn', input, t, facts, { ...extra, keys: [`ticket:${id}`, vehicleKey] });
    }
    if (job.status === 'returned') {
      const open = job.flags.find((f) => !f.resolved);
      if (open) {
        if (r.chance(0.5)) {
          const input = { flagId: open.id, explanation: `说明${t.tag}` };
          return this.op(L, 'duizhang', 'dispatch.resolveFlag', input, t, (s) => [
            { name: 'flag resolved', n: s.get('SELECT explanation FROM dispatch_flags WHERE id = ?', open.id)?.explanation === input.explanation },
            { name: 'event flag_resolved', n: s.n("SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = 'flag_resolved' AND note LIKE ?", id, `%${t.tag}`) },
            { name: 'audit dispatch.resolveFlag', n: s.audit('dispatch.resolveFlag', 'dispatch', id, t.tag) },
            { name: 'audit dispatch.resolveFlag of the flag', n: s.n("SELECT count(*) n FROM audit_log WHERE entity = 'dispatch' AND entity_id = ? AND action = 'dispatch.resolveFlag' AND after LIKE ?", String(id), `%"flagId":${open.id},%`) },
          ], extra);
        }
        const input = { flagId: open.id, serious: false, description: `由标记${t.tag}` };
        return this.op(L, 'duizhang', 'violations.fromFlag', input, t, (s) => {
          const w = s.get('SELECT * FROM violations WHERE description = ?', input.description);
          const fl = s.get('SELECT * FROM dispatch_flags WHERE id = ?', open.id);
          const facts: Fact[] = [
            { name: 'violations row', n: w?.flag_id === open.id && w?.ticket_id === id },
            { name: 'flag violation_id and resolved', n: w !== undefined && fl?.violation_id === w.id && fl?.resolved_at !== null },
            { name: 'audit violations.create', n: s.audit('violations.create', 'violations', w?.id, t.tag) },
            { name: 'audit dispatch.resolveFlag of the flag', n: s.n("SELECT count(*) n FROM audit_log WHERE entity = 'dispatch' AND entity_id = ? AND action = 'dispatch.resolveFlag' AND after LIKE ?", String(id), `%"flagId":${open.id},%`) },
            { name: 'event flag_resolved', n: s.n("SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = 'flag_resolved' AND note LIKE ?", id, `${open.kind}:%`) },
          ];
          if (w?.consequence === 'dismissal') facts.push({ name: 'personnel flag of the violation', n: s.n("SELECT count(*) n FROM personnel_flags WHERE source_type = 'violation' AND source_id = ? AND id = ?", w.id, w.personnel_flag_id) });
          return facts;
        }, {
          keys: [`ticket:${id}`],
          onAck: (d) => {
            open.resolved = true;
            if (d.personnelFlagId) this.model.openFlags.push(d.personnelFlagId);
          },
        });
      }
      const input = { id, note: `关闭${t.tag}` };
      return this.op(L, 'duizhang', 'dispatch.close', input, t, (s) => [
        { name: 'ticket closed', n: ticket(s)?.status === 'closed' && ticket(s)?.closed_at !== null },
        { name: 'event closed', n: s.n("SELECT count(*) n FROM dispatch_events WHERE ticket_id = ? AND kind = 'closed' AND note = ?", id, input.note) },
        { name: 'audit dispatch.close', n: s.audit('dispatch.close', 'dispatch', id, t.tag) },
      ], extra);
    }
    return null;
  }

  repairOp(pair: Pair, job: RepairJob, r: Rng): Op | null {
    const L = pair.name;
    const sync = (d: Row) => {
      job.orderId = d.id;
      job.status = d.status;
      job.seizureDone = d.seizureCause !== null;
    };
    if (job.status === 'none') {
      const t = { no: ++this.seq, tag: job.tag };
      const input = { vehicleId: pair.vehicleId, driverId: pair.driverId, shopId: r.pick(this.model.fixedShops), symptoms: `异响${job.tag}`, requestedWork: '检查' };
      const op: Op = this.op(L, 'bangong', 'repairs.create', input, t, (s) => {
        const o = s.get('SELECT * FROM repair_orders WHERE symptoms = ?', input.symptoms);
        return [
          { name: 'repair_orders row', n: o?.vehicle_id === pair.vehicleId && o?.shop_id === input.shopId },
          { name: 'event create', n: o ? s.n("SELECT count(*) n FROM repair_events WHERE order_id = ? AND step = 'create'", o.id) : 0 },
          { name: 'audit repairs.create', n: s.audit('repairs.create', 'repairs', o?.id, job.tag) },
        ];
      }, {
        onAck: (d) => {
          sync(d);
          op.keys.push(`repair:${d.id}`);
        },
      });
      return op;
    }
    const id = job.orderId!;
    const key = `repair:${id}`;
    const t = this.newTag();
    const order = (s: Snapshot) => s.get('SELECT * FROM repair_orders WHERE id = ?', id);
    const step = (name: string, user: string, to: string, input: Row, more: (s: Snapshot) => Fact[] = () => [], noted = true, keys = [key]) =>
      this.op(L, user, `repairs.${name}`, input, t, (s) => [
        { name: `order status ${to}`, n: order(s)?.status === to, key },
        {
          name: `event ${name}`,
          n: noted ? s.n('SELECT count(*) n FROM repair_events WHERE order_id = ? AND step = ? AND note = ?', id, name, input.note ?? input.reason) : s.n('SELECT count(*) n FROM repair_events WHERE order_id = ? AND step = ?', id, name),
        },
        { name: `audit repairs.${name}`, n: noted ? s.audit(`repairs.${name}`, 'repairs', id, t.tag) : s.audit(`repairs.${name}`, 'repairs', id) },
        ...more(s),
      ], { keys, onAck: sync });
    switch (job.status) {
      case 'draft':
        if (job.phone) {
          const input = { id, approvedAt: fmt(pair.clock), note: `电话批准${t.tag}` };
          return step('phoneApprove', 'zhuren', 'approved', input, (s) => [{ name: 'phone_approved_at', n: order(s)?.phone_approved_at === input.approvedAt }]);
        }
        return step('report', 'zhuren', 'reported', { id, note: `报告${t.tag}` });
      case 'reported':
        if (job.reject) return step('reject', 'bangong', 'rejected', { id, reason: `不修${t.tag}` });
        return step('approve', 'bangong', 'approved', { id, note: `批准${t.tag}` });
      case 'approved':
        return step('toShop', 'bangong', 'at_shop', { id, note: `进厂${t.tag}` }, (s) => [{ name: 'vehicle in_repair', n: s.get('SELECT status FROM vehicles WHERE id = ?', pair.vehicleId)?.status === 'in_repair', key: `vehicle-status:${pair.vehicleId}` }], true, [key, `vehicle-status:${pair.vehicleId}`]);
      case 'at_shop': {
        const lines: Row[] = [
          { kind: 'labour', name: `工时${t.tag}`, quantity: 100 * r.int(1, 3), unitPriceFen: r.int(50, 200) * 100 },
          { kind: 'part', name: `零件${t.tag}`, unit: '个', quantity: 100 * r.int(1, 2), unitPriceFen: r.int(10, 300) * 100, freeTextReason: '目录里没有' },
        ];
        const part = this.model.parts.find((p) => p.id === job.partId);
        if (part) lines.push({ kind: 'part', partId: part.id, quantity: 100, unitPriceFen: part.price });
        const total = lines.reduce((sum, l) => sum + (l.quantity / 100) * l.unitPriceFen, 0);
        const input = { id, lines };
        const op = this.op(L, 'bangong', 'repairs.enterWork', input, t, (s) => [
          { name: 'order status work_entered', n: order(s)?.status === 'work_entered', key },
          { name: 'order total_fen', n: order(s)?.total_fen === total },
          { name: 'repair_lines', n: str(s.all('SELECT name, total_fen FROM repair_lines WHERE order_id = ? ORDER BY position', id).slice(0, 2).map((l) => l.name)) === str([`工时${t.tag}`, `零件${t.tag}`]) && s.n('SELECT count(*) n FROM repair_lines WHERE order_id = ?', id) === lines.length },
          { name: 'event enterWork', n: s.n("SELECT count(*) n FROM repair_events WHERE order_id = ? AND step = 'enterWork'", id) },
          { name: 'audit repairs.enterWork', n: s.audit('repairs.enterWork', 'repairs', id) },
          { name: 'audit repairs.lines', n: s.audit('repairs.lines', 'repairs', id, t.tag) },
          { name: 'vehicle available', n: s.get('SELECT status FROM vehicles WHERE id = ?', pair.vehicleId)?.status === 'available', key: `vehicle-status:${pair.vehicleId}` },
        ], { keys: [key, `vehicle-status:${pair.vehicleId}`], onAck: sync });
        return op;
      }
      case 'work_entered':
        if (job.seizure && !job.seizureDone) {
          const input = { id, cause: r.pick(['no_oil', 'no_coolant']), note: `粘缸${t.tag}` };
          return this.op(L, 'bangong', 'repairs.markSeizure', input, t, (s) => [
            { name: 'order seizure', n: order(s)?.seizure_cause === input.cause && order(s)?.seizure_note === input.note },
            { name: 'event markSeizure', n: s.n("SELECT count(*) n FROM repair_events WHERE order_id = ? AND step = 'markSeizure' AND note = ?", id, input.note) },
            { name: 'audit repairs.markSeizure', n: s.audit('repairs.markSeizure', 'repairs', id, t.tag) },
            { name: 'personnel flag of the seizure', n: s.n("SELECT count(*) n FROM personnel_flags WHERE source_type = 'repair' AND source_id = ? AND reason = ?", id, input.note) },
            { name: 'audit personnel.raise', n: s.audit('personnel.raise', 'personnel_flags', undefined, t.tag) },
          ], { keys: [key], onAck: sync });
        }
        return step('sign', pair.driverUser, 'driver_signed', { id, note: `签字${t.tag}` }, (s) => [{ name: 'signed_fingerprint', n: order(s)?.signed_fingerprint !== null, key }]);
      case 'driver_signed':
        return step('verifyParts', 'bangong', 'parts_verified', { id, note: `核对${t.tag}` });
      case 'parts_verified':
        return step('settle', 'duizhang', 'settled', { id, reasons: [] }, undefined, false);
      case 'settled':
        return step('review', 'bangong', 'reviewed', { id, note: `审核${t.tag}` });
      case 'reviewed':
        return step('approvePayment', 'jingli', 'approved_for_payment', { id, note: `付款审批${t.tag}` }, (s) => [{ name: 'payment_approved_at', n: order(s)?.payment_approved_at !== null }]);
      case 'approved_for_payment':
        return step('pay', 'caiwu', 'paid', { id, note: `已付${t.tag}` });
      default:
        return null;
    }
  }

  accidentOp(pair: Pair, job: AccidentJob): Op | null {
    const L = pair.name;
    if (job.stage === 0) {
      const t = { no: ++this.seq, tag: job.tag };
      const op: Op = this.op(L, 'bangong', 'accidents.create', job.input, t, (s) => {
        const a = s.get('SELECT * FROM accidents WHERE description = ?', job.input.description);
        const f: Fact[] = [
          { name: 'accidents row', n: a?.vehicle_id === pair.vehicleId && a?.occurred_at === job.input.occurredAt },
          { name: 'audit accidents.create', n: s.audit('accidents.create', 'accidents', a?.id, job.tag) },
        ];
        if (job.hidden) f.push({ name: 'personnel flag of the accident', n: a ? s.n("SELECT count(*) n FROM personnel_flags WHERE source_type = 'accident' AND source_id = ?", a.id) : 0 });
        return f;
      }, {
        onAck: (d) => {
          job.accidentId = d.id;
          job.stage = 1;
          op.keys.push(`accident:${d.id}`);
        },
      });
      return op;
    }
    const id = job.accidentId!;
    if (job.stage === 1) {
      const t = this.newTag();
      job.attachTag = t.tag;
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`crash harness ${t.tag} ${'x'.repeat(t.no % 500)}`)]);
      const sha = crypto.createHash('sha256').update(png).digest('hex');
      const input = { id, kind: 'photo', fileName: `照片${t.tag}.png`, base64: png.toString('base64') };
      return this.op(L, 'bangong', 'accidents.attach', input, t, (s) => [
        { name: 'accident_attachments row', n: s.n('SELECT count(*) n FROM accident_attachments WHERE accident_id = ? AND file_name = ? AND sha256 = ?', id, input.fileName, sha) },
        { name: 'audit accidents.attach', n: s.audit('accidents.attach', 'accidents', id, t.tag) },
      ], { onAck: () => (job.stage = 2) });
    }
    if (job.stage === 2) {
      const t = this.newTag();
      job.placeTag = t.tag;
      const input = { ...job.input, id, place: `新地点${t.tag}` };
      const key = `accident:${id}`;
      return this.op(L, 'bangong', 'accidents.update', input, t, (s) => [
        { name: 'accidents.place', n: s.get('SELECT place FROM accidents WHERE id = ?', id)?.place === input.place, key },
        { name: 'audit accidents.update', n: s.audit('accidents.update', 'accidents', id, t.tag) },
      ], { keys: [key], onAck: () => (job.stage = 3) });
    }
    return null;
  }

  routineOp(pair: Pair, job: RoutineJob, r: Rng): Op {
    const t = { no: ++this.seq, tag: job.tag };
    const input = { vehicleId: pair.vehicleId, doneOn: dateOf(Math.min(pair.clock, nowIdx() - DAY)), odometerKm: pair.lastKm, ...(r.chance(0.5) ? { shopId: r.pick(this.model.fixedShops) } : {}), note: `例保${job.tag}` };
    return this.op(pair.name, 'bangong', 'routine.record', input, t, (s) => {
      const row = s.get('SELECT * FROM routine_services WHERE note = ?', input.note);
      return [
        { name: 'routine_services row', n: row?.vehicle_id === pair.vehicleId && row?.odometer_km === input.odometerKm && row?.done_on === input.doneOn },
        { name: 'audit routine.record', n: s.audit('routine.record', 'routine_services', row?.id, job.tag) },
      ];
    }, { onAck: () => (job.done = true) });
  }

  // ---- after a kill ----

  async verify(full: boolean) {
    const { opts } = this;
    if (opts.tamper) {
      const rw = new SQLite(this.dbFile);
      try {
        opts.tamper(
          rw,
          this.round,
          this.ops.filter((o) => o.outcome === 'ack').map((o) => ({ method: o.method, input: o.input, data: o.data! })),
        );
      } finally {
        rw.close();
      }
    }
    const s = new Snapshot(this.dbFile);
    try {
      // (c) the file itself
      const ic = s.db.pragma('integrity_check', { simple: true });
      if (ic !== 'ok') this.fail(`integrity_check: ${String(ic)}`);
      const fk = s.db.pragma('foreign_key_check') as Row[];
      if (fk.length > 0) this.fail(`foreign_key_check: ${str(fk.slice(0, 5))}`);
      // (d) the audit chain, and its rows up to the last head seen unchanged
      await this.checkAuditChain(s);
      s.loadAudit();
      this.auditRows = s.auditRows;
      // (b) the writes without an answer: whole or not at all
      for (const op of this.roundOps) {
        if (op.outcome === 'pending') op.outcome = 'lost';
        if (op.outcome !== 'lost') continue;
        this.counts.lost++;
        this.stat(op).lost++;
        const facts = this.factsOf(op, s);
        if (!facts) continue;
        const there = facts.filter(present);
        const dup = facts.filter(duplicated);
        if (dup.length) this.fail(`unacknowledged ${this.describe(op)} applied more than once: ${dup.map((f) => `${f.name}×${f.n}`).join(', ')}`);
        if (there.length === facts.length) {
          this.counts.applied++;
          this.stat(op).applied++;
          if (op.method === 'backup.run') this.backupsApplied++;
          this.registerApplied(op, s);
        } else if (there.length === 0) this.counts.absent++;
        else this.fail(`unacknowledged ${this.describe(op)} HALF-APPLIED: present [${there.map((f) => f.name).join(', ')}], missing [${facts.filter((f) => !present(f)).map((f) => f.name).join(', ')}]`);
        if (!op.sent && there.length > 0) this.fail(`${this.describe(op)} never reached the backend (connection refused) yet is in the database`);
      }
      // (a) the acknowledged writes: this round's, or all of them now and then
      for (const op of full ? this.ops : this.roundOps) if (op.outcome === 'ack') this.checkAcknowledged(op, s);
      this.checkInvariants(s);
      this.refresh(s);
    } finally {
      s.close();
    }
  }

  describe(op: Op): string {
    return `${op.method} #${op.no} (lane ${op.lane}, kill ${op.round}) ${str(op.input).slice(0, 300)}`;
  }

  factsOf(op: Op, s: Snapshot): Fact[] | null {
    try {
      return op.facts(s);
    } catch (err) {
      this.fail(`checking ${this.describe(op)} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return null;
    }
  }

  checkAcknowledged(op: Op, s: Snapshot) {
    const facts = this.factsOf(op, s);
    if (!facts) return;
    const missing = facts.filter((f) => !present(f) && (f.key === undefined || this.latest.get(f.key) === op.no));
    const dup = facts.filter(duplicated);
    if (missing.length) this.fail(`ACKNOWLEDGED ${this.describe(op)} missing: ${missing.map((f) => f.name).join(', ')}`);
    if (dup.length) this.fail(`acknowledged ${this.describe(op)} applied more than once: ${dup.map((f) => `${f.name}×${f.n}`).join(', ')}`);
  }

  /** An unacknowledged write found applied: it is the latest on its keys now. */
  registerApplied(op: Op, s: Snapshot) {
    if (op.keys.length === 0) {
      // a create: its keys follow from the row it made
      const byTag = (table: string, column: string, value: string) => s.get(`SELECT id FROM ${table} WHERE ${column} = ?`, value)?.id as number | undefined;
      const input = op.input as Row;
      let key: string | null = null;
      if (op.method === 'dispatch.request') key = `ticket:${byTag('dispatch_tickets', 'destination', input.destination)}`;
      if (op.method === 'repairs.create') key = `repair:${byTag('repair_orders', 'symptoms', input.symptoms)}`;
      if (op.method === 'accidents.create') key = `accident:${byTag('accidents', 'description', input.description)}`;
      if (key) op.keys.push(key);
    }
    for (const k of op.keys) this.latest.set(k, op.no);
  }

  /** (d) The whole chain verifies, and the row that was its head last time is still there unchanged. */
  async checkAuditChain(s: Snapshot) {
    // Not destroyed: that would close the snapshot's connection, which the snapshot closes itself.
    const kdb = new Kysely<Database>({ dialect: new SqliteDialect({ database: s.db }) });
    const chain = await verifyChain(kdb);
    if (!chain.ok) this.fail(`audit chain broken at row ${chain.firstBadId} (${chain.rows} rows checked)`);
    if (this.auditHead) {
      const row = s.get('SELECT hash FROM audit_log WHERE id = ?', this.auditHead.id);
      if (row?.hash !== this.auditHead.hash) this.fail(`audit row ${this.auditHead.id}, the chain's head after the previous kill, is ${row ? 'changed' : 'gone'}`);
    }
    const head = s.get('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    if (head) this.auditHead = { id: head.id, hash: head.hash };
  }

  checkInvariants(s: Snapshot) {
    const bad = (name: string, rows: Row[]) => {
      if (rows.length) this.fail(`invariant "${name}" broken: ${str(rows.slice(0, 5))}${rows.length > 5 ? ` (+${rows.length - 5})` : ''}`);
    };
    // document counters: never reused, so each equals the count of its documents
    const tables: Record<string, string> = { PC: 'dispatch_tickets', WX: 'repair_orders', WG: 'violations', BY: 'purchases', SG: 'accidents' };
    for (const c of s.all('SELECT prefix, year, last FROM number_counters')) {
      const table = tables[c.prefix];
      if (!table) continue;
      const got = s.get(`SELECT count(*) n, max(number) mx FROM ${table} WHERE number LIKE ?`, `${c.prefix}${c.year}-%`)!;
      const expectMax = `${c.prefix}${c.year}-${String(c.last).padStart(6, '0')}`;
      if (got.n !== c.last || got.mx !== expectMax) bad('number counter = documents issued', [{ ...c, documents: got.n, max: got.mx }]);
    }
    bad(
      'ticket flag counts',
      s.all(`SELECT t.id, t.flag_count, t.open_flag_count FROM dispatch_tickets t
        WHERE t.flag_count != (SELECT count(*) FROM dispatch_flags f WHERE f.ticket_id = t.id)
           OR t.open_flag_count != (SELECT count(*) FROM dispatch_flags f WHERE f.ticket_id = t.id AND f.resolved_at IS NULL)`),
    );
    bad(
      'ticket fields, readings, events and audit rows agree with its status',
      s.all(`SELECT t.id, t.status FROM dispatch_tickets t WHERE
          (t.status IN ('departed','returned','closed')) != (t.departed_at IS NOT NULL AND t.odometer_out_km IS NOT NULL)
       OR (t.status IN ('returned','closed')) != coalesce(t.returned_at IS NOT NULL AND t.odometer_in_km IS NOT NULL AND t.distance_km = t.odometer_in_km - t.odometer_out_km, 0)
       OR (SELECT count(*) FROM odometer_readings r WHERE r.ticket_id = t.id AND r.source = 'dispatch_out') != (t.status IN ('departed','returned','closed'))
       OR (SELECT count(*) FROM odometer_readings r WHERE r.ticket_id = t.id AND r.source = 'dispatch_in') != (t.status IN ('returned','closed'))
       OR (SELECT count(*) FROM dispatch_events e WHERE e.ticket_id = t.id AND e.kind = 'requested') != 1
       OR (SELECT count(*) FROM dispatch_events e WHERE e.ticket_id = t.id AND e.kind = 'departed') != (t.status IN ('departed','returned','closed'))
       OR (SELECT count(*) FROM dispatch_events e WHERE e.ticket_id = t.id AND e.kind = 'returned') != (t.status IN ('returned','closed'))
       OR (SELECT count(*) FROM dispatch_events e WHERE e.ticket_id = t.id AND e.kind = 'closed') != (t.status = 'closed')
       OR (SELECT count(*) FROM dispatch_events e WHERE e.ticket_id = t.id AND e.kind = 'flag_raised') != t.flag_count
       OR (SELECT count(*) FROM audit_log a WHERE a.entity = 'dispatch' AND a.entity_id = CAST(t.id AS TEXT) AND a.action = 'dispatch.checkOut') != (t.status IN ('departed','returned','closed'))
       OR (SELECT count(*) FROM audit_log a WHERE a.entity = 'dispatch' AND a.entity_id = CAST(t.id AS TEXT) AND a.action = 'dispatch.checkIn') != (t.status IN ('returned','closed'))
       OR (SELECT count(*) FROM audit_log a WHERE a.entity = 'dispatch' AND a.entity_id = CAST(t.id AS TEXT) AND a.action = 'dispatch.close') != (t.status = 'closed')`),
    );
    if (s.hasTicketText()) {
      // PRAGMA integrity_check does not look into an external-content FTS5 index: every ticket
      // (each destination has '目的地') is in it once, and nothing else
      const indexed = s.n(`SELECT count(*) n FROM dispatch_ticket_text WHERE dispatch_ticket_text MATCH '"目的地"'`);
      const tickets = s.n("SELECT count(*) n FROM dispatch_tickets WHERE destination LIKE '%目的地%'");
      if (indexed !== tickets) bad('the full-text index holds every ticket once', [{ indexed, tickets }]);
    }
    bad(
      'vehicle status agrees with its tickets and repair orders',
      s.all(`SELECT v.id, v.status FROM vehicles v WHERE v.retired_at IS NULL AND (
          (v.status = 'dispatched') != EXISTS (SELECT 1 FROM dispatch_tickets t WHERE t.vehicle_id = v.id AND t.status = 'departed')
       OR (v.status = 'in_repair') != EXISTS (SELECT 1 FROM repair_orders o WHERE o.vehicle_id = v.id AND o.status = 'at_shop'))`),
    );
    bad(
      'repair order totals = its lines',
      s.all(`SELECT o.id FROM repair_orders o WHERE o.total_fen != o.parts_fen + o.labour_fen
          OR o.total_fen != (SELECT coalesce(sum(l.total_fen), 0) FROM repair_lines l WHERE l.order_id = o.id)
          OR (SELECT count(*) FROM repair_events e WHERE e.order_id = o.id AND e.step = 'create') != 1`),
    );
    bad(
      'violation ↔ dismissal flag ↔ dispatch flag links',
      s.all(`SELECT 'violation' AS what, w.id FROM violations w WHERE (w.consequence = 'dismissal' AND w.driver_id IS NOT NULL) != (w.personnel_flag_id IS NOT NULL)
          OR (w.personnel_flag_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM personnel_flags p WHERE p.id = w.personnel_flag_id AND p.source_type = 'violation' AND p.source_id = w.id))
          OR (w.flag_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dispatch_flags f WHERE f.id = w.flag_id AND f.violation_id = w.id))
        UNION ALL SELECT 'dispatch flag', f.id FROM dispatch_flags f WHERE f.violation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM violations w WHERE w.id = f.violation_id AND w.flag_id = f.id)`),
    );
    // every record made has exactly one audit row for its making, and every such row its record
    const made: [string, string, string, string][] = [
      ['vehicle_models', 'models', 'models.create', ''],
      ['vehicles', 'vehicles', 'vehicles.create', ''],
      ['drivers', 'drivers', 'drivers.create', ''],
      ['repair_shops', 'shops', 'shops.create', ''],
      ['fuel_stations', 'stations', 'stations.create', ''],
      ['parts', 'parts', 'parts.create', ''],
      ['users', 'users', 'users.create', 'WHERE t.id > 1'],
      ['dispatch_tickets', 'dispatch', 'dispatch.request', ''],
      ['repair_orders', 'repairs', 'repairs.create', ''],
      ['fuel_fillups', 'fuel_fillups', 'fuel.create', ''],
      ['violations', 'violations', 'violations.create', ''],
      ['purchases', 'purchases', 'purchases.create', ''],
      ['routine_services', 'routine_services', 'routine.record', ''],
      ['accidents', 'accidents', 'accidents.create', ''],
      ['policy_versions', 'policy', 'policy.update', ''],
      ['personnel_flags', 'personnel_flags', 'personnel.raise', ''],
    ];
    for (const [table, entity, action, where] of made) {
      const rows = s.all(`SELECT t.id FROM ${table} t ${where}`);
      const noAudit = rows.filter((r) => s.audit(action, entity, r.id) !== 1);
      bad(`${table}: one ${action} audit row each`, noAudit.map((r) => ({ id: r.id, auditRows: s.audit(action, entity, r.id) })));
      const ids = new Set(rows.map((r) => String(r.id)));
      const orphans = (s.auditIds.get(`${action}|${entity}`) ?? []).filter((id) => !ids.has(id));
      bad(`${action} audit rows without their ${table} row`, orphans.map((id) => ({ entityId: id })));
    }
    // attachments: each row's file is in the data folder with its hash
    const dir = path.join(this.dir, 'attachments');
    const missingFiles = s.all('SELECT id, stored_name, sha256 FROM accident_attachments').filter((a) => {
      const file = path.join(dir, a.stored_name);
      return !fs.existsSync(file) || crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') !== a.sha256;
    });
    bad('attachment files present with their hash', missingFiles);
    this.checkBackups(s, bad);
  }

  /**
   * Every backup in the folder (the daily one at a start, "back up now") verifies on its own
   * and is a copy of the live database as it was: its audit chain is a prefix of the live one.
   * Every 'backup' audit row names a head that the live chain has at that length.
   */
  checkBackups(s: Snapshot, bad: (name: string, rows: Row[]) => void) {
    const liveHash = (rows: number) => (rows === 0 ? '0'.repeat(64) : (s.get('SELECT hash FROM audit_log ORDER BY id LIMIT 1 OFFSET ?', rows - 1)?.hash as string | undefined));
    const folder = path.join(this.dir, 'backups');
    const names = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => /^depot-.*\.sqlite$/.test(f) && !this.backupsChecked.has(f)) : [];
    for (const name of names) {
      this.backupsChecked.add(name);
      const b = new SQLite(path.join(folder, name), { readonly: true, fileMustExist: true });
      try {
        const ic = b.pragma('integrity_check', { simple: true });
        if (ic !== 'ok') bad('backup files pass integrity_check', [{ name, ic }]);
        const rows = (b.prepare('SELECT count(*) n FROM audit_log').get() as Row).n as number;
        const head = (b.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as Row | undefined)?.hash ?? '0'.repeat(64);
        if (liveHash(rows) !== head) bad('backup files are a prefix of the live audit chain', [{ name, rows, head }]);
      } finally {
        b.close();
      }
    }
    const recorded = s.all("SELECT entity_id, after FROM audit_log WHERE action = 'backup'").map((r): Row => ({ name: r.entity_id, ...(JSON.parse(r.after) as Row) }));
    bad('backup audit rows name a head of the live chain', recorded.filter((r) => liveHash(r.auditRows) !== r.head));
  }

  /** The harness's model follows the database: what the crash kept or lost decides the next writes. */
  refresh(s: Snapshot) {
    const m = this.model;
    m.models = s.all('SELECT id FROM vehicle_models WHERE retired_at IS NULL ORDER BY id').map((r) => r.id);
    m.vehicles = new Map(
      s.all('SELECT * FROM vehicles WHERE retired_at IS NULL ORDER BY id').map((v) => [v.id, { id: v.id, plate: v.plate, modelId: v.model_id, parkingPlace: v.parking_place, initialKm: v.initial_odometer_km }]),
    );
    m.drivers = new Map(s.all('SELECT * FROM drivers WHERE retired_at IS NULL ORDER BY id').map((d) => [d.id, { id: d.id, name: d.name, employeeNo: d.employee_no, permitNo: d.permit_no }]));
    m.driverUsers = new Map(s.all('SELECT driver_id, username FROM users WHERE driver_id IS NOT NULL AND active = 1 ORDER BY id').map((u) => [u.driver_id, u.username]));
    const fixed = new Set([...m.fixedShops.map((id) => `shops:${id}`), ...m.fixedStations.map((id) => `stations:${id}`)]);
    m.toggles = [
      ...s.all('SELECT id, retired_at FROM repair_shops ORDER BY id').map((r) => ({ area: 'shops' as const, id: r.id as number, retired: r.retired_at !== null })),
      ...s.all('SELECT id, retired_at FROM fuel_stations ORDER BY id').map((r) => ({ area: 'stations' as const, id: r.id as number, retired: r.retired_at !== null })),
    ].filter((x) => !fixed.has(`${x.area}:${x.id}`));
    m.parts = s.all('SELECT id, reference_price_fen FROM parts WHERE retired_at IS NULL ORDER BY id').map((p) => ({ id: p.id, price: p.reference_price_fen }));
    m.fuelEntered = s.all('SELECT id FROM fuel_fillups WHERE registered_at IS NULL ORDER BY id').map((r) => r.id);
    m.fuelRegistered = s.all('SELECT id FROM fuel_fillups WHERE registered_at IS NOT NULL AND approved_at IS NULL ORDER BY id').map((r) => r.id);
    m.voidable = s.all("SELECT id FROM violations WHERE voided_at IS NULL AND flag_id IS NULL AND description LIKE '违规#c%' ORDER BY id").map((r) => r.id);
    m.openFlags = s.all('SELECT id FROM personnel_flags WHERE decision IS NULL ORDER BY id').map((r) => r.id);
    if (m.purchase) {
      const p = s.get('SELECT id, status FROM purchases WHERE note = ?', `申请${m.purchase.tag}`);
      if (p) {
        m.purchase.id = p.id;
        m.purchase.status = p.status;
        if (!['requested', 'confirmed', 'approved'].includes(p.status)) m.purchase = null;
      } else m.purchase.status = 'none';
    }
    for (const pair of m.pairs) {
      const job = pair.job;
      if (!job) continue;
      if (job.type === 'trip') {
        const tk = s.get('SELECT id, status FROM dispatch_tickets WHERE destination = ?', `目的地${job.tag}`);
        if (!tk) job.status = 'none';
        else {
          job.ticketId = tk.id;
          job.status = tk.status;
          job.flags = s.all('SELECT id, kind, resolved_at FROM dispatch_flags WHERE ticket_id = ? ORDER BY id', tk.id).map((f) => ({ id: f.id, kind: f.kind, resolved: f.resolved_at !== null }));
        }
      } else if (job.type === 'repair') {
        const o = s.get('SELECT id, status, seizure_cause FROM repair_orders WHERE symptoms = ?', `异响${job.tag}`);
        if (!o) job.status = 'none';
        else {
          job.orderId = o.id;
          job.status = o.status;
          job.seizureDone = o.seizure_cause !== null;
        }
      } else if (job.type === 'accident') {
        const a = s.get('SELECT id, place FROM accidents WHERE description = ?', job.input.description);
        if (!a) job.stage = 0;
        else {
          job.accidentId = a.id;
          const attached = s.n('SELECT count(*) n FROM accident_attachments WHERE accident_id = ?', a.id) > 0;
          job.stage = !attached ? 1 : job.placeTag && a.place === `新地点${job.placeTag}` ? 3 : 2;
        }
      } else {
        job.done = s.n('SELECT count(*) n FROM routine_services WHERE note = ?', `例保${job.tag}`) > 0;
      }
    }
    this.formPairs();
  }
}
