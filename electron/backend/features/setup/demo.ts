// The demo depot: a seeded, deterministic set of master data and users, loaded through the
// same services (and so the same validation and audit rows) as anything a person enters.
// Dates are relative to the clock, so one permit is always about to expire and one expired.
import dayjs from 'dayjs';
import { masterSchemas, type MasterArea } from '../../../../shared/api/masterdata.ts';
import { userCreate, type User } from '../../../../shared/api/accounts.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import { insertUser } from '../accounts/service.ts';
import { createEntity } from '../masterdata/service.ts';
import { loadDemoFuel } from './demo-fuel.ts';
import { loadDemoSafety } from './demo-safety.ts';
import { loadDemoMaintenance } from './demo-repairs.ts';
import { loadDemoTrips } from './demo-trips.ts';

/** The password of every demo account (shown in the README). */
export const DEMO_PASSWORD = 'demo1234';

/** mulberry32: a tiny seeded generator, so the demo is the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: 7, toMonth: 9, float: 650 }], tankCapacity: 5000, maintenanceIntervalKm: 5000 },
  { name: '五菱', fuelStandard: 650, floatOrdinary: 350, seasonalFloats: [], tankCapacity: 4000, maintenanceIntervalKm: 5000 },
  { name: '江淮', fuelStandard: 1100, floatOrdinary: 300, seasonalFloats: [{ fromMonth: 12, toMonth: 2, float: 450 }], tankCapacity: 6500, maintenanceIntervalKm: 7500 },
];

const DRIVER_NAMES = ['王建国', '李志强', '张伟', '刘洋', '陈明', '杨光', '赵军', '黄磊', '周涛', '吴斌', '徐海', '孙鹏', '马超', '朱峰', '胡亮'];
/** the demo's designated repair shops (the bench's ten-year history uses them too) */
export const DEMO_SHOPS = [
  { name: '市汽车修理一厂', address: '城东路 18 号', contact: '钱师傅', phone: '0512-66001001' },
  { name: '顺达汽车维修中心', address: '工业园区星湖街 210 号', contact: '孙经理', phone: '0512-66002002' },
  { name: '东南汽车特约服务站', address: '高新区长江路 66 号', contact: '郑主管', phone: '0512-66003003' },
];
const STATIONS = [
  { name: '中石化城东加油站', address: '城东路 1 号' },
  { name: '中石化南环加油站', address: '南环路 300 号' },
  { name: '中石油工业园加油站', address: '星湖街 88 号' },
  { name: '中石油高新区加油站', address: '长江路 120 号' },
];
/** the demo's parts catalogue: name, unit, reference price in fen, major part (the bench uses it too) */
export const DEMO_PARTS: [string, string, number, boolean][] = [
  ['机油（4L）', '桶', 26800, false], ['机油滤清器', '个', 3500, false], ['空气滤清器', '个', 4500, false],
  ['汽油滤清器', '个', 5500, false], ['空调滤清器', '个', 4000, false], ['火花塞', '个', 3800, false],
  ['前刹车片', '套', 28000, false], ['后刹车片', '套', 24000, false], ['刹车盘', '个', 36000, true],
  ['雨刮片', '对', 6000, false], ['防冻液（2L）', '桶', 6500, false], ['刹车油', '瓶', 4500, false],
  ['蓄电池', '个', 45000, true], ['轮胎', '条', 42000, true], ['发电机', '台', 98000, true],
  ['起动机', '台', 86000, true], ['水泵', '个', 32000, true], ['离合器片', '套', 52000, true],
  ['正时皮带', '条', 18000, false], ['发动机皮带', '条', 9000, false], ['减震器', '个', 38000, true],
  ['球头', '个', 12000, false], ['大灯灯泡', '个', 3500, false], ['尾灯总成', '个', 21000, false],
  ['散热器（水箱）', '个', 68000, true], ['三元催化器', '个', 150000, true], ['喷油嘴', '个', 42000, false],
  ['节气门', '个', 56000, false], ['点火线圈', '个', 19000, false], ['变速箱油', '升', 8500, false],
];

const ACCOUNTS: { username: string; displayName: string; roles: Role[]; driverIndex?: number }[] = [
  { username: 'zhuren', displayName: '郑主任', roles: ['director'] },
  { username: 'fuzhuren', displayName: '冯副主任', roles: ['deputy_director'] },
  { username: 'bangongshi', displayName: '许文静', roles: ['fleet_office'] },
  { username: 'duizhang', displayName: '韩队长', roles: ['fleet_captain'] },
  { username: 'jingli', displayName: '经理室 沈经理', roles: ['manager_office'] },
  { username: 'caiwu', displayName: '财务 蒋会计', roles: ['finance'] },
  { username: 'zuzhang', displayName: DRIVER_NAMES[0]!, roles: ['group_leader', 'driver'], driverIndex: 0 },
  ...DRIVER_NAMES.slice(1).map((name, i) => ({ username: `siji${String(i + 2).padStart(2, '0')}`, displayName: name, roles: ['driver'] as Role[], driverIndex: i + 1 })),
];

async function create(ctx: LoggedInCtx, area: MasterArea, raw: unknown): Promise<number> {
  const input = masterSchemas[area].create.parse(raw) as Record<string, unknown>;
  return ((await createEntity(ctx, area, input)) as { id: number }).id;
}

export async function loadDemo(ctx: LoggedInCtx): Promise<void> {
  const rand = seeded(20261123);
  const today = dayjs(ctx.now).startOf('day');
  const modelIds: number[] = [];
  for (const m of MODELS) modelIds.push(await create(ctx, 'models', m));

  // 5 Southeast, 5 Wuling, 2 JAC.
  const modelOf = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2];
  const vehicles: { id: number; km: number }[] = [];
  for (let i = 0; i < modelOf.length; i++) {
    const km = 20000 + Math.floor(rand() * 120000);
    const id = await create(ctx, 'vehicles', {
      plate: `苏E${modelOf[i] === 1 ? 'W' : 'D'}${String(3101 + i * 7)}`,
      modelId: modelIds[modelOf[i]!],
      purchaseDate: today.subtract(1 + Math.floor(rand() * 6), 'year').subtract(Math.floor(rand() * 300), 'day').format('YYYY-MM-DD'),
      parkingPlace: i < 8 ? `客服部车库 ${i + 1} 号位` : `配送中心停车场 ${i - 7} 号位`,
      initialOdometerKm: km,
    });
    vehicles.push({ id, km });
  }

  const driverIds: number[] = [];
  for (let i = 0; i < DRIVER_NAMES.length; i++) {
    // Driver 14 has an expired permit, driver 13 one that expires within the warning window.
    const validTo = i === 14 ? today.subtract(12, 'day') : i === 13 ? today.add(18, 'day') : today.add(1 + Math.floor(rand() * 4), 'year');
    driverIds.push(
      await create(ctx, 'drivers', {
        name: DRIVER_NAMES[i],
        employeeNo: `KF${String(1001 + i)}`,
        permitNo: `SZYC${String(200000 + Math.floor(rand() * 799999))}`,
        permitValidFrom: validTo.subtract(6, 'year').format('YYYY-MM-DD'),
        permitValidTo: validTo.format('YYYY-MM-DD'),
        phone: `139${String(10000000 + Math.floor(rand() * 89999999))}`,
      }),
    );
  }
  for (const s of DEMO_SHOPS) await create(ctx, 'shops', s);
  for (const s of STATIONS) await create(ctx, 'stations', s);
  for (const [name, unit, referencePriceFen, isMajor] of DEMO_PARTS) await create(ctx, 'parts', { name, unit, referencePriceFen, isMajor });

  const users = new Map<string, User>();
  for (const a of ACCOUNTS) {
    const input = userCreate.parse({
      username: a.username,
      displayName: a.displayName,
      password: DEMO_PASSWORD,
      roles: a.roles,
      driverId: a.driverIndex === undefined ? null : driverIds[a.driverIndex],
    });
    const user = await insertUser(ctx, input);
    await ctx.audit({ action: 'users.create', entity: 'users', entityId: user.id, after: user });
    users.set(a.username, user);
  }
  const drivers = ACCOUNTS.filter((a) => a.driverIndex !== undefined)
    .sort((a, b) => a.driverIndex! - b.driverIndex!)
    .map((a) => users.get(a.username)!);
  const people = {
    director: users.get('zhuren')!,
    deputy: users.get('fuzhuren')!,
    office: users.get('bangongshi')!,
    captain: users.get('duizhang')!,
    manager: users.get('jingli')!,
    finance: users.get('caiwu')!,
    drivers,
  };
  await loadDemoTrips(ctx, people, vehicles, driverIds, rand);
  await loadDemoMaintenance(ctx, people, vehicles.map((v) => v.id), driverIds);
  await loadDemoFuel(ctx, people, vehicles.map((v) => v.id), driverIds);
  await loadDemoSafety(ctx, people, driverIds);
}
