// The ten-year dispatch log of the benchmark depot, written straight into SQLite with raw
// better-sqlite3 prepared statements inside one transaction (going through the API would take
// hours for a million tickets). Runs after the backend has migrated the schema and after the
// master data (vehicles, drivers, the administrator) exists.
//
// The log is plausible rather than random: every vehicle makes at most one morning and one
// afternoon trip a day, the drivers of one slot are all different, windows never overlap, each
// vehicle's odometer only goes up, numbers are 'PC<year>-<6 digits>' in sequence per year of
// request, and about 2 % of the trips carry flags (unlogged mileage, overnight, not parked).
// Everything older than a few days is closed with its flags explained; the last days hold the
// returned trips still to review, and today the trips out on the road, approved or requested.
// Timelines (dispatch_events) and audit rows are not written: no figure reads them.
//
// With `fuel` given, the fuel-card fill-ups of the same ten years are written beside the trips:
// each vehicle fills up on the road, during one of its own trips, every 300–400 km of its trips'
// distance (sooner when its tank runs low), by the trip's driver, at one of the approved
// stations; the litres are the km since the last fill at the vehicle's own rate, a share of its
// model's limit for the month (seasonal floats included), and about 3 % of vehicle-months burn
// more than the limit. About one fill in ten is partial; the litres it leaves out are bought at
// the next fill, so full-to-full consumption still adds up. The odometer of a fill lies between
// the trip's two readings; the price of 92# drifts between 6.50 and 8.50 元 in ten-day steps.
// The fuel part draws from its own seeded generator, so the dispatch log is the same with or
// without it.
import type SQLite from 'better-sqlite3';
import { expectedAmountFen } from '../shared/domain/fuel.ts';
import { limitForMonth, type ModelFuelSpec } from '../shared/domain/fuel-limit.ts';

export interface GenerateOptions {
  /** about how many tickets to write */
  tickets: number;
  /** the first and the last day of the log, 'YYYY-MM-DD'; the last day is today */
  firstDay: string;
  lastDay: string;
  /** the time of day of "now" on the last day, 'HH:mm' */
  nowTime: string;
  vehicles: { id: number; initialKm: number }[];
  driverIds: number[];
  requester: { id: number; name: string };
  seed?: number;
  /** write the fill-ups too: every vehicle is of this one model */
  fuel?: {
    spec: ModelFuelSpec;
    /** hundredths of a litre */
    tankCapacity: number;
    /** approved stations, made through the API */
    stations: { id: number; name: string }[];
    /** who imported the fuel-card statements */
    importedBy: string;
  };
}

export interface GenerateReport {
  tickets: number;
  flags: number;
  readings: number;
  byStatus: Record<string, number>;
  fillups: number;
  /** of the fill-ups: partial ones, and the vehicle-months given a rate over the limit */
  partialFills: number;
  thirstyMonths: number;
}

const ROUTES = ['城东线：城东路—南环路', '城西线：西环路—工业园', '高新区线：长江路—星湖街', '老城区线：人民路—观前街', '开发区线：金鸡湖大道', '北部线：北环—相城', '城南线：南门—吴中'];
const ROUTE_GROUPS = ['', '', '', '（一组）', '（二组）', '（加急）'];
const ERRANDS = ['送文件至市局', '参加区局安全会议', '接送检查组', '到维修厂取车', '市场走访', '到银行办理业务'];
const APPROVERS = [
  { name: '张建国', role: 'director' },
  { name: '李卫东', role: 'deputy_director' },
] as const;
const OFFICE = { name: '王芳', role: 'fleet_office' };

/** mulberry32: a small seeded generator, so every run writes the same depot */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function generateDispatchLog(db: SQLite.Database, opts: GenerateOptions): GenerateReport {
  const rand = prng(opts.seed ?? 20161201);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const { vehicles, driverIds } = opts;
  if (driverIds.length < vehicles.length) throw new Error('the generator needs at least as many drivers as vehicles');

  // Days as text, with the day before the first and the day after the last (for requests
  // made the afternoon before and overnight returns).
  const first = Date.parse(`${opts.firstDay}T00:00:00Z`);
  const last = Date.parse(`${opts.lastDay}T00:00:00Z`);
  const days: string[] = [];
  for (let ms = first - DAY_MS; ms <= last + DAY_MS; ms += DAY_MS) days.push(dayText(ms));
  const dayCount = days.length - 2;
  const at = (dayIndex: number, minuteOfDay: number) => {
    const date = days[dayIndex + 1 + Math.floor(minuteOfDay / 1440)]!;
    const m = ((minuteOfDay % 1440) + 1440) % 1440;
    return `${date} ${P2[Math.floor(m / 60)]}:${P2[m % 60]}`;
  };
  const [nowH, nowM] = opts.nowTime.split(':').map(Number) as [number, number];
  const nowOfDay = nowH * 60 + nowM;
  // Each vehicle has a morning and an afternoon slot a day; this is the chance each is used.
  const slotChance = Math.min(1, opts.tickets / (dayCount * vehicles.length * 2));

  const insertTicket = db.prepare(`INSERT INTO dispatch_tickets (
      number, status, vehicle_id, driver_id, purpose_kind, destination, purpose_note,
      planned_departure, planned_return, start_at, requested_by, requested_by_name, requested_at,
      approved_by_name, approved_role, approved_at, approved_by_phone, decision_reason,
      departed_at, odometer_out_km, returned_at, odometer_in_km, distance_km, return_month,
      parked_at_place, parking_note, closed_at, closed_by_name, flag_count, open_flag_count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFlag = db.prepare(
    'INSERT INTO dispatch_flags (ticket_id, kind, gap_km, last_km, raised_at, resolved_at, resolved_by_name, resolved_role, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertReading = db.prepare('INSERT INTO odometer_readings (vehicle_id, at, km, source, ticket_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
  const upsertCounter = db.prepare(
    "INSERT INTO number_counters (prefix, year, last) VALUES ('PC', ?, ?) ON CONFLICT (prefix, year) DO UPDATE SET last = max(last, excluded.last)",
  );
  const markOut = db.prepare("UPDATE vehicles SET status = 'dispatched' WHERE id = ?");

  const km = vehicles.map((v) => v.initialKm);
  const counters = new Map<number, number>();
  const byStatus: Record<string, number> = {};
  let tickets = 0;
  let flagRows = 0;
  let readings = 0;

  // The fill-ups, with their own generator (see the top of the file).
  const fuel = opts.fuel;
  const frand = prng((opts.seed ?? 20161201) ^ 0x5f0e1);
  const fint = (min: number, max: number) => min + Math.floor(frand() * (max - min + 1));
  const insertFillup = db.prepare(`INSERT INTO fuel_fillups (
      vehicle_id, driver_id, filled_at, month, station_id, station_name, fuel_grade, litres, unit_price_fen, amount_fen,
      invoice_no, odometer_km, full_tank, source, note, created_at, created_by_name)
    VALUES (?, ?, ?, ?, ?, ?, '92#', ?, ?, ?, ?, ?, ?, 'import', NULL, ?, ?)`);
  // The pump price of 92# in fen per litre, set every ten days: it follows a slow swell over
  // the years with a little noise, kept between 6.50 and 8.50 元; each station a few fen off it.
  const prices: number[] = [];
  for (let p = 0, price = 700; p <= Math.ceil(dayCount / 10); p++) {
    const target = 750 + 75 * Math.sin((2 * Math.PI * p) / 130) + 20 * Math.sin((2 * Math.PI * p) / 37);
    price = Math.min(850, Math.max(650, Math.round(0.7 * price + 0.3 * target + fint(-8, 8))));
    prices.push(price);
  }
  const stationOffset = (fuel?.stations ?? []).map((_, i) => [0, -4, 3, -2, 5, 1][i % 6]!);
  // Per vehicle: its usual rate as a share of the month's limit, its favourite station, the km
  // and the hundredths of a litre burnt since the last fill, and the km at which it fills next.
  const usual = vehicles.map(() => 0.8 + 0.12 * frand());
  const favourite = vehicles.map(() => fint(0, Math.max(0, (fuel?.stations.length ?? 1) - 1)));
  const kmSince = vehicles.map(() => fint(0, 300));
  const burnt = vehicles.map((_, i) => kmSince[i]! * 10);
  const nextFillKm = vehicles.map(() => fint(300, 400));
  const rateMonth = vehicles.map(() => '');
  const rate = vehicles.map(() => 0); // hundredths of L/100 km
  const limits = new Map<string, number>();
  // a fill is due, whatever the km, when the tank is this far down
  const low = fuel ? Math.floor(fuel.tankCapacity * 0.94) : 0;
  let fillups = 0;
  let partialFills = 0;
  let thirstyMonths = 0;

  /**
   * A returned trip burns fuel at the vehicle's rate for its return month; the fill falls where
   * the trip crosses the vehicle's next fill point, at that km and the minute in proportion.
   */
  const fillDuring = (vi: number, d: number, driverId: number, depMin: number, retMin: number, odometerOut: number, distance: number, month: string) => {
    if (!fuel) return;
    if (rateMonth[vi] !== month) {
      rateMonth[vi] = month;
      let limit = limits.get(month);
      if (limit === undefined) limits.set(month, (limit = limitForMonth(fuel.spec, month)));
      const thirsty = frand() < 0.03;
      if (thirsty) thirstyMonths++;
      rate[vi] = limit * (thirsty ? 1.04 + 0.1 * frand() : usual[vi]! * (0.97 + 0.06 * frand()));
    }
    const r = rate[vi]!;
    let done = 0; // km of the trip already counted
    for (;;) {
      const toFill = Math.max(1, Math.min(nextFillKm[vi]! - kmSince[vi]!, Math.ceil(((low - burnt[vi]!) * 100) / r)));
      if (done + toFill > distance) {
        kmSince[vi]! += distance - done;
        burnt[vi]! += ((distance - done) * r) / 100;
        return;
      }
      done += toFill;
      kmSince[vi]! += toFill;
      burnt[vi]! += (toFill * r) / 100;
      const minute = Math.min(retMin - 3, Math.max(depMin + 3, depMin + Math.round(((retMin - depMin) * done) / distance)));
      const filledAt = at(d, minute);
      const partial = frand() < 0.1;
      const litres = Math.max(100, Math.round(partial ? burnt[vi]! * (0.4 + 0.3 * frand()) : burnt[vi]!));
      const si = frand() < 0.7 ? favourite[vi]! : fint(0, fuel.stations.length - 1);
      const station = fuel.stations[si]!;
      const unitPrice = Math.min(850, Math.max(650, prices[Math.floor(d / 10)]! + stationOffset[si]!));
      fillups++;
      if (partial) partialFills++;
      insertFillup.run(
        vehicles[vi]!.id,
        driverId,
        filledAt,
        filledAt.slice(0, 7),
        station.id,
        station.name,
        litres,
        unitPrice,
        expectedAmountFen(litres, unitPrice),
        `FP${filledAt.slice(0, 4)}${String(fillups).padStart(8, '0')}`,
        odometerOut + done,
        partial ? 0 : 1,
        at(d, retMin + fint(20, 120)),
        fuel.importedBy,
      );
      burnt[vi] = Math.max(0, burnt[vi]! - litres);
      kmSince[vi] = 0;
      nextFillKm[vi] = fint(300, 400);
    }
  };

  // The secondary indexes of the tables written are dropped and built again afterwards, from
  // their own CREATE INDEX statements: one sorted build is much faster than a million random
  // insertions, and the schema ends up exactly as the migrations made it.
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('dispatch_tickets', 'dispatch_flags', 'odometer_readings'${fuel ? ", 'fuel_fillups'" : ''})`,
    )
    .all() as { name: string; sql: string }[];

  db.transaction(() => {
    for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
    for (let d = 0; d < dayCount; d++) {
      const age = dayCount - 1 - d; // 0 = today
      for (let slot = 0; slot < 2; slot++) {
        for (let vi = 0; vi < vehicles.length; vi++) {
          if (rand() >= slotChance) continue;
          const vehicleId = vehicles[vi]!.id;
          // a shift modulo the number of drivers: the drivers of one slot are all different
          const driverId = driverIds[(vi + d * 7 + slot * 113) % driverIds.length]!;
          const delivery = rand() < 0.8;
          // Morning trips are back by 12:30 at the latest, afternoon ones leave from 13:25,
          // and ordinary afternoon trips are back by 18:45, before the 20:00 closing time.
          const plannedDep = slot === 0 ? int(450, 510) : int(810, 870);
          const plannedRet = plannedDep + int(120, 210);
          const requestedMin = -1440 + int(900, 960);
          const requestedAt = at(d, requestedMin);
          const year = Number(requestedAt.slice(0, 4));
          const seq = (counters.get(year) ?? 0) + 1;
          counters.set(year, seq);
          const byPhone = rand() < 0.05;
          const approver = rand() < 0.85 ? APPROVERS[0] : APPROVERS[1];

          // What became of it.
          let status: string;
          if (age === 0) {
            // today: the morning trips are back, the afternoon ones mostly out
            if (slot === 0) status = 'returned';
            else {
              const r = rand();
              status = r < 0.75 ? 'departed' : r < 0.87 ? 'approved' : r < 0.95 ? 'requested' : r < 0.98 ? 'cancelled' : 'rejected';
            }
          } else {
            const r = rand();
            status = r < 0.001 ? 'cancelled' : r < 0.002 ? 'rejected' : 'closed';
          }
          const approved = status !== 'requested' && !(status === 'cancelled' && rand() < 0.3);
          const departed = status === 'departed' || status === 'returned' || status === 'closed';
          const returned = status === 'returned' || status === 'closed';

          let departedAt: string | null = null;
          let odometerOut: number | null = null;
          let returnedAt: string | null = null;
          let odometerIn: number | null = null;
          let distance: number | null = null;
          let parked: number | null = null;
          const flags: { kind: string; gap: number | null; last: number | null; raisedAt: string }[] = [];
          if (departed) {
            const depMin = plannedDep + int(-5, 15);
            departedAt = at(d, depMin);
            const unlogged = rand() < 0.006;
            const gap = unlogged ? int(25, 65) : 0;
            odometerOut = km[vi]! + gap;
            if (unlogged) flags.push({ kind: 'unlogged_mileage', gap, last: km[vi]!, raisedAt: departedAt });
            km[vi] = odometerOut;
            if (returned) {
              const overnight = slot === 1 && age > 0 && rand() < 0.014;
              // an overnight trip comes back late that evening or early the next morning,
              // before the vehicle's next morning trip leaves
              const retMin = overnight ? (rand() < 0.5 ? int(1215, 1379) : 1440 + int(390, 440)) : Math.max(depMin + 30, plannedRet + int(-30, 30));
              returnedAt = at(d, retMin);
              distance = delivery ? int(60, 220) : int(10, 70);
              odometerIn = odometerOut + distance;
              km[vi] = odometerIn;
              parked = rand() < 0.007 ? 0 : 1;
              if (overnight) flags.push({ kind: 'overnight', gap: null, last: null, raisedAt: returnedAt });
              if (parked === 0) flags.push({ kind: 'not_parked', gap: null, last: null, raisedAt: returnedAt });
              fillDuring(vi, d, driverId, depMin, retMin, odometerOut, distance, returnedAt.slice(0, 7));
            }
          }
          // The latest returns wait for review, and so do the flags of the last ten days.
          if (status === 'closed' && (age <= 2 || (age < 10 && flags.length > 0))) status = 'returned';
          const closed = status === 'closed';

          const decidedAt = byPhone && approved ? at(d, plannedDep - 10) : at(d, requestedMin + 20);
          const info = insertTicket.run(
            `PC${year}-${String(seq).padStart(6, '0')}`,
            status,
            vehicleId,
            driverId,
            delivery ? 'delivery' : 'official',
            delivery ? pick(ROUTES) + pick(ROUTE_GROUPS) : pick(ERRANDS),
            delivery ? `配送 ${int(10, 30)} 户` : null,
            at(d, plannedDep),
            at(d, plannedRet),
            departedAt ?? at(d, plannedDep),
            opts.requester.id,
            opts.requester.name,
            requestedAt,
            approved || status === 'rejected' ? approver.name : null,
            approved || status === 'rejected' ? approver.role : null,
            approved || status === 'rejected' ? decidedAt : null,
            approved && byPhone ? 1 : 0,
            status === 'rejected' ? '车辆另有安排' : status === 'cancelled' ? '任务取消' : null,
            departedAt,
            odometerOut,
            returnedAt,
            odometerIn,
            distance,
            returnedAt ? returnedAt.slice(0, 7) : null,
            parked,
            parked === 0 ? '停在配送点院内' : null,
            closed ? at(d, 1440 + int(540, 600) + (returnedAt! > at(d, 1439) ? 1440 : 0)) : null,
            closed ? OFFICE.name : null,
            flags.length,
            closed ? 0 : flags.length,
          );
          const ticketId = Number(info.lastInsertRowid);
          tickets++;
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          for (const f of flags) {
            insertFlag.run(
              ticketId,
              f.kind,
              f.gap,
              f.last,
              f.raisedAt,
              closed ? at(d, 1440 + int(480, 530) + (returnedAt! > at(d, 1439) ? 1440 : 0)) : null,
              closed ? OFFICE.name : null,
              closed ? OFFICE.role : null,
              closed ? '已向驾驶员核实，情况属实，已批评教育' : null,
            );
            flagRows++;
          }
          if (departedAt) {
            insertReading.run(vehicleId, departedAt, odometerOut, 'dispatch_out', ticketId, departedAt);
            readings++;
          }
          if (returnedAt) {
            insertReading.run(vehicleId, returnedAt, odometerIn, 'dispatch_in', ticketId, returnedAt);
            readings++;
          }
          if (status === 'departed') {
            if (at(d, plannedDep) > at(d, nowOfDay)) throw new Error('a trip left after now');
            markOut.run(vehicleId);
          }
        }
      }
    }
    for (const [year, lastSeq] of counters) upsertCounter.run(year, lastSeq);
    for (const ix of indexes) db.exec(ix.sql);
  })();

  return { tickets, flags: flagRows, readings, byStatus, fillups, partialFills, thirstyMonths };
}
