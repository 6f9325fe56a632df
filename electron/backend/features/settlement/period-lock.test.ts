// Locked months are read-only, through the real backend: October 2026 is filled with a trip of
// each kind, fill-ups, accidents, a violation, an assessment deduction, a repair approved for
// payment and a purchase, then settled and locked by the four roles. Every write that feeds
// October is then refused with PERIOD_LOCKED and changes nothing; the same write in November,
// which is not locked, still goes through.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../../shared/api/index.ts';
import { DEFAULT_POLICY } from '../../../../shared/domain/policy.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

const LOCKED = '2026-10';
const OPEN = '2026-11';
const MESSAGE = '2026-10 的月度结算已锁定，不能再修改';

let h: Harness;
let admin: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let manager: Caller;
let finance: Caller;
let driverA: Caller;
let v1: number;
let v2: number;
let v3: number;
let v4: number;
let idA: number;
let idB: number;
let idC: number;
let stationId: number;
let itemId: number;

/** October's records, made before the lock. */
const oct = {} as {
  returned: number;
  flagged: number;
  flagId: number;
  out: number;
  approved: number;
  cross: number;
  crossFlagId: number;
  entered: number;
  registered: number;
  openAccident: number;
  closedAccident: number;
  violation: number;
  deduction: number;
  repair: number;
  purchase: number;
};

/** Moves the clock and logs everyone in again (a session does not outlive days of idleness). */
async function setNow(minute: string) {
  h.clock.now = new Date(minute.replace(' ', 'T') + ':00');
  await login();
}

async function login() {
  [admin, director, office, captain, manager, finance, driverA] = [
    await h.as('admin'),
    await h.as('zhuren'),
    await h.as('bangongshi'),
    await h.as('duizhang'),
    await h.as('jingli'),
    await h.as('caiwu'),
    await h.as('siji02'),
  ];
}

/** Every row of every table, read straight from the file: a refusal must leave them all as they were. */
function dump() {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    const all = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
    // a full-text index is derived from its table: it and its shadow tables are left out
    const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const tables = all.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)));
    return Object.fromEntries(tables.map((t) => [t.name, raw.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
  } finally {
    raw.close();
  }
}

/** Calls, expects PERIOD_LOCKED with the month's message (on the field when named), and proves nothing changed. */
async function locked(who: Caller, method: string, input: unknown, field?: string) {
  const counts = await tableCounts(h.backend);
  const rows = dump();
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted in a locked month`);
  expect(r.error).toMatchObject({ code: 'PERIOD_LOCKED', message: MESSAGE });
  if (field) expect(r.error.fields).toEqual({ [field]: MESSAGE });
  expect(await tableCounts(h.backend)).toEqual(counts);
  expect(dump()).toEqual(rows);
}

async function request(t: { vehicleId: number; driverId: number; from: string; to: string }) {
  return office.ok('dispatch.request', { vehicleId: t.vehicleId, driverId: t.driverId, purposeKind: 'delivery', destination: '城东线', plannedDeparture: t.from, plannedReturn: t.to });
}

async function fill(filledAt: string, invoiceNo: string, vehicleId = v1, driverId = idA) {
  return office.ok('fuel.create', { vehicleId, driverId, filledAt, stationId, fuelGrade: '92#', litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo, fullTank: true });
}

type AccidentInput = MethodInput<'accidents.create'>;
const privateAccident = (occurredAt: string, vehicleId: number, driverId: number): AccidentInput => ({
  occurredAt,
  vehicleId,
  driverId,
  privateUse: true,
  place: '南环路',
  description: '下班后私自用车剐蹭护栏',
  finding: 'full',
  reporting: 'in_time',
  costs: [{ kind: 'own_repair', amountFen: 80000 }],
  insuranceFen: 0,
});

const violation = (driverId: number, occurredOn: string): MethodInput<'violations.create'> => ({ kind: 'private_use', offenderRole: 'driver', driverId, occurredOn, description: '经查属实' });

/** A repair of v4 by driver A, from the draft to approved for payment (approved now). */
async function repairApprovedForPayment(): Promise<number> {
  const { id } = await office.ok('repairs.create', { vehicleId: v4, driverId: idA, shopId: (await admin.ok('shops.list', {})).items[0]!.id, symptoms: '刹车异响' });
  await director.ok('repairs.report', { id });
  await office.ok('repairs.approve', { id });
  await office.ok('repairs.toShop', { id });
  await office.ok('repairs.enterWork', { id, lines: [{ kind: 'labour', name: '检查刹车系统', quantity: 100, unitPriceFen: 12000 }] });
  await driverA.ok('repairs.sign', { id });
  await office.ok('repairs.verifyParts', { id });
  await captain.ok('repairs.settle', { id, reasons: [] });
  await office.ok('repairs.review', { id });
  await manager.ok('repairs.approvePayment', { id });
  return id;
}

/** The captain explains every item of the month's fuel audit and signs it. */
async function signFuel(month: string) {
  const m = await captain.ok('fuel.month', { month });
  for (const item of m.items.filter((i) => !i.resolution || i.stale)) {
    await captain.ok('fuel.resolve', { month, vehicleId: item.vehicleId, ...(item.fillupId !== null ? { fillupId: item.fillupId, anomalyKind: item.anomalyKind! } : {}), decision: 'explained', note: '已核实' });
  }
  await captain.ok('fuel.sign', { month });
}

beforeAll(async () => {
  h = await openHarness({ now: '2026-10-28T18:00:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED3101: 10000, 苏EW3108: 50000, 苏ED3115: 20000, 苏ED3120: 30000 },
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003', 王建国: 'KF1001' },
    shops: ['城东汽修厂'],
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang', 'jingli', 'caiwu'],
    driverUsers: { siji02: '李志强' },
  });
  ({ 苏ED3101: v1, 苏EW3108: v2, 苏ED3115: v3, 苏ED3120: v4 } = depot.vehicles);
  ({ 李志强: idA, 张伟: idB, 王建国: idC } = depot.drivers);
  stationId = depot.stations.中石化城东加油站;
  await login();
  itemId = (await office.ok('assessment.saveItem', { name: '车内卫生不合格', subject: 'driver', points: 2 })).id;

  // ---- October, still open (the clock on the 28th) ----
  await dayTrip(office, director, { vehicleId: v1, driverId: idA, day: '2026-10-10', outKm: 10000, km: 100 });
  oct.returned = (await office.ok('dispatch.list', { vehicleId: v1, statuses: ['returned'] })).items[0]!.id;
  // back on the 12th but not parked at its place: a flag, resolved before the lock
  const flagged = await request({ vehicleId: v1, driverId: idA, from: '2026-10-12 08:00', to: '2026-10-12 17:00' });
  await director.ok('dispatch.approve', { id: flagged.id, byPhone: true, approvedAt: '2026-10-12 07:50' });
  await office.ok('dispatch.checkOut', { id: flagged.id, departedAt: '2026-10-12 08:00', odometerOutKm: 10100 });
  const back = await office.ok('dispatch.checkIn', { id: flagged.id, returnedAt: '2026-10-12 17:00', odometerInKm: 10200, parkedAtPlace: false, parkingNote: '停在路边' });
  oct.flagged = flagged.id;
  oct.flagId = back.flagDetails[0]!.id;
  await captain.ok('dispatch.resolveFlag', { flagId: oct.flagId, explanation: '车库维修，临时停放' });
  // out on the 27th and not back when the month is locked
  const out = await request({ vehicleId: v2, driverId: idB, from: '2026-10-27 08:00', to: '2026-10-27 17:00' });
  await director.ok('dispatch.approve', { id: out.id, byPhone: true, approvedAt: '2026-10-27 07:50' });
  await office.ok('dispatch.checkOut', { id: out.id, departedAt: '2026-10-27 08:00', odometerOutKm: 50000 });
  oct.out = out.id;
  // approved for the 29th, never taken
  oct.approved = (await request({ vehicleId: v1, driverId: idA, from: '2026-10-29 08:00', to: '2026-10-29 17:00' })).id;
  await director.ok('dispatch.approve', { id: oct.approved });
  // planned for the last day of September, gone on 1 October, back in November
  const cross = await request({ vehicleId: v3, driverId: idC, from: '2026-09-30 08:00', to: '2026-10-01 17:00' });
  await director.ok('dispatch.approve', { id: cross.id, byPhone: true, approvedAt: '2026-09-30 07:50' });
  await office.ok('dispatch.checkOut', { id: cross.id, departedAt: '2026-10-01 08:00', odometerOutKm: 20000 });
  oct.cross = cross.id;

  oct.entered = (await fill('2026-10-10 12:00', 'F1001')).id;
  oct.registered = (await fill('2026-10-12 12:00', 'F1002')).id;
  await captain.ok('fuel.register', { ids: [oct.registered] });

  oct.openAccident = (await office.ok('accidents.create', privateAccident('2026-10-05 20:00', v2, idB))).id;
  oct.closedAccident = (await office.ok('accidents.create', privateAccident('2026-10-06 20:00', v3, idC))).id;
  await captain.ok('accidents.close', { id: oct.closedAccident });
  oct.violation = (await office.ok('violations.create', violation(idB, '2026-10-08'))).id;
  const sheet = await office.ok('assessment.deduct', { month: LOCKED, subject: 'driver', subjectId: idA, itemId });
  oct.deduction = sheet.deductions[0]!.id!;
  oct.repair = await repairApprovedForPayment();
  oct.purchase = (await office.ok('purchases.create', { vehicleId: v1, driverId: idA, items: [{ name: '机油', quantity: 100, estimatedFen: 20000 }] })).id;

  // ---- November: the cross-month trip comes back, then October is settled and locked ----
  await setNow('2026-11-02 09:00');
  const crossBack = await office.ok('dispatch.checkIn', { id: oct.cross, returnedAt: '2026-11-02 08:30', odometerInKm: 20300, parkedAtPlace: false, parkingNote: '停在路边' });
  oct.crossFlagId = crossBack.flagDetails.find((f) => f.kind === 'not_parked')!.id;
  // the trip still out and the one approved but never taken keep October from being prepared
  // (locked, neither could ever be checked in or cancelled): the office finishes both
  const blocked = await office.ok('settlement.prerequisites', { month: LOCKED });
  expect(blocked.items.filter((i) => !i.ok).map((i) => i.message)).toEqual(['2026-10 油耗核算尚未由车队长签字', '2026-10 百分考核尚未由车队办公室签字', '2026-10 还有 2 张派车单未收车（待审批、已批准未出车或在途）']);
  await office.ok('dispatch.checkIn', { id: oct.out, returnedAt: '2026-10-27 17:00', odometerInKm: 50100, parkedAtPlace: true });
  await office.ok('dispatch.cancel', { id: oct.approved, reason: '不用车了' });
  await signFuel(LOCKED);
  await office.ok('assessment.sign', { month: LOCKED });
  const pre = await office.ok('settlement.prerequisites', { month: LOCKED });
  expect(pre.items.filter((i) => !i.ok).map((i) => i.message)).toEqual([]);
  await office.ok('settlement.prepare', { month: LOCKED });
  await captain.ok('settlement.review', { month: LOCKED });
  await manager.ok('settlement.approve', { month: LOCKED });
  expect((await finance.ok('settlement.lock', { month: LOCKED })).status).toBe('locked');
  await setNow('2026-11-05 10:00');
});
afterAll(() => h.close());

describe('dispatch', () => {
  it('refuses a new ticket planned in a locked month; one for November goes through', async () => {
    await locked(office, 'dispatch.request', { vehicleId: v4, driverId: idB, purposeKind: 'delivery', destination: '城东线', plannedDeparture: '2026-10-30 08:00', plannedReturn: '2026-10-30 17:00' }, 'plannedDeparture');
    await dayTrip(office, director, { vehicleId: v4, driverId: idC, day: '2026-11-03', outKm: 30000, km: 50 });
  });

  it("refuses every step of a ticket planned, gone or back in the locked month", async () => {
    // (no ticket of a locked month is still requested, approved or out: the prerequisites saw to it)
    await locked(office, 'dispatch.close', { id: oct.returned });
    await locked(captain, 'dispatch.close', { id: oct.flagged });
    await locked(office, 'dispatch.close', { id: oct.out });
    // gone on 1 October, back in November: its flag is resolved no more
    await locked(captain, 'dispatch.resolveFlag', { flagId: oct.crossFlagId, explanation: '临时停放' });
  });

  it('a November ticket is checked in, has its flag resolved and is closed', async () => {
    const t = await request({ vehicleId: v4, driverId: idC, from: '2026-11-04 08:00', to: '2026-11-04 17:00' });
    await director.ok('dispatch.approve', { id: t.id, byPhone: true, approvedAt: '2026-11-04 07:50' });
    await office.ok('dispatch.checkOut', { id: t.id, departedAt: '2026-11-04 08:00', odometerOutKm: 30050 });
    const back = await office.ok('dispatch.checkIn', { id: t.id, returnedAt: '2026-11-04 17:00', odometerInKm: 30100, parkedAtPlace: false, parkingNote: '停在路边' });
    await captain.ok('dispatch.resolveFlag', { flagId: back.flagDetails[0]!.id, explanation: '临时停放' });
    expect((await captain.ok('dispatch.close', { id: t.id })).status).toBe('closed');
  });
});

describe('fuel', () => {
  it("refuses a fill-up, a registration, an approval, a resolution, a signature and a reopening of the locked month", async () => {
    await locked(office, 'fuel.create', { vehicleId: v1, driverId: idA, filledAt: '2026-10-20 12:00', stationId, fuelGrade: '92#', litres: 1000, unitPriceFen: 750, amountFen: 7500, invoiceNo: 'F1003', fullTank: true }, 'filledAt');
    await locked(captain, 'fuel.register', { ids: [oct.entered] }, 'ids');
    await locked(manager, 'fuel.approve', { ids: [oct.registered] }, 'ids');
    await locked(captain, 'fuel.resolve', { month: LOCKED, vehicleId: v1, decision: 'explained', note: '已核实' }, 'month');
    await locked(captain, 'fuel.sign', { month: LOCKED }, 'month');
    await locked(director, 'fuel.reopen', { month: LOCKED, reason: '补录加油' });
  });

  it('November fill-ups are entered, registered and approved', async () => {
    const f1 = await fill('2026-11-03 12:00', 'F2001', v4, idB);
    const f2 = await fill('2026-11-04 12:00', 'F2002', v4, idB);
    await captain.ok('fuel.register', { ids: [f1.id, f2.id] });
    expect((await manager.ok('fuel.approve', { ids: [f1.id, f2.id] })).count).toBe(2);
  });

  it("a statement's row of the locked month is rejected with the reason; November's row is imported", async () => {
    const csv = [
      '交易时间,车牌号,持卡人,加油站,油品,数量(升),单价,金额,交易流水号',
      '2026-10-20 12:00,苏ED3101,李志强,中石化城东加油站,92#,10.00,7.50,75.00,T0001',
      '2026-11-03 15:00,苏ED3101,李志强,中石化城东加油站,92#,10.00,7.50,75.00,T0002',
    ].join('\r\n');
    const bytes = Buffer.from(csv, 'utf8');
    const { id } = await office.ok('fuel.importStart', { fileName: '对账单.csv', size: bytes.length });
    await office.ok('fuel.importChunk', { id, seq: 0, data: bytes.toString('base64') });
    const p = await office.ok('fuel.importPreview', { id, profile: '中石化加油卡' });
    const before = (await office.ok('fuel.list', { month: LOCKED })).total;
    const r = await office.ok('fuel.importCommit', { id, profile: '中石化加油卡', mapping: p.mapping });
    expect(r.imported).toBe(1);
    expect(r.rejected.map((x) => [x.rowNumber, x.problems])).toEqual([[2, [{ field: 'filledAt', key: 'err.periodLocked', params: { month: LOCKED } }]]]);
    expect((await office.ok('fuel.list', { month: LOCKED })).total).toBe(before);
    expect((await office.ok('fuel.list', { month: OPEN })).items.map((f) => f.invoiceNo)).toContain('T0002');
  });
});

describe('repairs and purchases', () => {
  it('refuses to pay, or to charge a seizure on, an order whose payment was approved in the locked month', async () => {
    await locked(finance, 'repairs.pay', { id: oct.repair });
    await locked(captain, 'repairs.markSeizure', { id: oct.repair, cause: 'no_oil', note: '缺机油粘缸' });
  });

  it('an order approved for payment in November is charged and paid', async () => {
    const id = await repairApprovedForPayment();
    await captain.ok('repairs.markSeizure', { id, cause: 'no_oil', note: '缺机油粘缸' });
    expect((await finance.ok('repairs.pay', { id })).status).toBe('paid');
  });

  it('refuses a purchase bought in the locked month; bought in November it is recorded', async () => {
    await locked(office, 'purchases.buy', { id: oct.purchase, boughtOn: '2026-10-30', actualFen: 18000, receiptNo: 'R001' }, 'boughtOn');
    expect((await office.ok('purchases.buy', { id: oct.purchase, boughtOn: '2026-11-04', actualFen: 18000, receiptNo: 'R001' })).status).toBe('driver_bears');
  });
});

describe('accidents', () => {
  it('refuses an accident of the locked month, editing one, closing one and reopening one closed in it', async () => {
    await locked(office, 'accidents.create', privateAccident('2026-10-20 20:00', v1, idA), 'occurredAt');
    await locked(office, 'accidents.update', { id: oct.openAccident, ...privateAccident('2026-10-05 20:00', v2, idB), place: '北环路' }, 'occurredAt');
    await locked(captain, 'accidents.close', { id: oct.openAccident });
    await locked(director, 'accidents.reopen', { id: oct.closedAccident, reason: '定责有误' });
  });

  it('an attachment changes no figure: it is still added to an accident of the locked month', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const a = await office.ok('accidents.attach', { id: oct.openAccident, kind: 'photo', fileName: '现场.png', base64: png.toString('base64') });
    expect(a.attachments).toHaveLength(1);
  });

  it('a November accident is recorded, may not be moved into the locked month, and is closed and reopened', async () => {
    const a = await office.ok('accidents.create', privateAccident('2026-11-03 20:00', v1, idA));
    await locked(office, 'accidents.update', { id: a.id, ...privateAccident('2026-10-31 20:00', v1, idA) }, 'occurredAt');
    await office.ok('accidents.update', { id: a.id, ...privateAccident('2026-11-03 21:00', v1, idA) });
    expect((await captain.ok('accidents.close', { id: a.id })).status).toBe('closed');
    expect((await director.ok('accidents.reopen', { id: a.id, reason: '定责有误' })).status).toBe('open');
  });
});

describe('violations and the assessment', () => {
  it('refuses a violation of the locked month, one from its ticket flag, and voiding one', async () => {
    await locked(office, 'violations.create', violation(idA, '2026-10-20'), 'occurredOn');
    await locked(office, 'violations.fromFlag', { flagId: oct.flagId, description: '未按规定停放' }, 'occurredOn');
    await locked(director, 'violations.void', { id: oct.violation, reason: '录入错误' }, 'id');
  });

  it('a November violation is recorded and voided', async () => {
    const v = await office.ok('violations.create', violation(idA, '2026-11-03'));
    expect((await director.ok('violations.void', { id: v.id, reason: '录入错误' })).voidedAt).not.toBeNull();
  });

  it("refuses a deduction, removing one, signing and reopening the locked month's assessment", async () => {
    await locked(office, 'assessment.deduct', { month: LOCKED, subject: 'driver', subjectId: idB, itemId }, 'month');
    await locked(office, 'assessment.removeDeduction', { id: oct.deduction }, 'id');
    await locked(office, 'assessment.sign', { month: LOCKED }, 'month');
    await locked(director, 'assessment.reopen', { month: LOCKED, reason: '补扣分' });
  });

  it("November's sheets take a deduction and lose it again; the catalogue is not dated and still changes", async () => {
    const s = await office.ok('assessment.deduct', { month: OPEN, subject: 'driver', subjectId: idB, itemId });
    await office.ok('assessment.removeDeduction', { id: s.deductions[0]!.id! });
    expect((await office.ok('assessment.saveItem', { id: itemId, name: '车内卫生差', subject: 'driver', points: 3 })).points).toBe(3);
  });
});

describe('policy', () => {
  it('refuses a version that would change what was in force for the locked month; from November on it is saved', async () => {
    const filled = structuredClone(DEFAULT_POLICY);
    filled.accident.liability.main.capFen = 200000;
    await locked(director, 'policy.update', { effectiveMonth: LOCKED, settings: filled }, 'effectiveMonth');
    await locked(director, 'policy.update', { effectiveMonth: '2026-09', settings: filled, reason: '补充主要责任封顶' }, 'effectiveMonth');
    await director.ok('policy.update', { effectiveMonth: OPEN, settings: filled, reason: '补充主要责任封顶' });
    const raised = structuredClone(filled);
    raised.settlement.safetyBonusFen = 12000;
    await director.ok('policy.update', { effectiveMonth: '2026-12', settings: raised, reason: '公司新规' });
    expect((await director.ok('policy.get', { month: LOCKED })).version.settings.accident.liability.main.capFen).toBeNull();
  });
});
