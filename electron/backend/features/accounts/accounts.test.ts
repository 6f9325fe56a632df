import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Method } from '../../../../shared/api/index.ts';
import { ROLES, type Role } from '../../../../shared/domain/roles.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Caller;

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
});

let driverNo = 0;
/** A fresh driver record to link a driver's account to. */
async function newDriver(name = `驾驶员${++driverNo}`): Promise<number> {
  const d = await admin.ok('drivers.create', { name, employeeNo: `T${++driverNo}`, permitNo: 'P', permitValidFrom: '2020-01-01', permitValidTo: '2030-01-01' });
  return d.id;
}
afterAll(() => h.close());

describe('first run', () => {
  it('the administrator exists and cannot be created twice', async () => {
    expect(await h.backend.dispatch('setup.status', {}, {})).toEqual({ ok: true, data: { initialized: true, hasMasterData: false } });
    const r = await h.backend.dispatch('setup.createAdmin', { username: 'other', displayName: 'x', password: 'password-1' }, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '系统已经初始化，不能再次创建管理员' } });
  });
});

describe('login', () => {
  it('gives the same message for an unknown user and a wrong password', async () => {
    const unknown = await h.backend.dispatch('auth.login', { username: 'nobody', password: 'whatever1' }, {});
    const wrong = await h.backend.dispatch('auth.login', { username: 'admin', password: 'wrong-pass' }, {});
    expect(unknown).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '用户名或密码不正确' } });
    expect(wrong).toEqual(unknown);
  });

  it('slows down repeated failures, then lets the right password in after the wait', async () => {
    await admin.ok('users.create', { username: 'slow', displayName: '慢', password: 'right-pass-1', roles: ['finance'] });
    for (let i = 0; i < 4; i++) await h.backend.dispatch('auth.login', { username: 'slow', password: 'bad-pass' }, {});
    const blocked = await h.backend.dispatch('auth.login', { username: 'slow', password: 'right-pass-1' }, {});
    expect(blocked).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '登录失败次数过多，请 2 秒后再试' } });
    h.clock.now = new Date(h.clock.now.getTime() + 3000);
    expect((await h.backend.dispatch('auth.login', { username: 'SLOW', password: 'right-pass-1' }, {})).ok).toBe(true);
  });

  it('logs out: the token no longer works', async () => {
    const me = await h.as('admin');
    expect((await me.call('auth.me', {})).ok).toBe(true);
    await me.ok('auth.logout', {});
    expect(await me.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('changes the own password only with the current one', async () => {
    await admin.ok('users.create', { username: 'pw', displayName: '改密', password: 'first-pass-1', roles: ['finance'] });
    const pw = await h.as('pw', 'first-pass-1');
    const wrong = await pw.call('auth.changePassword', { oldPassword: 'nope-nope', newPassword: 'second-pass-2' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', fields: { oldPassword: '原密码不正确' } } });
    const short = await pw.call('auth.changePassword', { oldPassword: 'first-pass-1', newPassword: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { newPassword: '密码至少 8 位' } } });
    await pw.ok('auth.changePassword', { oldPassword: 'first-pass-1', newPassword: 'second-pass-2' });
    await expect(h.as('pw', 'first-pass-1')).rejects.toThrow();
    await h.as('pw', 'second-pass-2');
  });
});

describe('users', () => {
  it('creates a user with several roles linked to a driver', async () => {
    const d = await admin.ok('drivers.create', { name: '王建国', employeeNo: 'KF1', permitNo: 'P', permitValidFrom: '2020-01-01', permitValidTo: '2030-01-01' });
    const u = await admin.ok('users.create', { username: 'Wang', displayName: '王建国', password: 'secret-123', roles: ['group_leader', 'driver', 'driver'], driverId: d.id });
    expect(u).toMatchObject({ username: 'wang', roles: ['group_leader', 'driver'], driverId: d.id, driverName: '王建国', active: true });
    const dup = await admin.call('users.create', { username: 'WANG', displayName: 'x', password: 'secret-123', roles: ['driver'] });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { username: '用户名“wang”已存在' } } });
    const noRole = await admin.call('users.create', { username: 'x1', displayName: 'x', password: 'secret-123', roles: [] });
    expect(noRole).toMatchObject({ ok: false, error: { fields: { roles: '至少选择一个岗位' } } });
  });

  it('deactivates (never deletes): the user can no longer log in and open sessions end', async () => {
    const u = await admin.ok('users.create', { username: 'gone', displayName: '离职', password: 'secret-123', roles: ['finance'] });
    const s = await h.as('gone', 'secret-123');
    await admin.ok('users.deactivate', { id: u.id });
    expect((await s.call('auth.me', {})).ok).toBe(false);
    await expect(h.as('gone', 'secret-123')).rejects.toThrow('用户名或密码不正确');
    expect((await admin.ok('users.list', { includeInactive: true })).items.find((x) => x.id === u.id)?.active).toBe(false);
    await admin.ok('users.reactivate', { id: u.id });
    await h.as('gone', 'secret-123');
  });

  it('keeps at least one active administrator and refuses self-deactivation', async () => {
    const me = (await admin.ok('auth.me', {})).id;
    expect(await admin.call('users.deactivate', { id: me })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '不能停用自己的账号' } });
    const r = await admin.call('users.update', { id: me, displayName: 'admin', roles: ['director'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { roles: '不能取消最后一个系统管理员' } } });
  });

  it('a driver account needs exactly one driver record, and a record only one account', async () => {
    const noLink = await admin.call('users.create', { username: 'nolink', displayName: 'x', password: 'secret-123', roles: ['driver'] });
    expect(noLink).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { driverId: '驾驶员岗位的用户必须关联一名驾驶员' } } });
    const d = await newDriver('唯一');
    await admin.ok('users.create', { username: 'first', displayName: 'x', password: 'secret-123', roles: ['driver'], driverId: d });
    const second = await admin.call('users.create', { username: 'second', displayName: 'x', password: 'secret-123', roles: ['finance'], driverId: d });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { driverId: '驾驶员“唯一”已关联到用户 first' } } });
  });

  it('a password reset logs the user out everywhere; changing one’s own keeps the current session', async () => {
    await admin.ok('users.create', { username: 'reset', displayName: '重置', password: 'before-123', roles: ['finance'] });
    const a = await h.as('reset', 'before-123');
    const b = await h.as('reset', 'before-123');
    await a.ok('auth.changePassword', { oldPassword: 'before-123', newPassword: 'middle-123' });
    expect((await a.call('auth.me', {})).ok).toBe(true);
    expect((await b.call('auth.me', {})).ok).toBe(false);
    const id = (await a.ok('auth.me', {})).id;
    await admin.ok('users.resetPassword', { id, newPassword: 'after-1234' });
    expect((await a.call('auth.me', {})).ok).toBe(false);
  });

  it('links only an active driver', async () => {
    const d = await admin.ok('drivers.create', { name: '退休', employeeNo: 'KF9', permitNo: 'P', permitValidFrom: '2020-01-01', permitValidTo: '2030-01-01' });
    await admin.ok('drivers.retire', { id: d.id });
    const before = await tableCounts(h.backend);
    const r = await admin.call('users.create', { username: 'late', displayName: 'x', password: 'secret-123', roles: ['driver'], driverId: d.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { driverId: '驾驶员“退休”已停用，不能用于新业务' } } });
    expect(await tableCounts(h.backend)).toEqual(before);
  });
});

describe('role matrix', () => {
  it('every method × every role: allowed, or FORBIDDEN', async () => {
    const callers = {} as Record<Role, Caller>;
    for (const role of ROLES) {
      const username = `matrix_${role}`;
      await admin.ok('users.create', { username, displayName: role, password: 'matrix-pass-1', roles: [role], driverId: role === 'driver' ? await newDriver() : null });
      callers[role] = await h.as(username, 'matrix-pass-1');
    }
    const before = await tableCounts(h.backend);
    const mismatches: string[] = [];
    for (const method of Object.keys(api) as Method[]) {
      const access = api[method].access;
      for (const role of ROLES) {
        const allowed = access === 'public' || access === 'any' || (access as readonly Role[]).includes(role);
        // A number is never a valid input: an allowed call is answered INVALID_INPUT and changes
        // nothing, a forbidden one FORBIDDEN (the role is checked before the input).
        const r = await callers[role].call(method, 42 as never);
        const code = r.ok ? 'OK' : r.error.code;
        const expected = allowed ? 'INVALID_INPUT' : 'FORBIDDEN';
        if (code !== expected) mismatches.push(`${method} as ${role}: ${code}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('a driver cannot open user administration or change the policy', async () => {
    await admin.ok('users.create', { username: 'siji', displayName: '司机', password: 'driver-pass-1', roles: ['driver'], driverId: await newDriver() });
    const driver = await h.as('siji', 'driver-pass-1');
    expect(await driver.call('users.list', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '您的岗位无权执行此操作（users.list）' } });
    expect((await driver.call('policy.get', {})).ok).toBe(true);
    expect((await driver.call('policy.history', {})).ok).toBe(false);
    const r = await driver.call('vehicles.create', { plate: '苏ED1111', modelId: 1, parkingPlace: 'x' });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });

  it('without a login only the public methods answer', async () => {
    expect((await h.backend.dispatch('vehicles.list', {}, {})).ok).toBe(false);
    expect(await h.backend.dispatch('vehicles.list', {}, { token: 'forged' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    expect(await h.backend.dispatch('no.such', {}, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('only the administrator reads the history of user accounts', async () => {
    await admin.ok('users.create', { username: 'cw', displayName: '财务', password: 'finance-pass', roles: ['finance'] });
    const finance = await h.as('cw', 'finance-pass');
    const me = await admin.ok('auth.me', {});
    expect((await finance.call('audit.history', { entity: 'users', entityId: String(me.id) })).ok).toBe(false);
    expect((await admin.ok('audit.history', { entity: 'users', entityId: String(me.id) })).items[0]?.action).toBe('setup.createAdmin');
    const spaces = await admin.call('users.create', { username: 'sp', displayName: 'x', password: '        ', roles: ['finance'] });
    expect(spaces).toMatchObject({ ok: false, error: { fields: { password: '密码至少 8 位' } } });
  });

  it('audits as the role the user acted in', async () => {
    await admin.ok('users.create', { username: 'both', displayName: '兼职', password: 'both-pass-1', roles: ['driver', 'fleet_captain'], driverId: await newDriver() });
    const both = await h.as('both', 'both-pass-1');
    const shop = await both.ok('shops.create', { name: '兼职测试厂' });
    const history = await admin.ok('audit.history', { entity: 'shops', entityId: String(shop.id) });
    expect(history.items[0]).toMatchObject({ username: 'both', role: 'fleet_captain', action: 'shops.create' });
  });
});
