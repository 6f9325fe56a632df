import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Caller;
let modelId: number;

const southeast = { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }], tankCapacity: 5000, maintenanceIntervalKm: 5000 };

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
  modelId = (await admin.ok('models.create', southeast)).id;
});
afterAll(() => h.close());

/** Calls a method expecting a refusal, and checks that no table changed. */
async function refused(method: string, input: unknown) {
  const before = await tableCounts(h.backend);
  const r = await admin.call(method as never, input as never);
  expect(r.ok).toBe(false);
  expect(await tableCounts(h.backend)).toEqual(before);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

describe('vehicle models', () => {
  it('stores standards, floats and seasons as integers and returns them', async () => {
    const m = await admin.ok('models.get', { id: modelId });
    expect(m).toMatchObject({ name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }], retiredAt: null });
  });

  it('refuses an unknown month, a negative float, text in a number field', async () => {
    const e = await refused('models.create', { ...southeast, name: 'X', floatOrdinary: -50, seasonalFloats: [{ fromMonth: 13, toMonth: 2, float: 100 }], maintenanceIntervalKm: 'abc' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toEqual({
      floatOrdinary: '浮动不能为负数：限额不能低于标准',
      'seasonalFloats.0.fromMonth': '月份必须是 1 到 12',
      maintenanceIntervalKm: '请输入数字',
    });
    expect(e.message).toContain('允许浮动（L/100km）');
  });

  it('refuses overlapping seasons and a duplicate name', async () => {
    const e = await refused('models.create', { ...southeast, name: 'Y', seasonalFloats: [{ fromMonth: 6, toMonth: 8, float: 100 }, { fromMonth: 8, toMonth: 9, float: 100 }] });
    expect(e.fields?.['seasonalFloats.1.fromMonth']).toBe('季节月份与另一段重叠');
    const d = await refused('models.create', southeast);
    expect(d).toMatchObject({ code: 'CONFLICT', fields: { name: '名称“东南”已存在' } });
  });
});

describe('vehicles', () => {
  let vehicleId: number;

  it('creates a vehicle with a normalised plate and lists it with its model', async () => {
    const v = await admin.ok('vehicles.create', { plate: ' 苏e·d3101 ', modelId, parkingPlace: '车库 1 号位', initialOdometerKm: 1200 });
    vehicleId = v.id;
    expect(v).toMatchObject({ plate: '苏ED3101', modelName: '东南', status: 'available', odometerKm: 1200 });
    const list = await admin.ok('vehicles.list', { search: 'D31' });
    expect(list.items.map((x) => x.plate)).toEqual(['苏ED3101']);
  });

  it('refuses an empty plate, a malformed plate and a duplicate plate, naming the field', async () => {
    expect((await refused('vehicles.create', { plate: '', modelId, parkingPlace: 'x' })).fields).toEqual({ plate: '必填' });
    expect((await refused('vehicles.create', { plate: 'AB123', modelId, parkingPlace: 'x' })).fields?.plate).toContain('车牌号格式不正确');
    const dup = await refused('vehicles.create', { plate: '苏ED3101', modelId, parkingPlace: 'x' });
    expect(dup).toMatchObject({ code: 'CONFLICT', message: '车牌号“苏ED3101”已存在', fields: { plate: '车牌号“苏ED3101”已存在' } });
  });

  it('answers in English when the screen is in English', async () => {
    const r = await admin.call('vehicles.create', { plate: '苏ED3101', modelId, parkingPlace: 'x' }, 'en');
    expect(r.ok ? null : r.error.message).toBe('Plate "苏ED3101" already exists');
  });

  it('refuses an unknown model and an unknown vehicle id', async () => {
    expect(await refused('vehicles.create', { plate: '苏ED3999', modelId: 999, parkingPlace: 'x' })).toMatchObject({ code: 'NOT_FOUND', fields: { modelId: '车型不存在（编号 999）' } });
    expect(await refused('vehicles.update', { id: 999, plate: '苏ED3999', modelId, parkingPlace: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await refused('vehicles.create', { plate: '苏ED3999', modelId: 'abc', parkingPlace: 'x', initialOdometerKm: 1.5 })).fields).toEqual({ modelId: '请输入数字', initialOdometerKm: '请输入整数' });
    expect((await admin.call('vehicles.get', { id: 999 })).ok).toBe(false);
  });

  it('edits a vehicle and keeps the before/after in its history', async () => {
    await admin.ok('vehicles.update', { id: vehicleId, plate: '苏ED3101', modelId, parkingPlace: '车库 2 号位', initialOdometerKm: 1200 });
    const history = await admin.ok('audit.history', { entity: 'vehicles', entityId: String(vehicleId) });
    expect(history.items.map((r) => r.action)).toEqual(['vehicles.create', 'vehicles.update']);
    expect(history.items[1]).toMatchObject({ username: 'admin', role: 'admin', at: '2026-11-23 09:30' });
    expect((history.items[1]!.before as { parkingPlace: string }).parkingPlace).toBe('车库 1 号位');
    expect((history.items[1]!.after as { parkingPlace: string }).parkingPlace).toBe('车库 2 号位');
  });

  it('a retired model cannot be chosen for a vehicle; a retired vehicle is kept, not deleted', async () => {
    const old = await admin.ok('models.create', { ...southeast, name: '老车型' });
    await admin.ok('models.retire', { id: old.id, reason: '停产' });
    const e = await refused('vehicles.create', { plate: '苏ED3102', modelId: old.id, parkingPlace: 'x' });
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { modelId: '车型“老车型”已停用，不能用于新业务' } });

    const retired = await admin.ok('vehicles.retire', { id: vehicleId, reason: '报废' });
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt).toBe('2026-11-23 09:30');
    expect((await admin.ok('vehicles.list', {})).items.some((v) => v.id === vehicleId)).toBe(false);
    expect((await admin.ok('vehicles.list', { includeRetired: true })).items.some((v) => v.id === vehicleId)).toBe(true);
    expect((await refused('vehicles.retire', { id: vehicleId })).code).toBe('CONFLICT');
  });
});

describe('retiring and reactivating', () => {
  it('a vehicle of a retired model can still be edited, but not moved to a retired model', async () => {
    const m = await admin.ok('models.create', { ...southeast, name: '将停产' });
    const v = await admin.ok('vehicles.create', { plate: '苏ED4001', modelId: m.id, parkingPlace: '车位 A' });
    await admin.ok('models.retire', { id: m.id });
    const edited = await admin.ok('vehicles.update', { id: v.id, plate: '苏ED4001', modelId: m.id, parkingPlace: '车位 B' });
    expect(edited.parkingPlace).toBe('车位 B');
  });

  it('a retired name says so, a retired record cannot be edited, and it can be reactivated', async () => {
    const s1 = await admin.ok('shops.create', { name: '旧厂' });
    await admin.ok('shops.retire', { id: s1.id, reason: '合同到期' });
    const dup = await refused('shops.create', { name: '旧厂' });
    expect(dup.fields).toEqual({ name: '名称“旧厂”已存在（已停用，可在“显示已停用”中恢复）' });
    expect((await refused('shops.update', { id: s1.id, name: '旧厂' })).message).toBe('已停用的特约维修单位不能修改，请先恢复');
    const back = await admin.ok('shops.reactivate', { id: s1.id, reason: '重新签约' });
    expect(back.retiredAt).toBeNull();
    expect((await refused('shops.reactivate', { id: s1.id })).code).toBe('CONFLICT');
    const history = await admin.ok('audit.history', { entity: 'shops', entityId: String(s1.id) });
    expect(history.items.map((r) => r.action)).toEqual(['shops.create', 'shops.retire', 'shops.reactivate']);
  });

  it('a reactivated vehicle is available again', async () => {
    const v = await admin.ok('vehicles.create', { plate: '苏ED4002', modelId, parkingPlace: '车位 C' });
    await admin.ok('vehicles.retire', { id: v.id });
    expect((await admin.ok('vehicles.reactivate', { id: v.id })).status).toBe('available');
  });
});

describe('drivers', () => {
  it('shows permit state against the warning window', async () => {
    const base = { permitNo: 'P1', permitValidFrom: '2020-01-01', phone: '13900000000' };
    await admin.ok('drivers.create', { ...base, name: '甲', employeeNo: 'D1', permitValidTo: '2030-01-01' });
    await admin.ok('drivers.create', { ...base, name: '乙', employeeNo: 'D2', permitValidTo: '2026-12-11' });
    await admin.ok('drivers.create', { ...base, name: '丙', employeeNo: 'D3', permitValidTo: '2026-11-22' });
    const list = await admin.ok('drivers.list', { sortField: 'employeeNo' });
    expect(list.items.map((d) => [d.name, d.permitState, d.permitDaysLeft])).toEqual([
      ['甲', 'valid', 1135],
      ['乙', 'expiring', 18],
      ['丙', 'expired', -1],
    ]);
  });

  it('refuses a permit that ends before it starts, and a duplicate employee number', async () => {
    const e = await refused('drivers.create', { name: '丁', employeeNo: 'D4', permitNo: 'P', permitValidFrom: '2026-01-01', permitValidTo: '2025-12-31' });
    expect(e.fields).toEqual({ permitValidTo: '有效期止不能早于有效期起' });
    const d = await refused('drivers.create', { name: '丁', employeeNo: 'D1', permitNo: 'P', permitValidFrom: '2026-01-01', permitValidTo: '2027-01-01' });
    expect(d.fields).toEqual({ employeeNo: '工号“D1”已存在' });
    expect((await refused('drivers.create', { name: '丁', employeeNo: 'D5', permitNo: 'P', permitValidFrom: '2026-02-30', permitValidTo: '2027-01-01' })).fields?.permitValidFrom).toBe('请输入有效日期（年-月-日）');
  });
});

describe('shops, stations and parts', () => {
  it('creates, searches, sorts and pages', async () => {
    for (const name of ['甲修理厂', '乙修理厂', '丙汽修']) await admin.ok('shops.create', { name, address: '某路' });
    const page1 = await admin.ok('shops.list', { search: '修理', pageSize: 1, page: 1, sortField: 'name', sortOrder: 'desc' });
    const page2 = await admin.ok('shops.list', { search: '修理', pageSize: 1, page: 2, sortField: 'name', sortOrder: 'desc' });
    expect(page1.total).toBe(2);
    expect([page1.items[0]!.name, page2.items[0]!.name]).toEqual(['甲修理厂', '乙修理厂'].sort().reverse());
    await admin.ok('stations.create', { name: '中石化城东加油站' });
    expect((await admin.ok('stations.list', { search: '城东' })).total).toBe(1);
  });

  it('search treats % and _ as plain characters', async () => {
    expect((await admin.ok('shops.list', { search: '%' })).total).toBe(0);
  });

  it('parts keep the reference price in fen and the major-part flag', async () => {
    const p = await admin.ok('parts.create', { name: '发电机', unit: '台', referencePriceFen: 98000, isMajor: true });
    expect(p).toMatchObject({ referencePriceFen: 98000, isMajor: true });
    const e = await refused('parts.create', { name: '刹车片', unit: '套', referencePriceFen: -1 });
    expect(e.fields).toEqual({ referencePriceFen: '不能为负数' });
    const f = await refused('parts.create', { name: '刹车片', unit: '套', referencePriceFen: 12.5 });
    expect(f.fields).toEqual({ referencePriceFen: '最多两位小数' });
  });
});
