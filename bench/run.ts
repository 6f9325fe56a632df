// `npm run bench`: speed figures on the ten-year depot, each timed through the app's
// backend.dispatch beside the same work done by hand-written queries on raw better-sqlite3
// (the floor), as median and spread (10th to 90th percentile) in milliseconds.
//
// The depot: the master data (200 vehicles, 240 drivers) is made through the API; then
// bench/generate.ts writes ten years of dispatch log (2016-12 .. 2026-11, about a million
// tickets, their flags and odometer readings) with raw prepared statements in one
// transaction. The clock is fixed at 2026-11-30 15:00 so "today" is the log's last day.
// BENCH_TICKETS sets another size (e.g. BENCH_TICKETS=100000 for a quick run), BENCH_SLOW_MS
// the threshold below, BENCH_ANALYZE=1 runs ANALYZE after generating (the app never does),
// and BENCH_KEEP=1 keeps the database file for a closer look.
//
// Figures slower than 50 ms (median) are followed by each statement the app ran for them,
// timed alone on the raw connection, with its EXPLAIN QUERY PLAN, to show what is missing.
// Output checking stays off (DEPOT_CHECK_OUTPUTS=0) so the figures measure the queries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openBackend } from '../electron/backend/index.ts';
import { generateDispatchLog } from './generate.ts';

const MAX_RUNS = 30;
const MIN_RUNS = 3;
/** per side and figure: slow figures get fewer runs, never fewer than MIN_RUNS */
const BUDGET_MS = 1500;
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 50);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const FIRST_DAY = '2016-12-01';
const LAST_DAY = '2026-11-30';
const NOW = new Date(2026, 10, 30, 15, 0); // local time, as the app's clock

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return { median, spread: s[Math.floor(s.length * 0.9)]! - s[Math.floor(s.length * 0.1)]!, runs: s.length };
}

async function once(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function time(fn: () => unknown | Promise<unknown>): Promise<{ median: number; spread: number; runs: number }> {
  const first = await once(fn);
  const warmups = first > 100 ? 0 : 2;
  for (let i = 0; i < warmups; i++) await fn();
  const runs = Math.max(MIN_RUNS, Math.min(MAX_RUNS, Math.floor(BUDGET_MS / Math.max(first, 0.001))));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(fn));
  return stats(samples);
}

// Records the statements the app prepares (and their parameters) while `recording` is set,
// so a slow figure can show what it ran. Kysely prepares every statement anew.
let recording: { sql: string; params: unknown[] }[] | null = null;
const prepare = SQLite.prototype.prepare;
SQLite.prototype.prepare = function (this: SQLite.Database, source: string) {
  const stmt = prepare.call(this, source);
  const log = recording;
  if (log) {
    const target = stmt as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['all', 'get', 'run', 'iterate']) {
      const original = target[method]!.bind(stmt);
      target[method] = (...args: unknown[]) => {
        log.push({ sql: source, params: args.flat() });
        return original(...args);
      };
    }
  }
  return stmt;
} as typeof prepare;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-bench-'));
const dbFile = path.join(dir, 'bench.sqlite');
// The database is most of a gigabyte: remove it however the run ends, unless asked to keep it.
process.on('exit', () => {
  if (process.env.BENCH_KEEP === '1') console.log(`\nkept the database: ${dbFile}`);
  else fs.rmSync(dir, { recursive: true, force: true });
});
process.env.DEPOT_CHECK_OUTPUTS = '0';
const backend = await openBackend({ dbFile, admin: { username: 'admin', password: 'bench-pass-1' }, now: () => NOW });
const login = await backend.dispatch('auth.login', { username: 'admin', password: 'bench-pass-1' }, {});
if (!login.ok) throw new Error(login.error.message);
const token = (login.data as { token: string }).token;
const call = async (method: string, input: unknown) => {
  const r = await backend.dispatch(method, input, { token });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data;
};

let t0 = Date.now();
const model = (await call('models.create', { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [], tankCapacity: 5000, maintenanceIntervalKm: 5000 })) as { id: number };
const vehicles: { id: number; initialKm: number }[] = [];
for (let i = 0; i < 200; i++) {
  const initialKm = (i * 7919) % 20000;
  const v = (await call('vehicles.create', { plate: `苏E${String(10000 + i)}`, modelId: model.id, parkingPlace: `车位 ${i}`, initialOdometerKm: initialKm })) as { id: number };
  vehicles.push({ id: v.id, initialKm });
}
const driverIds: number[] = [];
for (let i = 0; i < 240; i++) {
  const d = (await call('drivers.create', { name: `驾驶员${i}`, employeeNo: `KF${5000 + i}`, permitNo: `P${i}`, permitValidFrom: '2016-01-01', permitValidTo: '2030-01-01' })) as { id: number };
  driverIds.push(d.id);
}
console.log(`made 200 vehicles and 240 drivers through the API in ${Date.now() - t0} ms`);

t0 = Date.now();
const writer = new SQLite(dbFile);
writer.pragma('synchronous = OFF');
writer.pragma('cache_size = -524288'); // 512 MiB, so the indexes are not spilled mid-transaction
const admin = writer.prepare('SELECT id, display_name FROM users WHERE username = ?').get('admin') as { id: number; display_name: string };
const report = generateDispatchLog(writer, {
  tickets: TICKETS,
  firstDay: FIRST_DAY,
  lastDay: LAST_DAY,
  nowTime: '15:00',
  vehicles,
  driverIds,
  requester: { id: admin.id, name: admin.display_name },
});
const generatedMs = Date.now() - t0;
// The app never runs ANALYZE, so by default the planner works without statistics, as it would
// in the field; BENCH_ANALYZE=1 shows what statistics would change.
if (process.env.BENCH_ANALYZE === '1') writer.exec('ANALYZE');
writer.pragma('wal_checkpoint(TRUNCATE)');
writer.close();
const status = Object.entries(report.byStatus)
  .sort((a, b) => b[1] - a[1])
  .map(([s, n]) => `${s} ${n}`)
  .join(', ');
console.log(
  `generated ${FIRST_DAY} .. ${LAST_DAY} with raw SQL in ${generatedMs} ms (${Date.now() - t0} ms with the checkpoint): ` +
    `${report.tickets} dispatch_tickets (${status}), ${report.flags} dispatch_flags, ${report.readings} odometer_readings\n`,
);

const raw = new SQLite(dbFile, { readonly: true });
const TICKET_FROM = `FROM dispatch_tickets t JOIN vehicles v ON v.id = t.vehicle_id JOIN vehicle_models m ON m.id = v.model_id JOIN drivers d ON d.id = t.driver_id`;
const TICKET_SELECT = `SELECT t.*, v.plate, v.parking_place, m.name AS model_name, d.name AS driver_name, d.employee_no, d.permit_no ${TICKET_FROM}`;

/** The flags of a page's flagged tickets, as the app reads them for the summaries. */
function rawFlags(rows: unknown[]) {
  const ids = (rows as { id: number; flag_count: number }[]).filter((r) => r.flag_count > 0).map((r) => r.id);
  if (ids.length > 0) raw.prepare(`SELECT * FROM dispatch_flags WHERE ticket_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`).all(ids);
}

/**
 * dispatch.list by hand, the way the app does it: the count on the ticket table alone, the
 * page's ids (joined only for a sort by plate), then those tickets' details and flags.
 */
function rawList(where: string, params: unknown[], orderBy: string, page = 1, pageSize = 20, join = '') {
  const w = where ? `WHERE ${where}` : '';
  raw.prepare(`SELECT count(*) AS n FROM dispatch_tickets t ${w}`).get(params);
  const ids = (raw.prepare(`SELECT t.id FROM dispatch_tickets t ${join} ${w} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all([...params, pageSize, (page - 1) * pageSize]) as { id: number }[]).map((r) => r.id);
  const rows = ids.length ? raw.prepare(`${TICKET_SELECT} WHERE t.id IN (${ids.map(() => '?').join(', ')})`).all(ids) : [];
  rawFlags(rows);
  return rows;
}

const vehicleId = vehicles[17]!.id;
const driverId = driverIds[42]!;
const figures: [string, () => Promise<unknown>, () => unknown][] = [
  [
    'list first page (start desc)',
    () => call('dispatch.list', { page: 1, pageSize: 20 }),
    () => rawList('', [], 't.start_at DESC, t.id DESC'),
  ],
  [
    'list by vehicle',
    () => call('dispatch.list', { vehicleId, page: 1, pageSize: 20 }),
    () => rawList('t.vehicle_id = ?', [vehicleId], 't.start_at DESC, t.id DESC'),
  ],
  [
    'list by driver + one month',
    () => call('dispatch.list', { driverId, from: '2021-06-01', to: '2021-06-30', page: 1, pageSize: 20 }),
    () => rawList('t.driver_id = ? AND t.start_at >= ? AND t.start_at <= ?', [driverId, '2021-06-01 00:00', '2021-06-30 23:59'], 't.start_at DESC, t.id DESC'),
  ],
  [
    "list status ['returned']",
    () => call('dispatch.list', { statuses: ['returned'], page: 1, pageSize: 20 }),
    () => rawList("t.status IN ('returned')", [], 't.start_at DESC, t.id DESC'),
  ],
  [
    "list flag 'unresolved'",
    () => call('dispatch.list', { flag: 'unresolved', page: 1, pageSize: 20 }),
    () => rawList('t.open_flag_count IN (1, 2, 3)', [], 't.start_at DESC, t.id DESC'),
  ],
  [
    // past the last unresolved ticket (there are a few dozen): the page must look at them all
    "list flag 'unresolved' page 3",
    () => call('dispatch.list', { flag: 'unresolved', page: 3, pageSize: 20 }),
    () => rawList('t.open_flag_count IN (1, 2, 3)', [], 't.start_at DESC, t.id DESC', 3),
  ],
  [
    "list flag 'overnight'",
    () => call('dispatch.list', { flag: 'overnight', page: 1, pageSize: 20 }),
    () => rawList("t.id IN (SELECT f.ticket_id FROM dispatch_flags f WHERE f.kind = 'overnight')", [], 't.start_at DESC, t.id DESC'),
  ],
  [
    "list search 'PC2021-0001'",
    () => call('dispatch.list', { search: 'PC2021-0001', page: 1, pageSize: 20 }),
    () =>
      // a ticket number's beginning: a range on the unique index
      rawList('t.number >= ? AND t.number < ?', ['PC2021-0001', 'PC2021-0002'], 't.start_at DESC, t.id DESC'),
  ],
  [
    // free text: destination, note, plate, driver; no index helps a LIKE '%…%', it reads every ticket
    "list search '南环' (free text)",
    () => call('dispatch.list', { search: '南环', page: 1, pageSize: 20 }),
    () =>
      rawList(
        "(t.destination LIKE ? ESCAPE '\\' OR t.purpose_note LIKE ? ESCAPE '\\' OR t.vehicle_id IN (SELECT id FROM vehicles WHERE plate LIKE ? ESCAPE '\\') OR t.driver_id IN (SELECT id FROM drivers WHERE name LIKE ? ESCAPE '\\' OR employee_no LIKE ? ESCAPE '\\'))",
        Array(5).fill('%南环%'),
        't.start_at DESC, t.id DESC',
      ),
  ],
  [
    'list sorted by plate',
    () => call('dispatch.list', { sortField: 'plate', page: 1, pageSize: 20 }),
    () => rawList('', [], 'v.plate ASC, t.start_at ASC, t.id ASC', 1, 20, 'JOIN vehicles v ON v.id = t.vehicle_id'),
  ],
  [
    'list page 2000',
    () => call('dispatch.list', { page: 2000, pageSize: 20 }),
    () => rawList('', [], 't.start_at DESC, t.id DESC', 2000),
  ],
  [
    'board today',
    () => call('dispatch.board', {}),
    () => {
      const day = LAST_DAY;
      const rows = raw
        .prepare(
          `${TICKET_SELECT} WHERE (t.start_at >= ? AND t.start_at <= ?) OR (t.returned_at >= ? AND t.returned_at <= ?)
             OR (t.status IN ('requested', 'approved', 'departed', 'returned') AND t.start_at < ?)
           ORDER BY t.start_at, t.id LIMIT 500`,
        )
        .all(`${day} 00:00`, `${day} 23:59`, `${day} 00:00`, `${day} 23:59`, `${day} 00:00`);
      rawFlags(rows);
      return rows;
    },
  ],
  [
    'monthlyKm 2024-05',
    () => call('dispatch.monthlyKm', { month: '2024-05' }),
    () => {
      const where = "t.return_month = ? AND t.status IN ('returned', 'closed')";
      raw.prepare(`SELECT t.vehicle_id, v.plate, sum(t.distance_km) AS km, count(*) AS trips FROM dispatch_tickets t JOIN vehicles v ON v.id = t.vehicle_id WHERE ${where} GROUP BY t.vehicle_id, v.plate ORDER BY v.plate`).all('2024-05');
      return raw
        .prepare(
          `SELECT t.driver_id, d.name, d.employee_no, sum(t.distance_km) AS km, count(*) AS trips FROM dispatch_tickets t JOIN drivers d ON d.id = t.driver_id WHERE ${where} GROUP BY t.driver_id, d.name, d.employee_no ORDER BY d.employee_no`,
        )
        .all('2024-05');
    },
  ],
  [
    'odometer of one vehicle',
    () => call('dispatch.odometer', { vehicleId, page: 1, pageSize: 20 }),
    () => {
      raw.prepare('SELECT id, initial_odometer_km FROM vehicles WHERE id = ?').get(vehicleId);
      raw.prepare('SELECT count(*) AS n FROM odometer_readings WHERE vehicle_id = ?').get(vehicleId);
      raw.prepare('SELECT km FROM odometer_readings WHERE vehicle_id = ? ORDER BY at DESC, km DESC LIMIT 1').get(vehicleId);
      return raw
        .prepare('SELECT r.at, r.km, r.source, r.ticket_id, t.number FROM odometer_readings r LEFT JOIN dispatch_tickets t ON t.id = r.ticket_id WHERE r.vehicle_id = ? ORDER BY r.at DESC, r.km DESC LIMIT 20')
        .all(vehicleId);
    },
  ],
  [
    'vehicles.list first page',
    () => call('vehicles.list', { page: 1, pageSize: 20 }),
    () => {
      raw.prepare('SELECT count(*) FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id WHERE v.retired_at IS NULL').get();
      return raw
        .prepare(
          `SELECT v.*, m.name AS model_name,
             (SELECT r.km FROM odometer_readings r WHERE r.vehicle_id = v.id ORDER BY r.at DESC, r.km DESC LIMIT 1) AS last_km
           FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id WHERE v.retired_at IS NULL ORDER BY v.plate, v.id LIMIT 20`,
        )
        .all();
    },
  ],
  [
    'drivers.list search by name',
    () => call('drivers.list', { search: '驾驶员12', page: 1, pageSize: 20 }),
    () => raw.prepare("SELECT * FROM drivers WHERE retired_at IS NULL AND (name LIKE '%驾驶员12%' OR employee_no LIKE '%驾驶员12%') ORDER BY employee_no LIMIT 20").all(),
  ],
];

/** A statement as Kysely wrote it, without the quotes and with the ticket columns abridged. */
function shorten(sqlText: string): string {
  return sqlText
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .replace('t.*, v.plate, v.parking_place, m.name as model_name, d.name as driver_name, d.employee_no, d.permit_no', 't.*, v.plate, …')
    .replace(
      'from dispatch_tickets as t inner join vehicles as v on v.id = t.vehicle_id inner join vehicle_models as m on m.id = v.model_id inner join drivers as d on d.id = t.driver_id',
      'from dispatch_tickets as t join vehicles v, vehicle_models m, drivers d',
    );
}

/** EXPLAIN QUERY PLAN as an indented tree. */
function plan(sqlText: string, params: unknown[]): string[] {
  const rows = raw.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(params) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

const slow: { name: string; statements: { sql: string; params: unknown[] }[] }[] = [];
console.log('figure'.padEnd(32), 'app median (spread) ms'.padEnd(26), 'raw SQL median ms'.padEnd(20), 'ratio'.padEnd(8), 'runs');
for (const [name, app, floor] of figures) {
  recording = [];
  await app();
  const statements = recording.filter((s) => /^\s*select/i.test(s.sql));
  recording = null;
  const a = await time(app);
  const f = await time(floor);
  if (a.median > SLOW_MS) slow.push({ name, statements });
  console.log(
    name.padEnd(32),
    `${a.median.toFixed(2)} (±${a.spread.toFixed(2)})`.padEnd(26),
    f.median.toFixed(3).padEnd(20),
    `${(a.median / f.median).toFixed(1)}×`.padEnd(8),
    `${a.runs}/${f.runs}`,
  );
}
console.log('\ndatabase size on disk:', (fs.statSync(dbFile).size / 1024 / 1024).toFixed(0), 'MiB; peak RSS:', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MiB');

if (slow.length > 0) console.log(`\nfigures slower than ${SLOW_MS} ms: the app's statements, each timed once on the raw connection, with their plans`);
for (const s of slow) {
  console.log(`\n== ${s.name}`);
  let quick = 0;
  for (const st of s.statements) {
    const ms = await once(() => raw.prepare(st.sql).all(st.params));
    if (ms < 1) {
      quick++;
      continue;
    }
    console.log(`-- ${ms.toFixed(1)} ms: ${shorten(st.sql)}${st.params.length ? `  [${st.params.map((p) => JSON.stringify(p)).join(', ')}]` : ''}`);
    for (const line of plan(st.sql, st.params)) console.log(line);
  }
  if (quick > 0) console.log(`-- and ${quick} statement(s) under 1 ms`);
}

raw.close();
await backend.close();
