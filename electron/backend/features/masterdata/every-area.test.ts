// The same life cycle for every master-data area: create, get, list, edit, retire, reactivate,
// each audited; and the refusals every area shares (unknown id, duplicate, bad field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterArea } from '../../../../shared/api/masterdata.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Caller;
let modelId = 0;

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
  modelId = (await admin.ok('models.create', { name: '基准车型', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000, maintenanceIntervalKm: 5000 })).id;
});
afterAll(() => h.close());

// For each area: a valid record, an edit of it, the unique field, and a field with a bad value.
const CASES: Record<MasterArea, { make: () => Record<string, unknown>; edit: Record<string, unknown>; unique: string; bad: [string, unknown, string] }> = {
  models: { make: () => ({ name: '测试车型', fuelStandard: 950, floatOrdinary: 450, tankCapacity: 5000, maintenanceIntervalKm: 5000 }), edit: { tankCapacity: 5500 }, unique: 'name', bad: ['tankCapacity', 0, '必须大于 0'] },
  vehicles: { make: () => ({ plate: '苏ED5001', modelId, parkingPlace: '车位 1' }), edit: { parkingPlace: '车位 2' }, unique: 'plate', bad: ['vin', 'SHORT', '车架号应为 17 位字母和数字（不含 I、O、Q）'] },
  drivers: { make: () => ({ name: '测试驾驶员', employeeNo: 'E1', permitNo: 'P1', permitValidFrom: '2025-01-01', permitValidTo: '2028-01-01' }), edit: { phone: '13900001111' }, unique: 'employeeNo', bad: ['permitValidFrom', '2025-13-01', '请输入有效日期（年-月-日）'] },
  shops: { make: () => ({ name: '测试修理厂' }), edit: { address: '新地址' }, unique: 'name', bad: ['name', '   ', '必填'] },
  stations: { make: () => ({ name: '测试加油站' }), edit: { contact: '站长' }, unique: 'name', bad: ['name', 42, '格式不正确'] },
  parts: { make: () => ({ name: '测试配件', unit: '个', referencePriceFen: 1000, isMajor: false }), edit: { referencePriceFen: 1250 }, unique: 'name', bad: ['unit', '', '必填'] },
};

describe.each(Object.keys(CASES) as MasterArea[])('%s', (area) => {
  const c = CASES[area];
  const m = (verb: string) => `${area}.${verb}` as never;

  it('goes through its whole life, every step audited', async () => {
    const created = (await admin.ok(m('create'), c.make() as never)) as { id: number } & Record<string, unknown>;
    expect(await admin.ok(m('get'), { id: created.id } as never)).toEqual(created);
    const list = (await admin.ok(m('list'), {} as never)) as { items: { id: number }[] };
    expect(list.items.map((x) => x.id)).toContain(created.id);
    const edited = (await admin.ok(m('update'), { ...c.make(), ...c.edit, id: created.id } as never)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.edit)) expect(edited[k]).toBe(v);
    expect(((await admin.ok(m('retire'), { id: created.id } as never)) as { retiredAt: string | null }).retiredAt).not.toBeNull();
    expect(((await admin.ok(m('reactivate'), { id: created.id } as never)) as { retiredAt: string | null }).retiredAt).toBeNull();
    const history = await admin.ok('audit.history', { entity: area, entityId: String(created.id) });
    expect(history.items.map((r) => r.action)).toEqual(['create', 'update', 'retire', 'reactivate'].map((v) => `${area}.${v}`));
  });

  it('refuses a duplicate, a bad field and an unknown id, changing nothing', async () => {
    const before = await tableCounts(h.backend);
    const dup = await admin.call(m('create'), c.make() as never);
    expect(dup.ok ? null : dup.error.fields?.[c.unique]).toMatch(/已存在/);
    const bad = await admin.call(m('create'), { ...c.make(), [c.bad[0]]: c.bad[1] } as never);
    expect(bad.ok ? null : bad.error.fields?.[c.bad[0]]).toBe(c.bad[2]);
    for (const verb of ['get', 'update', 'retire', 'reactivate']) {
      const r = await admin.call(m(verb), { ...c.make(), id: 99999 } as never);
      expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    }
    expect(await tableCounts(h.backend)).toEqual(before);
  });
});
