// The rest of the benchmark depot's ten years, written straight into SQLite with raw
// better-sqlite3 prepared statements inside one transaction, after bench/generate.ts has written
// the dispatch log and the fill-ups (and before bench/settlement.ts makes its months through the
// API). Everything is drawn from a seeded generator, so every run writes the same depot.
//
// What it writes, keeping what the services keep (the numbers, totals, statuses and months they
// derive are derived here the same way, with the same shared/domain functions where there is one):
//   - repair orders at the approved shops (made here, like the demo depot's, when none is given),
//     most of them through to paid, with their lines (catalogue parts, free-text parts, labour;
//     line totals rounded once, the order's parts/labour/total their sums), their timeline
//     (repair_events, one per step, by a person in the role the step needs) and the driver's
//     signature over exactly the lines signed. A vehicle goes to the shop only on a day it has
//     no trip, and is back before 15:00, when the next day's trips are asked for (the app
//     neither asks for nor approves a vehicle in repair); the last weeks' orders are still on
//     their way, none left at a shop (no vehicle is in repair now). A few engine seizures from
//     neglect: the driver is charged in the month the payment is approved, and flagged for
//     dismissal;
//   - accidents on closed trips (and a few in private use, from unlogged-mileage flags), the
//     police finding across every liability level, all closed before their month is locked,
//     with the share computed by shared/domain/accident.ts under the policy in force and frozen
//     with its version; the repeat rule's dismissal flags;
//   - violations (most of them from the dispatch log's overnight, not-parked and
//     unlogged-mileage flags, linked both ways; some entered by hand; a few voided), their fine,
//     ordinal, points, repeat and consequence reached as violation-record.ts reaches them, a
//     dismissal flag where the consequence is one; the director's decision on older flags;
//   - the monthly assessment: deductions entered during the month and, early the next month,
//     the fleet office's signature with its snapshot of every driver's and vehicle's sheet;
//   - the fleet captain's fuel month: every over-limit vehicle explained or penalised (the
//     excess shared by the km each driver drove it, splitByWeight), the signature with its
//     totals and items;
//   - adjustments correcting a locked month, carried into the next one;
//   - the settlement of every month up to `lastSettledMonth`, locked: reviewed, approved and
//     locked in turn (a few sent back to draft once), its rows and lines computed by
//     shared/domain/settlement.ts from the records above, as compute.ts computes them, so a
//     recomputation by the app gives the stored sheet.
// The months after `lastSettledMonth` (by default the last three: 2026-09 .. 2026-11 in the
// bench) are left to bench/settlement.ts: no settlement, signature, accident, violation,
// deduction, adjustment or seizure falls in them (nor is any accident closed in them); only
// repair orders run on to today. One policy version is written when none exists: the
// regulation's figures with the main-liability cap filled in, effective from the first month, so
// main-liability accidents can be settled. number_counters are moved on (WX, SG, WG per year),
// so the numbers the API gives later follow on. No audit_log row is written: the hash chain stays
// as the API left it, and each locked settlement carries its head as it stands.
import type SQLite from 'better-sqlite3';
import { accidentShare, isMainOrWorse, withinRepeatWindow, type CostKind, type Finding, type Reporting, type ShareResult } from '../shared/domain/accident.ts';
import { assessmentPayDeduction, assessmentScore, scoreAllowsBonus } from '../shared/domain/assessment.ts';
import { auditFigures, splitByWeight } from '../shared/domain/fuel.ts';
import { floatForMonth, type ModelFuelSpec } from '../shared/domain/fuel-limit.ts';
import { formatFen, formatFixed } from '../shared/domain/money.ts';
import { documentNumber } from '../shared/domain/numbers.ts';
import { DEFAULT_POLICY, policySettingsSchema, versionInForce, withPolicyDefaults, type Liability, type PolicySettings } from '../shared/domain/policy.ts';
import { deviationNeedsReason, lineTotalFen, linesFingerprint, orderTotals, type LineKind as RepairLineKind, type RepairStatus } from '../shared/domain/repairs.ts';
import { settlePerson, unsafeReasons, type LineKind, type MessageRef, type PersonMonth, type SafetyFacts } from '../shared/domain/settlement.ts';
import { fineWithDoubling, policyFine, violationConsequence, type ViolationKind } from '../shared/domain/violation.ts';
import { accidentsZhCN } from '../shared/i18n/accidents.zh-CN.ts';
import { renderAll } from '../electron/backend/core/messages.ts';
import type { RepairLineTable } from '../electron/backend/db/schema.ts';
import { DEMO_PARTS, DEMO_SHOPS } from '../electron/backend/features/setup/demo.ts';
import { prng } from './generate.ts';

export interface HistoryOptions {
  /** the first and the last day of the depot's log, 'YYYY-MM-DD' (as given to generateDispatchLog); the last day is today */
  firstDay: string;
  lastDay: string;
  /** the time of day of "now" on the last day, 'HH:mm' */
  nowTime: string;
  /**
   * the last month settled and locked, 'YYYY-MM' (default: three months before the last day's
   * month: the two after it are bench/settlement.ts's, the last day's month is still running)
   */
  lastSettledMonth?: string;
  /** the vehicles and drivers the records fall on (those given to generateDispatchLog) */
  vehicles: { id: number }[];
  driverIds: number[];
  /** the account the repair forms were filed under (repair_orders.created_by) */
  requester: { id: number; name: string };
  /** approved repair shops; default: the active ones in the database, or three made here */
  shops?: number[];
  /** about how many repair orders, accidents and violations (defaults 25,000, 300, 3,000) */
  repairOrders?: number;
  accidents?: number;
  violations?: number;
  /** the main-liability cap of the policy version written when there is none (default 2,500 元); null writes none */
  mainLiabilityCapFen?: number | null;
  seed?: number;
}

export interface HistoryReport {
  firstMonth: string;
  lastSettledMonth: string;
  /** locked settlements written (one per month) */
  settlements: number;
  /** rows written per table */
  rows: Record<string, number>;
  repairsByStatus: Record<string, number>;
  accidentsByFinding: Record<string, number>;
  violationsByKind: Record<string, number>;
  /** milliseconds per part: reading the dispatch log, then each kind of record made and written */
  phases: Record<string, number>;
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// People, texts and catalogues

interface Person {
  name: string;
  role: string;
}
/** The depot's staff, as bench/generate.ts names them in the dispatch log (the director, deputy and office). */
const STAFF = {
  director: { name: '张建国', role: 'director' },
  deputy: { name: '李卫东', role: 'deputy_director' },
  office: { name: '王芳', role: 'fleet_office' },
  captain: { name: '赵振华', role: 'fleet_captain' },
  manager: { name: '经理室', role: 'manager_office' },
  finance: { name: '财务室', role: 'finance' },
} as const satisfies Record<string, Person>;

interface Job {
  weight: number;
  symptoms: string[];
  requested?: string;
  /** catalogue parts: name, quantity in hundredths */
  parts: [string, number][];
  /** free-text parts: name, unit, quantity, unit price in fen */
  free?: [string, string, number, number][];
  /** name, hours in hundredths */
  labour: [string, number];
  /** days at the shop when the days after are free too */
  days?: number;
}
const JOBS: Job[] = [
  { weight: 14, symptoms: ['制动时有异响，刹车距离变长', '刹车片磨损报警灯亮', '制动时方向盘抖动'], parts: [['前刹车片', 100]], labour: ['更换前刹车片', 100] },
  { weight: 6, symptoms: ['制动时方向盘抖动，刹车盘磨损起槽'], parts: [['刹车盘', 200], ['前刹车片', 100]], labour: ['更换刹车盘及刹车片', 200] },
  { weight: 5, symptoms: ['后轮制动异响'], parts: [['后刹车片', 100], ['刹车油', 100]], labour: ['更换后刹车片、刹车油', 150] },
  { weight: 9, symptoms: ['早晨启动困难，蓄电池亏电', '仪表电瓶灯常亮'], parts: [['蓄电池', 100]], labour: ['检测充电系统、更换蓄电池', 50] },
  { weight: 10, symptoms: ['轮胎磨损到限', '左前轮胎侧鼓包', '轮胎扎钉漏气无法修补'], parts: [['轮胎', 200]], labour: ['换胎及四轮动平衡', 100] },
  { weight: 4, symptoms: ['离合器打滑，起步无力', '离合器踏板发沉，换挡困难'], parts: [['离合器片', 100], ['变速箱油', 250]], labour: ['更换离合器', 400], days: 2 },
  { weight: 5, symptoms: ['水温偏高，水泵处渗漏冷却液'], parts: [['水泵', 100], ['防冻液（2L）', 300]], labour: ['更换水泵', 250] },
  { weight: 6, symptoms: ['过坎异响，车身颠簸', '减震器漏油'], parts: [['减震器', 200], ['球头', 200]], labour: ['更换前减震器', 300] },
  { weight: 4, symptoms: ['充电指示灯亮，电瓶无法充电', '途中发电机故障灯亮'], parts: [['发电机', 100], ['发动机皮带', 100]], labour: ['更换发电机', 200] },
  { weight: 3, symptoms: ['打火无反应，起动机异响'], parts: [['起动机', 100]], labour: ['更换起动机', 150] },
  { weight: 5, symptoms: ['正时皮带到期更换'], requested: '按里程更换正时皮带及发动机皮带', parts: [['正时皮带', 100], ['发动机皮带', 100]], labour: ['更换正时皮带', 300] },
  { weight: 6, symptoms: ['空调不制冷', '空调出风有异味'], parts: [['空调滤清器', 100]], free: [['冷媒（R134a）', '瓶', 100, 12000]], labour: ['空调检修加注冷媒', 150] },
  { weight: 8, symptoms: ['大灯不亮，尾灯破损', '右后尾灯破损'], parts: [['大灯灯泡', 200], ['尾灯总成', 100]], labour: ['更换灯泡及尾灯', 50] },
  { weight: 5, symptoms: ['怠速抖动，发动机故障灯亮', '加速无力，发动机缺缸'], parts: [['火花塞', 400], ['点火线圈', 100]], labour: ['检修点火系统', 150] },
  { weight: 2, symptoms: ['水箱漏水，水温报警'], parts: [['散热器（水箱）', 100], ['防冻液（2L）', 300]], labour: ['更换水箱', 250], days: 2 },
  { weight: 1, symptoms: ['尾气检测超标，加速无力'], parts: [['三元催化器', 100]], labour: ['更换三元催化器', 200] },
  { weight: 3, symptoms: ['油耗偏高，怠速不稳'], parts: [['节气门', 100], ['空气滤清器', 100]], labour: ['清洗喷油嘴、更换节气门', 150] },
  { weight: 4, symptoms: ['发动机底部渗机油'], parts: [['机油（4L）', 100], ['机油滤清器', 100]], free: [['油底壳垫', '个', 100, 4500]], labour: ['更换油底壳垫及机油', 150] },
  { weight: 4, symptoms: ['雨刮刮不干净，雨天视线差'], parts: [['雨刮片', 100]], labour: ['更换雨刮片', 20] },
];
const SEIZURE_JOB: Job = {
  weight: 0,
  symptoms: ['行驶中发动机异响后熄火，无法再次启动', '发动机异响后熄火，已拖至修理厂'],
  parts: [['机油（4L）', 200], ['机油滤清器', 100]],
  labour: ['发动机大修（拆检、镗缸、换活塞环及轴瓦）', 100],
  days: 3,
};
const SEIZURE_NOTES = { no_oil: '拆检发现油底壳内几乎无机油，曲轴与轴瓦抱死，属缺机油导致粘缸', no_coolant: '拆检发现冷却液耗尽，缸盖变形、活塞拉缸，属缺冷却液导致粘缸' } as const;
const DEVIATION_REASONS = ['原厂配件缺货，换用同规格品牌件，价格经询价属实', '配件涨价，已电话核实修理厂进价', '加急调货，含运费'];
const REJECT_REASONS = ['座套脚垫属日常用品，不属于维修范围，请走自行保养采购', '故障描述不清，请检测后重新报修', '该项目在质保期内，请到特约服务站免费处理'];

const PLACES = ['人民路与东环路交叉口', '城东路高架下匝道', '工业园区星湖街', '南环路公交站附近', '长江路与金鸡湖大道路口', '老城区观前街配送点', '相城大道辅路', '吴中大道收费站出口', '新区配送点装卸区', '西环路加油站出口'];
const ACCIDENT_TEXTS = [
  '跟车过近，追尾前车',
  '路口左转时与直行电动车碰撞，双方车辆受损',
  '倒车时刮擦配送点围墙',
  '变道时与相邻车道小客车刮擦',
  '停车卸货时被后方货车碰擦左侧车门',
  '雨天路滑制动不及，碰撞路边护栏',
  '会车时与对向车辆后视镜相碰',
  '起步时未观察后方，与非机动车碰擦',
];
const COST_NOTES: Record<CostKind, string[]> = {
  own_repair: ['前保险杠钣金喷漆', '后保险杠、尾灯', '左前门钣金', '前脸、水箱', '后视镜总成'],
  third_party: ['对方车辆维修', '电动车维修', '围墙修补', '护栏赔偿'],
  medical: ['门诊费', '伤者检查费'],
  other: ['拖车费', '停车费'],
};
const CLOSE_NOTES = ['保险理赔到账后结案', '按责任比例结案', '驾驶员已签字确认', null];

const VIOLATION_TEXTS: Record<ViolationKind, string[]> = {
  private_use: ['出车前里程与上次收车里程不符，驾驶员承认私用车辆办事', '下班后私自用车办私事'],
  overnight: ['收车后将车辆开回家中过夜，经核实属实', '车辆未按时回库，在外过夜'],
  not_parked: ['收车未停放在指定车位', '车辆停在配送点院内未回库'],
  drinking: ['午餐饮酒后准备出车，被组长发现并制止', '出车前酒精检测不合格'],
  police: ['违章被交警罚款扣分', '被交警暂扣驾驶证'],
  fuel_fraud: ['加油发票金额与实际加油量不符', '用车队油卡为私车加油'],
  forced_private_trip: ['强令驾驶员出私车'],
};
const DEDUCTION_NOTES = ['出车前未检查轮胎气压', '钥匙次日才交回', '雨天出车前未检查雨刮', '机油尺低于下限', '车内杂物未清理', null, null, null];
const EXPLAINED = ['路况拥堵，空调使用多', '夏季高温，空调负荷大', '配送点多，怠速时间长', '新驾驶员操作不熟练，已提醒', '冬季暖车时间长', '长途送货，山路多'];
const ADJUST_REASONS: [string, number][] = [
  ['多扣罚款退回', 1],
  ['漏扣事故分担', -1],
  ['补发安全奖', 1],
  ['补发行车补贴', 1],
  ['漏扣油耗超标分摊', -1],
];


// ---------------------------------------------------------------------------------------------
// Time: every time is a local wall-clock minute, kept as milliseconds of a UTC date so the
// arithmetic never meets a daylight-saving change; 'YYYY-MM-DD HH:mm' in the database.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayTexts = new Map<number, string>();
/** 'YYYY-MM-DD HH:mm' (the day's text computed once: this runs for every time written) */
const minuteText = (ms: number) => {
  const day = Math.floor(ms / DAY);
  let text = dayTexts.get(day);
  if (text === undefined) dayTexts.set(day, (text = new Date(day * DAY).toISOString().slice(0, 10)));
  const m = Math.floor((ms - day * DAY) / MIN);
  return `${text} ${P2[Math.floor(m / 60)]}:${P2[m % 60]}`;
};
const dayOfMs = (ms: number) => Math.floor(ms / DAY) * DAY;
const parseDay = (day: string) => Date.parse(`${day}T00:00:00Z`);
const parseMinute = (t: string) => Date.parse(`${t.slice(0, 10)}T${t.slice(11, 16)}:00Z`);
const addMonth = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const monthStartMs = (month: string) => parseDay(`${month}-01`);
const L = (hundredths: number) => formatFixed(hundredths, 2);

// ---------------------------------------------------------------------------------------------
// The records as they are generated, before they are numbered and written

/** A repair line as the table keeps it (electron/backend/db/schema.ts), before it has an id and an order. */
type RepairLine = Omit<RepairLineTable, 'id' | 'order_id' | 'kind'> & { kind: RepairLineKind };
interface RepairStep {
  step: string;
  at: number;
  rec: number;
  who: Person;
  note: string | null;
  /** the status it moves the order to (none: markSeizure, checkOldPart) */
  to?: RepairStatus;
  apply?: () => void;
}
interface Order {
  id: number;
  number: string;
  created: number;
  vehicleId: number;
  driverId: number;
  shopId: number;
  symptoms: string;
  requested: string | null;
  steps: RepairStep[];
  lines: RepairLine[];
  status: RepairStatus;
  phoneBy: string | null;
  phoneAt: string | null;
  decisionReason: string | null;
  fingerprint: string | null;
  partsFen: number;
  labourFen: number;
  totalFen: number;
  updated: number;
  seizureCause: 'no_oil' | 'no_coolant' | null;
  seizureNote: string | null;
  paymentApprovedAt: number | null;
}
interface Accident {
  id: number;
  number: string;
  occurred: number;
  vehicleId: number;
  driverId: number;
  ticketId: number | null;
  flagId: number | null;
  ticketNumber: string | null;
  privateUse: boolean;
  place: string;
  description: string;
  finding: Finding;
  findingNo: string;
  reporting: Reporting;
  major: boolean;
  notParked: boolean;
  costs: { kind: CostKind; amountFen: number; note: string | null }[];
  insuranceFen: number;
  recorded: number;
  recorder: Person;
  findingAt: number;
  closed: number;
  closer: Person;
  closeNote: string | null;
  share: Extract<ShareResult, { state: 'computed' }>;
  policyVersionId: number;
}
interface Violation {
  id: number;
  number: string;
  kind: ViolationKind;
  driverId: number;
  occurredOn: string;
  month: string;
  vehicleId: number | null;
  ticketId: number | null;
  flagId: number | null;
  serious: boolean;
  description: string;
  enteredFen: number | null;
  baseFen: number;
  fineFen: number;
  doubled: boolean;
  ordinal: number;
  points: number;
  repeatOfId: number | null;
  repeatOfNumber: string | null;
  consequence: string | null;
  personnelFlagId: number | null;
  recorded: number;
  recorder: Person;
  voided: number | null;
  voider: Person | null;
}
interface PersonnelFlag {
  id: number;
  driverId: number;
  sourceType: string;
  source: () => { id: number; number: string };
  reason: string;
  cause: string | null;
  raised: number;
  raisedBy: string;
}
interface MonthPlan {
  month: string;
  from: number;
  to: number;
  /** the captain's resolutions, then the signature */
  fuelResolve: number;
  fuelSign: number;
  assessmentSign: number;
  /** sent back once: the first preparation and review, and the return */
  firstPrepare: number | null;
  firstReview: number | null;
  returned: number | null;
  returnedBy: Person | null;
  prepare: number;
  review: number;
  approve: number;
  lock: number;
}

export function generateHistory(db: SQLite.Database, opts: HistoryOptions): HistoryReport {
  const t0 = Date.now();
  const rand = prng(opts.seed ?? 0x20161201 ^ 0x4157);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const rows: Record<string, number> = {};
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);

  for (const table of ['accidents', 'violations', 'settlements', 'assessment_signoffs', 'fuel_signoffs', 'fuel_resolutions', 'settlement_adjustments', 'assessment_deductions']) {
    const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    if (n > 0) throw new Error(`generateHistory writes the depot's past into empty tables: ${table} has ${n} rows already`);
  }

  // ---- the time frame ----
  const firstMs = parseDay(opts.firstDay);
  const lastMs = parseDay(opts.lastDay);
  const [nowH, nowM] = opts.nowTime.split(':').map(Number) as [number, number];
  const nowMs = lastMs + (nowH * 60 + nowM) * MIN;
  const dayCount = Math.round((lastMs - firstMs) / DAY) + 1;
  const firstMonth = opts.firstDay.slice(0, 7);
  const lastMonth = opts.lastDay.slice(0, 7);
  const lastSettled = opts.lastSettledMonth ?? addMonth(lastMonth, -3);
  const allMonths: string[] = [];
  for (let m = firstMonth; m <= lastMonth; m = addMonth(m, 1)) allMonths.push(m);
  const monthIndex = new Map(allMonths.map((m, i) => [m, i]));
  const settled = allMonths.filter((m) => m <= lastSettled);
  const settledEnd = monthStartMs(addMonth(lastSettled, 1));
  const dayIndex = new Map<string, number>();
  for (let d = 0; d <= dayCount; d++) dayIndex.set(new Date(firstMs + d * DAY).toISOString().slice(0, 10), d);

  // ---- people, vehicles, models ----
  const drivers = db.prepare('SELECT id, name, employee_no, retired_at FROM drivers ORDER BY employee_no, id').all() as { id: number; name: string; employee_no: string; retired_at: string | null }[];
  const driverIdx = new Map(drivers.map((d, i) => [d.id, i]));
  const driverName = (id: number) => drivers[driverIdx.get(id)!]!.name;
  type VehicleRow = { id: number; plate: string; retired_at: string | null; fuel_standard: number; float_ordinary: number; seasonal_floats: string };
  const allVehicles = db
    .prepare('SELECT v.id, v.plate, v.retired_at, m.fuel_standard, m.float_ordinary, m.seasonal_floats FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id ORDER BY v.plate, v.id')
    .all() as VehicleRow[];
  const vehicleIdx = new Map(allVehicles.map((v, i) => [v.id, i]));
  const specs: ModelFuelSpec[] = allVehicles.map((v) => ({ fuelStandard: v.fuel_standard, floatOrdinary: v.float_ordinary, seasonalFloats: JSON.parse(v.seasonal_floats) as ModelFuelSpec['seasonalFloats'] }));
  const plateOf = (id: number) => allVehicles[vehicleIdx.get(id)!]!.plate;
  const vehicles = opts.vehicles.map((v) => v.id);
  const own = new Map(vehicles.map((id, i) => [id, i]));
  const ownDrivers = new Set(opts.driverIds);
  const leaders = new Set(
    (
      db
        .prepare("SELECT u.driver_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'group_leader' AND u.driver_id IS NOT NULL AND u.active = 1")
        .all() as { driver_id: number }[]
    ).map((r) => r.driver_id),
  );

  // ---- the dispatch log, read once: the days each vehicle is out, its last driver of the
  // day, the km per month of each driver and vehicle, and the closed trips to have accidents on ----
  const busy = vehicles.map(() => new Uint8Array(dayCount + 2));
  const dayDriver = vehicles.map(() => new Int32Array(dayCount + 2));
  const kmDriver = new Int32Array(allMonths.length * drivers.length);
  const kmVehicle = new Int32Array(allMonths.length * allVehicles.length);
  const closedTrips: number[] = [];
  const settledEndText = minuteText(settledEnd);
  for (const r of db
    .prepare('SELECT id, vehicle_id, driver_id, departed_at, returned_at, return_month, distance_km, status, planned_departure, planned_return FROM dispatch_tickets')
    .raw()
    .iterate() as Iterable<[number, number, number, string | null, string | null, string | null, number | null, string, string, string]>) {
    const [id, vehicleId, driverId, departedAt, returnedAt, returnMonth, km, status, plannedDeparture, plannedReturn] = r;
    const vi = own.get(vehicleId);
    if (vi !== undefined) {
      // the days of the trip, or of the trip planned (a ticket refused, cancelled or not yet gone
      // was asked for and decided on with the vehicle free: that day it goes to no shop)
      const from = dayIndex.get((departedAt ?? plannedDeparture).slice(0, 10)) ?? 0;
      const end = returnedAt ?? (departedAt ? null : plannedReturn);
      const to = end ? (dayIndex.get(end.slice(0, 10)) ?? dayCount) : dayCount;
      for (let d = from; d <= to; d++) busy[vi]![d] = 1;
      if (departedAt) dayDriver[vi]![from] = driverId;
    }
    if (returnMonth !== null && (status === 'returned' || status === 'closed')) {
      const mi = monthIndex.get(returnMonth);
      const di = driverIdx.get(driverId);
      const xi = vehicleIdx.get(vehicleId);
      if (mi !== undefined && di !== undefined) kmDriver[mi * drivers.length + di]! += km ?? 0;
      if (mi !== undefined && xi !== undefined) kmVehicle[mi * allVehicles.length + xi]! += km ?? 0;
    }
    if (status === 'closed' && returnedAt !== null && returnedAt < settledEndText && vi !== undefined && ownDrivers.has(driverId)) closedTrips.push(id);
  }
  const tripById = db.prepare('SELECT id, number, vehicle_id, driver_id, departed_at, returned_at, status FROM dispatch_tickets WHERE id = ?');
  const lastReturnBefore = db.prepare('SELECT returned_at FROM dispatch_tickets WHERE vehicle_id = ? AND start_at < ? AND returned_at IS NOT NULL AND returned_at <= ? ORDER BY start_at DESC LIMIT 1');
  /** the driver who last drove the vehicle on or before the day */
  const driverOf = (vi: number, d: number) => {
    for (let x = d; x >= 0; x--) if (dayDriver[vi]![x]) return dayDriver[vi]![x]!;
    return opts.driverIds[vi % opts.driverIds.length]!;
  };

  // ---- the policy ----
  const versions = () => (db.prepare('SELECT id, effective_month, settings FROM policy_versions').all() as { id: number; effective_month: string; settings: string }[]).map((r) => ({ id: r.id, effectiveMonth: r.effective_month, settings: r.settings }));
  const mainCap = opts.mainLiabilityCapFen === undefined ? 250_000 : opts.mainLiabilityCapFen;
  /** the regulation's figures with the main-liability cap filled in, from the first month (written in the transaction) */
  const writePolicy = () => {
    if (versions().length > 0 || mainCap === null) return;
    const settings: PolicySettings = { ...DEFAULT_POLICY, accident: { ...DEFAULT_POLICY.accident, liability: { ...DEFAULT_POLICY.accident.liability, main: { ...DEFAULT_POLICY.accident.liability.main, capFen: mainCap } } } };
    db.prepare('INSERT INTO policy_versions (effective_month, settings, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(
      firstMonth,
      JSON.stringify(settings),
      '按车队事故处理规定，主要责任赔付设上限',
      minuteText(monthStartMs(firstMonth) - 3 * DAY + 10 * HOUR),
      STAFF.director.name,
    );
    count('policy_versions');
    allVersions = versions();
  };
  let allVersions = versions();
  const policyCache = new Map<string, { id: number; settings: PolicySettings }>();
  const policyOf = (month: string) => {
    let p = policyCache.get(month);
    if (!p) {
      const v = versionInForce(allVersions, month);
      p = v ? { id: v.id, settings: policySettingsSchema.parse(withPolicyDefaults(JSON.parse(v.settings))) } : { id: 0, settings: DEFAULT_POLICY };
      policyCache.set(month, p);
    }
    return p;
  };

  // ---- shops and parts: those of the depot, else made here as the master-data service stores them ----
  let shops = opts.shops ?? (db.prepare('SELECT id FROM repair_shops WHERE retired_at IS NULL ORDER BY id').all() as { id: number }[]).map((s) => s.id);
  const insertShop = db.prepare('INSERT INTO repair_shops (name, address, contact, phone) VALUES (?, ?, ?, ?)');
  const insertPart = db.prepare('INSERT INTO parts (name, unit, reference_price_fen, is_major) VALUES (?, ?, ?, ?)');
  const existingShopNames = new Set((db.prepare('SELECT name FROM repair_shops').all() as { name: string }[]).map((s) => s.name));
  const existingPartNames = new Set((db.prepare('SELECT name FROM parts').all() as { name: string }[]).map((p) => p.name));

  const report: HistoryReport = { firstMonth, lastSettledMonth: lastSettled, settlements: 0, rows, repairsByStatus: {}, accidentsByFinding: {}, violationsByKind: {}, phases: {}, ms: 0 };
  let mark = t0;
  const phase = (name: string) => {
    const at = Date.now();
    report.phases[name] = (report.phases[name] ?? 0) + at - mark;
    mark = at;
  };
  phase('read the dispatch log');

  db.transaction(() => {
    writePolicy();
    if (shops.length === 0) {
      shops = DEMO_SHOPS.filter((s) => !existingShopNames.has(s.name)).map((s) => Number(insertShop.run(s.name, s.address, s.contact, s.phone).lastInsertRowid));
      count('repair_shops', shops.length);
    }
    if (existingPartNames.size === 0) {
      for (const [name, unit, price, major] of DEMO_PARTS) insertPart.run(name, unit, price, major ? 1 : 0);
      count('parts', DEMO_PARTS.length);
    }
    if (shops.length === 0) throw new Error('generateHistory: no repair shop to send the vehicles to');
    const parts = new Map(
      (db.prepare('SELECT id, name, unit, reference_price_fen, is_major FROM parts WHERE retired_at IS NULL').all() as { id: number; name: string; unit: string; reference_price_fen: number; is_major: number }[]).map((p) => [p.name, p]),
    );
    const shopRate = shops.map((_, i) => [8000, 7000, 8500, 7500][i % 4]!);

    // ---- the month's workflow: signatures early in the next month, the lock by the 14th ----
    const plans = new Map<string, MonthPlan>();
    for (const month of settled) {
      const from = monthStartMs(month);
      const next = monthStartMs(addMonth(month, 1));
      const at = (day: number, minFrom: number, minTo: number) => next + (day - 1) * DAY + int(minFrom, minTo) * MIN;
      const fuelSign = at(int(2, 4), 900, 1020);
      const assessmentSign = at(int(2, 5), 600, 960);
      const sentBack = chance(0.1);
      let prepare = at(int(6, 7), 540, 660);
      let firstPrepare: number | null = null;
      let firstReview: number | null = null;
      let returned: number | null = null;
      let returnedBy: Person | null = null;
      if (sentBack) {
        firstPrepare = prepare;
        firstReview = dayOfMs(prepare) + DAY + int(600, 900) * MIN;
        returned = firstReview + int(30, 240) * MIN;
        returnedBy = chance(0.5) ? STAFF.captain : STAFF.manager;
        prepare = dayOfMs(returned) + DAY + int(540, 660) * MIN;
      }
      const review = dayOfMs(prepare) + DAY + int(600, 900) * MIN;
      const approve = dayOfMs(review) + DAY + int(600, 900) * MIN;
      const lock = dayOfMs(approve) + int(1, 2) * DAY + int(600, 900) * MIN;
      plans.set(month, { month, from, to: next, fuelResolve: next + 8 * HOUR + 30 * MIN, fuelSign, assessmentSign, firstPrepare, firstReview, returned, returnedBy, prepare, review, approve, lock });
    }
    const planOf = (month: string) => plans.get(month);

    const personnelFlags: PersonnelFlag[] = [];

    // =========================================================================================
    // Repair orders
    const orders: Order[] = [];
    const jobWeights = JOBS.reduce((s, j) => s + j.weight, 0);
    const pickJob = () => {
      let x = rand() * jobWeights;
      for (const j of JOBS) if ((x -= j.weight) < 0) return j;
      return JOBS[0]!;
    };
    const wantOrders = opts.repairOrders ?? 25_000;
    const laterDay = (ms: number, days: number, minFrom: number, minTo: number) => dayOfMs(ms) + days * DAY + int(minFrom, minTo) * MIN;
    const makeOrder = (k: number): void => {
      const want = Math.min(dayCount - 1, Math.floor(((k + rand()) * dayCount) / wantOrders));
      // a vehicle free that day (or soon after): not out on a trip, not at a shop already
      let vi = -1;
      let day = -1;
      for (let attempt = 0; attempt < 12 && vi < 0; attempt++) {
        const v = int(0, vehicles.length - 1);
        for (let d = want; d < Math.min(dayCount, want + 14); d++) {
          if (busy[v]![d] === 0) {
            vi = v;
            day = d;
            break;
          }
        }
      }
      if (vi < 0) return;
      const dayMs = firstMs + day * DAY;
      const seizure = chance(0.0016) && dayMs + 30 * DAY < settledEnd;
      const job = seizure ? SEIZURE_JOB : pickJob();
      const urgent = !seizure && chance(0.08);
      const rejected = !urgent && !seizure && chance(0.03);
      let days = 1;
      while (days < (job.days ?? 1) && day + days < dayCount && busy[vi]![day + days] === 0) days++;
      if (!rejected) for (let d = day; d < day + days; d++) busy[vi]![d] = 2;
      const driverId = driverOf(vi, day);
      const driver: Person = { name: driverName(driverId), role: 'driver' };
      const shopIndex = int(0, shops.length - 1);
      const order: Order = {
        id: 0,
        number: '',
        created: 0,
        vehicleId: vehicles[vi]!,
        driverId,
        shopId: shops[shopIndex]!,
        symptoms: pick(job.symptoms),
        requested: job.requested ?? null,
        steps: [],
        lines: [],
        status: 'draft',
        phoneBy: null,
        phoneAt: null,
        decisionReason: null,
        fingerprint: null,
        partsFen: 0,
        labourFen: 0,
        totalFen: 0,
        updated: 0,
        seizureCause: null,
        seizureNote: null,
        paymentApprovedAt: null,
      };
      const steps = order.steps;
      const push = (s: RepairStep) => steps.push(s);
      const lead = urgent || seizure ? 0 : pick([0, 0, 1, 1, 1, 2]);
      let t = dayMs - lead * DAY + (lead === 0 ? int(400, 440) : int(540, 1000)) * MIN;
      order.created = t;
      push({ step: 'create', at: t, rec: t, who: chance(0.35) ? driver : STAFF.office, note: order.symptoms, to: 'draft' });
      if (urgent || seizure) {
        const approvedAt = t + int(5, 20) * MIN;
        const by = chance(0.8) ? STAFF.director : STAFF.deputy;
        t = approvedAt + int(10, 30) * MIN;
        push({
          step: 'phoneApprove',
          at: approvedAt,
          rec: t,
          who: by,
          note: '电话报告：途中故障，同意直接送厂',
          to: 'approved',
          apply: () => {
            order.phoneBy = by.name;
            order.phoneAt = minuteText(approvedAt);
          },
        });
      } else {
        t += int(10, 25) * MIN;
        push({ step: 'report', at: t, rec: t, who: chance(0.85) ? STAFF.director : STAFF.deputy, note: null, to: 'reported' });
        if (rejected) {
          t += int(30, 240) * MIN;
          const reason = pick(REJECT_REASONS);
          push({ step: 'reject', at: t, rec: t, who: STAFF.office, note: reason, to: 'rejected', apply: () => (order.decisionReason = reason) });
        } else {
          t += int(10, 25) * MIN;
          push({ step: 'approve', at: t, rec: t, who: STAFF.office, note: null, to: 'approved' });
        }
      }
      if (!rejected) {
        t = Math.max(t + 10 * MIN, dayMs + int(540, 600) * MIN);
        push({ step: 'toShop', at: t, rec: t, who: chance(0.7) ? STAFF.office : STAFF.captain, note: null, to: 'at_shop' });
        // the shop's list
        const threshold = policyOf(minuteText(order.created).slice(0, 7)).settings.maintenance.priceDeviationBp;
        const lines: RepairLine[] = [];
        const line = (l: Omit<RepairLine, 'position' | 'total_fen' | 'deviation_reason' | 'corrected_from' | 'correction_reason' | 'old_part_checked_at' | 'old_part_checked_by_name' | 'old_part_note'>) =>
          lines.push({ ...l, position: lines.length + 1, total_fen: lineTotalFen({ quantity: l.quantity, unitPriceFen: l.unit_price_fen }), deviation_reason: null, corrected_from: null, correction_reason: null, old_part_checked_at: null, old_part_checked_by_name: null, old_part_note: null });
        const labourPrice = seizure ? int(42, 52) * 10000 : shopRate[shopIndex]!;
        if (seizure) line({ kind: 'labour', part_id: null, name: job.labour[0], unit: '工时', quantity: job.labour[1], unit_price_fen: labourPrice, reference_price_fen: null, is_major: 0, free_text_reason: null });
        for (const [name, quantity] of job.parts) {
          const p = parts.get(name);
          const fallback = DEMO_PARTS.find((x) => x[0] === name)!;
          const ref = p?.reference_price_fen ?? fallback[2];
          const r = rand();
          const price = r < 0.7 ? ref : r < 0.92 ? Math.round((ref * (0.95 + 0.13 * rand())) / 100) * 100 : Math.round((ref * (1.12 + 0.13 * rand())) / 100) * 100;
          if (p) line({ kind: 'part', part_id: p.id, name: p.name, unit: p.unit, quantity, unit_price_fen: price, reference_price_fen: p.reference_price_fen, is_major: p.is_major, free_text_reason: null });
          else line({ kind: 'part', part_id: null, name, unit: fallback[1], quantity, unit_price_fen: price, reference_price_fen: null, is_major: 0, free_text_reason: '目录内无此配件，按修理厂报价' });
        }
        for (const [name, unit, quantity, price] of job.free ?? []) {
          line({ kind: 'part', part_id: null, name, unit, quantity, unit_price_fen: price, reference_price_fen: null, is_major: 0, free_text_reason: '目录内无此配件，按修理厂报价' });
        }
        if (!seizure) line({ kind: 'labour', part_id: null, name: job.labour[0], unit: '工时', quantity: job.labour[1], unit_price_fen: labourPrice, reference_price_fen: null, is_major: 0, free_text_reason: null });
        const domain = () => lines.map((l) => ({ kind: l.kind, partId: l.part_id, name: l.name, quantity: l.quantity, unitPriceFen: l.unit_price_fen }));
        const setTotals = () => {
          const totals = orderTotals(domain());
          order.partsFen = totals.partsFen;
          order.labourFen = totals.labourFen;
          order.totalFen = totals.totalFen;
        };
        // back from the shop before 15:00, when the next day's trips are asked for and approved
        // (a vehicle in repair can be neither)
        t = dayMs + (days - 1) * DAY + int(810, 885) * MIN;
        push({
          step: 'enterWork',
          at: t,
          rec: t,
          who: chance(0.7) ? STAFF.office : STAFF.captain,
          note: null,
          to: 'work_entered',
          apply: () => {
            order.lines = lines;
            setTotals();
            order.fingerprint = null;
          },
        });
        if (seizure) {
          const cause = chance(0.7) ? 'no_oil' : 'no_coolant';
          const mark = t + int(30, 90) * MIN;
          push({
            step: 'markSeizure',
            at: mark,
            rec: mark,
            who: STAFF.captain,
            note: SEIZURE_NOTES[cause],
            apply: () => {
              order.seizureCause = cause;
              order.seizureNote = SEIZURE_NOTES[cause];
            },
          });
          personnelFlags.push({ id: 0, driverId, sourceType: 'repair', source: () => order, reason: SEIZURE_NOTES[cause], cause, raised: mark, raisedBy: STAFF.captain.name });
          t = mark;
        }
        t += int(10, 60) * MIN;
        push({ step: 'sign', at: t, rec: t, who: driver, note: null, to: 'driver_signed', apply: () => (order.fingerprint = linesFingerprint(domain())) });
        t = laterDay(t, 1, 540, 600);
        for (const l of lines.filter((x) => x.is_major === 1)) {
          const note = `旧${l.name}已交回，与更换原因相符`;
          const when = t;
          push({
            step: 'checkOldPart',
            at: when,
            rec: when,
            who: STAFF.office,
            note: `${l.name}：${note}`,
            apply: () => {
              l.old_part_checked_at = minuteText(when);
              l.old_part_checked_by_name = STAFF.office.name;
              l.old_part_note = note;
            },
          });
          t += int(3, 10) * MIN;
        }
        t += int(5, 30) * MIN;
        push({ step: 'verifyParts', at: t, rec: t, who: STAFF.office, note: null, to: 'parts_verified' });
        if (!seizure && chance(0.03)) {
          // the captain corrects the labour line: the driver signs again, the office verifies again
          const l = lines[lines.length - 1]!;
          const before = { quantity: l.quantity, unitPriceFen: l.unit_price_fen };
          const quantity = Math.max(10, l.quantity - pick([20, 50, 100]));
          const reason = '工时偏高，按定额核减';
          t = laterDay(t, 1, 600, 900);
          push({
            step: 'correct',
            at: t,
            rec: t,
            who: STAFF.captain,
            note: `${l.name}：${reason}`,
            to: 'work_entered',
            apply: () => {
              l.quantity = quantity;
              l.total_fen = lineTotalFen({ quantity, unitPriceFen: l.unit_price_fen });
              l.corrected_from = JSON.stringify(before);
              l.correction_reason = reason;
              setTotals();
            },
          });
          t += int(60, 240) * MIN;
          push({ step: 'sign', at: t, rec: t, who: driver, note: '核减后重新签字', to: 'driver_signed', apply: () => (order.fingerprint = linesFingerprint(domain())) });
          t += int(20, 120) * MIN;
          push({ step: 'verifyParts', at: t, rec: t, who: STAFF.office, note: null, to: 'parts_verified' });
        }
        t = laterDay(t, int(1, 4), 600, 960);
        push({
          step: 'settle',
          at: t,
          rec: t,
          who: STAFF.captain,
          note: null,
          to: 'settled',
          apply: () => {
            for (const l of lines) if (deviationNeedsReason(l.unit_price_fen, l.reference_price_fen, threshold) && !l.deviation_reason) l.deviation_reason = pick(DEVIATION_REASONS);
          },
        });
        t = laterDay(t, int(1, 3), 540, 1020);
        push({ step: 'review', at: t, rec: t, who: STAFF.office, note: null, to: 'reviewed' });
        t = laterDay(t, int(1, 5), 540, 1020);
        const approved = t;
        push({ step: 'approvePayment', at: t, rec: t, who: STAFF.manager, note: null, to: 'approved_for_payment', apply: () => (order.paymentApprovedAt = approved) });
        t = laterDay(t, int(1, 6), 540, 1020);
        // paid before the payment's month is locked (the step is refused after)
        const plan = planOf(minuteText(approved).slice(0, 7));
        if (plan) t = Math.min(t, plan.lock - HOUR);
        push({ step: 'pay', at: Math.max(t, approved + 10 * MIN), rec: Math.max(t, approved + 10 * MIN), who: STAFF.finance, note: null, to: 'paid' });
      }
      // What has happened by now: an order still at the shop now would hold its vehicle in
      // repair while the dispatch log has it on the road today, so the shop visit waits.
      let applied = steps.filter((s) => s.rec <= nowMs);
      if (applied.length === 0) return;
      const toShop = applied.findIndex((s) => s.step === 'toShop');
      if (toShop >= 0 && !applied.some((s) => s.step === 'enterWork')) applied = applied.slice(0, toShop);
      order.steps = applied;
      for (const s of applied) {
        s.apply?.();
        if (s.to) order.status = s.to;
        if (s.to || s.step === 'markSeizure') order.updated = s.rec;
      }
      if (order.seizureCause && order.status !== 'paid') throw new Error('a seizure order not paid');
      orders.push(order);
    };
    for (let k = 0; k < wantOrders; k++) makeOrder(k);
    orders.sort((a, b) => a.created - b.created);
    phase('repair orders made');

    // =========================================================================================
    // Accidents
    const accidents: Accident[] = [];
    const unlogged = (
      db
        .prepare(
          `SELECT f.id, t.id AS ticket_id, t.number, t.vehicle_id, t.driver_id, t.departed_at, t.start_at FROM dispatch_flags f JOIN dispatch_tickets t ON t.id = f.ticket_id
           WHERE f.kind = 'unlogged_mileage' AND t.status = 'closed' AND t.departed_at < ? ORDER BY f.id`,
        )
        .all(settledEndText) as { id: number; ticket_id: number; number: string; vehicle_id: number; driver_id: number; departed_at: string; start_at: string }[]
    ).filter((f) => own.has(f.vehicle_id) && ownDrivers.has(f.driver_id));
    const usedFlags = new Set<number>();
    const wantAccidents = opts.accidents ?? 300;
    const latestOccurred = settledEnd - 3 * DAY;
    const makeAccident = (): boolean => {
      let trip: { ticketId: number | null; flagId: number | null; number: string | null; vehicleId: number; driverId: number; occurred: number; privateUse: boolean } | null = null;
      if (chance(0.1) && unlogged.length > usedFlags.size) {
        const f = pick(unlogged);
        if (usedFlags.has(f.id)) return false;
        const dep = parseMinute(f.departed_at);
        const prev = lastReturnBefore.get(f.vehicle_id, f.start_at, f.departed_at) as { returned_at: string } | undefined;
        const since = prev ? parseMinute(prev.returned_at) : dep - 6 * HOUR;
        const occurred = since + Math.round(((dep - since) * (0.3 + 0.4 * rand())) / MIN) * MIN;
        if (occurred <= since || occurred >= dep) return false;
        usedFlags.add(f.id);
        trip = { ticketId: null, flagId: f.id, number: null, vehicleId: f.vehicle_id, driverId: f.driver_id, occurred, privateUse: true };
      } else if (closedTrips.length > 0) {
        const t = tripById.get(pick(closedTrips)) as { id: number; number: string; vehicle_id: number; driver_id: number; departed_at: string; returned_at: string };
        const dep = parseMinute(t.departed_at);
        const ret = parseMinute(t.returned_at);
        const occurred = dep + Math.round(((ret - dep) * (0.2 + 0.6 * rand())) / MIN) * MIN;
        trip = { ticketId: t.id, flagId: null, number: t.number, vehicleId: t.vehicle_id, driverId: t.driver_id, occurred, privateUse: false };
      }
      if (!trip || trip.occurred > latestOccurred || trip.occurred < firstMs) return false;
      const month = minuteText(trip.occurred).slice(0, 7);
      const plan = planOf(month)!;
      const policy = policyOf(month);
      const levels = (['full', 'main', 'equal', 'secondary', 'none'] as const).filter((l) => policy.settings.accident.liability[l].capFen !== null);
      const weights: Record<Liability, number> = { full: 12, main: 15, equal: 20, secondary: 25, none: 28 };
      let x = rand() * levels.reduce((s, l) => s + weights[l], 0);
      const finding = levels.find((l) => (x -= weights[l]) < 0) ?? 'none';
      const major = chance(0.03);
      const costs: Accident['costs'] = [{ kind: 'own_repair', amountFen: int(30, 800) * 100, note: chance(0.8) ? pick(COST_NOTES.own_repair) : null }];
      if (major || chance(0.45)) costs.push({ kind: 'third_party', amountFen: (major ? int(3000, 15000) : int(20, 600)) * 100, note: chance(0.8) ? pick(COST_NOTES.third_party) : null });
      if (major || chance(0.12)) costs.push({ kind: 'medical', amountFen: (major ? int(1000, 8000) : int(10, 300)) * 100, note: pick(COST_NOTES.medical) });
      if (chance(0.08)) costs.push({ kind: 'other', amountFen: int(2, 8) * 100, note: pick(COST_NOTES.other) });
      const cost = costs.reduce((s, c) => s + c.amountFen, 0);
      const insuranceFen = cost > 200_000 && chance(0.6) ? Math.floor((cost * (0.3 + 0.5 * rand())) / 100) * 100 : 0;
      const share = accidentShare({ finding, privateUse: trip.privateUse, costs, insuranceFen, policy: policy.settings.accident });
      if (share.state !== 'computed') return false;
      const recorded = trip.occurred + int(30, 1200) * MIN;
      // the finding is in before the month is prepared; closed before the month is locked, and
      // the last month settled here closes within itself (the month after is bench/settlement.ts's)
      const closeLimit = month === lastSettled ? settledEnd - 2 * HOUR : plan.lock - 2 * HOUR;
      const findingLimit = Math.min(plan.prepare - DAY, closeLimit - HOUR);
      let findingAt = chance(0.3) ? recorded : recorded + int(1, 12) * DAY + int(-180, 180) * MIN;
      findingAt = Math.min(findingAt, findingLimit);
      if (findingAt < recorded + 30 * MIN) findingAt = recorded;
      if (recorded > findingLimit) return false;
      const closed = Math.max(findingAt + 30 * MIN, Math.min(findingAt + int(60, 20 * 1440) * MIN, closeLimit));
      if (closed > closeLimit) return false;
      const recorder = pick([STAFF.captain, STAFF.captain, STAFF.office, STAFF.director]);
      const year = minuteText(trip.occurred).slice(0, 4);
      accidents.push({
        id: 0,
        number: '',
        occurred: trip.occurred,
        vehicleId: trip.vehicleId,
        driverId: trip.driverId,
        ticketId: trip.ticketId,
        flagId: trip.flagId,
        ticketNumber: trip.number,
        privateUse: trip.privateUse,
        place: pick(PLACES),
        description: trip.privateUse ? `私自用车期间${pick(ACCIDENT_TEXTS)}` : pick(ACCIDENT_TEXTS),
        finding,
        findingNo: `苏公交认字〔${year}〕第 ${String(int(1, 2999)).padStart(4, '0')} 号`,
        reporting: trip.privateUse ? pick(['late', 'hidden', 'in_time'] as const) : chance(0.85) ? 'in_time' : chance(0.8) ? 'late' : 'hidden',
        major,
        notParked: chance(0.02),
        costs,
        insuranceFen,
        recorded,
        recorder,
        findingAt,
        closed,
        closer: pick([STAFF.director, STAFF.director, STAFF.deputy, STAFF.captain]),
        closeNote: pick(CLOSE_NOTES),
        share,
        policyVersionId: policy.id,
      });
      return true;
    };
    for (let k = 0, tries = 0; k < wantAccidents && tries < wantAccidents * 20; tries++) if (makeAccident()) k++;
    // hidden and major together would flag the driver too: a hidden accident here is a small one
    for (const a of accidents) if (a.reporting === 'hidden') a.major = false;
    accidents.sort((a, b) => a.recorded - b.recorded);

    // =========================================================================================
    // Violations: from the dispatch log's flags (already explained), and entered by hand
    const violations: Violation[] = [];
    const FLAG_KIND = { overnight: 'overnight', not_parked: 'not_parked', unlogged_mileage: 'private_use' } as const;
    const flagRows = db
      .prepare(
        `SELECT f.id, f.kind, f.resolved_at, t.id AS ticket_id, t.vehicle_id, t.driver_id, t.departed_at, t.returned_at FROM dispatch_flags f JOIN dispatch_tickets t ON t.id = f.ticket_id
         WHERE f.resolved_at IS NOT NULL AND f.violation_id IS NULL AND f.raised_at < ? ORDER BY f.id`,
      )
      .all(settledEndText) as { id: number; kind: 'overnight' | 'not_parked' | 'unlogged_mileage'; resolved_at: string; ticket_id: number; vehicle_id: number; driver_id: number; departed_at: string | null; returned_at: string | null }[];
    const pool = flagRows.filter((f) => f.kind in FLAG_KIND && !usedFlags.has(f.id) && ownDrivers.has(f.driver_id));
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const wantViolations = opts.violations ?? 3000;
    const fromFlags = Math.round(wantViolations * 0.9);
    const overnightDrivers = new Set<number>();
    const recorders = [STAFF.office, STAFF.office, STAFF.office, STAFF.captain, STAFF.director];
    const newViolation = (v: Pick<Violation, 'kind' | 'driverId' | 'occurredOn' | 'vehicleId' | 'ticketId' | 'flagId' | 'serious' | 'description' | 'enteredFen' | 'recorded'>): Violation => ({
      ...v,
      id: 0,
      number: '',
      month: v.occurredOn.slice(0, 7),
      baseFen: 0,
      fineFen: 0,
      doubled: false,
      ordinal: 1,
      points: 0,
      repeatOfId: null,
      repeatOfNumber: null,
      consequence: null,
      personnelFlagId: null,
      recorder: pick(recorders),
      voided: null,
      voider: null,
    });
    const flagLinks = new Map<number, Violation>();
    for (const f of pool) {
      if (flagLinks.size >= fromFlags) break;
      const kind = FLAG_KIND[f.kind];
      // an overnight repeat flags the driver for dismissal: most drivers do it once
      if (kind === 'overnight' && overnightDrivers.has(f.driver_id) && !chance(0.1)) continue;
      const occurredOn = (f.returned_at ?? f.departed_at ?? f.resolved_at).slice(0, 10);
      const plan = planOf(occurredOn.slice(0, 7));
      if (!plan) continue;
      const resolved = parseMinute(f.resolved_at);
      const recorded = Math.min(resolved + int(30, 2 * 1440) * MIN, plan.assessmentSign - HOUR);
      if (recorded < resolved + 10 * MIN) continue;
      if (kind === 'overnight') overnightDrivers.add(f.driver_id);
      const v = newViolation({ kind, driverId: f.driver_id, occurredOn, vehicleId: f.vehicle_id, ticketId: f.ticket_id, flagId: f.id, serious: false, description: pick(VIOLATION_TEXTS[kind]), enteredFen: null, recorded });
      violations.push(v);
      flagLinks.set(f.id, v);
    }
    // mostly fines and points; the kinds that flag a driver for dismissal (police, serious drinking or fuel fraud) are rare
    const HAND: [ViolationKind, number][] = [['private_use', 45], ['not_parked', 37], ['drinking', 10], ['fuel_fraud', 4], ['police', 4]];
    const byHand = Math.max(0, wantViolations - flagLinks.size);
    const settledDays = Math.floor((settledEnd - firstMs) / DAY);
    for (let k = 0; k < byHand && settledDays > 3; k++) {
      let x = rand() * 100;
      const kind = HAND.find(([, w]) => (x -= w) < 0)?.[0] ?? 'private_use';
      const d = int(0, settledDays - 3);
      const occurredOn = new Date(firstMs + d * DAY).toISOString().slice(0, 10);
      const plan = planOf(occurredOn.slice(0, 7))!;
      const recorded = Math.min(firstMs + (d + int(0, 3)) * DAY + int(540, 1020) * MIN, plan.assessmentSign - HOUR);
      const vi = int(0, vehicles.length - 1);
      const driverId = kind === 'not_parked' || kind === 'fuel_fraud' ? driverOf(vi, d) : pick(opts.driverIds);
      violations.push(
        newViolation({
          kind,
          driverId,
          occurredOn,
          vehicleId: kind === 'not_parked' || kind === 'fuel_fraud' || (kind === 'private_use' && chance(0.5)) ? vehicles[vi]! : null,
          ticketId: null,
          flagId: null,
          serious: (kind === 'drinking' && chance(0.3)) || (kind === 'fuel_fraud' && chance(0.4)),
          description: pick(VIOLATION_TEXTS[kind]),
          enteredFen: kind === 'fuel_fraud' ? int(50, 500) * 100 : null,
          recorded,
        }),
      );
    }
    // a few voided by the director or the deputy before the month is signed
    for (const v of violations) {
      if (!chance(0.02)) continue;
      const plan = planOf(v.month)!;
      const voided = Math.min(v.recorded + int(60, 2 * 1440) * MIN, plan.assessmentSign - 30 * MIN);
      if (voided <= v.recorded) continue;
      v.voided = voided;
      v.voider = chance(0.7) ? STAFF.director : STAFF.deputy;
    }
    violations.sort((a, b) => a.recorded - b.recorded || (a.flagId ?? 0) - (b.flagId ?? 0));
    phase('accidents and violations made');

    // =========================================================================================
    // Numbers and ids, in the order the records were made; then the rules that read earlier records
    const counters = new Map<string, number>();
    const readCounter = db.prepare('SELECT last FROM number_counters WHERE prefix = ? AND year = ?');
    const nextNumber = (prefix: string, at: number) => {
      const year = Number(minuteText(at).slice(0, 4));
      const key = `${prefix}${year}`;
      let last = counters.get(key);
      if (last === undefined) last = (readCounter.get(prefix, year) as { last: number } | undefined)?.last ?? 0;
      counters.set(key, last + 1);
      return documentNumber(prefix, year, last + 1);
    };
    const maxId = (table: string) => (db.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
    let nextOrderId = maxId('repair_orders');
    for (const o of orders) {
      o.id = ++nextOrderId;
      o.number = nextNumber('WX', o.created);
    }
    let nextAccidentId = maxId('accidents');
    for (const a of accidents) {
      a.id = ++nextAccidentId;
      a.number = nextNumber('SG', a.recorded);
    }
    let nextViolationId = maxId('violations');
    for (const v of violations) {
      v.id = ++nextViolationId;
      v.number = nextNumber('WG', v.recorded);
    }

    // The repeat rule of accidents, in the order the findings came in (the rule reads the
    // accidents whose finding is known): a dismissal flag when it fires for the one entered.
    const findingOrder = [...accidents].sort((a, b) => a.findingAt - b.findingAt || a.id - b.id);
    const counted: Accident[] = [];
    for (const a of findingOrder) {
      if (!isMainOrWorse(a.finding)) continue;
      const p = policyOf(minuteText(a.occurred).slice(0, 7)).settings.accident;
      const day = minuteText(a.occurred).slice(0, 10);
      const near = counted.filter((o) => o.driverId === a.driverId && withinRepeatWindow(day, minuteText(o.occurred).slice(0, 10), p.repeatWindowDays));
      counted.push(a);
      if (near.length + 1 < p.repeatCount) continue;
      const related = [...near, a].sort((x, y) => (x.occurred === y.occurred ? x.id - y.id : x.occurred - y.occurred));
      const list = related.map((x) => `${x.number}（${minuteText(x.occurred).slice(0, 10)}，${accidentsZhCN.finding[x.finding]}）`).join('、');
      personnelFlags.push({
        id: 0,
        driverId: a.driverId,
        sourceType: 'accident',
        source: () => a,
        reason: `驾驶员${driverName(a.driverId)}在 ${p.repeatWindowDays} 天内发生 ${related.length} 起主要及以上责任事故：${list}`,
        cause: null,
        raised: a.findingAt,
        raisedBy: a.findingAt === a.recorded ? a.recorder.name : STAFF.office.name,
      });
    }

    // Fines, ordinals, repeats and consequences, as violation-record.ts reaches them when each is recorded.
    const byDriver = new Map<number, Violation[]>();
    const reachFine = (v: Violation): void => {
      const earlierOnes = (byDriver.get(v.driverId) ?? []).filter((e) => e.voided === null || e.voided > v.recorded);
      const policy = policyOf(v.month).settings.violations;
      const earlier = earlierOnes.filter((e) => e.month === v.month && e.occurredOn <= v.occurredOn);
      const base = policyFine(v.kind, 'driver', policy, v.enteredFen ?? 0);
      const fine = fineWithDoubling(
        base,
        earlier.map((e) => e.baseFen),
        policy.thirdInMonthDoubles,
      );
      const repeat = earlierOnes
        .filter((e) => e.kind === v.kind && e.occurredOn <= v.occurredOn)
        .sort((a, b) => (a.occurredOn === b.occurredOn ? b.id - a.id : a.occurredOn < b.occurredOn ? 1 : -1))[0];
      v.baseFen = fine.baseFen;
      v.fineFen = fine.fineFen;
      v.doubled = fine.doubled;
      v.ordinal = fine.ordinal;
      v.points = policy.points[v.kind];
      v.repeatOfId = repeat?.id ?? null;
      v.repeatOfNumber = repeat?.number ?? null;
      v.consequence = violationConsequence(v.kind, 'driver', { repeat: repeat !== undefined, serious: v.serious });
      if (v.enteredFen !== null && v.kind !== 'fuel_fraud') v.enteredFen = null;
      if (v.consequence === 'dismissal') {
        const reason = renderAll(
          [
            { key: 'violationWords.flagReason', params: { kind: `$t(violationKind.${v.kind})`, date: v.occurredOn } },
            ...(repeat ? [{ key: 'violationWords.repeat', params: { number: repeat.number } }] : []),
          ],
          'zh-CN',
        ).join('；');
        personnelFlags.push({ id: 0, driverId: v.driverId, sourceType: 'violation', source: () => v, reason, cause: null, raised: v.recorded, raisedBy: v.recorder.name });
      }
      byDriver.set(v.driverId, [...(byDriver.get(v.driverId) ?? []), v]);
    };
    for (const v of violations) reachFine(v);

    // The dismissal flags, in the order raised; the director decides on those older than two months.
    personnelFlags.sort((a, b) => a.raised - b.raised);
    let nextFlagId = maxId('personnel_flags');
    const insertFlag = db.prepare(`INSERT INTO personnel_flags (id, driver_id, kind, source_type, source_id, source_number, reason, cause, raised_at, raised_by_name,
      decision, decision_note, decided_at, decided_by_name, decided_role) VALUES (?, ?, 'dismissal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const writeFlag = (f: PersonnelFlag): void => {
      f.id = ++nextFlagId;
      if (f.sourceType === 'violation') (f.source() as unknown as Violation).personnelFlagId = f.id;
      const decided = f.raised < settledEnd - 60 * DAY ? Math.min(f.raised + int(2, 20) * DAY, settledEnd - DAY) : null;
      const by = chance(0.8) ? STAFF.director : STAFF.deputy;
      const src = f.source();
      insertFlag.run(
        f.id,
        f.driverId,
        f.sourceType,
        src.id,
        src.number,
        f.reason,
        f.cause,
        minuteText(f.raised),
        f.raisedBy,
        decided ? 'kept' : null,
        decided ? pick(['批评教育，留用察看', '本人写出书面检查，扣发当月奖金，留用', '考虑一贯表现，给予警告处分，留用']) : null,
        decided ? minuteText(decided) : null,
        decided ? by.name : null,
        decided ? by.role : null,
      );
      count('personnel_flags');
    };
    for (const f of personnelFlags) writeFlag(f);

    phase('numbers, rules and dismissal flags');
    // ---- write the repair orders, their lines and events ----
    const insertOrder = db.prepare(`INSERT INTO repair_orders (id, number, status, vehicle_id, driver_id, shop_id, symptoms, requested_work, created_by, created_at,
      phone_approved_by_name, phone_approved_at, decision_reason, signed_fingerprint, parts_fen, labour_fen, total_fen, updated_at, seizure_cause, seizure_note, payment_approved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertLine = db.prepare(`INSERT INTO repair_lines (order_id, position, kind, part_id, name, unit, quantity, unit_price_fen, reference_price_fen, is_major, total_fen,
      free_text_reason, deviation_reason, corrected_from, correction_reason, old_part_checked_at, old_part_checked_by_name, old_part_note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvent = db.prepare('INSERT INTO repair_events (order_id, step, at, recorded_at, user_id, by_name, role, note) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)');
    const writeOrder = (o: Order): void => {
      insertOrder.run(
        o.id,
        o.number,
        o.status,
        o.vehicleId,
        o.driverId,
        o.shopId,
        o.symptoms,
        o.requested,
        opts.requester.id,
        minuteText(o.created),
        o.phoneBy,
        o.phoneAt,
        o.decisionReason,
        o.fingerprint,
        o.partsFen,
        o.labourFen,
        o.totalFen,
        minuteText(o.updated),
        o.seizureCause,
        o.seizureNote,
        o.paymentApprovedAt === null ? null : minuteText(o.paymentApprovedAt),
      );
      for (const l of o.lines) {
        insertLine.run(o.id, l.position, l.kind, l.part_id, l.name, l.unit, l.quantity, l.unit_price_fen, l.reference_price_fen, l.is_major, l.total_fen, l.free_text_reason, l.deviation_reason, l.corrected_from, l.correction_reason, l.old_part_checked_at, l.old_part_checked_by_name, l.old_part_note);
      }
      for (const s of o.steps) insertEvent.run(o.id, s.step, minuteText(s.at), minuteText(s.rec), s.who.name, s.who.role, s.note);
      count('repair_orders');
      count('repair_lines', o.lines.length);
      count('repair_events', o.steps.length);
      report.repairsByStatus[o.status] = (report.repairsByStatus[o.status] ?? 0) + 1;
    };
    for (const o of orders) writeOrder(o);

    phase('repair orders written');
    // ---- write the accidents ----
    const insertAccident = db.prepare(`INSERT INTO accidents (id, number, status, occurred_at, vehicle_id, driver_id, ticket_id, flag_id, private_use, place, description, finding, finding_no,
      reporting, major, not_parked, costs, cost_fen, insurance_fen, recorded_at, recorded_by_name, recorded_role, updated_at, closed_at, closed_by_name, closed_role, close_note,
      closed_month, share_fen, share_json) VALUES (?, ?, 'closed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const writeAccident = (a: Accident): void => {
      insertAccident.run(
        a.id,
        a.number,
        minuteText(a.occurred),
        a.vehicleId,
        a.driverId,
        a.ticketId,
        a.flagId,
        a.privateUse ? 1 : 0,
        a.place,
        a.description,
        a.finding,
        a.findingNo,
        a.reporting,
        a.major ? 1 : 0,
        a.notParked ? 1 : 0,
        JSON.stringify(a.costs),
        a.costs.reduce((s, c) => s + c.amountFen, 0),
        a.insuranceFen,
        minuteText(a.recorded),
        a.recorder.name,
        a.recorder.role,
        minuteText(a.closed),
        minuteText(a.closed),
        a.closer.name,
        a.closer.role,
        a.closeNote,
        minuteText(a.closed).slice(0, 7),
        a.share.shareFen,
        JSON.stringify({ ...a.share, policyVersionId: a.policyVersionId }),
      );
      count('accidents');
      report.accidentsByFinding[a.finding] = (report.accidentsByFinding[a.finding] ?? 0) + 1;
    };
    for (const a of accidents) writeAccident(a);

    // ---- write the violations, linked to their flags ----
    const insertViolation = db.prepare(`INSERT INTO violations (id, number, kind, offender_role, driver_id, user_id, offender_name, occurred_on, month, vehicle_id, ticket_id, flag_id,
      serious, description, entered_fen, base_fen, fine_fen, doubled, ordinal, points, repeat_of_id, consequence, personnel_flag_id, recorded_at, recorded_by_name, recorded_role,
      voided_at, voided_by_name, voided_role, void_reason) VALUES (?, ?, ?, 'driver', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const linkFlag = db.prepare('UPDATE dispatch_flags SET violation_id = ? WHERE id = ?');
    const writeViolation = (v: Violation): void => {
      insertViolation.run(
        v.id,
        v.number,
        v.kind,
        v.driverId,
        driverName(v.driverId),
        v.occurredOn,
        v.month,
        v.vehicleId,
        v.ticketId,
        v.flagId,
        v.serious ? 1 : 0,
        v.description,
        v.enteredFen,
        v.baseFen,
        v.fineFen,
        v.doubled ? 1 : 0,
        v.ordinal,
        v.points,
        v.repeatOfId,
        v.consequence,
        v.personnelFlagId,
        minuteText(v.recorded),
        v.recorder.name,
        v.recorder.role,
        v.voided === null ? null : minuteText(v.voided),
        v.voider?.name ?? null,
        v.voider?.role ?? null,
        v.voided === null ? null : '经复核属误报，予以撤销',
      );
      if (v.flagId !== null) linkFlag.run(v.id, v.flagId);
      count('violations');
      report.violationsByKind[v.kind] = (report.violationsByKind[v.kind] ?? 0) + 1;
    };
    for (const v of violations) writeViolation(v);
    count('dispatch_flags.violation_id set', flagLinks.size);
    phase('accidents and violations written');

    // =========================================================================================
    // The months: assessment, fuel, adjustments, settlement
    const items = db.prepare('SELECT id, name, subject, points FROM assessment_items WHERE retired_at IS NULL ORDER BY id').all() as { id: number; name: string; subject: 'driver' | 'vehicle'; points: number }[];
    const driverItems = items.filter((i) => i.subject === 'driver');
    const vehicleItems = items.filter((i) => i.subject === 'vehicle');
    const insertDeduction = db.prepare(`INSERT INTO assessment_deductions (month, subject, subject_id, item_id, item_name, points, note, entered_at, entered_by_name, entered_role)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'fleet_office')`);
    const insertAssessmentSignoff = db.prepare(`INSERT INTO assessment_signoffs (month, signed_at, signed_by_name, signed_role, policy_version_id, snapshot) VALUES (?, ?, ?, 'fleet_office', ?, ?)`);
    const insertResolution = db.prepare(`INSERT INTO fuel_resolutions (month, vehicle_id, fillup_id, anomaly_kind, decision, note, amount_fen, dismissal, decided_at, decided_by_name)
      VALUES (?, ?, NULL, NULL, ?, ?, ?, 0, ?, ?)`);
    const insertFuelSignoff = db.prepare('INSERT INTO fuel_signoffs (month, signed_at, signed_by_name, totals, items) VALUES (?, ?, ?, ?, ?)');
    const insertPenalty = db.prepare('INSERT INTO fuel_penalties (signoff_id, month, vehicle_id, driver_id, resolution_id, km, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertAdjustment = db.prepare(`INSERT INTO settlement_adjustments (driver_id, user_id, name, corrects_month, target_month, amount_fen, reason, created_at, created_by_name, created_role)
      VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, 'fleet_office')`);
    const insertSettlement = db.prepare(`INSERT INTO settlements (month, status, version, computed_at, policy_version_id, prepared_at, prepared_by_name, prepared_role,
      reviewed_at, reviewed_by_name, reviewed_role, approved_at, approved_by_name, approved_role, locked_at, locked_by_name, locked_role, audit_head,
      returned_at, returned_by_name, returned_role, return_reason, net_fen) VALUES (?, 'locked', ?, ?, ?, ?, ?, 'fleet_office', ?, ?, 'fleet_captain', ?, ?, 'manager_office', ?, ?, 'finance', ?, ?, ?, ?, ?, ?)`);
    const insertRow = db.prepare(`INSERT INTO settlement_rows (settlement_id, driver_id, user_id, name, employee_no, post, official_km, safe, reasons, totals, net_fen)
      VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertSettlementLine = db.prepare('INSERT INTO settlement_lines (row_id, kind, amount_fen, source_type, source_id, source_number, text) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const driverKmOf = db.prepare(
      `SELECT driver_id, sum(distance_km) AS km FROM dispatch_tickets WHERE vehicle_id = ? AND start_at >= ? AND start_at < ? AND return_month = ? AND status IN ('returned', 'closed')
       GROUP BY driver_id ORDER BY driver_id`,
    );
    const fills = new Map<string, { litres: number; amount: number }>();
    for (const f of db.prepare('SELECT month, vehicle_id, sum(litres) AS litres, sum(amount_fen) AS amount FROM fuel_fillups WHERE month <= ? GROUP BY month, vehicle_id').all(lastSettled) as { month: string; vehicle_id: number; litres: number; amount: number }[]) {
      fills.set(`${f.month}|${f.vehicle_id}`, { litres: f.litres, amount: f.amount });
    }
    const auditHead = (db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
    const activeDrivers = drivers.filter((d) => d.retired_at === null);
    const activeVehicles = allVehicles.filter((v) => v.retired_at === null);

    // adjustments: a locked month corrected, carried into the next (the first not yet locked)
    const adjustments: { id: number; driverId: number; corrects: string; target: string; amountFen: number; reason: string; created: number }[] = [];
    for (let k = 0; k < Math.floor(settled.length / 3); k++) {
      const corrects = settled[int(0, settled.length - 2)]!;
      const plan = planOf(corrects)!;
      const [reason, sign] = pick(ADJUST_REASONS);
      adjustments.push({ id: 0, driverId: pick(opts.driverIds), corrects, target: addMonth(corrects, 1), amountFen: sign * int(20, 300) * 100, reason: `${Number(corrects.slice(5))}月${reason}`, created: laterDay(plan.lock, int(1, 10), 540, 1020) });
    }
    adjustments.sort((a, b) => a.created - b.created);
    for (const a of adjustments) {
      a.id = Number(insertAdjustment.run(a.driverId, driverName(a.driverId), a.corrects, a.target, a.amountFen, a.reason, minuteText(a.created), STAFF.office.name).lastInsertRowid);
      count('settlement_adjustments');
    }

    const postOrder: Record<string, number> = { director: 0, deputy_director: 1, group_leader: 2, driver: 3 };
    const settleMonth = (month: string): void => {
      const plan = planOf(month)!;
      const mi = monthIndex.get(month)!;
      const policy = policyOf(month);
      const inMonth = (ms: number) => ms >= plan.from && ms < plan.to;

      // ---- the assessment: deductions entered in the month, signed early the next ----
      const itemPoints = new Map<string, { points: number; n: number }>();
      const deductions: { subject: 'driver' | 'vehicle'; subjectId: number; item: (typeof items)[number]; points: number; note: string | null; at: number }[] = [];
      const lastDay = Math.round((plan.to - plan.from) / DAY);
      for (const [subject, list, n] of [
        ['driver', driverItems, int(2, 12)],
        ['vehicle', vehicleItems, int(1, 8)],
      ] as const) {
        if (list.length === 0) continue;
        for (let k = 0; k < n; k++) {
          const item = pick(list);
          const subjectId = subject === 'driver' ? pick(activeDrivers).id : pick(activeVehicles).id;
          const heavy = chance(0.1);
          deductions.push({ subject, subjectId, item, points: heavy ? item.points * 2 : item.points, note: heavy ? '多次检查不合格' : pick(DEDUCTION_NOTES), at: plan.from + int(0, lastDay - 1) * DAY + int(540, 1020) * MIN });
        }
      }
      deductions.sort((a, b) => a.at - b.at);
      for (const d of deductions) {
        insertDeduction.run(month, d.subject, d.subjectId, d.item.id, d.item.name, d.points, d.note, minuteText(d.at), STAFF.office.name);
        const key = `${d.subject}${d.subjectId}`;
        const s = itemPoints.get(key) ?? { points: 0, n: 0 };
        itemPoints.set(key, { points: s.points + d.points, n: s.n + 1 });
        count('assessment_deductions');
      }
      const monthViolations = violations.filter((v) => v.month === month && v.voided === null).sort((a, b) => (a.occurredOn === b.occurredOn ? a.id - b.id : a.occurredOn < b.occurredOn ? -1 : 1));
      const violationPoints = new Map<number, { points: number; n: number }>();
      for (const v of monthViolations) {
        const s = violationPoints.get(v.driverId) ?? { points: 0, n: 0 };
        violationPoints.set(v.driverId, { points: s.points + v.points, n: s.n + 1 });
      }
      const p = policy.settings.assessment;
      const sheet = (subject: 'driver' | 'vehicle', subjectId: number, name: string) => {
        const i = itemPoints.get(`${subject}${subjectId}`) ?? { points: 0, n: 0 };
        const v = subject === 'driver' ? (violationPoints.get(subjectId) ?? { points: 0, n: 0 }) : { points: 0, n: 0 };
        const deductedPoints = i.points + v.points;
        const score = assessmentScore(p.fullScore, [{ points: deductedPoints }]);
        const driver = subject === 'driver';
        return { subject, subjectId, name, score, deductedPoints, itemCount: i.n, violationCount: v.n, payDeductionFen: driver ? assessmentPayDeduction(score, p) : 0, bonusAllowed: driver ? scoreAllowsBonus(score, p) : true };
      };
      const withViolations = new Set(violationPoints.keys());
      const withItems = (subject: string, id: number) => itemPoints.has(`${subject}${id}`);
      const snapshot = [
        ...drivers.filter((d) => d.retired_at === null || withItems('driver', d.id) || withViolations.has(d.id)).map((d) => sheet('driver', d.id, d.name)),
        ...allVehicles.filter((v) => v.retired_at === null || withItems('vehicle', v.id)).map((v) => sheet('vehicle', v.id, v.plate)),
      ];
      insertAssessmentSignoff.run(month, minuteText(plan.assessmentSign), STAFF.office.name, policy.id, JSON.stringify(snapshot));
      count('assessment_signoffs');
      const scores = new Map(snapshot.filter((s) => s.subject === 'driver').map((s) => [s.subjectId, s]));

      // ---- the fuel month: every over-limit vehicle resolved, then signed. The audit's figures
      // per vehicle are fuel/service.ts's (auditFigures on the month's km by return month and its
      // fill-ups); its anomalies are not looked for: bench/generate.ts's fill-ups have none (a
      // full-size check compared every month's signature with the app's fuel.audit) ----
      type Item = { key: string; vehicleId: number; plate: string; fillupId: null; anomalyKind: null; amountFen: number; params: Record<string, string>; resolution: unknown; stale: false };
      const fuelItems: Item[] = [];
      const penalties: { vehicleId: number; driverId: number; resolutionId: number; km: number; amountFen: number }[] = [];
      const totals = { km: 0, litres: 0, excessFen: 0, over: 0, anomalies: 0 };
      let decided = plan.fuelResolve;
      for (const [xi, v] of allVehicles.entries()) {
        const km = kmVehicle[mi * allVehicles.length + xi]!;
        const f = fills.get(`${month}|${v.id}`) ?? { litres: 0, amount: 0 };
        if (km === 0 && f.litres === 0) continue;
        const figures = auditFigures({ km, litres: f.litres, amountFen: f.amount, limit: specs[xi]!.fuelStandard + floatForMonth(specs[xi]!, month) });
        totals.km += km;
        totals.litres += f.litres;
        totals.excessFen += figures.excessFen;
        if (figures.excessLitres <= 0) continue;
        totals.over++;
        const penalised = km > 0 && chance(0.3);
        const note = penalised ? '超耗，按驾驶里程分摊' : pick(EXPLAINED);
        decided = Math.min(decided + int(3, 20) * MIN, plan.fuelSign - 10 * MIN);
        const resolutionId = Number(insertResolution.run(month, v.id, penalised ? 'penalised' : 'explained', note, figures.excessFen, minuteText(decided), STAFF.captain.name).lastInsertRowid);
        count('fuel_resolutions');
        fuelItems.push({
          key: `${v.id}:over`,
          vehicleId: v.id,
          plate: v.plate,
          fillupId: null,
          anomalyKind: null,
          amountFen: figures.excessFen,
          params: { excess: L(figures.excessLitres), value: formatFen(figures.excessFen) },
          resolution: { id: resolutionId, decision: penalised ? 'penalised' : 'explained', note, amountFen: figures.excessFen, dismissal: false, decidedAt: minuteText(decided), decidedByName: STAFF.captain.name },
          stale: false,
        });
        if (!penalised || figures.excessFen === 0) continue;
        const sharers = driverKmOf.all(v.id, `${addMonth(month, -1)}-25`, `${addMonth(month, 1)}-01`, month) as { driver_id: number; km: number }[];
        const weights = sharers.map((s) => (policy.settings.fuel.shareExcessByKm ? s.km : 1));
        const shares = splitByWeight(figures.excessFen, weights);
        sharers.forEach((s, i) => {
          if (shares[i]! > 0) penalties.push({ vehicleId: v.id, driverId: s.driver_id, resolutionId, km: s.km, amountFen: shares[i]! });
        });
      }
      const signoffId = Number(insertFuelSignoff.run(month, minuteText(plan.fuelSign), STAFF.captain.name, JSON.stringify(totals), JSON.stringify(fuelItems)).lastInsertRowid);
      count('fuel_signoffs');
      const penaltyRows = penalties.map((pen) => ({ ...pen, id: Number(insertPenalty.run(signoffId, month, pen.vehicleId, pen.driverId, pen.resolutionId, pen.km, pen.amountFen).lastInsertRowid) }));
      count('fuel_penalties', penaltyRows.length);

      // ---- the settlement, computed as compute.ts computes it ----
      const accidentsBy = new Map<number, SafetyFacts['accidents']>();
      for (const a of accidents.filter((x) => inMonth(x.occurred)).sort((x, y) => x.occurred - y.occurred || x.id - y.id)) {
        accidentsBy.set(a.driverId, [
          ...(accidentsBy.get(a.driverId) ?? []),
          { id: a.id, number: a.number, date: minuteText(a.occurred).slice(0, 10), finding: a.finding, reporting: a.reporting, privateUse: a.privateUse, ticketNumber: a.ticketNumber },
        ]);
      }
      const violationsBy = new Map<number, SafetyFacts['violations']>();
      const finesBy = new Map<number, PersonMonth['fines']>();
      for (const v of monthViolations) {
        violationsBy.set(v.driverId, [...(violationsBy.get(v.driverId) ?? []), { id: v.id, number: v.number, date: v.occurredOn, kind: v.kind }]);
        if (v.fineFen > 0) finesBy.set(v.driverId, [...(finesBy.get(v.driverId) ?? []), { id: v.id, number: v.number, date: v.occurredOn, kind: v.kind, fineFen: v.fineFen }]);
      }
      const sharesBy = new Map<number, PersonMonth['accidentShares']>();
      for (const a of accidents.filter((x) => minuteText(x.closed).slice(0, 7) === month && x.share.shareFen > 0).sort((x, y) => x.closed - y.closed || x.id - y.id)) {
        sharesBy.set(a.driverId, [...(sharesBy.get(a.driverId) ?? []), { id: a.id, number: a.number, shareFen: a.share.shareFen }]);
      }
      const fuelBy = new Map<number, PersonMonth['fuelPenalties']>();
      for (const pen of [...penaltyRows].sort((x, y) => (plateOf(x.vehicleId) === plateOf(y.vehicleId) ? x.id - y.id : plateOf(x.vehicleId) < plateOf(y.vehicleId) ? -1 : 1))) {
        fuelBy.set(pen.driverId, [...(fuelBy.get(pen.driverId) ?? []), { id: pen.id, plate: plateOf(pen.vehicleId), month, amountFen: pen.amountFen }]);
      }
      const repairsBy = new Map<number, PersonMonth['repairCharges']>();
      for (const o of orders.filter((x) => x.seizureCause !== null && x.paymentApprovedAt !== null && inMonth(x.paymentApprovedAt) && x.totalFen > 0).sort((x, y) => x.paymentApprovedAt! - y.paymentApprovedAt! || x.id - y.id)) {
        repairsBy.set(o.driverId, [...(repairsBy.get(o.driverId) ?? []), { id: o.id, number: o.number, amountFen: o.totalFen }]);
      }
      const adjustmentsBy = new Map<number, PersonMonth['adjustments']>();
      for (const a of adjustments.filter((x) => x.target === month)) {
        adjustmentsBy.set(a.driverId, [...(adjustmentsBy.get(a.driverId) ?? []), { id: a.id, correctsMonth: a.corrects, amountFen: a.amountFen, reason: a.reason }]);
      }
      const withRecords = new Set([...accidentsBy.keys(), ...violationsBy.keys(), ...sharesBy.keys(), ...fuelBy.keys(), ...repairsBy.keys(), ...adjustmentsBy.keys()]);
      const fromText = `${month}-01`;
      const sheetRows = drivers
        .filter((d) => d.retired_at === null || d.retired_at >= fromText || withRecords.has(d.id) || kmDriver[mi * drivers.length + driverIdx.get(d.id)!]! > 0)
        .map((d) => {
          const score = scores.get(d.id) ?? null;
          const reasons = unsafeReasons({ accidents: accidentsBy.get(d.id) ?? [], violations: violationsBy.get(d.id) ?? [], assessmentScore: score?.score ?? null }, policy.settings.assessment);
          const groupLeader = leaders.has(d.id);
          const officialKm = kmDriver[mi * drivers.length + driverIdx.get(d.id)!]!;
          const person: PersonMonth = {
            driver: true,
            groupLeader,
            officialKm,
            reasons,
            fines: finesBy.get(d.id) ?? [],
            accidentShares: sharesBy.get(d.id) ?? [],
            fuelPenalties: fuelBy.get(d.id) ?? [],
            repairCharges: repairsBy.get(d.id) ?? [],
            assessment: score ? { month, score: score.score, deductionFen: score.payDeductionFen } : null,
            adjustments: adjustmentsBy.get(d.id) ?? [],
          };
          return { ...settlePerson(person, policy.settings.settlement), driverId: d.id, name: d.name, employeeNo: d.employee_no as string | null, post: groupLeader ? 'group_leader' : 'driver', officialKm, reasons: reasons as MessageRef[] };
        })
        .sort((a, b) => postOrder[a.post]! - postOrder[b.post]! || (a.employeeNo ?? '').localeCompare(b.employeeNo ?? '') || a.name.localeCompare(b.name, 'zh-CN') || a.driverId - b.driverId);
      const net = sheetRows.reduce((s, r) => s + r.netFen, 0);
      const settlementId = Number(
        insertSettlement.run(
          month,
          plan.returned === null ? 1 : 2,
          minuteText(plan.prepare),
          policy.id,
          minuteText(plan.prepare),
          STAFF.office.name,
          minuteText(plan.review),
          STAFF.captain.name,
          minuteText(plan.approve),
          STAFF.manager.name,
          minuteText(plan.lock),
          STAFF.finance.name,
          auditHead,
          plan.returned === null ? null : minuteText(plan.returned),
          plan.returnedBy?.name ?? null,
          plan.returnedBy?.role ?? null,
          plan.returned === null ? null : '个别驾驶员行车里程与派车单核对不一致，退回重新核对',
          net,
        ).lastInsertRowid,
      );
      count('settlements');
      for (const r of sheetRows) {
        const rowId = Number(insertRow.run(settlementId, r.driverId, r.name, r.employeeNo, r.post, r.officialKm, r.safe ? 1 : 0, JSON.stringify(r.reasons), JSON.stringify(r.totals satisfies Record<LineKind, number>), r.netFen).lastInsertRowid);
        for (const l of r.lines) insertSettlementLine.run(rowId, l.kind, l.amountFen, l.sourceType, l.sourceId, l.sourceNumber, JSON.stringify(l.text));
        count('settlement_rows');
        count('settlement_lines', r.lines.length);
      }
      report.settlements++;
    };
    for (const month of settled) settleMonth(month);

    phase('months: assessment, fuel, settlement');
    // ---- the counters, so that the API's next numbers follow on ----
    const upsertCounter = db.prepare('INSERT INTO number_counters (prefix, year, last) VALUES (?, ?, ?) ON CONFLICT (prefix, year) DO UPDATE SET last = max(last, excluded.last)');
    for (const [key, last] of counters) upsertCounter.run(key.slice(0, 2), Number(key.slice(2)), last);
  })();
  phase('commit');

  report.ms = Date.now() - t0;
  return report;
}
