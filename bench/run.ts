// `npm run bench`: speed figures on the ten-year depot, each timed through the app's
// backend.dispatch beside the same work done by hand-written queries on raw better-sqlite3
// (the floor), as median and spread (10th to 90th percentile) in milliseconds.
//
// The depot: the master data (200 vehicles, 240 drivers) is made through the API; then
// bench/generate.ts writes ten years of dispatch log (2016-12 .. 2026-11, about a million
// tickets, their flags and odometer readings, and the fuel-card fill-ups of the same trips at
// a handful of approved stations made through the API) with raw prepared statements in one
// transaction. The one vehicle model has the Southeast model's limits, with the higher float
// of July to September. The clock is fixed at 2026-11-30 15:00 so "today" is the log's last day.
// BENCH_TICKETS sets another size (e.g. BENCH_TICKETS=100000 for a quick run), BENCH_SLOW_MS
// the threshold below, BENCH_ANALYZE=1 runs ANALYZE after generating (the app never does),
// and BENCH_KEEP=1 keeps the database file for a closer look.
//
// Figures slower than 50 ms (median), and the settlement's prepare whatever its time, are
// followed by each statement the app ran for them, timed alone on the raw connection, with its
// EXPLAIN QUERY PLAN, to show what is missing, and by how many statements the app ran and
// their time on the raw connection together.
// The fuel audit's floor is one hand-written statement; before timing, the bench checks that
// it gives the app's figures, vehicle by vehicle, for three months (and stops if not).
// The month's settlement for every driver (prepare, get, slip) is bench/settlement.ts: it makes
// 2026-10 ready through the API (moving the clock to the days its records are made), checks its
// floor against the app's sheet person by person, and adds its figures to the table.
// bench/history.ts then writes the rest of the ten years with the services' invariants: 25 000
// repair orders, accidents, violations, assessments, fuel signatures and a locked settlement for
// every month up to 2026-08 (117). After the table: a 100,000-row fuel-card import three times
// (bench/import.ts), the database size and the peak memory while the app worked, and every
// figure's EXPLAIN QUERY PLAN.
// Output checking stays off (DEPOT_CHECK_OUTPUTS=0) so the figures measure the queries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openBackend } from '../electron/backend/index.ts';
import { checkHealth } from '../electron/backend/features/backup/system.ts';
import { generateDispatchLog } from './generate.ts';
import { generateHistory } from './history.ts';
import { benchImport } from './import.ts';
import { setUpSettlement } from './settlement.ts';

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

// Records the statements the app runs (and their parameters) while `recording` is set, so a
// slow figure can show what it ran: the statements' own methods are wrapped, as the app keeps
// its prepared statements (electron/backend/db/connection.ts) and prepares each shape once.
let recording: { sql: string; params: unknown[] }[] | null = null;
{
  const probe = new SQLite(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = statementProto[method]!;
    statementProto[method] = function (this: SQLite.Statement, ...args: unknown[]) {
      recording?.push({ sql: this.source, params: args.flat() });
      return original.apply(this, args);
    };
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-bench-'));
const dbFile = path.join(dir, 'bench.sqlite');
// The database is most of a gigabyte: remove it however the run ends, unless asked to keep it.
process.on('exit', () => {
  if (process.env.BENCH_KEEP === '1') console.log(`\nkept the database: ${dbFile}`);
  else fs.rmSync(dir, { recursive: true, force: true });
});
process.env.DEPOT_CHECK_OUTPUTS = '0';
// The clock stands at NOW but for bench/settlement.ts, which moves it to the days its month's records are made.
const clock = { now: NOW };
const backend = await openBackend({ dbFile, admin: { username: 'admin', password: 'bench-pass-1' }, now: () => clock.now, autoBackup: false });
const login = await backend.dispatch('auth.login', { username: 'admin', password: 'bench-pass-1' }, {});
if (!login.ok) throw new Error(login.error.message);
const token = (login.data as { token: string }).token;
const call = async (method: string, input: unknown) => {
  const r = await backend.dispatch(method, input, { token });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data;
};

let t0 = Date.now();
const MODEL = { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }], tankCapacity: 5000, maintenanceIntervalKm: 5000 };
const model = (await call('models.create', MODEL)) as { id: number };
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
const STATIONS = ['中石化城东加油站', '中石化南环路加油站', '中石油工业园加油站', '中石油星湖街加油站', '中石化相城大道加油站'];
const stations: { id: number; name: string }[] = [];
for (const [i, name] of STATIONS.entries()) {
  const st = (await call('stations.create', { name, address: `站址 ${i + 1} 号`, contact: '站长', phone: `0512-6600${1000 + i}` })) as { id: number; name: string };
  stations.push({ id: st.id, name: st.name });
}
console.log(`made 200 vehicles, 240 drivers and ${stations.length} fuel stations through the API in ${Date.now() - t0} ms`);

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
  fuel: { spec: MODEL, tankCapacity: MODEL.tankCapacity, stations, importedBy: '王芳' },
});
const generatedMs = Date.now() - t0;
// The rest of the ten years (bench/history.ts): repairs, accidents, violations, assessments,
// fuel signoffs and a locked settlement for every month before bench/settlement.ts's.
const history = generateHistory(writer, { firstDay: FIRST_DAY, lastDay: LAST_DAY, nowTime: '15:00', vehicles, driverIds, requester: { id: admin.id, name: admin.display_name } });
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
  `history ${history.firstMonth} .. ${history.lastSettledMonth}: ${history.settlements} locked settlements, ` +
    Object.entries(history.rows)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ') +
    ` in ${history.ms} ms`,
);
console.log(
  `generated ${FIRST_DAY} .. ${LAST_DAY} with raw SQL in ${generatedMs} ms (${Date.now() - t0} ms with the checkpoint): ` +
    `${report.tickets} dispatch_tickets (${status}), ${report.flags} dispatch_flags, ${report.readings} odometer_readings, ` +
    `${report.fillups} fuel_fillups (${report.partialFills} partial; ${report.thirstyMonths} vehicle-months at a rate over the limit)\n`,
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
 * The search box by hand, as the app reads it: the plates and drivers it names looked up first,
 * their tickets by index, and the destination and note through the trigram index (three
 * characters or more) or by reading them (a shorter term that names no vehicle or driver).
 */
function rawSearch(term: string) {
  const pattern = `%${term}%`;
  const vehicleIds = (raw.prepare("SELECT id FROM vehicles WHERE plate LIKE ? ESCAPE '\\'").all(pattern) as { id: number }[]).map((r) => r.id);
  const driverIds = (raw.prepare("SELECT id FROM drivers WHERE name LIKE ? ESCAPE '\\' OR employee_no LIKE ? ESCAPE '\\'").all(pattern, pattern) as { id: number }[]).map((r) => r.id);
  const parts: string[] = [];
  const params: unknown[] = [];
  if (vehicleIds.length) parts.push(`t.vehicle_id IN (${vehicleIds.join(', ')})`);
  if (driverIds.length) parts.push(`t.driver_id IN (${driverIds.join(', ')})`);
  if ([...term].length >= 3) {
    parts.push('t.id IN (SELECT rowid FROM dispatch_ticket_text WHERE dispatch_ticket_text MATCH ?)');
    params.push(`"${term.replace(/"/g, '""')}"`);
  } else if (!parts.length) {
    parts.push("t.destination LIKE ? ESCAPE '\\' OR t.purpose_note LIKE ? ESCAPE '\\'");
    params.push(pattern, pattern);
  }
  return rawList(`(${parts.join(' OR ')})`, params, 't.start_at DESC, t.id DESC');
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

/**
 * The month's fuel audit by hand, in ONE statement: per vehicle with km or fuel in the month, the
 * km of its returned trips (by return month), the litres and amount of its fills, the month's
 * limit (standard + the seasonal float whose months hold the month, else the ordinary float),
 * the allowed litres, the excess litres and their value, in integers and rounded half up as
 * shared/domain/fuel.ts does: round(a / c) = (2a + c) / (2c) in integer division, a, c >= 0.
 */
const AUDIT_SQL = `
  WITH km AS (
    SELECT vehicle_id, sum(distance_km) AS km FROM dispatch_tickets
    WHERE return_month = :month AND status IN ('returned', 'closed') GROUP BY vehicle_id
  ), fuel AS (
    SELECT vehicle_id, sum(litres) AS litres, sum(amount_fen) AS amount_fen FROM fuel_fillups WHERE month = :month GROUP BY vehicle_id
  ), base AS (
    SELECT v.id AS vehicle_id, v.plate, coalesce(km.km, 0) AS km, coalesce(fuel.litres, 0) AS litres, coalesce(fuel.amount_fen, 0) AS amount_fen,
      m.fuel_standard + coalesce((
        SELECT s.value ->> 'float' FROM json_each(m.seasonal_floats) s
        WHERE CASE WHEN s.value ->> 'fromMonth' <= s.value ->> 'toMonth'
          THEN :m BETWEEN s.value ->> 'fromMonth' AND s.value ->> 'toMonth'
          ELSE :m >= s.value ->> 'fromMonth' OR :m <= s.value ->> 'toMonth' END
        LIMIT 1), m.float_ordinary) AS lim
    FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id
    LEFT JOIN km ON km.vehicle_id = v.id LEFT JOIN fuel ON fuel.vehicle_id = v.id
    WHERE km.km IS NOT NULL OR fuel.litres IS NOT NULL
  ), allowed AS (
    SELECT *, (km * lim * 2 + 100) / 200 AS allowed FROM base
  ), excess AS (
    SELECT *, max(0, litres - allowed) AS excess FROM allowed
  )
  SELECT *, CASE WHEN litres > 0 THEN (excess * amount_fen * 2 + litres) / (litres * 2) ELSE 0 END AS excess_fen
  FROM excess ORDER BY plate`;
interface RawAuditRow {
  vehicle_id: number;
  plate: string;
  km: number;
  litres: number;
  amount_fen: number;
  lim: number;
  allowed: number;
  excess: number;
  excess_fen: number;
}
const rawAudit = (month: string) => raw.prepare(AUDIT_SQL).all({ month, m: Number(month.slice(5, 7)) }) as RawAuditRow[];

/**
 * The floor is only honest if it computes what the app computes: the month's rows and totals of
 * the app's audit and of the one statement must agree, vehicle by vehicle, or the bench stops.
 */
async function checkAuditFloor(month: string) {
  type AppRow = { vehicleId: number; km: number; litres: number; amountFen: number; limit: number; allowedLitres: number; excessLitres: number; excessFen: number };
  const app = (await call('fuel.audit', { month })) as { rows: AppRow[]; totals: { km: number; litres: number; amountFen: number; excessLitres: number; excessFen: number; over: number } };
  const floor = rawAudit(month);
  const t = { km: 0, litres: 0, amountFen: 0, excessLitres: 0, excessFen: 0 };
  for (const r of floor) {
    t.km += r.km;
    t.litres += r.litres;
    t.amountFen += r.amount_fen;
    t.excessLitres += r.excess;
    t.excessFen += r.excess_fen;
  }
  const problems: string[] = [];
  for (const k of Object.keys(t) as (keyof typeof t)[]) if (t[k] !== app.totals[k]) problems.push(`total ${k}: app ${app.totals[k]}, floor ${t[k]}`);
  if (app.rows.length !== floor.length) problems.push(`rows: app ${app.rows.length}, floor ${floor.length}`);
  const byId = new Map(app.rows.map((r) => [r.vehicleId, r]));
  for (const f of floor) {
    const a = byId.get(f.vehicle_id);
    const same = a && a.km === f.km && a.litres === f.litres && a.amountFen === f.amount_fen && a.limit === f.lim && a.allowedLitres === f.allowed && a.excessLitres === f.excess && a.excessFen === f.excess_fen;
    if (!same && problems.length < 10) problems.push(`vehicle ${f.vehicle_id}: app ${JSON.stringify(a)}, floor ${JSON.stringify(f)}`);
  }
  if (problems.length > 0) throw new Error(`the raw fuel audit of ${month} differs from the app's:\n${problems.join('\n')}`);
  const over = floor.filter((r) => r.km > 0 && r.excess > 0).length;
  console.log(
    `fuel audit ${month}: floor = app for ${floor.length} vehicles (limit ${floor[0]?.lim ?? '-'}): ${t.km} km, ${(t.litres / 100).toFixed(2)} L, ` +
      `${over} over the limit (app says ${app.totals.over}) by ${(t.excessLitres / 100).toFixed(2)} L worth ${(t.excessFen / 100).toFixed(2)} 元`,
  );
  return floor;
}
const FUEL_MONTH = '2026-11';
const SETTLEMENT_MONTH = '2026-10';
// an old month: what the audit reads must not grow with the years after the month
const OLD_FUEL_MONTH = '2018-03';
// the month of today and an old month, both timed below, and a month of the seasonal float
const fuelRows = await checkAuditFloor(FUEL_MONTH);
await checkAuditFloor(OLD_FUEL_MONTH);
await checkAuditFloor('2026-08');
// the busiest vehicle of the month: the most km
const fuelVehicleId = [...fuelRows].sort((a, b) => b.km - a.km || a.vehicle_id - b.vehicle_id)[0]!.vehicle_id;

/**
 * One vehicle's twelve months ending with `month` by hand, in one statement: per month its km,
 * litres, limit, excess litres and actual L/100 km, rounded as the domain does. The vehicle's
 * trips and fills are read by its own indexes (vehicle + start, vehicle + time); a trip that
 * returns in the first month left at most a month earlier.
 */
const TREND_SQL = `
  WITH ms AS (SELECT value AS month FROM json_each(:months)),
  km AS (
    SELECT return_month AS month, sum(distance_km) AS km FROM dispatch_tickets
    WHERE vehicle_id = :vehicle AND start_at >= :since AND start_at < :until
      AND return_month >= :first AND return_month <= :last AND status IN ('returned', 'closed')
    GROUP BY return_month
  ), fuel AS (
    SELECT month, sum(litres) AS litres FROM fuel_fillups WHERE vehicle_id = :vehicle AND filled_at >= :from AND filled_at < :until GROUP BY month
  ), base AS (
    SELECT ms.month, coalesce(km.km, 0) AS km, coalesce(fuel.litres, 0) AS litres,
      m.fuel_standard + coalesce((
        SELECT s.value ->> 'float' FROM json_each(m.seasonal_floats) s
        WHERE CASE WHEN s.value ->> 'fromMonth' <= s.value ->> 'toMonth'
          THEN CAST(substr(ms.month, 6, 2) AS INTEGER) BETWEEN s.value ->> 'fromMonth' AND s.value ->> 'toMonth'
          ELSE CAST(substr(ms.month, 6, 2) AS INTEGER) >= s.value ->> 'fromMonth' OR CAST(substr(ms.month, 6, 2) AS INTEGER) <= s.value ->> 'toMonth' END
        LIMIT 1), m.float_ordinary) AS lim
    FROM ms CROSS JOIN vehicles v JOIN vehicle_models m ON m.id = v.model_id
    LEFT JOIN km ON km.month = ms.month LEFT JOIN fuel ON fuel.month = ms.month
    WHERE v.id = :vehicle
  )
  SELECT month, km, litres, lim, max(0, litres - (km * lim * 2 + 100) / 200) AS excess,
    CASE WHEN km > 0 THEN (litres * 200 + km) / (km * 2) END AS actual
  FROM base ORDER BY month`;
/** The `count` months from `n` months after `month` on. */
const monthsFrom = (month: string, n: number, count: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + n + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
};
const rawTrend = (month: string, vehicle: number) => {
  const months = monthsFrom(month, -11, 12);
  const [since] = monthsFrom(month, -12, 1);
  const [until] = monthsFrom(month, 1, 1);
  return raw.prepare(TREND_SQL).all({
    months: JSON.stringify(months),
    first: months[0],
    last: months[11],
    since: `${since}-01`,
    from: `${months[0]}-01`,
    until: `${until}-01`,
    vehicle,
  }) as { month: string; km: number; litres: number; lim: number; excess: number; actual: number | null }[];
};
{
  const app = (await call('fuel.trend', { month: FUEL_MONTH, vehicleId: fuelVehicleId })) as { months: { month: string; km: number; litres: number; actual: number | null; limit: number; excessLitres: number }[] };
  const floor = rawTrend(FUEL_MONTH, fuelVehicleId);
  const same = app.months.length === floor.length && app.months.every((a, i) => {
    const f = floor[i]!;
    return a.month === f.month && a.km === f.km && a.litres === f.litres && a.limit === f.lim && a.excessLitres === f.excess && a.actual === f.actual;
  });
  if (!same) throw new Error(`the raw fuel trend differs from the app's:\napp ${JSON.stringify(app.months)}\nfloor ${JSON.stringify(floor)}`);
  console.log(`fuel trend to ${FUEL_MONTH} of vehicle ${fuelVehicleId}: floor = app for 12 months (${floor.filter((f) => f.excess > 0).length} over the limit)`);
}

// The settlement of the last month that has ended, for every driver (bench/settlement.ts).
const settlement = await setUpSettlement({ backend, clock, dbFile, adminCall: call, driverIds, month: SETTLEMENT_MONTH });
console.log('');

/** A caller logged in as one of the staff bench/settlement.ts made (same password as the admin). */
async function staffCall(username: string) {
  const r = await backend.dispatch('auth.login', { username, password: 'bench-pass-1' }, {});
  if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
  const staffToken = (r.data as { token: string }).token;
  return async (method: string, input: unknown) => {
    const a = await backend.dispatch(method, input, { token: staffToken });
    if (!a.ok) throw new Error(`${method}: ${a.error.message}`);
    return a.data;
  };
}
const director = await staffCall('zhuren');
/** The home page as the director opens it: the to-do counts and the four charts, as the page calls them. */
const HOME_CALLS: [string, unknown][] = [
  ['dashboard.overview', {}],
  ['dashboard.money', { month: FUEL_MONTH }],
  ['dashboard.accidents', { month: FUEL_MONTH }],
  ['dashboard.repairs', { month: FUEL_MONTH }],
  ['dashboard.fuel', { month: FUEL_MONTH }],
];
/**
 * The statements some calls run, recorded once; the function returned replays them on the raw
 * connection: the floor of the app's own query shapes, without its JavaScript around them.
 */
async function replayOf(calls: () => Promise<unknown>) {
  recording = [];
  await calls();
  const statements = recording.filter((st) => /^\s*(select|with)\b/i.test(st.sql));
  recording = null;
  return () => {
    for (const st of statements) raw.prepare(st.sql).all(st.params);
  };
}
// The floor of the home page is the app's own statements for it, replayed on the raw connection:
// five figures' worth of hand-written SQL would measure the writer.
const homeReplay = await replayOf(async () => {
  for (const [m, input] of HOME_CALLS) await director(m, input);
});
// The fuel audit's one-statement floor above finds only each vehicle's totals; the app also
// finds every fill's anomalies, the full-to-full figure and the odometer's km. Its own
// statements replayed show what those cost in SQL alone.
const auditReplay = await replayOf(() => call('fuel.audit', { month: FUEL_MONTH }));

const vehicleId = vehicles[17]!.id;
const driverId = driverIds[42]!;
const plateOf17 = `苏E${String(10000 + 17)}`;
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
    'list by vehicle + one quarter',
    () => call('dispatch.list', { vehicleId, from: '2022-04-01', to: '2022-06-30', page: 1, pageSize: 20 }),
    () => rawList('t.vehicle_id = ? AND t.start_at >= ? AND t.start_at <= ?', [vehicleId, '2022-04-01 00:00', '2022-06-30 23:59'], 't.start_at DESC, t.id DESC'),
  ],
  [
    // a plate typed into the search box: the vehicle's tickets, and any whose text holds it
    `list search plate '${plateOf17}'`,
    () => call('dispatch.list', { search: plateOf17, page: 1, pageSize: 20 }),
    () => rawSearch(plateOf17),
  ],
  [
    "list search driver '驾驶员42'",
    () => call('dispatch.list', { search: '驾驶员42', page: 1, pageSize: 20 }),
    () => rawSearch('驾驶员42'),
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
    () => rawSearch('南环'),
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
  [
    // every vehicle's month against its limit: one statement by hand (checked equal above)
    `fuel.audit ${FUEL_MONTH}`,
    () => call('fuel.audit', { month: FUEL_MONTH }),
    () => rawAudit(FUEL_MONTH),
  ],
  [
    // the busiest vehicle's month: its fills and its trips
    `fuel.vehicle ${FUEL_MONTH} (busiest)`,
    () => call('fuel.vehicle', { month: FUEL_MONTH, vehicleId: fuelVehicleId }),
    () => rawFuelVehicle(FUEL_MONTH, fuelVehicleId),
  ],
  [
    // the busiest vehicle's twelve months, the chart beside its month
    `fuel.trend ${FUEL_MONTH} (busiest)`,
    () => call('fuel.trend', { month: FUEL_MONTH, vehicleId: fuelVehicleId }),
    () => rawTrend(FUEL_MONTH, fuelVehicleId),
  ],
  [`fuel.audit ${FUEL_MONTH} (its SQL)`, () => call('fuel.audit', { month: FUEL_MONTH }), auditReplay],
  [`fuel.audit ${OLD_FUEL_MONTH}`, () => call('fuel.audit', { month: OLD_FUEL_MONTH }), () => rawAudit(OLD_FUEL_MONTH)],
  [`fuel.vehicle ${OLD_FUEL_MONTH}`, () => call('fuel.vehicle', { month: OLD_FUEL_MONTH, vehicleId: fuelVehicleId }), () => rawFuelVehicle(OLD_FUEL_MONTH, fuelVehicleId)],
  ...settlement.figures,
  [
    'home page (director): 5 calls',
    async () => {
      for (const [m, input] of HOME_CALLS) await director(m, input);
    },
    homeReplay,
  ],
];

/** One vehicle's month by hand: its fills and its trips. */
function rawFuelVehicle(month: string, vehicle: number) {
  const fills = raw
    .prepare('SELECT f.*, v.plate, d.name AS driver_name FROM fuel_fillups f JOIN vehicles v ON v.id = f.vehicle_id JOIN drivers d ON d.id = f.driver_id WHERE f.month = ? AND f.vehicle_id = ? ORDER BY f.filled_at, f.id')
    .all(month, vehicle);
  const trips = raw
    .prepare(
      "SELECT t.id, t.number, d.name, t.departed_at, t.returned_at, t.distance_km FROM dispatch_tickets t JOIN drivers d ON d.id = t.driver_id WHERE t.vehicle_id = ? AND t.return_month = ? AND t.status IN ('returned', 'closed') ORDER BY t.departed_at",
    )
    .all(vehicle, month);
  return [fills, trips];
}

/** A statement as Kysely wrote it, without the quotes, with the ticket columns and long IN lists abridged. */
function shorten(sqlText: string): string {
  return sqlText
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\?(?:, \?){7,}/g, (list) => `?, ?, ?, … ${list.split(',').length} in all`)
    .replace('t.*, v.plate, v.parking_place, m.name as model_name, d.name as driver_name, d.employee_no, d.permit_no', 't.*, v.plate, …')
    .replace(
      'from dispatch_tickets as t inner join vehicles as v on v.id = t.vehicle_id inner join vehicle_models as m on m.id = v.model_id inner join drivers as d on d.id = t.driver_id',
      'from dispatch_tickets as t join vehicles v, vehicle_models m, drivers d',
    );
}

/** The parameters of a statement, a long list (the values of an IN) abridged. */
function showParams(params: unknown[]): string {
  const shown = params.length > 12 ? [...params.slice(0, 4), `… ${params.length - 6} more …`, ...params.slice(-2)] : params;
  return shown.map((p) => (typeof p === 'string' && p.startsWith('… ') ? p : JSON.stringify(p))).join(', ');
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

/** Every figure's statements, for their plans below; `slow`: all of them shown, else the slowest. */
const slow: { name: string; statements: { sql: string; params: unknown[] }[]; slow: boolean }[] = [];
const explain = new Set(settlement.explain);
for (const line of settlement.legend) console.log(line);
console.log('');
// The process's memory while the app works (the generator's cache is gone by now): sampled.
let workingPeak = process.memoryUsage().rss;
const sampler = setInterval(() => (workingPeak = Math.max(workingPeak, process.memoryUsage().rss)), 20);
console.log('figure'.padEnd(32), 'app median (spread) ms'.padEnd(26), 'raw SQL median ms'.padEnd(20), 'ratio'.padEnd(8), 'runs');
for (const [name, app, floor] of figures) {
  recording = [];
  await app();
  const statements = recording.filter((s) => /^\s*(select|with)\b/i.test(s.sql));
  recording = null;
  const a = await time(app);
  const f = await time(floor);
  slow.push({ name, statements, slow: a.median > SLOW_MS || explain.has(name) });
  console.log(
    name.padEnd(32),
    `${a.median.toFixed(2)} (±${a.spread.toFixed(2)})`.padEnd(26),
    f.median.toFixed(3).padEnd(20),
    `${(a.median / f.median).toFixed(1)}×`.padEnd(8),
    `${a.runs}/${f.runs}`,
  );
}

console.log(
  `\nEXPLAIN QUERY PLAN of every figure: each statement the app ran for it, timed once on the raw connection; for figures slower than ${SLOW_MS} ms ` +
    `(and ${[...explain].join(', ')}) every statement of 1 ms or more, for the others the slowest one`,
);
for (const s of slow) {
  console.log(`\n== ${s.name}`);
  const timed: { st: { sql: string; params: unknown[] }; ms: number }[] = [];
  for (const st of s.statements) timed.push({ st, ms: await once(() => raw.prepare(st.sql).all(st.params)) });
  const shown = s.slow ? timed.filter((x) => x.ms >= 1) : [...timed].sort((a, b) => b.ms - a.ms).slice(0, 1);
  for (const { st, ms } of shown) {
    console.log(`-- ${ms.toFixed(1)} ms: ${shorten(st.sql)}${st.params.length ? `  [${showParams(st.params)}]` : ''}`);
    for (const line of plan(st.sql, st.params)) console.log(line);
  }
  const rest = timed.filter((x) => !shown.includes(x));
  if (rest.length > 0) console.log(`-- and ${rest.length} other statement(s) (${rest.reduce((t, x) => t + x.ms, 0).toFixed(1)} ms together)`);
  console.log(`-- ${s.statements.length} statement(s) in all, ${timed.reduce((t, x) => t + x.ms, 0).toFixed(1)} ms on the raw connection`);
}

// Last, as it adds its rows to the month: the 100,000-row fuel-card statement, three times.
const office = await staffCall('bangongshi');
const imported = await benchImport({
  call: office,
  dbFile,
  rows: Number(process.env.BENCH_IMPORT_ROWS ?? 100_000),
  runs: 3,
  month: FUEL_MONTH,
  lastDay: 29,
  plates: vehicles.map((_, i) => `苏E${String(10000 + i)}`),
  drivers: driverIds.map((_, i) => `驾驶员${i}`),
  stations: STATIONS,
});
console.log('');
for (const line of imported.lines) console.log(line);

// The start-up checks on the ten-year file (PRAGMA quick_check and the whole audit chain), as
// every start of the app runs them before the first screen. The generated history writes its
// records without audit rows, so the chain here is short: docs/reliability.md has a long
// chain's cost.
{
  const t = process.hrtime.bigint();
  const health = await checkHealth(dbFile, NOW);
  console.log(
    `\nstart-up checks (quick_check and the audit chain of ${health.auditChain.rows} rows): ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms, ` +
      `${health.quickCheck.ok && health.auditChain.ok && health.auditTail.ok ? 'passed' : `FAILED ${JSON.stringify(health)}`}`,
  );
}

// Size after the checkpoint, so the WAL is in the file; the peak RSS of the whole run (the generator's cache included).
await backend.dispatch('auth.me', {}, { token });
const walCheck = new SQLite(dbFile);
walCheck.pragma('wal_checkpoint(TRUNCATE)');
walCheck.close();
clearInterval(sampler);
console.log(
  `\ndatabase size on disk: ${(fs.statSync(dbFile).size / 1024 / 1024).toFixed(0)} MiB; peak memory (RSS) while the figures and the import ran: ${(workingPeak / 1024 / 1024).toFixed(0)} MiB ` +
    `(the backend and the floors' raw connection in one process); of the whole run, generator included: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);

raw.close();
settlement.close();
await backend.close();
