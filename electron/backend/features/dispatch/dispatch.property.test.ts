// Property-based test of the dispatch log through the real backend: random sequences of
// requests, approvals, rejections, cancellations, check-outs, check-ins and closes (many of
// them refused, as random input should be) must keep every vehicle's odometer history
// non-decreasing and never leave two tickets out on one vehicle or one driver; a vehicle is
// 'dispatched' exactly while one ticket is out, and a trip's distance is its odometer in
// minus out. A refused call must change nothing. The invariants are read straight from the
// database file after every step.
//
// One harness serves every run (logins cost a scrypt each); each run gets three fresh
// vehicles and three fresh drivers, so runs (and fast-check's shrinking runs) cannot
// interfere, and the invariants are checked on that run's vehicles and drivers only.
import SQLite from 'better-sqlite3';
import dayjs from 'dayjs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Method, MethodInput } from '../../../../shared/api/index.ts';
import { localMinute } from '../../../../shared/domain/period.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

const VEHICLES_PER_RUN = 3;
const DRIVERS_PER_RUN = 3;
/** A session ends after 12 idle hours; a caller idle this long is pinged before the clock moves. */
const KEEP_ALIVE_MS = 10 * 60 * 60 * 1000;

let h: Harness;
let ro: SQLite.Database;
let admin: KeptCaller;
let director: KeptCaller;
let office: KeptCaller;
let modelId: number;
let serial = 0;

interface KeptCaller extends Caller {
  /** the clock's time of this caller's last call */
  lastUsed: number;
}

/**
 * A caller that logs in again when its session has timed out (as in dispatch.test.ts), and
 * remembers when it was last used so the clock can be moved without logging in again.
 */
async function login(username: string): Promise<KeptCaller> {
  let c = await h.as(username);
  const kept: KeptCaller = {
    lastUsed: h.clock.now.getTime(),
    get token() {
      return c.token;
    },
    call: (async (method: never, input: never) => {
      kept.lastUsed = h.clock.now.getTime();
      let r = await c.call(method, input);
      if (!r.ok && r.error.code === 'UNAUTHENTICATED') {
        c = await h.as(username);
        r = await c.call(method, input);
      }
      return r;
    }) as Caller['call'],
    ok: (async (method: never, input: never) => {
      const r = await kept.call(method, input);
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.data;
    }) as Caller['ok'],
  };
  return kept;
}

/** Moves the clock forward; callers idle for long are pinged first so their sessions live on. */
async function advance(minutes: number) {
  if (minutes <= 0) return;
  const next = h.clock.now.getTime() + minutes * 60_000;
  for (const c of [admin, director, office]) {
    if (next - c.lastUsed >= KEEP_ALIVE_MS) await c.call('auth.me', {});
  }
  h.clock.now = new Date(next);
}

const now = () => localMinute(h.clock.now);
const minutesFromNow = (m: number) => dayjs(h.clock.now).add(m, 'minute').format('YYYY-MM-DD HH:mm');
/** A 'YYYY-MM-DD HH:mm' time moved by some minutes. */
const shift = (minute: string, m: number) => dayjs(minute.replace(' ', 'T')).add(m, 'minute').format('YYYY-MM-DD HH:mm');

beforeAll(async () => {
  h = await openHarness({ now: '2030-01-07T07:00:00' });
  ro = new SQLite(h.dbFile, { readonly: true });
  admin = await login('admin');
  modelId = (await admin.ok('models.create', { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000, maintenanceIntervalKm: 5000 })).id;
  await admin.ok('users.create', { username: 'zhuren', displayName: '郑主任', password: 'demo1234', roles: ['director'], driverId: null });
  await admin.ok('users.create', { username: 'bangongshi', displayName: '许文静', password: 'demo1234', roles: ['fleet_office'], driverId: null });
  director = await login('zhuren');
  office = await login('bangongshi');
});
afterAll(async () => {
  ro?.close();
  await h?.close();
});

// ---- commands ------------------------------------------------------------------------------

/**
 * Which ticket a command acts on: mostly one in a status the step is allowed from (the
 * command is skipped when there is none), sometimes any ticket of the run, to be refused.
 */
const target = fc.record({ index: fc.nat(), among: fc.constantFrom<'fitting' | 'any'>('fitting', 'fitting', 'fitting', 'fitting', 'fitting', 'any') });
/**
 * A span of minutes, mostly on a half-hour grid so that windows often touch and times often
 * coincide (where the boundary cases are), sometimes to the minute.
 */
function minutes(min: number, max: number) {
  return fc.oneof(
    { arbitrary: fc.integer({ min: Math.ceil(min / 30), max: Math.floor(max / 30) }).map((u) => u * 30), weight: 3 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
  );
}
/** Minutes the clock moves on before the command. */
const wait = minutes(0, 600);

/**
 * When a step happened, entered now: just now, some minutes ago, or around the time the
 * ticket planned (never after now: a later time is refused, and the clock only moves on).
 */
const when = fc.oneof(
  { arbitrary: fc.record({ from: fc.constant('now' as const), minutes: fc.constant(0) }), weight: 2 },
  { arbitrary: fc.record({ from: fc.constant('now' as const), minutes: minutes(1, 720).map((m) => -m) }), weight: 2 },
  { arbitrary: fc.record({ from: fc.constant('planned' as const), minutes: minutes(-120, 120) }), weight: 4 },
);

const requestCmd = fc.record({
  kind: fc.constant('request' as const),
  wait,
  vehicle: fc.nat({ max: VEHICLES_PER_RUN - 1 }),
  driver: fc.nat({ max: DRIVERS_PER_RUN - 1 }),
  purposeKind: fc.constantFrom('delivery' as const, 'official' as const),
  /**
   * The planned departure: relative to now (trips entered afterwards start in the past), or
   * the planned window ends a gap before another ticket of the run begins, or starts a gap
   * after it ends (where windows touch, and trips are entered between others).
   */
  start: fc.oneof(
    { arbitrary: fc.record({ from: fc.constant('now' as const), minutes: minutes(-600, 1440) }), weight: 2 },
    { arbitrary: fc.record({ from: fc.constantFrom('before' as const, 'after' as const), ticket: fc.nat(), gap: fc.oneof(fc.constant(0), minutes(1, 240)) }), weight: 2 },
  ),
  durationMin: minutes(1, 900),
});
const approveCmd = fc.record({ kind: fc.constant('approve' as const), wait, target });
const rejectCmd = fc.record({ kind: fc.constant('reject' as const), wait, target });
const cancelCmd = fc.record({ kind: fc.constant('cancel' as const), wait, target });
const checkOutCmd = fc.record({
  kind: fc.constant('checkOut' as const),
  wait,
  target,
  /** the departure: now, a while ago, or near the planned departure */
  at: when,
  /** the odometer out relative to the reading before the departure, or to the latest reading */
  kmFrom: fc.constantFrom<'before' | 'latest'>('before', 'latest'),
  kmDelta: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 }), weight: 4 }, { arbitrary: fc.integer({ min: -30, max: -1 }), weight: 1 }),
});
const checkInCmd = fc.record({
  kind: fc.constant('checkIn' as const),
  wait,
  target,
  /** the return: now, a while ago, or near the planned return (or the departure, if later) */
  at: when,
  kmDelta: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 700 }), weight: 6 }, { arbitrary: fc.integer({ min: -20, max: -1 }), weight: 1 }),
  parked: fc.boolean(),
});
const closeCmd = fc.record({ kind: fc.constant('close' as const), wait, target });

const command = fc.oneof(
  { arbitrary: requestCmd, weight: 4 },
  { arbitrary: approveCmd, weight: 5 },
  { arbitrary: rejectCmd, weight: 1 },
  { arbitrary: cancelCmd, weight: 1 },
  { arbitrary: checkOutCmd, weight: 5 },
  { arbitrary: checkInCmd, weight: 5 },
  { arbitrary: closeCmd, weight: 2 },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const scenario = fc.record({
  initialKm: fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: VEHICLES_PER_RUN, maxLength: VEHICLES_PER_RUN }),
  commands: fc.array(command, { minLength: 10, maxLength: 30 }),
});

/** The statuses a command's ticket fits in (the ones the step is allowed from). */
const FITTING: Record<Exclude<Command['kind'], 'request'>, string[]> = {
  approve: ['requested'],
  reject: ['requested'],
  cancel: ['requested', 'approved'],
  checkOut: ['approved'],
  checkIn: ['departed'],
  close: ['returned'],
};

// ---- one run -------------------------------------------------------------------------------

interface TicketRow {
  id: number;
  status: string;
  vehicle_id: number;
  driver_id: number;
  planned_departure: string;
  planned_return: string;
  departed_at: string | null;
  returned_at: string | null;
  odometer_out_km: number | null;
  odometer_in_km: number | null;
  distance_km: number | null;
}

/** Tallies over all runs, to make sure the runs do reach every step. */
const tally = new Map<string, { ok: number; refused: number }>();

const PLATE_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Five plate characters, a different set for each n. */
function plateSuffix(n: number): string {
  let out = '';
  for (let i = 0; i < 5; i++, n = Math.floor(n / PLATE_CHARS.length)) out = PLATE_CHARS[n % PLATE_CHARS.length]! + out;
  return out;
}

class Run {
  vehicles: number[] = [];
  drivers: number[] = [];
  trace: string[] = [];

  async setUp(initialKm: number[]) {
    for (let i = 0; i < VEHICLES_PER_RUN; i++) {
      const plate = `苏E${plateSuffix(++serial)}`;
      this.vehicles.push((await admin.ok('vehicles.create', { plate, modelId, parkingPlace: `车库 ${i + 1} 号位`, initialOdometerKm: initialKm[i] ?? 0 })).id);
    }
    for (let i = 0; i < DRIVERS_PER_RUN; i++) {
      const n = ++serial;
      this.drivers.push((await admin.ok('drivers.create', { name: `驾驶员${n}`, employeeNo: `PB${n}`, permitNo: `P-PB${n}`, permitValidFrom: '2020-01-01', permitValidTo: '2099-12-31' })).id);
    }
  }

  inList(ids: number[]) {
    return `(${ids.join(',')})`;
  }

  ticketRows(): TicketRow[] {
    return ro.prepare(`SELECT * FROM dispatch_tickets WHERE vehicle_id IN ${this.inList(this.vehicles)} ORDER BY id`).all() as TicketRow[];
  }

  /** Everything a refused call must leave as it was: row counts, and this run's rows. */
  async snapshot() {
    const v = this.inList(this.vehicles);
    return {
      counts: await tableCounts(h.backend),
      tickets: ro.prepare(`SELECT * FROM dispatch_tickets WHERE vehicle_id IN ${v} ORDER BY id`).all(),
      flags: ro.prepare(`SELECT f.* FROM dispatch_flags f JOIN dispatch_tickets t ON t.id = f.ticket_id WHERE t.vehicle_id IN ${v} ORDER BY f.id`).all(),
      vehicles: ro.prepare(`SELECT * FROM vehicles WHERE id IN ${v} ORDER BY id`).all(),
      readings: ro.prepare(`SELECT * FROM odometer_readings WHERE vehicle_id IN ${v} ORDER BY id`).all(),
    };
  }

  /** Calls a method; a refusal must be an ordinary one (never INTERNAL) and change nothing. */
  async act<M extends Method>(who: KeptCaller, whoName: string, method: M, input: MethodInput<M>) {
    const before = await this.snapshot();
    const r = await who.call(method, input);
    const t = tally.get(method) ?? { ok: 0, refused: 0 };
    tally.set(method, t);
    if (r.ok) {
      t.ok++;
      this.trace.push(`[${now()}] ${whoName} ${method} ${JSON.stringify(input)} -> ok`);
    } else {
      t.refused++;
      this.trace.push(`[${now()}] ${whoName} ${method} ${JSON.stringify(input)} -> ${r.error.code}: ${r.error.message}`);
      if (r.error.code === 'INTERNAL') this.fail(`${method} failed with an internal error`);
      const after = await this.snapshot();
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        this.fail(`the refused ${method} changed the database`, { before, after });
      }
    }
    return r;
  }

  fail(what: string, detail?: unknown): never {
    throw new Error(`${what}${detail === undefined ? '' : `\n${JSON.stringify(detail, null, 1)}`}\n--- this run's calls ---\n${this.trace.join('\n')}`);
  }

  /** A ticket of this run for the command, or none. */
  pick(cmd: { kind: keyof typeof FITTING; target: { index: number; among: 'fitting' | 'any' } }): TicketRow | null {
    const rows = this.ticketRows();
    const fitting = rows.filter((r) => FITTING[cmd.kind].includes(r.status));
    const pool = cmd.target.among === 'fitting' ? fitting : rows;
    return pool.length === 0 ? null : pool[cmd.target.index % pool.length]!;
  }

  /** The reading a check-out starts from: the last one at or before `at`, or the latest of all. */
  baseKm(vehicleId: number, at: string, from: 'before' | 'latest'): number {
    const r = (
      from === 'before'
        ? ro.prepare('SELECT km FROM odometer_readings WHERE vehicle_id = ? AND at <= ? ORDER BY at DESC, km DESC LIMIT 1').get(vehicleId, at)
        : ro.prepare('SELECT km FROM odometer_readings WHERE vehicle_id = ? ORDER BY at DESC, km DESC LIMIT 1').get(vehicleId)
    ) as { km: number } | undefined;
    if (r) return r.km;
    return (ro.prepare('SELECT initial_odometer_km AS km FROM vehicles WHERE id = ?').get(vehicleId) as { km: number }).km;
  }

  /** A requested window: from now, or next to another ticket's window (its trip, once made). */
  plannedWindow(start: { from: 'now'; minutes: number } | { from: 'before' | 'after'; ticket: number; gap: number }, duration: number): [string, string] {
    const rows = this.ticketRows();
    const other = start.from === 'now' || rows.length === 0 ? null : rows[start.ticket % rows.length]!;
    if (start.from === 'now' || other === null) {
      const m = start.from === 'now' ? start.minutes : 0;
      return [minutesFromNow(m), minutesFromNow(m + duration)];
    }
    if (start.from === 'before') {
      const end = shift(other.departed_at ?? other.planned_departure, -start.gap);
      return [shift(end, -duration), end];
    }
    const begin = shift(other.returned_at ?? other.planned_return, start.gap);
    return [begin, shift(begin, duration)];
  }

  /** A time for a check-out or check-in, at most now. */
  at(when: { from: 'now' | 'planned'; minutes: number }, planned: string): string {
    const at = when.from === 'now' ? minutesFromNow(when.minutes) : shift(planned, when.minutes);
    return at < now() ? at : now();
  }

  async execute(cmd: Command) {
    await advance(cmd.wait);
    if (cmd.kind === 'request') {
      const [plannedDeparture, plannedReturn] = this.plannedWindow(cmd.start, cmd.durationMin);
      await this.act(office, 'office', 'dispatch.request', {
        vehicleId: this.vehicles[cmd.vehicle]!,
        driverId: this.drivers[cmd.driver]!,
        purposeKind: cmd.purposeKind,
        destination: '城东线',
        plannedDeparture,
        plannedReturn,
      });
      return;
    }
    const t = this.pick(cmd);
    if (!t) return;
    switch (cmd.kind) {
      case 'approve':
        await this.act(director, 'director', 'dispatch.approve', { id: t.id });
        return;
      case 'reject':
        await this.act(director, 'director', 'dispatch.reject', { id: t.id, reason: '不批' });
        return;
      case 'cancel':
        await this.act(office, 'office', 'dispatch.cancel', { id: t.id, reason: '取消' });
        return;
      case 'checkOut': {
        const departedAt = this.at(cmd.at, t.planned_departure);
        const km = this.baseKm(t.vehicle_id, departedAt, cmd.kmFrom) + cmd.kmDelta;
        await this.act(office, 'office', 'dispatch.checkOut', { id: t.id, departedAt, odometerOutKm: km });
        return;
      }
      case 'checkIn': {
        const base = t.odometer_out_km ?? this.baseKm(t.vehicle_id, now(), 'latest');
        await this.act(office, 'office', 'dispatch.checkIn', {
          id: t.id,
          returnedAt: this.at(cmd.at, t.departed_at !== null && t.departed_at > t.planned_return ? t.departed_at : t.planned_return),
          odometerInKm: base + cmd.kmDelta,
          parkedAtPlace: cmd.parked,
          ...(cmd.parked ? {} : { parkingNote: '停在客户门口' }),
        });
        return;
      }
      case 'close': {
        const flags = ro.prepare('SELECT id FROM dispatch_flags WHERE ticket_id = ? AND resolved_at IS NULL ORDER BY id').all(t.id) as { id: number }[];
        for (const f of flags) await this.act(office, 'office', 'dispatch.resolveFlag', { flagId: f.id, explanation: '已核实' });
        await this.act(office, 'office', 'dispatch.close', { id: t.id });
        return;
      }
    }
  }

  /** The invariants, read straight from the database file, for this run's vehicles and drivers. */
  checkInvariants() {
    const tickets = this.ticketRows();
    // 1. Each vehicle's odometer history never goes backwards, from its initial reading on.
    for (const v of this.vehicles) {
      const initial = (ro.prepare('SELECT initial_odometer_km AS km FROM vehicles WHERE id = ?').get(v) as { km: number }).km;
      const readings = ro.prepare('SELECT id, at, km, source, ticket_id FROM odometer_readings WHERE vehicle_id = ? ORDER BY at, id').all(v) as { id: number; at: string; km: number }[];
      let last = { at: '(initial)', km: initial };
      for (const r of readings) {
        if (r.km < last.km) this.fail(`vehicle ${v}: the odometer went back from ${last.km} km (${last.at}) to ${r.km} km (${r.at})`, readings);
        last = r;
      }
    }
    // 2. At most one ticket out per vehicle and per driver.
    const departed = tickets.filter((t) => t.status === 'departed');
    for (const [column, ids] of [
      ['vehicle_id', this.vehicles],
      ['driver_id', this.drivers],
    ] as const) {
      for (const id of ids) {
        const out = departed.filter((t) => t[column] === id);
        if (out.length > 1) this.fail(`${column} ${id} has ${out.length} tickets out at once`, out);
      }
    }
    // 3. A ticket out means its vehicle is dispatched, and a dispatched vehicle has exactly one ticket out.
    const vehicles = ro.prepare(`SELECT id, status FROM vehicles WHERE id IN ${this.inList(this.vehicles)}`).all() as { id: number; status: string }[];
    const statusOf = new Map(vehicles.map((v) => [v.id, v.status]));
    for (const t of departed) {
      if (statusOf.get(t.vehicle_id) !== 'dispatched') this.fail(`ticket ${t.id} is out but vehicle ${t.vehicle_id} is '${statusOf.get(t.vehicle_id)}'`, tickets);
    }
    for (const v of vehicles) {
      const out = departed.filter((t) => t.vehicle_id === v.id).length;
      if (v.status === 'dispatched' && out !== 1) this.fail(`vehicle ${v.id} is dispatched with ${out} tickets out`, tickets);
    }
    // 3b. Each ticket's flag counters match its flag rows.
    for (const t of tickets) {
      const c = ro.prepare('SELECT count(*) AS n, sum(resolved_at IS NULL) AS open FROM dispatch_flags WHERE ticket_id = ?').get(t.id) as { n: number; open: number | null };
      const counts = ro.prepare('SELECT flag_count, open_flag_count FROM dispatch_tickets WHERE id = ?').get(t.id) as { flag_count: number; open_flag_count: number };
      if (counts.flag_count !== c.n || counts.open_flag_count !== (c.open ?? 0)) this.fail(`ticket ${t.id}: flag counters ${JSON.stringify(counts)} but ${c.n} flags, ${c.open ?? 0} open`);
    }
    // 4. A trip made has its kilometres: in >= out, distance = in - out; and its readings are in the history.
    for (const t of tickets) {
      if (t.status === 'returned' || t.status === 'closed') {
        if (t.odometer_in_km === null || t.odometer_out_km === null || t.odometer_in_km < t.odometer_out_km || t.distance_km !== t.odometer_in_km - t.odometer_out_km) {
          this.fail(`ticket ${t.id}: odometer out ${t.odometer_out_km}, in ${t.odometer_in_km}, distance ${t.distance_km}`, t);
        }
      }
      const readings = ro.prepare('SELECT source, at, km FROM odometer_readings WHERE ticket_id = ? ORDER BY id').all(t.id);
      const expected = [
        ...(t.departed_at !== null ? [{ source: 'dispatch_out', at: t.departed_at, km: t.odometer_out_km }] : []),
        ...(t.returned_at !== null ? [{ source: 'dispatch_in', at: t.returned_at, km: t.odometer_in_km }] : []),
      ];
      if (JSON.stringify(readings) !== JSON.stringify(expected)) this.fail(`ticket ${t.id}: its odometer readings do not match the ticket`, { ticket: t, readings });
    }
  }
}

/**
 * Shrinking replays whole runs against the backend, which takes long; after this much time
 * spent since the first failure, further candidates pass at once, so fast-check stops and
 * reports the smallest failing sequence found by then.
 */
const SHRINK_BUDGET_MS = 20_000;

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;
const now0 = { from: 'now', minutes: 0 } as const;
const first = { index: 0, among: 'fitting' } as const;
/**
 * Sequences this test found leaving two tickets out on one vehicle, before check-out refused
 * a vehicle or driver still out; run before the random ones (fast-check's `examples`) so
 * that every run checks them.
 */
const KNOWN: Scenario[] = [
  {
    // Two tickets of one vehicle, both planned in the past, checked out in the same minute:
    // the second one's window (departure to planned return, already passed) is empty, so it
    // overlaps nothing, and the vehicle is out twice.
    initialKm: [1000, 1000, 1000],
    commands: [
      { kind: 'request', wait: 0, vehicle: 0, driver: 0, purposeKind: 'delivery', start: { from: 'now', minutes: -120 }, durationMin: 60 },
      { kind: 'request', wait: 0, vehicle: 0, driver: 1, purposeKind: 'delivery', start: { from: 'now', minutes: -60 }, durationMin: 30 },
      { kind: 'approve', wait: 0, target: first },
      { kind: 'approve', wait: 0, target: first },
      { kind: 'checkOut', wait: 0, target: first, at: now0, kmFrom: 'before', kmDelta: 0 },
      { kind: 'checkOut', wait: 0, target: first, at: now0, kmFrom: 'before', kmDelta: 0 },
    ],
  },
  {
    // A past trip entered late, planned before the departure of a trip still out: it fitted
    // before that departure, so it left while the other was out (and its check-in then set
    // the vehicle 'available' while the other trip was still out).
    initialKm: [1000, 1000, 1000],
    commands: [
      { kind: 'request', wait: 0, vehicle: 0, driver: 0, purposeKind: 'delivery', start: { from: 'now', minutes: 0 }, durationMin: 120 },
      { kind: 'approve', wait: 0, target: first },
      { kind: 'checkOut', wait: 0, target: first, at: now0, kmFrom: 'before', kmDelta: 0 },
      { kind: 'request', wait: 30, vehicle: 0, driver: 1, purposeKind: 'delivery', start: { from: 'now', minutes: -300 }, durationMin: 60 },
      { kind: 'approve', wait: 0, target: first },
      { kind: 'checkOut', wait: 0, target: first, at: { from: 'planned', minutes: 0 }, kmFrom: 'before', kmDelta: 0 },
      { kind: 'checkIn', wait: 0, target: first, at: { from: 'planned', minutes: 0 }, kmDelta: 50, parked: true },
    ],
  },
];

it(
  'random sequences of dispatch steps keep the odometer non-decreasing and one ticket out per vehicle and driver',
  async () => {
    let firstFailureAt: number | null = null;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ initialKm, commands }) => {
        if (firstFailureAt !== null && Date.now() - firstFailureAt > SHRINK_BUDGET_MS) return;
        try {
          await advance(60);
          const run = new Run();
          await run.setUp(initialKm);
          for (const cmd of commands) {
            await run.execute(cmd);
            run.checkInvariants();
          }
        } catch (e) {
          firstFailureAt ??= Date.now();
          throw e;
        }
      }),
      // DISPATCH_PROPERTY_RUNS=500 for a longer search
      { numRuns: Number(process.env.DISPATCH_PROPERTY_RUNS ?? 100), examples: KNOWN.map((k) => [k]) },
    );
    // The runs must actually reach the steps, not only have them refused.
    for (const m of ['dispatch.request', 'dispatch.approve', 'dispatch.checkOut', 'dispatch.checkIn'] as const) {
      expect(tally.get(m)?.ok ?? 0, `${m} accepted at least once`).toBeGreaterThan(0);
    }
  },
  120_000,
);
