import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain/policy.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Caller;

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
});
afterAll(() => h.close());

describe('policy settings', () => {
  it('starts with the regulation defaults and says the main-liability cap is unset', async () => {
    const p = await admin.ok('policy.get', {});
    expect(p.month).toBe('2026-11');
    expect(p.version.settings).toEqual(DEFAULT_POLICY);
    expect(p.unset).toEqual(['accident.liability.main.capFen']);
  });

  it('a change takes effect from its month onward and never alters earlier months', async () => {
    const settings = structuredClone(DEFAULT_POLICY);
    settings.accident.liability.main.capFen = 200000;
    settings.settlement.safetyBonusFen = 12000;
    await admin.ok('policy.update', { effectiveMonth: '2027-01', settings, reason: '公司新规' });
    expect((await admin.ok('policy.get', { month: '2026-12' })).version.settings.settlement.safetyBonusFen).toBe(10000);
    const jan = await admin.ok('policy.get', { month: '2027-01' });
    expect(jan.version.settings.settlement.safetyBonusFen).toBe(12000);
    expect(jan.unset).toEqual([]);
    expect((await admin.ok('policy.get', { month: '2028-06' })).version.reason).toBe('公司新规');
    const history = await admin.ok('policy.history', {});
    expect(history.items.map((v) => v.effectiveMonth)).toEqual(['2027-01', '1970-01']);
    expect(history.items[0]).toMatchObject({ createdBy: 'admin', createdAt: '2026-11-23 09:30' });
  });

  it('refuses a bad setting, naming it with its Chinese label, and changes nothing', async () => {
    const settings = structuredClone(DEFAULT_POLICY) as unknown as { dispatch: Record<string, unknown> };
    settings.dispatch.closingTime = '25:00';
    settings.dispatch.maxDailyKm = 'abc';
    const before = await tableCounts(h.backend);
    const r = await admin.call('policy.update', { effectiveMonth: '2027-13', settings: settings as never });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fields).toEqual({
      effectiveMonth: '请输入有效月份（年-月）',
      'settings.dispatch.maxDailyKm': '请输入数字',
      'settings.dispatch.closingTime': '请输入时间（时:分，如 20:00）',
    });
    expect(r.error.message).toContain('单日最大合理里程（km）');
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('refuses a change that would reach back into a month already begun', async () => {
    const before = await tableCounts(h.backend);
    const r = await admin.call('policy.update', { effectiveMonth: '2026-10', settings: DEFAULT_POLICY });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { effectiveMonth: '生效月份不能早于本月（2026-11）：已经过去的月份，结果不能再改变（只可为当时尚未设置的项目补充设置，如主要责任封顶）' } } });
    expect(await tableCounts(h.backend)).toEqual(before);
    expect((await admin.call('policy.update', { effectiveMonth: '2026-11', settings: DEFAULT_POLICY })).ok).toBe(true);
  });

  it('may reach back only to fill in a blank, such as the main-liability cap of a past month', async () => {
    const filled = structuredClone(DEFAULT_POLICY);
    filled.accident.liability.main.capFen = 180000;
    const alsoChanged = structuredClone(filled);
    alsoChanged.settlement.safetyBonusFen = 9000;
    const before = await tableCounts(h.backend);
    expect((await admin.call('policy.update', { effectiveMonth: '2026-09', settings: alsoChanged })).ok).toBe(false);
    expect((await admin.call('policy.update', { effectiveMonth: '2026-09', settings: DEFAULT_POLICY })).ok).toBe(false);
    expect(await tableCounts(h.backend)).toEqual(before);
    await admin.ok('policy.update', { effectiveMonth: '2026-09', settings: filled, reason: '补充主要责任封顶' });
    const sep = await admin.ok('policy.get', { month: '2026-09' });
    expect(sep.version.settings.accident.liability.main.capFen).toBe(180000);
    expect(sep.unset).toEqual([]);
    expect((await admin.ok('policy.get', { month: '2026-08' })).unset).toEqual(['accident.liability.main.capFen']);
  });

  it('only the director and the administrator may change it', async () => {
    await admin.ok('users.create', { username: 'dz', displayName: '队长', password: 'captain-pass', roles: ['fleet_captain'] });
    await admin.ok('users.create', { username: 'zr', displayName: '主任', password: 'director-pass', roles: ['director'] });
    const captain = await h.as('dz', 'captain-pass');
    const director = await h.as('zr', 'director-pass');
    expect((await captain.call('policy.update', { effectiveMonth: '2027-02', settings: DEFAULT_POLICY })).ok).toBe(false);
    const v = await director.ok('policy.update', { effectiveMonth: '2027-02', settings: DEFAULT_POLICY });
    expect(v.createdBy).toBe('主任');
  });
});
