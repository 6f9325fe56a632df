// The month's settlement for every driver on the ten-year depot (`npm run bench`, issue 8):
// settlement.prepare (the draft computed and stored), settlement.get (the stored sheet) and
// settlement.slip (one person's lines), each through the app's backend.dispatch beside the
// same work by hand on raw better-sqlite3 (the floor).
//
// The month is made ready the way the depot would, through the API, with the clock moved to
// the day each thing happens (the dispatch log of bench/generate.ts is already written):
//   - in September the director ties a pay deduction to the assessment score (1 元 a point
//     under 100, no bonus under 90), and an accident of September is recorded; it is closed
//     on 5 October, so its share is October's;
//   - on 8 October September is settled to the end (fuel and assessment signed, prepared,
//     reviewed, approved, locked), and two corrections of it (a driver's, the director's) are
//     carried into October;
//   - in October: an accident closed the same month, an engine seizure from neglect whose
//     repair payment is approved in October (charged to the driver), violations of three
//     drivers, the director and the deputy, assessment deductions (one driver under 90),
//     an accident with a finding left open and a hidden accident (no bonus for those drivers),
//     an accident of October closed only in November (not October's share);
//   - in early November the captain resolves and signs October's fuel audit (two over-limit
//     vehicles penalised, their excess shared by the km of every driver who drove them, the
//     first anomaly if any charged to its fill's driver, the rest explained) and the fleet
//     office signs October's assessment.
// Every line kind (bonus, subsidy, fine, accident, fuel, repair, assessment, adjustment) then
// shows up; the bench stops if one does not. A group leader is named too.
//
// The floor computes every person's lines in ONE statement (the policy in force, the month's
// km, accidents, violations, closed shares, fuel penalties in force, seizure repairs, the
// signed assessment, adjustments, the people who get a row), and writes the rows and lines
// with prepared statements in a transaction that is rolled back. Before timing, the bench
// checks that the floor gives the app's sheet person by person (totals per kind, net, safe,
// official km, post, number of reasons and of lines) and stops if not.
import SQLite from 'better-sqlite3';
import type { Method, MethodInput, MethodOutput } from '../shared/api/index.ts';
import type { Backend } from '../electron/backend/index.ts';
import { DEFAULT_POLICY } from '../shared/domain/policy.ts';
import { LINE_KINDS, type LineKind } from '../shared/domain/settlement.ts';

export interface Clock {
  now: Date;
}

type Figure = [string, () => Promise<unknown>, () => unknown];

export interface SettlementBench {
  month: string;
  /** what each side of each figure includes, printed above the table */
  legend: string[];
  figures: Figure[];
  /** figures whose statements and plans are shown whatever their time */
  explain: string[];
  close(): void;
}

const PASSWORD = 'bench-pass-1';
/** The staff who take part, as the tests name them (electron/backend/testing/depot.ts). */
const STAFF = {
  zhuren: { displayName: '郑主任', roles: ['director'] },
  fuzhuren: { displayName: '冯副主任', roles: ['deputy_director'] },
  bangongshi: { displayName: '许文静', roles: ['fleet_office'] },
  duizhang: { displayName: '韩队长', roles: ['fleet_captain'] },
  jingli: { displayName: '经理室', roles: ['manager_office'] },
  caiwu: { displayName: '财务', roles: ['finance'] },
} as const;

/** 'YYYY-MM-DD HH:mm' as the app's local clock */
function at(minute: string): Date {
  const [d, t] = minute.split(' ') as [string, string];
  const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
  const [h, mi] = t.split(':').map(Number) as [number, number];
  return new Date(y, mo - 1, da, h, mi);
}

/** A minute text `n` minutes later. */
function plusMinutes(minute: string, n: number): string {
  const d = at(minute);
  d.setMinutes(d.getMinutes() + n);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const addMonth = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

async function once(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// The floor

/**
 * Every line of the month's sheet, each with its person, in the sheet's order: one statement.
 * The rules are those of shared/domain/settlement.ts (a safe month: no reason; the subsidy
 * rounded half up once, on the driver's km: round(a / c) = (2a + c) / (2c)); the records
 * those of compute.ts. Parameters: :month, :from, :to (the month's first minute text and the
 * next month's), :defaults (the built-in policy, in force until a version is saved).
 */
const SHEET_SQL = `
  WITH pol AS MATERIALIZED (
    SELECT s ->> '$.settlement.safetyBonusFen' AS bonus, s ->> '$.settlement.groupLeaderBonusFen' AS leader_bonus,
      s ->> '$.settlement.subsidyFenPer100Km' AS rate, s ->> '$.assessment.minScoreForBonus' AS min_score
    FROM (SELECT coalesce((SELECT settings FROM policy_versions WHERE effective_month <= :month ORDER BY effective_month DESC, id DESC LIMIT 1), :defaults) AS s)
  ), km AS MATERIALIZED (
    SELECT driver_id, sum(distance_km) AS km FROM dispatch_tickets
    WHERE return_month = :month AND status IN ('returned', 'closed') GROUP BY driver_id
  ), acc AS MATERIALIZED (
    SELECT a.id, a.number, a.driver_id, a.occurred_at, a.finding, a.reporting, a.private_use, t.number AS ticket_number
    FROM accidents a LEFT JOIN dispatch_tickets t ON t.id = a.ticket_id WHERE a.occurred_at >= :from AND a.occurred_at < :to
  ), vio AS MATERIALIZED (
    SELECT id, number, kind, offender_role, driver_id, user_id, occurred_on, fine_fen FROM violations WHERE month = :month AND voided_at IS NULL
  ), shares AS MATERIALIZED (
    SELECT id, number, driver_id, share_fen, closed_at FROM accidents WHERE status = 'closed' AND closed_month = :month AND share_fen > 0
  ), fuel AS MATERIALIZED (
    SELECT fp.id, fp.driver_id, v.plate, fp.amount_fen FROM fuel_penalties fp
    JOIN fuel_signoffs fs ON fs.id = fp.signoff_id JOIN vehicles v ON v.id = fp.vehicle_id
    WHERE fs.month = :month AND fs.reopened_at IS NULL
  ), repairs AS MATERIALIZED (
    SELECT id, number, driver_id, total_fen, payment_approved_at FROM repair_orders
    WHERE seizure_cause IS NOT NULL AND payment_approved_at >= :from AND payment_approved_at < :to AND total_fen > 0
  ), scores AS MATERIALIZED (
    SELECT j.value ->> 'subjectId' AS driver_id, j.value ->> 'score' AS score, j.value ->> 'payDeductionFen' AS deduction
    FROM (SELECT snapshot FROM assessment_signoffs WHERE month = :month AND reopened_at IS NULL ORDER BY id DESC LIMIT 1) so, json_each(so.snapshot) j
    WHERE j.value ->> 'subject' = 'driver'
  ), adj AS MATERIALIZED (
    SELECT id, driver_id, user_id, corrects_month, amount_fen, reason FROM settlement_adjustments WHERE target_month = :month
  ), reasons AS MATERIALIZED (
    SELECT driver_id, 0 AS o1, occurred_at AS o2, id AS o3, 0 AS o4,
      json_object('key', iif(ticket_number IS NULL, 'settlementReason.accident', 'settlementReason.accidentOnTicket'), 'params',
        json_object('finding', '$t(finding.' || finding || ')', 'date', substr(occurred_at, 1, 10), 'number', number, 'ticket', coalesce(ticket_number, ''))) AS ref
    FROM acc WHERE private_use = 1 OR finding NOT IN ('none', 'pending')
    UNION ALL
    SELECT driver_id, 0, occurred_at, id, 1, json_object('key', 'settlementReason.hidden', 'params', json_object('date', substr(occurred_at, 1, 10), 'number', number))
    FROM acc WHERE reporting = 'hidden'
    UNION ALL
    SELECT driver_id, 1, occurred_on, id, 0,
      json_object('key', 'settlementReason.violation', 'params', json_object('kind', '$t(violationKind.' || kind || ')', 'date', occurred_on, 'number', number))
    FROM vio WHERE offender_role = 'driver' AND driver_id IS NOT NULL
    UNION ALL
    SELECT sc.driver_id, 2, '', 0, 0, json_object('key', 'settlementReason.score', 'params', json_object('score', sc.score, 'min', pol.min_score))
    FROM scores sc, pol WHERE pol.min_score IS NOT NULL AND sc.score < pol.min_score
  ), people AS MATERIALIZED (
    SELECT 'd' || d.id AS person, d.id AS driver_id, NULL AS user_id, d.name, d.employee_no,
      iif(EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.driver_id = d.id AND r.role = 'group_leader' AND u.active = 1), 'group_leader', 'driver') AS post,
      coalesce(km.km, 0) AS km,
      (SELECT json_group_array(json(ref)) FROM (SELECT ref FROM reasons r WHERE r.driver_id = d.id ORDER BY o1, o2, o3, o4)) AS reasons
    FROM drivers d LEFT JOIN km ON km.driver_id = d.id
    WHERE d.retired_at IS NULL OR d.retired_at >= :from OR d.id IN (
      SELECT driver_id FROM km UNION SELECT driver_id FROM acc UNION SELECT driver_id FROM vio WHERE offender_role = 'driver'
      UNION SELECT driver_id FROM shares UNION SELECT driver_id FROM fuel UNION SELECT driver_id FROM repairs UNION SELECT driver_id FROM adj)
    UNION ALL
    SELECT 'u' || u.id, NULL, u.id, u.display_name, NULL,
      CASE WHEN EXISTS (SELECT 1 FROM vio WHERE vio.user_id = u.id AND offender_role = 'director' AND fine_fen > 0) THEN 'director'
        WHEN EXISTS (SELECT 1 FROM vio WHERE vio.user_id = u.id AND offender_role = 'deputy_director' AND fine_fen > 0) THEN 'deputy_director'
        WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'director') THEN 'director' ELSE 'deputy_director' END,
      0, '[]'
    FROM users u WHERE u.id IN (
      SELECT user_id FROM vio WHERE offender_role IN ('director', 'deputy_director') AND fine_fen > 0
      UNION SELECT user_id FROM adj WHERE driver_id IS NULL)
  ), lines AS MATERIALIZED (
    SELECT pe.person, 0 AS k, '' AS o2, 0 AS o3, 'bonus' AS kind,
      iif(pe.reasons = '[]', iif(pe.post = 'group_leader', pol.leader_bonus, pol.bonus), 0) AS amount, NULL AS source_type, NULL AS source_id, NULL AS source_number,
      json_object('key', iif(pe.reasons <> '[]', 'settlementLine.noBonus', iif(pe.post = 'group_leader', 'settlementLine.bonusLeader', 'settlementLine.bonus'))) AS text
    FROM people pe, pol WHERE pe.driver_id IS NOT NULL
    UNION ALL
    SELECT pe.person, 1, '', 0, 'subsidy', iif(pe.reasons = '[]', (pe.km * pol.rate * 2 + 100) / 200, 0), 'trips', NULL, NULL,
      json_object('key', iif(pe.reasons = '[]', 'settlementLine.subsidy', 'settlementLine.noSubsidy'), 'params', json_object('km', pe.km, 'rate', pol.rate))
    FROM people pe, pol WHERE pe.driver_id IS NOT NULL
    UNION ALL
    SELECT iif(offender_role = 'driver', 'd' || driver_id, 'u' || user_id), 2, occurred_on, id, 'fine', -fine_fen, 'violation', id, number,
      json_object('key', 'settlementLine.fine', 'params', json_object('kind', '$t(violationKind.' || kind || ')', 'date', occurred_on))
    FROM vio WHERE fine_fen > 0 AND ((offender_role = 'driver' AND driver_id IS NOT NULL) OR (offender_role IN ('director', 'deputy_director') AND user_id IS NOT NULL))
    UNION ALL
    SELECT 'd' || driver_id, 3, closed_at, id, 'accident', -share_fen, 'accident', id, number, json_object('key', 'settlementLine.accident') FROM shares
    UNION ALL
    SELECT 'd' || driver_id, 4, plate, id, 'fuel', -amount_fen, 'fuel_penalty', id, :month || ' ' || plate,
      json_object('key', 'settlementLine.fuel', 'params', json_object('plate', plate, 'month', :month))
    FROM fuel
    UNION ALL
    SELECT 'd' || driver_id, 5, payment_approved_at, id, 'repair', -total_fen, 'repair', id, number, json_object('key', 'settlementLine.repair') FROM repairs
    UNION ALL
    SELECT 'd' || driver_id, 6, '', 0, 'assessment', -deduction, 'assessment', NULL, :month, json_object('key', 'settlementLine.assessment', 'params', json_object('score', score))
    FROM scores WHERE deduction > 0
    UNION ALL
    SELECT iif(driver_id IS NOT NULL, 'd' || driver_id, 'u' || user_id), 7, '', id, 'adjustment', amount_fen, 'adjustment', id, corrects_month,
      json_object('key', 'settlementLine.adjustment', 'params', json_object('month', corrects_month, 'reason', reason))
    FROM adj
  )
  SELECT pe.person, pe.driver_id, pe.user_id, pe.name, pe.employee_no, pe.post, pe.km, pe.reasons,
    l.kind, l.amount, l.source_type, l.source_id, l.source_number, l.text
  FROM people pe JOIN lines l ON l.person = pe.person
  ORDER BY CASE pe.post WHEN 'director' THEN 0 WHEN 'deputy_director' THEN 1 WHEN 'group_leader' THEN 2 ELSE 3 END,
    coalesce(pe.employee_no, ''), pe.name, coalesce(pe.driver_id, pe.user_id), l.k, l.o2, l.o3`;

/**
 * The prerequisites in one statement: whether the fuel and the assessment month are signed,
 * and the counts prerequisites.ts reads. The unresolved flags are found from the tickets'
 * own count of them (open_flag_count, which raising and resolving a flag keep, indexed)
 * rather than by reading every flag; checked against the app's counts before timing.
 */
const PREREQUISITES_SQL = `
  SELECT (SELECT count(*) FROM fuel_signoffs WHERE month = :month AND reopened_at IS NULL) AS fuel,
    (SELECT count(*) FROM assessment_signoffs WHERE month = :month AND reopened_at IS NULL) AS assessment,
    (SELECT count(*) FROM dispatch_tickets t JOIN dispatch_flags f ON f.ticket_id = t.id
      WHERE t.open_flag_count > 0 AND f.resolved_at IS NULL AND (t.return_month = :month OR (t.planned_departure >= :from AND t.planned_departure < :to))) AS flags,
    (SELECT count(*) FROM accidents WHERE finding = 'pending' AND status = 'open' AND occurred_at < :to) AS pending,
    (SELECT count(*) FROM dispatch_tickets WHERE status IN ('requested', 'approved', 'departed')
      AND ((start_at >= :from AND start_at < :to) OR (planned_departure >= :from AND planned_departure < :to))) AS unfinished`;

interface SheetLine {
  person: string;
  driver_id: number | null;
  user_id: number | null;
  name: string;
  employee_no: string | null;
  post: string;
  km: number;
  reasons: string;
  kind: LineKind;
  amount: number;
  source_type: string | null;
  source_id: number | null;
  source_number: string | null;
  text: string;
}

interface FloorPerson {
  person: string;
  driverId: number | null;
  userId: number | null;
  name: string;
  employeeNo: string | null;
  post: string;
  km: number;
  reasons: string;
  safe: boolean;
  lines: SheetLine[];
  totals: Record<LineKind, number>;
  netFen: number;
}

const bounds = (month: string) => ({ month, from: `${month}-01`, to: `${addMonth(month, 1)}-01` });

/** The sheet by hand: the one statement, its lines gathered per person with their totals. */
function floorSheet(db: SQLite.Database, month: string): FloorPerson[] {
  const rows = db.prepare(SHEET_SQL).all({ ...bounds(month), defaults: JSON.stringify(DEFAULT_POLICY) }) as SheetLine[];
  const out: FloorPerson[] = [];
  let last: FloorPerson | undefined;
  for (const l of rows) {
    if (last?.person !== l.person) {
      last = {
        person: l.person,
        driverId: l.driver_id,
        userId: l.user_id,
        name: l.name,
        employeeNo: l.employee_no,
        post: l.post,
        km: l.km,
        reasons: l.reasons,
        safe: l.reasons === '[]',
        lines: [],
        totals: Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>,
        netFen: 0,
      };
      out.push(last);
    }
    last.lines.push(l);
    last.totals[l.kind] += l.amount;
    last.netFen += l.amount;
  }
  return out;
}

/**
 * prepare by hand, on a writable connection, in a transaction rolled back at the end: the
 * prerequisites (one statement), the settlement's head, the sheet (one statement), the draft's
 * old lines and rows deleted, the head updated, every row inserted (with its id back) and
 * every line. No audit row; nothing is read back (the rows are in hand). `commit`: committed
 * instead (to measure what the commit adds).
 */
function floorPrepare(rw: SQLite.Database, month: string, now: string, commit = false): { rows: number; lines: number } {
  rw.exec('BEGIN IMMEDIATE');
  let done = false;
  try {
    const pre = rw.prepare(PREREQUISITES_SQL).get(bounds(month)) as { fuel: number; assessment: number; flags: number; pending: number; unfinished: number };
    if (!pre.fuel || !pre.assessment || pre.flags || pre.pending || pre.unfinished) throw new Error(`floor: ${month} is not ready: ${JSON.stringify(pre)}`);
    const policy = rw.prepare('SELECT id FROM policy_versions WHERE effective_month <= ? ORDER BY effective_month DESC, id DESC LIMIT 1').get(month) as { id: number } | undefined;
    const head = rw.prepare('SELECT id, status FROM settlements WHERE month = ?').get(month) as { id: number; status: string } | undefined;
    if (!head || head.status !== 'draft') throw new Error(`floor: ${month} has no draft to compute again`);
    const people = floorSheet(rw, month);
    rw.prepare('DELETE FROM settlement_lines WHERE row_id IN (SELECT id FROM settlement_rows WHERE settlement_id = ?)').run(head.id);
    rw.prepare('DELETE FROM settlement_rows WHERE settlement_id = ?').run(head.id);
    const net = people.reduce((s, p) => s + p.netFen, 0);
    rw.prepare('UPDATE settlements SET version = version + 1, computed_at = ?, policy_version_id = ?, prepared_at = ?, prepared_by_name = ?, prepared_role = ?, net_fen = ? WHERE id = ?').run(
      now,
      policy?.id ?? 0,
      now,
      '许文静',
      'fleet_office',
      net,
      head.id,
    );
    const insertRow = rw.prepare(
      'INSERT INTO settlement_rows (settlement_id, driver_id, user_id, name, employee_no, post, official_km, safe, reasons, totals, net_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    const insertLine = rw.prepare('INSERT INTO settlement_lines (row_id, kind, amount_fen, source_type, source_id, source_number, text) VALUES (?, ?, ?, ?, ?, ?, ?)');
    let lines = 0;
    for (const p of people) {
      const { id } = insertRow.get(head.id, p.driverId, p.userId, p.name, p.employeeNo, p.post, p.km, p.safe ? 1 : 0, p.reasons, JSON.stringify(p.totals), p.netFen) as { id: number };
      for (const l of p.lines) insertLine.run(id, l.kind, l.amount, l.source_type, l.source_id, l.source_number, l.text);
      lines += p.lines.length;
    }
    done = true;
    return { rows: people.length, lines };
  } finally {
    rw.exec(done && commit ? 'COMMIT' : 'ROLLBACK');
  }
}

/** get by hand: the head, the prerequisites (one statement), every row in the sheet's order. */
function floorGet(ro: SQLite.Database, month: string) {
  const s = ro.prepare('SELECT * FROM settlements WHERE month = ?').get(month) as { id: number };
  const pre = ro.prepare(PREREQUISITES_SQL).get(bounds(month));
  const rows = ro.prepare('SELECT * FROM settlement_rows WHERE settlement_id = ? ORDER BY id').all(s.id);
  return { s, pre, rows };
}

/** slip by hand: the driver's name, the head, the row, its lines. */
function floorSlip(ro: SQLite.Database, month: string, driverId: number) {
  const name = ro.prepare('SELECT name FROM drivers WHERE id = ?').get(driverId);
  const s = ro.prepare('SELECT id, status FROM settlements WHERE month = ?').get(month) as { id: number };
  const row = ro.prepare('SELECT * FROM settlement_rows WHERE settlement_id = ? AND driver_id = ?').get(s.id, driverId) as { id: number };
  const lines = ro.prepare('SELECT * FROM settlement_lines WHERE row_id = ? ORDER BY id').all(row.id);
  return { name, row, lines };
}

// ---------------------------------------------------------------------------------------------
// The month made ready through the API

export interface SettlementSetup {
  backend: Backend;
  clock: Clock;
  dbFile: string;
  /** the administrator's calls */
  adminCall: (method: string, input: unknown) => Promise<unknown>;
  driverIds: number[];
  /** the month settled: a month that has ended, with the month before it in the log too */
  month: string;
}

export async function setUpSettlement(o: SettlementSetup): Promise<SettlementBench> {
  const { backend, clock, month } = o;
  const prev = addMonth(month, -1);
  const next = addMonth(month, 1);
  const NOW = clock.now;
  const t0 = Date.now();
  const ro = new SQLite(o.dbFile, { readonly: true });
  const rw = new SQLite(o.dbFile);
  rw.pragma('foreign_keys = ON');
  rw.pragma('busy_timeout = 5000');

  // The people: the staff; a group leader and the driver of the seized engine with accounts of their own.
  const d = (i: number) => o.driverIds[i]!;
  const users: Record<string, number> = {};
  for (const [username, s] of Object.entries(STAFF)) {
    users[username] = ((await o.adminCall('users.create', { username, displayName: s.displayName, password: PASSWORD, roles: s.roles })) as { id: number }).id;
  }
  const driverName = (id: number) => (ro.prepare('SELECT name FROM drivers WHERE id = ?').get(id) as { name: string }).name;
  await o.adminCall('users.create', { username: 'zuzhang', displayName: driverName(d(0)), password: PASSWORD, roles: ['driver', 'group_leader'], driverId: d(0) });
  await o.adminCall('users.create', { username: 'siji20', displayName: driverName(d(20)), password: PASSWORD, roles: ['driver'], driverId: d(20) });
  const shopId = ((await o.adminCall('shops.create', { name: '城东汽修厂' })) as { id: number }).id;

  // Each user's calls, logged in again when the clock has moved past the session.
  const tokens = new Map<string, string>();
  const login = async (username: string) => {
    const r = await backend.dispatch('auth.login', { username, password: PASSWORD }, {});
    if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
    tokens.set(username, (r.data as { token: string }).token);
  };
  const as =
    (username: string) =>
    async <M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      if (!tokens.has(username)) await login(username);
      let r = await backend.dispatch(method, input, { token: tokens.get(username)! });
      if (!r.ok && r.error.code === 'UNAUTHENTICATED') {
        await login(username);
        r = await backend.dispatch(method, input, { token: tokens.get(username)! });
      }
      if (!r.ok) throw new Error(`${username} ${method} ${JSON.stringify(input)}: ${r.error.message}`);
      return r.data as MethodOutput<M>;
    };
  const director = as('zhuren');
  const office = as('bangongshi');
  const captain = as('duizhang');
  const manager = as('jingli');
  const finance = as('caiwu');
  const seizedDriver = as('siji20');
  const setNow = (minute: string) => (clock.now = at(minute));

  /** Each record falls on another driver: the next one not yet taken. */
  const taken = new Set([d(0), d(20)]);
  const nextDriver = () => {
    const id = o.driverIds.find((x) => !taken.has(x));
    if (id === undefined) throw new Error('no driver left');
    taken.add(id);
    return id;
  };
  /** The first trip, of a driver not yet taken, that left on or after `from` and came back before `to`: an accident happens 25 minutes out. */
  const trip = (from: string, to: string) => {
    const t = ro
      .prepare(
        `SELECT id, vehicle_id, driver_id, departed_at FROM dispatch_tickets WHERE status = 'closed' AND start_at >= ? AND start_at < ? AND returned_at < ?
         AND driver_id NOT IN (${[...taken].join(', ')}) ORDER BY start_at, id LIMIT 1`,
      )
      .get(from, to, to) as { id: number; vehicle_id: number; driver_id: number; departed_at: string } | undefined;
    if (!t) throw new Error(`no trip between ${from} and ${to}`);
    taken.add(t.driver_id);
    return { ticketId: t.id, vehicleId: t.vehicle_id, driverId: t.driver_id, occurredAt: plusMinutes(t.departed_at, 25) };
  };
  const [overnight, parker, privateUser, untidy, veryUntidy] = [nextDriver(), nextDriver(), nextDriver(), nextDriver(), nextDriver()];
  const accident = async (on: ReturnType<typeof trip>, more: Partial<MethodInput<'accidents.create'>>) =>
    office('accidents.create', { ...on, place: '南环路与人民路口', description: '跟车过近，追尾前车', reporting: 'in_time', costs: [{ kind: 'own_repair', amountFen: 120000 }], ...more });

  /** The captain's fuel month: every item explained, but the `penalise` over-limit vehicles with the largest excess and the first anomaly. */
  const signFuel = async (m: string, penalise: number) => {
    const items = (await captain('fuel.month', { month: m })).items;
    const over = items.filter((i) => i.fillupId === null).sort((a, b) => b.amountFen - a.amountFen);
    const penalised = new Set(over.slice(0, penalise).map((i) => i.key));
    const anomaly = penalise > 0 ? items.find((i) => i.fillupId !== null && i.amountFen >= 2000) : undefined;
    for (const item of items) {
      if (item.fillupId === null) {
        const p = penalised.has(item.key);
        await captain('fuel.resolve', { month: m, vehicleId: item.vehicleId, decision: p ? 'penalised' : 'explained', note: p ? '超耗，按驾驶里程分摊' : '路况差，空调使用多' });
      } else {
        const p = item === anomaly;
        await captain('fuel.resolve', {
          month: m,
          vehicleId: item.vehicleId,
          fillupId: item.fillupId,
          anomalyKind: item.anomalyKind!,
          decision: p ? 'penalised' : 'explained',
          ...(p ? { amountFen: 2000 } : {}),
          note: p ? '未按规定加油，扣 20 元' : '已核实发票，情况属实',
        });
      }
    }
    const signed = await captain('fuel.sign', { month: m });
    return { items: items.length, over: over.length, penalties: signed.penalties.length, penaltyFen: signed.penaltyTotalFen };
  };

  // September: the policy, the deduction item, an accident of the month.
  setNow(`${prev}-01 09:00`);
  const policy = await director('policy.get', { month: prev });
  const settings = { ...policy.version.settings, assessment: { ...policy.version.settings.assessment, payDeductionPerPointFen: 100, minScoreForBonus: 90 } };
  await director('policy.update', { effectiveMonth: prev, settings, reason: '百分考核与工资挂钩：每少一分扣 1 元，低于 90 分不发安全奖' });
  const item = await office('assessment.saveItem', { name: '车容车貌不整', subject: 'driver', points: 5 });
  setNow(`${prev}-25 18:00`);
  const a1 = await accident(trip(`${prev}-10`, `${prev}-25`), { finding: 'full', findingNo: '苏公交认字[2026]第0101号' });

  // 5 October: the September accident is closed (October's share); 8 October: September is settled and locked.
  setNow(`${month}-05 10:00`);
  await director('accidents.close', { id: a1.id });
  setNow(`${month}-08 09:00`);
  const fuelPrev = await signFuel(prev, 0);
  await office('assessment.sign', { month: prev });
  await office('settlement.prepare', { month: prev });
  await captain('settlement.review', { month: prev });
  await manager('settlement.approve', { month: prev });
  await finance('settlement.lock', { month: prev });
  await office('settlement.adjust', { correctsMonth: prev, driverId: parker, amountFen: 5000, reason: '九月多扣罚款退回' });
  await office('settlement.adjust', { correctsMonth: prev, userId: users.zhuren!, amountFen: -3000, reason: '九月漏扣罚款' });

  // 20 October: an accident closed the same month, the seized engine, the violations, the deductions.
  setNow(`${month}-20 16:00`);
  const a2 = await accident(trip(`${month}-01`, `${month}-19`), { finding: 'secondary', findingNo: '苏公交认字[2026]第0133号', costs: [{ kind: 'own_repair', amountFen: 60000 }] });
  await director('accidents.close', { id: a2.id });
  const seizedVehicle = (ro.prepare("SELECT id FROM vehicles WHERE status = 'available' ORDER BY id LIMIT 1").get() as { id: number }).id;
  const order = await office('repairs.create', { vehicleId: seizedVehicle, driverId: d(20), shopId, symptoms: '发动机异响后熄火，无法启动' });
  await director('repairs.phoneApprove', { id: order.id, approvedAt: `${month}-20 08:00` });
  await office('repairs.toShop', { id: order.id });
  await office('repairs.enterWork', { id: order.id, lines: [{ kind: 'labour', name: '发动机大修', quantity: 100, unitPriceFen: 480000 }] });
  await captain('repairs.markSeizure', { id: order.id, cause: 'no_oil', note: '拆检：油底壳无机油，曲轴抱死' });
  await seizedDriver('repairs.sign', { id: order.id });
  await office('repairs.verifyParts', { id: order.id });
  await captain('repairs.settle', { id: order.id });
  await office('repairs.review', { id: order.id });
  await manager('repairs.approvePayment', { id: order.id });
  await office('violations.create', { kind: 'overnight', offenderRole: 'driver', driverId: overnight, occurredOn: `${month}-12`, description: '车辆未按时回库，在外过夜' });
  await office('violations.create', { kind: 'not_parked', offenderRole: 'driver', driverId: parker, occurredOn: `${month}-14`, description: '收车未停放在指定车位' });
  await office('violations.create', { kind: 'private_use', offenderRole: 'driver', driverId: privateUser, occurredOn: `${month}-16`, description: '下班后私自用车办私事' });
  await office('violations.create', { kind: 'private_use', offenderRole: 'director', userId: users.zhuren!, occurredOn: `${month}-08`, description: '周末私用公车' });
  await office('violations.create', { kind: 'overnight', offenderRole: 'deputy_director', userId: users.fuzhuren!, occurredOn: `${month}-18`, description: '公车停放在家过夜' });
  await office('assessment.deduct', { month, subject: 'driver', subjectId: untidy, itemId: item.id });
  await office('assessment.deduct', { month, subject: 'driver', subjectId: veryUntidy, itemId: item.id, points: 15, note: '多次检查车辆脏乱' });

  // 28 October: an accident with its finding, still open; a hidden one without liability.
  setNow(`${month}-28 18:00`);
  const a3 = await accident(trip(`${month}-21`, `${month}-28`), { finding: 'equal', findingNo: '苏公交认字[2026]第0140号' });
  await accident(trip(`${month}-21`, `${month}-28`), { finding: 'none', findingNo: '苏公交认字[2026]第0141号', reporting: 'hidden', costs: [{ kind: 'own_repair', amountFen: 30000 }] });

  // 2 November: October's fuel and assessment signed; 5 November: the October accident closed (November's share).
  setNow(`${next}-02 09:00`);
  const fuelMonth = await signFuel(month, 2);
  await office('assessment.sign', { month });
  setNow(`${next}-05 10:00`);
  await director('accidents.close', { id: a3.id });
  clock.now = NOW;

  const ready = await office('settlement.prerequisites', { month });
  if (!ready.ready) throw new Error(`${month} is not ready to settle: ${ready.items.filter((i) => !i.ok).map((i) => i.message).join('; ')}`);
  const setupMs = Date.now() - t0;

  // The first prepare: no draft yet.
  let sheet: MethodOutput<'settlement.prepare'> | undefined;
  const firstMs = await once(async () => (sheet = await office('settlement.prepare', { month })));

  // The floor must give the app's sheet, person by person.
  const stored = ro
    .prepare('SELECT r.driver_id, r.user_id, count(l.id) AS n FROM settlement_rows r LEFT JOIN settlement_lines l ON l.row_id = r.id JOIN settlements s ON s.id = r.settlement_id WHERE s.month = ? GROUP BY r.id')
    .all(month) as { driver_id: number | null; user_id: number | null; n: number }[];
  const linesOf = new Map(stored.map((r) => [r.driver_id !== null ? `d${r.driver_id}` : `u${r.user_id}`, r.n]));
  const floor = floorSheet(ro, month);
  const byPerson = new Map(floor.map((p) => [p.person, p]));
  const problems: string[] = [];
  if (floor.length !== sheet!.rows.length) problems.push(`rows: app ${sheet!.rows.length}, floor ${floor.length}`);
  for (const a of sheet!.rows) {
    const key = a.driverId !== null ? `d${a.driverId}` : `u${a.userId}`;
    const f = byPerson.get(key);
    const same =
      f &&
      f.post === a.post &&
      f.km === a.officialKm &&
      f.safe === a.safe &&
      f.netFen === a.netFen &&
      LINE_KINDS.every((k) => f.totals[k] === a.totals[k]) &&
      (JSON.parse(f.reasons) as unknown[]).length === a.reasons.length &&
      f.lines.length === linesOf.get(key);
    if (!same && problems.length < 10) {
      problems.push(
        `${key}: app ${JSON.stringify({ post: a.post, km: a.officialKm, safe: a.safe, net: a.netFen, totals: a.totals, reasons: a.reasons.length, lines: linesOf.get(key) })}` +
          `, floor ${f ? JSON.stringify({ post: f.post, km: f.km, safe: f.safe, net: f.netFen, totals: f.totals, reasons: (JSON.parse(f.reasons) as unknown[]).length, lines: f.lines.length }) : 'none'}`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`the raw settlement of ${month} differs from the app's:\n${problems.join('\n')}`);
  const kinds = LINE_KINDS.map((k) => {
    const ls = floor.flatMap((p) => p.lines.filter((l) => l.kind === k && l.amount !== 0));
    return { k, n: ls.length, fen: ls.reduce((s, l) => s + l.amount, 0) };
  });
  const missing = kinds.filter((k) => k.n === 0).map((k) => k.k);
  if (missing.length > 0) throw new Error(`the settlement of ${month} has no ${missing.join(', ')} line: the bench's month should show every kind`);
  const lineCount = floor.reduce((s, p) => s + p.lines.length, 0);
  const drivers = floor.filter((p) => p.driverId !== null);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  console.log(
    `settlement ${month}: made ready through the API in ${setupMs} ms (${prev} settled and locked on the way; fuel ${prev}: ${fuelPrev.items} items explained; ` +
      `fuel ${month}: ${fuelMonth.items} items, ${fuelMonth.over} over the limit, ${fuelMonth.penalties} penalties worth ${yuan(fuelMonth.penaltyFen)} 元)`,
  );
  console.log(
    `settlement ${month}: floor = app for ${floor.length} rows (${drivers.length} drivers, ${drivers.filter((p) => !p.safe).length} not safe, ` +
      `${drivers.filter((p) => p.post === 'group_leader').length} group leader, ${floor.length - drivers.length} director/deputy) and ${lineCount} lines; ` +
      `non-zero lines: ${kinds.map((k) => `${k.k} ${k.n} (${yuan(k.fen)} 元)`).join(', ')}; net ${yuan(floor.reduce((s, p) => s + p.netFen, 0))} 元`,
  );
  console.log(`settlement ${month}: first prepare (no draft yet, ${sheet!.rows.length} rows): ${firstMs.toFixed(1)} ms, once`);

  // The floor writes as many rows and lines as the app stored.
  const written = floorPrepare(rw, month, '2026-11-30 15:00');
  if (written.rows !== stored.length || written.lines !== lineCount) throw new Error(`floor prepare wrote ${written.rows} rows and ${written.lines} lines, the app ${stored.length} and ${lineCount}`);

  // The floor's prerequisites must count what the app's do: this month, and the next (still open: flags to resolve, trips out).
  for (const m of [month, next]) {
    const app = Object.fromEntries((await office('settlement.prerequisites', { month: m })).items.map((i) => [i.kind, i.count]));
    const f = ro.prepare(PREREQUISITES_SQL).get(bounds(m)) as { fuel: number; assessment: number; flags: number; pending: number; unfinished: number };
    const mine = { fuel_signed: f.fuel ? 0 : 1, assessment_signed: f.assessment ? 0 : 1, flags_resolved: f.flags, findings_in: f.pending, trips_finished: f.unfinished };
    if (JSON.stringify(mine) !== JSON.stringify(app)) throw new Error(`the raw prerequisites of ${m} differ from the app's: app ${JSON.stringify(app)}, floor ${JSON.stringify(mine)}`);
    if (m === next) console.log(`settlement prerequisites ${m}: floor = app (${Object.entries(app).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  }

  // The app's prepare commits (synchronous=FULL); the floor's timed one rolls back. The floor
  // committed, a few times, shows what the commit adds; then the app prepares the sheet again.
  rw.pragma('synchronous = FULL');
  const committed: number[] = [];
  for (let i = 0; i < 9; i++) committed.push(await once(() => floorPrepare(rw, month, '2026-11-30 15:00', true)));
  const committedMs = committed.sort((a, b) => a - b)[4]!;
  await office('settlement.prepare', { month });

  // The slip of the driver with the most lines.
  const slipDriver = [...drivers].sort((a, b) => b.lines.length - a.lines.length || a.driverId! - b.driverId!)[0]!;
  const nowText = '2026-11-30 15:00';
  return {
    month,
    legend: [
      `settlement figures: app = backend.dispatch (fleet_office); floor = raw better-sqlite3.`,
      `  prepare again: app = recompute the draft: prerequisites, policy, every person's row and lines, old rows and lines deleted, ` +
        `${floor.length} rows + ${lineCount} lines inserted, audit row, commit (synchronous=FULL), sheet read back; ` +
        `floor = BEGIN, prerequisites (1 statement), head, the sheet (1 statement), the same deletes and inserts, ROLLBACK (no audit row, no commit; ` +
        `committed instead: median ${committedMs.toFixed(1)} ms of 9)`,
      `  get: app = head, 5 prerequisite queries, ${floor.length} rows, their reasons rendered; floor = head, prerequisites (1 statement), the rows`,
      `  slip: app = the name, head, row, lines, texts rendered; floor = the same 4 statements (driver ${slipDriver.driverId}, ${slipDriver.lines.length} lines)`,
    ],
    figures: [
      [`settlement.prepare ${month} again`, () => office('settlement.prepare', { month }), () => floorPrepare(rw, month, nowText)],
      [`settlement.get ${month}`, () => office('settlement.get', { month }), () => floorGet(ro, month)],
      [`settlement.slip ${month}`, () => office('settlement.slip', { month, driverId: slipDriver.driverId! }), () => floorSlip(ro, month, slipDriver.driverId!)],
    ],
    explain: [`settlement.prepare ${month} again`],
    close: () => {
      ro.close();
      rw.close();
    },
  };
}
