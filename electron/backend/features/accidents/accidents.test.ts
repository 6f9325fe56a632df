// Accidents through the real backend: recording on a ticket, in private use and from an
// unlogged-mileage flag; the refusals (each changing nothing); the share with its cap and the
// policy of the accident's month; closing, reopening; the repeat rule and its dismissal flag;
// the director's flags; attachments in the data folder; drivers seeing only their own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../../shared/api/index.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';

let h: Harness;
let admin: Caller;
let director: Caller;
let deputy: Caller;
let office: Caller;
let captain: Caller;
let driverA: Caller;
let driverB: Caller;
let v1: number;
let v2: number;
let v3: number;
let idA: number; // 李志强
let idB: number; // 张伟
let idC: number; // 王建国
let idD: number; // 赵磊
let t1: { id: number; number: string };
let t2: { id: number; number: string };

async function login() {
  [admin, director, deputy, office, captain, driverA, driverB] = [
    await h.as('admin'),
    await h.as('zhuren'),
    await h.as('fuzhuren'),
    await h.as('bangongshi'),
    await h.as('duizhang'),
    await h.as('siji02'),
    await h.as('siji03'),
  ];
}

function setNow(minute: string) {
  h.clock.now = new Date(minute.replace(' ', 'T') + ':00');
}

/** A trip from 08:00 to 17:00 (or still out), returning the ticket. */
async function trip(t: { vehicleId: number; driverId: number; day: string; outKm: number; km?: number; parked?: boolean; returned?: boolean }) {
  const r = await office.ok('dispatch.request', { vehicleId: t.vehicleId, driverId: t.driverId, purposeKind: 'delivery', destination: '城东线', plannedDeparture: `${t.day} 08:00`, plannedReturn: `${t.day} 17:00` });
  await director.ok('dispatch.approve', { id: r.id, byPhone: true, approvedAt: `${t.day} 07:50` });
  await office.ok('dispatch.checkOut', { id: r.id, departedAt: `${t.day} 08:00`, odometerOutKm: t.outKm });
  if (t.returned !== false) {
    const parked = t.parked ?? true;
    await office.ok('dispatch.checkIn', { id: r.id, returnedAt: `${t.day} 17:00`, odometerInKm: t.outKm + (t.km ?? 100), parkedAtPlace: parked, ...(parked ? {} : { parkingNote: '停在路边' }) });
  }
  return { id: r.id, number: r.number };
}

beforeAll(async () => {
  h = await openHarness({ now: '2026-11-23T18:00:00' });
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED3101: 10000, 苏EW3108: 50000, 苏ED3115: 20000 },
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003', 王建国: 'KF1001', 赵磊: 'KF1004' },
    staff: ['zhuren', 'fuzhuren', 'bangongshi', 'duizhang'],
    driverUsers: { siji02: '李志强', siji03: '张伟' },
  });
  ({ 苏ED3101: v1, 苏EW3108: v2, 苏ED3115: v3 } = depot.vehicles);
  ({ 李志强: idA, 张伟: idB, 王建国: idC, 赵磊: idD } = depot.drivers);
  await login();
  t1 = await trip({ vehicleId: v1, driverId: idA, day: '2026-11-20', outKm: 10000 });
  t2 = await trip({ vehicleId: v1, driverId: idA, day: '2026-11-21', outKm: 10100 });
});
afterAll(() => h.close());

function rows(tables: string[]) {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return tables.map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
  } finally {
    raw.close();
  }
}

/** Calls, expects a refusal, and proves nothing changed. */
async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const content = rows(['accidents', 'accident_attachments', 'personnel_flags', 'number_counters']);
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  expect(rows(['accidents', 'accident_attachments', 'personnel_flags', 'number_counters'])).toEqual(content);
  return r.error;
}

type CreateInput = MethodInput<'accidents.create'>;
const onTicket = (over: Partial<CreateInput> = {}): CreateInput => ({
  occurredAt: '2026-11-20 10:30',
  vehicleId: v1,
  driverId: idA,
  ticketId: t1.id,
  place: '城东路与人民路口',
  description: '倒车时与后方车辆碰撞',
  finding: 'equal',
  findingNo: '苏公交认字[2026]第0123号',
  reporting: 'in_time',
  costs: [
    { kind: 'own_repair', amountFen: 200000 },
    { kind: 'third_party', amountFen: 100000, note: '对方车辆维修' },
  ],
  insuranceFen: 100000,
  ...over,
});
const privateUse = (over: Partial<CreateInput> = {}): CreateInput => ({
  occurredAt: '2026-11-22 20:00',
  vehicleId: v2,
  driverId: idB,
  privateUse: true,
  place: '南环路',
  description: '下班后私自用车剐蹭护栏',
  finding: 'full',
  reporting: 'late',
  costs: [{ kind: 'own_repair', amountFen: 80000 }],
  insuranceFen: 30000,
  ...over,
});

async function dismissalFlags(sourceId: number) {
  return (await director.ok('personnel.flags', { pageSize: 200 })).items.filter((f) => f.sourceType === 'accident' && f.sourceId === sourceId);
}

describe('recording an accident', () => {
  it('on a ticket: the entity with its share in words, in Chinese and English', async () => {
    const a = await office.ok('accidents.create', onTicket());
    expect(a.number).toMatch(/^SG2026-\d{6}$/);
    expect(a).toMatchObject({
      status: 'open',
      plate: '苏ED3101',
      driverName: '李志强',
      ticketId: t1.id,
      ticketNumber: t1.number,
      privateUse: false,
      finding: 'equal',
      costFen: 300000,
      insuranceFen: 100000,
      shareFen: 100000,
      closedMonth: null,
      flags: [],
      flagDetails: [],
      closeBlockers: [],
      recordedByName: '许文静',
      recordedRole: 'fleet_office',
      recordedAt: '2026-11-23 18:00',
    });
    expect(a.costs).toEqual([
      { kind: 'own_repair', amountFen: 200000, note: null },
      { kind: 'third_party', amountFen: 100000, note: '对方车辆维修' },
    ]);
    expect(a.share).toEqual({
      state: 'computed',
      costFen: 300000,
      insuranceSubtractedFen: 100000,
      basisFen: 200000,
      shareBp: 5000,
      rawFen: 100000,
      capFen: 150000,
      capped: false,
      shareFen: 100000,
      unsetLiability: null,
      policyMonth: '2026-11',
      words: ['费用 3,000.00 元 − 保险赔付 1,000.00 元 = 计算基数 2,000.00 元', '50% × 2,000.00 元 = 1,000.00 元，未超过封顶 1,500.00 元'],
    });
    const en = await office.call('accidents.get', { id: a.id }, 'en');
    expect(en.ok && en.data.share.words).toEqual(['Costs 3,000.00 yuan − insurance 1,000.00 yuan = basis 2,000.00 yuan', '50 % × 2,000.00 yuan = 1,000.00 yuan, under the cap of 1,500.00 yuan']);
    const audit = await admin.ok('audit.history', { entity: 'accidents', entityId: String(a.id) });
    expect(audit.items.map((i) => i.action)).toContain('accidents.create');
  });

  it('in private use: all of the basis, no cap', async () => {
    const a = await captain.ok('accidents.create', privateUse());
    expect(a).toMatchObject({ privateUse: true, ticketId: null, ticketNumber: null, shareFen: 50000 });
    expect(a.share).toMatchObject({ state: 'computed', basisFen: 50000, shareBp: 10000, capFen: null, capped: false, shareFen: 50000 });
    expect(a.share.words).toEqual(['费用 800.00 元 − 保险赔付 300.00 元 = 计算基数 500.00 元', '私用车辆：全部 500.00 元由驾驶员承担，不封顶']);
  });

  it('from an unlogged-mileage flag: private use on that vehicle, once per flag', async () => {
    // the vehicle left 100 km above its last reading: unlogged mileage
    const t = await trip({ vehicleId: v3, driverId: idB, day: '2026-11-21', outKm: 20100 });
    const flag = (await office.ok('dispatch.get', { id: t.id })).flagDetails.find((f) => f.kind === 'unlogged_mileage')!;
    expect(flag).toBeDefined();
    const input = privateUse({ vehicleId: v3, driverId: idD, occurredAt: '2026-11-20 22:00', flagId: flag.id, finding: 'secondary' });

    const notPrivate = await refused(office, 'accidents.create', { ...input, privateUse: false, ticketId: t.id });
    expect(notPrivate).toMatchObject({ code: 'INVALID_INPUT', fields: { privateUse: '从“未登记里程”异常登记的事故属于私用：请勾选“私用”，不选择派车单' } });
    const otherVehicle = await refused(office, 'accidents.create', { ...input, vehicleId: v2 });
    expect(otherVehicle.fields).toEqual({ vehicleId: '该异常属于车辆 苏ED3115，与事故车辆不一致' });

    const a = await office.ok('accidents.create', input);
    expect(a).toMatchObject({ flagId: flag.id, privateUse: true, plate: '苏ED3115', driverName: '赵磊', shareFen: 50000 });
    const again = await refused(office, 'accidents.create', input);
    expect(again).toMatchObject({ code: 'CONFLICT', fields: { flagId: `该“未登记里程”异常已登记为事故 ${a.number}` } });
  });

  it('refuses a flag of another kind', async () => {
    const t = await trip({ vehicleId: v3, driverId: idB, day: '2026-11-22', outKm: 20200, parked: false });
    const flag = (await office.ok('dispatch.get', { id: t.id })).flagDetails.find((f) => f.kind === 'not_parked')!;
    const e = await refused(office, 'accidents.create', privateUse({ vehicleId: v3, flagId: flag.id }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', fields: { flagId: '只有“未登记里程”异常可以作为私用事故的来源' } });
  });

  it('refuses what does not fit, changing nothing', async () => {
    const mismatch = await refused(office, 'accidents.create', onTicket({ driverId: idB }));
    expect(mismatch).toMatchObject({ code: 'INVALID_INPUT', fields: { ticketId: `派车单 ${t1.number} 的车辆或驾驶员与事故不一致（派车单：苏ED3101，李志强）` } });
    const otherVehicle = await refused(office, 'accidents.create', onTicket({ vehicleId: v2 }));
    expect(otherVehicle.fields?.ticketId).toBe(`派车单 ${t1.number} 的车辆或驾驶员与事故不一致（派车单：苏ED3101，李志强）`);
    const before = await refused(office, 'accidents.create', onTicket({ occurredAt: '2026-11-20 07:59' }));
    expect(before.fields).toEqual({ occurredAt: `事故时间 2026-11-20 07:59 不在派车单 ${t1.number} 的出车时间内` });
    const after = await refused(office, 'accidents.create', onTicket({ occurredAt: '2026-11-20 17:01' }));
    expect(after.fields).toEqual({ occurredAt: `事故时间 2026-11-20 17:01 不在派车单 ${t1.number} 的出车时间内` });
    const future = await refused(office, 'accidents.create', onTicket({ occurredAt: '2026-11-23 18:01' }));
    expect(future).toMatchObject({ code: 'INVALID_INPUT', fields: { occurredAt: '事故时间不能晚于现在' } });
    const privateTicket = await refused(office, 'accidents.create', privateUse({ ticketId: t1.id }));
    expect(privateTicket.fields).toEqual({ ticketId: '私用的事故不关联派车单' });
    const insurance = await refused(office, 'accidents.create', onTicket({ insuranceFen: 300001 }));
    expect(insurance.fields).toEqual({ insuranceFen: '保险赔付 3,000.01 元超过费用合计 3,000.00 元' });
    const noTicket = await refused(office, 'accidents.create', onTicket({ ticketId: undefined }));
    expect(noTicket.fields).toEqual({ ticketId: '请选择事故发生时的派车单，或标记为私用' });
    const unknownTicket = await refused(office, 'accidents.create', onTicket({ ticketId: 9999 }));
    expect(unknownTicket.code).toBe('NOT_FOUND');
    expect((await refused(driverA, 'accidents.create', onTicket())).code).toBe('FORBIDDEN');
  });

  it('on a ticket still out: up to now', async () => {
    setNow('2026-11-23 18:00');
    const out = await trip({ vehicleId: v2, driverId: idB, day: '2026-11-23', outKm: 50000, returned: false });
    const a = await office.ok('accidents.create', onTicket({ vehicleId: v2, driverId: idB, ticketId: out.id, occurredAt: '2026-11-23 17:59', finding: 'pending' }));
    expect(a).toMatchObject({ ticketNumber: out.number, finding: 'pending', shareFen: null });
    expect(a.share).toMatchObject({ state: 'pending', shareFen: null, words: ['责任认定尚未下达，暂不能计算驾驶员承担金额'] });
    expect(a.closeBlockers).toEqual([`事故 ${a.number} 的责任认定尚未下达（待认定），不能结案`]);
    const e = await refused(captain, 'accidents.close', { id: a.id });
    expect(e).toMatchObject({ code: 'CONFLICT', message: `事故 ${a.number} 的责任认定尚未下达（待认定），不能结案` });
    // the finding arrives
    const u = await office.ok('accidents.update', { ...onTicket({ vehicleId: v2, driverId: idB, ticketId: out.id, occurredAt: '2026-11-23 17:59', finding: 'secondary' }), id: a.id });
    expect(u.share).toMatchObject({ state: 'computed', shareBp: 3000, rawFen: 60000, shareFen: 60000 });
    const audit = await admin.ok('audit.history', { entity: 'accidents', entityId: String(a.id) });
    expect(audit.items.map((i) => i.action)).toContain('accidents.update');
  });
});

describe('closing with main liability', () => {
  let id: number;
  let number: string;

  it('is refused while the main cap is unset, naming where to set it', async () => {
    const a = await office.ok('accidents.create', onTicket({ ticketId: t2.id, occurredAt: '2026-11-21 09:00', finding: 'main', costs: [{ kind: 'third_party', amountFen: 500000 }], insuranceFen: 0 }));
    ({ id, number } = a);
    expect(a.share).toMatchObject({ state: 'cap_unset', unsetLiability: 'main', shareFen: null, words: ['“主要责任”的封顶金额尚未在政策中设置，暂不能计算'] });
    const msg = '“主要责任”的驾驶员承担封顶金额尚未设置，事故不能结案：请由主任或系统管理员在“政策设置 → 四、交通事故”中为 2026-11 设置“主要责任：封顶（元）”';
    expect(a.closeBlockers).toEqual([msg]);
    const e = await refused(captain, 'accidents.close', { id });
    expect(e).toEqual({ code: 'POLICY_UNSET', message: msg });
  });

  it('closes once the director sets the cap: 60 % capped, charged to this month', async () => {
    const p = await director.ok('policy.get', {});
    const s = p.version.settings;
    await director.ok('policy.update', {
      effectiveMonth: '2026-11',
      settings: { ...s, accident: { ...s.accident, liability: { ...s.accident.liability, main: { shareBp: 6000, capFen: 200000 } } } },
      reason: '设置主要责任封顶',
    });
    const open = await captain.ok('accidents.get', { id });
    expect(open.share).toMatchObject({ state: 'computed', shareBp: 6000, rawFen: 300000, capFen: 200000, capped: true, shareFen: 200000 });
    expect(open.closeBlockers).toEqual([]);
    const c = await captain.ok('accidents.close', { id, note: '已与对方达成赔偿协议' });
    expect(c).toMatchObject({ status: 'closed', closedMonth: '2026-11', shareFen: 200000, closedByName: '韩队长', closedRole: 'fleet_captain', closedAt: '2026-11-23 18:00', closeNote: '已与对方达成赔偿协议' });
    expect(c.share.words).toEqual(['60% × 5,000.00 元 = 3,000.00 元，超过封顶 2,000.00 元，按 2,000.00 元计']);
    const raw = (rows(['accidents'])[0] as { id: number; share_fen: number; share_json: string }[]).find((x) => x.id === id)!;
    expect(raw.share_fen).toBe(200000);
    expect(JSON.parse(raw.share_json)).toMatchObject({ state: 'computed', shareFen: 200000, capped: true, policyVersionId: expect.any(Number) });
  });

  it('is frozen when closed: edits and a second close are refused', async () => {
    const e = await refused(office, 'accidents.update', { ...onTicket({ ticketId: t2.id, occurredAt: '2026-11-21 09:00', finding: 'full' }), id });
    expect(e).toEqual({ code: 'CONFLICT', message: `事故 ${number} 已结案，不能修改；如需更正请由主任重新打开` });
    expect((await refused(director, 'accidents.close', { id })).code).toBe('CONFLICT');
  });

  it('only the director reopens, with a reason; the close stays in the audit trail', async () => {
    expect((await refused(captain, 'accidents.reopen', { id, reason: '金额有误' })).code).toBe('FORBIDDEN');
    expect((await refused(director, 'accidents.reopen', { id })).fields?.reason).toBeDefined();
    const r = await director.ok('accidents.reopen', { id, reason: '赔偿金额有误，重新核定' });
    expect(r).toMatchObject({ status: 'open', closedMonth: null, closedAt: null, closedByName: null, reopenedByName: '郑主任', reopenedAt: '2026-11-23 18:00', reopenReason: '赔偿金额有误，重新核定' });
    expect(r.share.state).toBe('computed');
    const again = await refused(director, 'accidents.reopen', { id, reason: '再次' });
    expect(again).toEqual({ code: 'CONFLICT', message: `事故 ${number} 尚未结案` });
    const audit = await admin.ok('audit.history', { entity: 'accidents', entityId: String(id) });
    const reopen = audit.items.find((i) => i.action === 'accidents.reopen')!;
    expect(JSON.stringify(reopen)).toContain('韩队长');
    // open again: it can be edited and closed by the deputy
    await office.ok('accidents.update', { ...onTicket({ ticketId: t2.id, occurredAt: '2026-11-21 09:00', finding: 'main', costs: [{ kind: 'third_party', amountFen: 250000 }], insuranceFen: 0 }), id });
    const c = await deputy.ok('accidents.close', { id });
    expect(c).toMatchObject({ status: 'closed', shareFen: 150000, closedRole: 'deputy_director' });
  });

  it('with no costs is refused', async () => {
    const a = await office.ok('accidents.create', onTicket({ finding: 'none', costs: [], insuranceFen: 0 }));
    expect(a.closeBlockers).toEqual([`事故 ${a.number} 尚未录入任何费用，不能结案`]);
    expect(await refused(director, 'accidents.close', { id: a.id })).toEqual({ code: 'CONFLICT', message: `事故 ${a.number} 尚未录入任何费用，不能结案` });
  });
});

describe('the repeat rule', () => {
  it('two accidents of main liability or worse 365 days apart flag each other and raise one dismissal flag', async () => {
    const first = await office.ok('accidents.create', privateUse({ driverId: idC, occurredAt: '2025-11-23 10:00', finding: 'full' }));
    expect(first.flags).toEqual([]);
    expect(await dismissalFlags(first.id)).toEqual([]);
    const second = await office.ok('accidents.create', privateUse({ driverId: idC, occurredAt: '2026-11-23 10:00', finding: 'main' }));
    const related = [
      { id: first.id, number: first.number, occurredAt: '2025-11-23 10:00', finding: 'full' },
      { id: second.id, number: second.number, occurredAt: '2026-11-23 10:00', finding: 'main' },
    ];
    expect(second.flags).toEqual(['repeat']);
    expect(second.flagDetails).toEqual([{ kind: 'repeat', text: '一年内第 2 起主要及以上责任事故', related }]);
    const firstNow = await office.ok('accidents.get', { id: first.id });
    expect(firstNow.flagDetails).toEqual([{ kind: 'repeat', text: '一年内第 2 起主要及以上责任事故', related }]);
    const flags = await dismissalFlags(second.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ driverName: '王建国', sourceNumber: second.number });
    expect(flags[0]!.reason).toBe(`驾驶员王建国在 365 天内发生 2 起主要及以上责任事故：${first.number}（2025-11-23，全责）、${second.number}（2026-11-23，主要责任）`);
    // editing either again does not raise another
    await office.ok('accidents.update', { ...privateUse({ driverId: idC, occurredAt: '2025-11-23 10:00', finding: 'full', place: '南环路东段' }), id: first.id });
    await office.ok('accidents.update', { ...privateUse({ driverId: idC, occurredAt: '2026-11-23 10:00', finding: 'full' }), id: second.id });
    expect(await dismissalFlags(first.id)).toEqual([]);
    expect(await dismissalFlags(second.id)).toHaveLength(1);
    const flagged = await office.ok('accidents.list', { filter: 'flagged', driverId: idC });
    expect(flagged.items.map((i) => i.id)).toEqual([second.id, first.id]);
  });

  it('366 days apart do not', async () => {
    const first = await office.ok('accidents.create', privateUse({ driverId: idD, occurredAt: '2025-11-22 10:00', finding: 'main' }));
    const second = await office.ok('accidents.create', privateUse({ driverId: idD, occurredAt: '2026-11-23 10:00', finding: 'full' }));
    expect(second.flags).toEqual([]);
    expect((await office.ok('accidents.get', { id: first.id })).flags).toEqual([]);
    expect(await dismissalFlags(first.id)).toEqual([]);
    expect(await dismissalFlags(second.id)).toEqual([]);
    const flagged = await office.ok('accidents.list', { filter: 'flagged', driverId: idD });
    expect(flagged.items.map((i) => i.id)).not.toContain(second.id);
  });

  it('a pending finding becoming main makes the rule fire on update', async () => {
    const second = (await office.ok('accidents.list', { driverId: idD, pageSize: 200 })).items.find((i) => i.occurredAt === '2026-11-23 10:00')!;
    const third = await office.ok('accidents.create', privateUse({ driverId: idD, occurredAt: '2026-11-23 12:00', finding: 'pending' }));
    expect(third.flags).toEqual([]);
    const u = await office.ok('accidents.update', { ...privateUse({ driverId: idD, occurredAt: '2026-11-23 12:00', finding: 'main' }), id: third.id });
    expect(u.flagDetails[0]!.related.map((r) => r.id)).toEqual([second.id, third.id]);
    expect(await dismissalFlags(third.id)).toHaveLength(1);
  });
});

describe("the director's flags", () => {
  it('hidden, major and not parked; a hidden major accident raises a dismissal flag once', async () => {
    const a = await office.ok('accidents.create', privateUse({ driverId: idB, vehicleId: v2, occurredAt: '2026-11-22 23:00', finding: 'secondary', reporting: 'hidden', major: true, notParked: true }));
    expect(a.flags).toEqual(['hidden', 'major', 'not_parked']);
    expect(a.flagDetails.map((f) => f.text)).toEqual(['隐瞒不报的事故', '重大事故：主任一并追究责任', '车辆未停放在指定地点：驾驶员负责，主任一并追究责任']);
    const flags = await dismissalFlags(a.id);
    expect(flags.map((f) => f.reason)).toEqual([`事故 ${a.number} 为重大事故且隐瞒不报`]);
    await office.ok('accidents.update', { ...privateUse({ driverId: idB, vehicleId: v2, occurredAt: '2026-11-22 23:00', finding: 'equal', reporting: 'hidden', major: true }), id: a.id });
    expect(await dismissalFlags(a.id)).toHaveLength(1);
    const hiddenOnly = await office.ok('accidents.create', privateUse({ occurredAt: '2026-11-22 21:00', finding: 'secondary', reporting: 'hidden' }));
    expect(hiddenOnly.flags).toEqual(['hidden']);
    expect(await dismissalFlags(hiddenOnly.id)).toEqual([]);
    const en = await office.call('accidents.get', { id: hiddenOnly.id }, 'en');
    expect(en.ok && en.data.flagDetails[0]!.text).toBe('A hidden accident');
  });
});

describe('lists and what drivers see', () => {
  it('filters, newest first, with a total and paging', async () => {
    const all = await office.ok('accidents.list', { pageSize: 200 });
    expect(all.total).toBe(all.items.length);
    const times = all.items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const page2 = await office.ok('accidents.list', { pageSize: 3, page: 2 });
    expect(page2.total).toBe(all.total);
    expect(page2.items.map((i) => i.id)).toEqual(all.items.slice(3, 6).map((i) => i.id));
    const closed = await office.ok('accidents.list', { filter: 'closed' });
    expect(closed.items.every((i) => i.status === 'closed' && i.closedMonth === '2026-11')).toBe(true);
    expect(closed.total).toBe(1);
    const open = await office.ok('accidents.list', { filter: 'open' });
    expect(open.total).toBe(all.total - 1);
    const pending = await office.ok('accidents.list', { filter: 'pending' });
    expect(pending.items.every((i) => i.finding === 'pending')).toBe(true);
    const lastYear = await office.ok('accidents.list', { month: '2025-11' });
    expect(lastYear.items.map((i) => i.occurredAt)).toEqual(['2025-11-23 10:00', '2025-11-22 10:00']);
    const byVehicle = await office.ok('accidents.list', { vehicleId: v1 });
    expect(byVehicle.items.every((i) => i.plate === '苏ED3101')).toBe(true);
    const flagged = await office.ok('accidents.list', { filter: 'flagged', pageSize: 200 });
    expect(flagged.items.every((i) => i.flags.length > 0)).toBe(true);
    expect(flagged.total).toBe(all.items.filter((i) => i.flags.length > 0).length);
  });

  it('a driver sees only their own accidents', async () => {
    const mine = await driverA.ok('accidents.list', { pageSize: 200 });
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.driverId === idA)).toBe(true);
    const asked = await driverA.ok('accidents.list', { driverId: idB });
    expect(asked.total).toBe(0);
    const other = (await office.ok('accidents.list', { driverId: idB })).items[0]!;
    const e = await refused(driverA, 'accidents.get', { id: other.id });
    expect(e).toEqual({ code: 'FORBIDDEN', message: `事故 ${other.number} 不是您的，驾驶员只能查看自己的事故` });
    expect((await driverA.ok('accidents.get', { id: mine.items[0]!.id })).driverId).toBe(idA);
  });
});

// A tiny valid PNG (1×1) and a small PDF.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('attachments', () => {
  let accidentId: number;
  let closedId: number;
  const dir = () => path.join(path.dirname(h.dbFile), 'attachments');

  beforeAll(async () => {
    accidentId = (await office.ok('accidents.list', { driverId: idA, filter: 'open' })).items[0]!.id;
    closedId = (await office.ok('accidents.list', { filter: 'closed' })).items[0]!.id;
  });

  it('accepts a PNG and a PDF, copied into the data folder under their hash, and reads them back', async () => {
    const a = await office.ok('accidents.attach', { id: accidentId, kind: 'photo', fileName: '现场照片.png', base64: PNG.toString('base64') });
    const png = a.attachments.at(-1)!;
    expect(png).toMatchObject({ kind: 'photo', fileName: '现场照片.png', mimeType: 'image/png', sizeBytes: PNG.length, sha256: sha(PNG), addedByName: '许文静', addedAt: '2026-11-23 18:00' });
    const pngFile = path.join(dir(), `${sha(PNG)}.png`);
    expect(sha(fs.readFileSync(pngFile))).toBe(png.sha256);

    // allowed on a closed accident too
    const c = await captain.ok('accidents.attach', { id: closedId, kind: 'police_report', fileName: '认定书.pdf', base64: PDF.toString('base64') });
    const pdf = c.attachments.at(-1)!;
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', sizeBytes: PDF.length, sha256: sha(PDF) });
    expect(fs.existsSync(path.join(dir(), `${sha(PDF)}.pdf`))).toBe(true);

    const back = await office.ok('accidents.attachment', { id: accidentId, attachmentId: png.id });
    expect(back).toEqual({ fileName: '现场照片.png', base64: PNG.toString('base64') });
    // the driver of the accident may read it; another driver may not
    expect((await driverA.ok('accidents.attachment', { id: accidentId, attachmentId: png.id })).base64).toBe(PNG.toString('base64'));
    expect((await refused(driverB, 'accidents.attachment', { id: accidentId, attachmentId: png.id })).code).toBe('FORBIDDEN');
    // an attachment of another accident is not found under this one
    expect((await refused(office, 'accidents.attachment', { id: accidentId, attachmentId: pdf.id })).code).toBe('NOT_FOUND');
    // the same file again is stored once
    await office.ok('accidents.attach', { id: accidentId, kind: 'other', fileName: 'copy.png', base64: PNG.toString('base64') });
    expect(fs.readdirSync(dir()).sort()).toEqual([`${sha(PDF)}.pdf`, `${sha(PNG)}.png`].sort());
    const audit = await admin.ok('audit.history', { entity: 'accidents', entityId: String(accidentId) });
    expect(audit.items.filter((i) => i.action === 'accidents.attach')).toHaveLength(2);
    expect(JSON.stringify(audit.items)).not.toContain(PNG.toString('base64'));
  });

  it('refuses what is not a JPEG, PNG or PDF, too large, or not base64', async () => {
    const text = Buffer.from('这不是图片，只是文字', 'utf8').toString('base64');
    const e = await refused(office, 'accidents.attach', { id: accidentId, kind: 'photo', fileName: 'photo.jpg', base64: text });
    expect(e).toMatchObject({ code: 'INVALID_INPUT', fields: { base64: '附件只能是 JPEG、PNG 图片或 PDF 文件（按文件内容识别）' } });
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    PNG.copy(big);
    const large = await refused(office, 'accidents.attach', { id: accidentId, kind: 'photo', fileName: 'big.png', base64: big.toString('base64') });
    expect(large.fields).toEqual({ base64: '附件不能超过 10 MB' });
    const bad = await refused(office, 'accidents.attach', { id: accidentId, kind: 'photo', fileName: 'x.png', base64: 'iVBORw0K$$$=' });
    expect(bad.fields).toEqual({ base64: '附件内容无法读取（不是有效的 base64）' });
    const spaced = await refused(office, 'accidents.attach', { id: accidentId, kind: 'photo', fileName: 'x.png', base64: PNG.toString('base64').replace('AAAA', 'AA AA') });
    expect(spaced.fields).toEqual({ base64: '附件内容无法读取（不是有效的 base64）' });
    expect((await refused(driverA, 'accidents.attach', { id: accidentId, kind: 'photo', fileName: 'x.png', base64: PNG.toString('base64') })).code).toBe('FORBIDDEN');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const ok = await office.ok('accidents.attach', { id: accidentId, kind: 'photo', fileName: 'a.jpeg', base64: jpeg.toString('base64') });
    expect(ok.attachments.at(-1)).toMatchObject({ mimeType: 'image/jpeg', sizeBytes: 10 });
  });

  it('a file missing from the data folder is a clear error', async () => {
    const jpegName = fs.readdirSync(dir()).find((n) => n.endsWith('.jpg'))!;
    const att = (await office.ok('accidents.get', { id: accidentId })).attachments.find((a) => a.mimeType === 'image/jpeg')!;
    fs.rmSync(path.join(dir(), jpegName));
    const r = await office.call('accidents.attachment', { id: accidentId, attachmentId: att.id });
    expect(r.ok ? null : r.error).toEqual({ code: 'NOT_FOUND', message: `附件“a.jpeg”的文件在数据文件夹中找不到（attachments/${jpegName}），请重新上传` });
  });
});

describe('the policy of the accident month', () => {
  it('without subtracting insurance (December) the same equal accident costs the driver more', async () => {
    const p = await director.ok('policy.get', {});
    const s = p.version.settings;
    await director.ok('policy.update', { effectiveMonth: '2026-12', settings: { ...s, accident: { ...s.accident, subtractInsurance: false } }, reason: '保险赔付不再扣除' });
    setNow('2026-12-02 18:00');
    await login();
    const dec = await trip({ vehicleId: v1, driverId: idA, day: '2026-12-01', outKm: 10300 });
    const nov = (await office.ok('accidents.list', { driverId: idA, month: '2026-11', filter: 'open' })).items.find((i) => i.finding === 'equal')!;
    const a = await office.ok('accidents.create', onTicket({ ticketId: dec.id, occurredAt: '2026-12-01 10:30' }));
    expect(nov).toMatchObject({ costFen: 300000, insuranceFen: 100000, shareFen: 100000 });
    expect(a).toMatchObject({ costFen: 300000, insuranceFen: 100000, shareFen: 150000 });
    expect(a.share).toMatchObject({ policyMonth: '2026-12', insuranceSubtractedFen: 0, basisFen: 300000, rawFen: 150000, capFen: 150000 });
    expect(a.share.words).toEqual(['50% × 3,000.00 元 = 1,500.00 元，恰好等于封顶 1,500.00 元']);
    // the November accident still uses November's policy
    expect((await office.ok('accidents.get', { id: nov.id })).share).toMatchObject({ policyMonth: '2026-11', insuranceSubtractedFen: 100000, shareFen: 100000 });
    // a close in December is charged to December
    const c = await captain.ok('accidents.close', { id: nov.id });
    expect(c).toMatchObject({ closedMonth: '2026-12', shareFen: 100000 });
  });
});
