// Shop repairs through the real backend on the demo depot: the whole path from draft to paid
// by the roles DOMAIN.md names, and the refusals on the way, each changing nothing.
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let driver: Caller;
let otherDriver: Caller;
let director: Caller;
let office: Caller;
let captain: Caller;
let manager: Caller;
let finance: Caller;
let admin: Caller;
let driverId: number;
let vehicleId: number;
let shopId: number;
let discPart: { id: number; name: string };
let filterPart: { id: number; name: string };

beforeAll(async () => {
  h = await openHarness({ demo: true });
  const as = (u: string) => h.as(u);
  [driver, otherDriver, director, office, captain, manager, finance, admin] = await Promise.all([
    as('siji02'), as('siji03'), as('zhuren'), as('bangongshi'), as('duizhang'), as('jingli'), as('caiwu'), as('admin'),
  ]);
  driverId = (await driver.ok('auth.me', {})).driverId!;
  const vehicles = await admin.ok('vehicles.list', { pageSize: 200 });
  vehicleId = vehicles.items.find((v) => v.status === 'available')!.id;
  shopId = (await admin.ok('shops.list', {})).items[0]!.id;
  const parts = (await admin.ok('parts.list', { pageSize: 200 })).items;
  discPart = parts.find((p) => p.name === '刹车盘')!;
  filterPart = parts.find((p) => p.name === '机油滤清器')!;
});
afterAll(() => h.close());

/** The rows a repair step changes, read straight from the file. */
function repairRows() {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return ['repair_orders', 'repair_lines', 'repair_events', 'vehicles', 'personnel_flags'].map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
  } finally {
    raw.close();
  }
}

/** A refusal: the error, and proof that no table grew and no repair row changed. */
async function refused(who: Caller, method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const rows = repairRows();
  const r = await who.call(method as never, input as never);
  if (r.ok) throw new Error(`${method} was accepted`);
  expect(await tableCounts(h.backend)).toEqual(before);
  expect(repairRows()).toEqual(rows);
  return r.error;
}

describe('a shop repair from draft to paid', () => {
  let id: number;

  it('the driver files a draft for a designated shop; a retired shop cannot be chosen', async () => {
    // numbered after the demo depot's orders
    const before = (await admin.ok('repairs.list', {})).total;
    const o = await driver.ok('repairs.create', { vehicleId, driverId, shopId, symptoms: '刹车异响，制动距离变长', requestedWork: '检查刹车系统' });
    id = o.id;
    expect(o).toMatchObject({ status: 'draft', number: `WX2026-${String(before + 1).padStart(6, '0')}`, urgent: false, totalFen: 0 });
    const retired = (await admin.ok('shops.create', { name: '路边修理摊' })).id;
    await admin.ok('shops.retire', { id: retired });
    const e = await refused(office, 'repairs.create', { vehicleId, driverId, shopId: retired, symptoms: '异响' });
    expect(e.fields?.shopId).toContain('已停用');
    expect((await refused(otherDriver, 'repairs.create', { vehicleId, driverId, shopId, symptoms: '异响' })).code).toBe('FORBIDDEN');
  });

  it('reported to the director, approved by the fleet office, and at the shop the vehicle cannot be dispatched', async () => {
    expect((await refused(office, 'repairs.report', { id })).code).toBe('FORBIDDEN');
    await director.ok('repairs.report', { id });
    expect((await refused(director, 'repairs.approve', { id })).code).toBe('FORBIDDEN');
    await office.ok('repairs.approve', { id });
    await office.ok('repairs.toShop', { id });
    expect((await admin.ok('vehicles.get', { id: vehicleId })).status).toBe('in_repair');
    const e = await refused(driver, 'dispatch.request', { vehicleId, driverId, purposeKind: 'official', destination: '市局', plannedDeparture: '2026-11-24 08:00', plannedReturn: '2026-11-24 09:00' });
    expect(e.fields?.vehicleId).toContain('正在维修');
  });

  it("the shop's list: totals in fen from the lines; a free-text part needs a reason; the vehicle is available again", async () => {
    const noReason = await refused(office, 'repairs.enterWork', { id, lines: [{ kind: 'part', name: '异形螺栓', quantity: 100, unitPriceFen: 500 }] });
    expect(noReason.fields).toEqual({ 'lines.0.freeTextReason': '目录外配件须说明原因' });
    const o = await office.ok('repairs.enterWork', {
      id,
      lines: [
        { kind: 'part', partId: discPart.id, quantity: 200, unitPriceFen: 36000 },
        { kind: 'part', partId: filterPart.id, quantity: 100, unitPriceFen: 4000 },
        { kind: 'labour', name: '更换刹车盘工时', quantity: 150, unitPriceFen: 8001 },
      ],
    });
    expect(o.lines.map((l) => [l.name, l.totalFen, l.isMajor, l.needsReason])).toEqual([
      ['刹车盘', 72000, true, false],
      ['机油滤清器', 4000, false, true],
      ['更换刹车盘工时', 12002, false, false],
    ]);
    expect(o).toMatchObject({ status: 'work_entered', partsFen: 76000, labourFen: 12002, totalFen: 88002, signed: false });
    expect((await admin.ok('vehicles.get', { id: vehicleId })).status).toBe('available');
  });

  it('only the vehicle’s driver signs; another driver cannot even open it', async () => {
    expect((await refused(otherDriver, 'repairs.sign', { id })).code).toBe('FORBIDDEN');
    const e = await refused(office, 'repairs.sign', { id });
    expect(e.code).toBe('FORBIDDEN');
    const o = await driver.ok('repairs.sign', { id });
    expect(o).toMatchObject({ status: 'driver_signed', signed: true });
    expect(o.events.at(-1)).toMatchObject({ step: 'sign', byName: '李志强', role: 'driver' });
  });

  it('the order cannot move on until every major old part is checked', async () => {
    const e = await refused(office, 'repairs.verifyParts', { id });
    expect(e.message).toBe('以下大配件的旧件尚未验收：刹车盘');
    const o = await office.ok('repairs.get', { id });
    const minor = o.lines.find((l) => !l.isMajor && l.kind === 'part')!;
    expect((await refused(office, 'repairs.checkOldPart', { lineId: minor.id, note: '已交回' })).fields?.lineId).toBe('“机油滤清器”不是大配件，不需要交回旧件');
    const major = o.lines.find((l) => l.isMajor)!;
    const checked = await office.ok('repairs.checkOldPart', { lineId: major.id, note: '旧刹车盘两片已交回，磨损严重，属实' });
    expect(checked.lines.find((l) => l.isMajor)).toMatchObject({ oldPartCheckedByName: '许文静', oldPartNote: '旧刹车盘两片已交回，磨损严重，属实' });
    expect((await refused(office, 'repairs.checkOldPart', { lineId: major.id, note: '再验一次' })).fields?.lineId).toBe('“刹车盘”的旧件已于 2026-11-23 09:30 由 许文静 验收');
    await office.ok('repairs.verifyParts', { id });
  });

  it('a price more than 10 % above the catalogue needs a reason to settle', async () => {
    const e = await refused(captain, 'repairs.settle', { id });
    expect(e).toMatchObject({ code: 'INVALID_INPUT', fields: { 'lines.1.deviationReason': '“机油滤清器”的单价高于参考价 10% 以上，须写明原因' } });
  });

  it("the captain's correction is kept with its reason, and the driver must sign again before settlement", async () => {
    const o = await captain.ok('repairs.get', { id });
    const filter = o.lines[1]!;
    const c = await captain.ok('repairs.correct', { lineId: filter.id, quantity: 100, unitPriceFen: 3800, reason: '按市场价核减' });
    expect(c).toMatchObject({ status: 'work_entered', signed: false, partsFen: 75800, totalFen: 87802 });
    expect(c.lines[1]).toMatchObject({ unitPriceFen: 3800, correctedFrom: { quantity: 100, unitPriceFen: 4000 }, correctionReason: '按市场价核减', needsReason: false });
    const e = await refused(captain, 'repairs.settle', { id });
    expect(e.message).toBe(`维修单 ${o.number} 当前为“已录入清单”，不能结算`);
    // the list agrees with the order: the old signature no longer counts
    expect((await captain.ok('repairs.list', { pageSize: 200 })).items.find((r) => r.id === id)!.signed).toBe(false);
    await driver.ok('repairs.sign', { id });
    // the old part stays checked
    await office.ok('repairs.verifyParts', { id });
    expect((await captain.ok('repairs.settle', { id })).status).toBe('settled');
  });

  it('reviewed by the fleet office, approved by the manager office, and only then paid by finance', async () => {
    expect((await refused(finance, 'repairs.pay', { id })).code).toBe('CONFLICT');
    expect((await refused(finance, 'repairs.approvePayment', { id })).code).toBe('FORBIDDEN');
    await office.ok('repairs.review', { id });
    await manager.ok('repairs.approvePayment', { id });
    const paid = await finance.ok('repairs.pay', { id });
    expect(paid.status).toBe('paid');
    expect(paid.events.map((e) => e.step)).toEqual([
      'create', 'report', 'approve', 'toShop', 'enterWork', 'sign', 'checkOldPart', 'verifyParts', 'correct', 'sign', 'verifyParts', 'settle', 'review', 'approvePayment', 'pay',
    ]);
    const audit = await admin.ok('audit.history', { entity: 'repairs', entityId: String(id) });
    expect(audit.items.length).toBeGreaterThanOrEqual(paid.events.length);
  });

  it("the shop's monthly statement lists the orders approved for payment that month, totals from the orders, also as Excel", async () => {
    const paid = await finance.ok('repairs.get', { id });
    expect(paid.paymentApprovedAt).toBe('2026-11-23 09:30');
    const s = await finance.ok('repairs.statement', { month: '2026-11', shopId });
    const mine = s.orders.find((o) => o.id === id)!;
    expect(mine).toMatchObject({ number: paid.number, status: 'paid', partsFen: 75800, labourFen: 12002, totalFen: 87802 });
    expect(s.totalFen).toBe(s.orders.reduce((sum, o) => sum + o.totalFen, 0));
    expect(s.partsFen + s.labourFen).toBe(s.totalFen);
    expect((await finance.ok('repairs.statement', { month: '2026-10', shopId })).orders.some((o) => o.id === id)).toBe(false);
    expect((await refused(driver, 'repairs.statement', { month: '2026-11', shopId })).code).toBe('FORBIDDEN');
    expect((await refused(finance, 'repairs.statement', { month: '2026-13', shopId })).fields?.month).toBeDefined();

    const file = await finance.ok('repairs.statementXlsx', { month: '2026-11', shopId });
    expect(file.fileName).toBe(`修理厂月结单-${s.shopName}-2026-11.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const ws = wb.getWorksheet('月结单')!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const row = rows.find((r) => r.includes(paid.number))!;
    expect(row.slice(6, 9)).toEqual([758, 120.02, 878.02]);
    const total = rows.find((r) => r[1] === '合计')!;
    expect(total.slice(6, 9).map((v) => Math.round((v as number) * 100))).toEqual([s.partsFen, s.labourFen, s.totalFen]);
  });
});

describe('the urgent path and refusals', () => {
  it('the director approves by phone: the order is marked as filed after the fact and goes on', async () => {
    const o = await office.ok('repairs.create', { vehicleId, driverId, shopId, symptoms: '水温过高，途中抛锚' });
    const a = await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 07:10' });
    expect(a).toMatchObject({ status: 'approved', urgent: true, phoneApprovedByName: '郑主任', phoneApprovedAt: '2026-11-23 07:10' });
    expect(a.events.at(-1)).toMatchObject({ step: 'phoneApprove', at: '2026-11-23 07:10', recordedAt: '2026-11-23 09:30' });
    expect((await refused(office, 'repairs.approve', { id: o.id })).message).toBe(`维修单 ${o.number} 当前为“已批准”，不能批准`);
  });

  it('a rejection needs a reason and ends the order; drivers list only their own orders', async () => {
    const othersBefore = (await otherDriver.ok('repairs.list', {})).items;
    const o = await driver.ok('repairs.create', { vehicleId, driverId, shopId, symptoms: '想换座套' });
    await director.ok('repairs.report', { id: o.id });
    expect((await refused(office, 'repairs.reject', { id: o.id, reason: '' })).fields).toEqual({ reason: '必填' });
    expect((await office.ok('repairs.reject', { id: o.id, reason: '不属于维修范围' })).decisionReason).toBe('不属于维修范围');
    expect((await otherDriver.ok('repairs.list', {})).items).toEqual(othersBefore);
    expect(othersBefore.every((r) => r.driverName !== '李志强')).toBe(true);
    expect((await refused(otherDriver, 'repairs.get', { id: o.id })).code).toBe('FORBIDDEN');
    const mine = await driver.ok('repairs.list', { pageSize: 200 });
    expect(mine.items.every((r) => r.driverId === driverId)).toBe(true);
    expect(mine.items.map((r) => r.id)).toContain(o.id);
  });
});

describe('more refusals', () => {
  it('a phone approval cannot be dated in the future; a vehicle out on a trip cannot go to the shop', async () => {
    const out = (await admin.ok('vehicles.list', { pageSize: 200 })).items.find((v) => v.status === 'dispatched')!;
    const o = await office.ok('repairs.create', { vehicleId: out.id, driverId, shopId, symptoms: '仪表灯亮' });
    const future = await refused(director, 'repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 09:31' });
    expect(future.fields).toEqual({ approvedAt: '时间不能晚于现在（2026-11-23 09:30）' });
    await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 09:30' });
    const e = await refused(office, 'repairs.toShop', { id: o.id });
    expect(e.message).toBe(`车辆 ${out.plate} 正在出车，收车后才能送修`);
  });

  it('the driver refuses to sign with a comment: the order goes back to the shop list; another driver cannot refuse for them', async () => {
    const o = await office.ok('repairs.create', { vehicleId, driverId, shopId, symptoms: '空调不制冷' });
    await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 08:00' });
    await office.ok('repairs.toShop', { id: o.id });
    await office.ok('repairs.enterWork', { id: o.id, lines: [{ kind: 'labour', name: '空调检修', quantity: 100, unitPriceFen: 15000 }] });
    expect((await refused(otherDriver, 'repairs.refuseSignature', { id: o.id, reason: '不对' })).code).toBe('FORBIDDEN');
    const r = await driver.ok('repairs.refuseSignature', { id: o.id, reason: '工时与实际不符，只做了 30 分钟' });
    expect(r).toMatchObject({ status: 'at_shop', signed: false });
    expect(r.events.at(-1)).toMatchObject({ step: 'refuseSignature', note: '工时与实际不符，只做了 30 分钟', role: 'driver' });
    expect((await refused(captain, 'repairs.settle', { id: o.id })).message).toBe(`维修单 ${o.number} 当前为“在厂维修”，不能结算`);
  });
});

describe('two orders of one vehicle at shops', () => {
  it('the vehicle stays in repair until the last of them has its list entered', async () => {
    const v = (await admin.ok('vehicles.list', { pageSize: 200 })).items.find((x) => x.status === 'available' && x.id !== vehicleId)!;
    const ids: number[] = [];
    for (const symptoms of ['左前轮异响', '空调不制冷']) {
      const o = await office.ok('repairs.create', { vehicleId: v.id, driverId, shopId, symptoms });
      await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 08:00' });
      await office.ok('repairs.toShop', { id: o.id });
      ids.push(o.id);
    }
    expect((await admin.ok('vehicles.get', { id: v.id })).status).toBe('in_repair');
    await office.ok('repairs.enterWork', { id: ids[0]!, lines: [{ kind: 'labour', name: '检修', quantity: 100, unitPriceFen: 5000 }] });
    expect((await admin.ok('vehicles.get', { id: v.id })).status).toBe('in_repair');
    await office.ok('repairs.enterWork', { id: ids[1]!, lines: [{ kind: 'labour', name: '检修', quantity: 100, unitPriceFen: 5000 }] });
    expect((await admin.ok('vehicles.get', { id: v.id })).status).toBe('available');
  });
});

describe('engine seizure from neglect', () => {
  let orderId: number;

  it("is marked with its cause: the whole order becomes the driver's, and a dismissal flag awaits the director", async () => {
    const o = await office.ok('repairs.create', { vehicleId, driverId, shopId, symptoms: '发动机异响后熄火，无法启动' });
    orderId = o.id;
    expect((await refused(captain, 'repairs.markSeizure', { id: o.id, cause: 'no_oil', note: '机油尺无油' })).message).toBe(`维修单 ${o.number} 当前为“草稿”，不能标记粘缸`);
    await director.ok('repairs.phoneApprove', { id: o.id, approvedAt: '2026-11-23 08:00' });
    await office.ok('repairs.toShop', { id: o.id });
    await office.ok('repairs.enterWork', { id: o.id, lines: [{ kind: 'labour', name: '发动机大修', quantity: 100, unitPriceFen: 480000 }] });
    expect((await refused(driver, 'repairs.markSeizure', { id: o.id, cause: 'no_oil', note: '机油尺无油' })).code).toBe('FORBIDDEN');
    expect((await refused(captain, 'repairs.markSeizure', { id: o.id, cause: 'no_fuel', note: 'x' })).fields?.cause).toBe('格式不正确');
    // a choice not made is "required", not "wrong"
    expect((await refused(captain, 'repairs.markSeizure', { id: o.id, note: 'x' })).fields?.cause).toBe('必填');
    const m = await captain.ok('repairs.markSeizure', { id: o.id, cause: 'no_oil', note: '拆检：油底壳无机油，曲轴抱死' });
    expect(m).toMatchObject({ seizureCause: 'no_oil', seizureNote: '拆检：油底壳无机油，曲轴抱死', driverChargeFen: 480000, totalFen: 480000 });
    expect(m.events.at(-1)).toMatchObject({ step: 'markSeizure', byName: '韩队长', role: 'fleet_captain' });
    expect((await refused(office, 'repairs.markSeizure', { id: o.id, cause: 'no_coolant', note: '再标一次' })).message).toBe(`维修单 ${o.number} 已标记为发动机粘缸`);

    const flags = await director.ok('personnel.flags', { open: true });
    expect(flags.items[0]).toMatchObject({ driverId, driverName: '李志强', sourceType: 'repair', sourceId: o.id, sourceNumber: o.number, reason: '拆检：油底壳无机油，曲轴抱死', cause: 'no_oil', raisedByName: '韩队长', decision: null });
  });

  it('the charge follows later corrections of the order', async () => {
    const o = await office.ok('repairs.enterWork', { id: orderId, lines: [{ kind: 'labour', name: '发动机大修', quantity: 100, unitPriceFen: 450000 }, { kind: 'labour', name: '拖车', quantity: 100, unitPriceFen: 30000 }] });
    expect(o).toMatchObject({ totalFen: 480000, driverChargeFen: 480000 });
  });

  it('only the director decides the flag, once, with a note', async () => {
    const flag = (await director.ok('personnel.flags', { open: true })).items.find((f) => f.sourceId === orderId)!;
    expect((await refused(office, 'personnel.decide', { id: flag.id, decision: 'dismissed', note: '辞退' })).code).toBe('FORBIDDEN');
    expect((await refused(director, 'personnel.decide', { id: flag.id, decision: 'dismissed', note: ' ' })).fields).toEqual({ note: '必填' });
    const d = await director.ok('personnel.decide', { id: flag.id, decision: 'kept', note: '初犯，留用察看，费用自负' });
    expect(d).toMatchObject({ decision: 'kept', decidedByName: '郑主任', decidedRole: 'director', decidedAt: '2026-11-23 09:30' });
    expect((await refused(director, 'personnel.decide', { id: flag.id, decision: 'dismissed', note: '改为辞退' })).message).toBe('李志强 的辞退标记已于 2026-11-23 09:30 由 郑主任 处理');
    expect((await director.ok('personnel.flags', { open: true })).items.some((f) => f.id === flag.id)).toBe(false);
    expect((await director.ok('personnel.flags', { open: false })).items.some((f) => f.id === flag.id)).toBe(true);
    expect((await refused(driver, 'personnel.flags', {})).code).toBe('FORBIDDEN');
  });
});
