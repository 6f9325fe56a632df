// The demo depot's maintenance: repair orders in every state (one approved by phone, one an
// engine seizure with its dismissal flag), self-maintenance purchases in every state, and
// routine services that leave some vehicles due and some overdue. Everything goes through
// the services, as the people named in DOMAIN.md would do it, on past days.
import dayjs from 'dayjs';
import { purchaseBuyInput, purchaseCreateInput, routineRecordInput } from '../../../../shared/api/maintenance.ts';
import { repairCreateInput, repairEnterWorkInput, repairSeizureInput } from '../../../../shared/api/repairs.ts';
import type { RepairStatus } from '../../../../shared/domain/repairs.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import * as purchases from '../maintenance/purchases.ts';
import * as routine from '../maintenance/routine.ts';
import * as repairs from '../repairs/service.ts';
import { actingAs, type DemoPeople } from './demo-trips.ts';

type Line = { part: string; qty: number; price?: number } | { labour: string; qty: number; price: number };

interface DemoOrder {
  /** vehicle index (its regular driver has the same index) */
  v: number;
  shop: number;
  daysAgo: number;
  until: RepairStatus;
  symptoms: string;
  lines: Line[];
  urgent?: boolean;
  seizure?: 'no_oil' | 'no_coolant';
  /** reasons for prices above the catalogue, by line position */
  reasons?: Record<number, string>;
}

const ORDERS: DemoOrder[] = [
  { v: 0, shop: 0, daysAgo: 48, until: 'paid', symptoms: '制动时方向盘抖动，刹车异响', lines: [{ part: '刹车盘', qty: 200 }, { part: '前刹车片', qty: 100 }, { labour: '更换刹车盘及刹车片', qty: 200, price: 8000 }] },
  { v: 3, shop: 0, daysAgo: 30, until: 'paid', symptoms: '启动困难，蓄电池亏电', lines: [{ part: '蓄电池', qty: 100 }, { labour: '检测充电系统', qty: 100, price: 6000 }] },
  { v: 5, shop: 0, daysAgo: 22, until: 'approved_for_payment', symptoms: '水温偏高，冷却液渗漏', lines: [{ part: '水泵', qty: 100 }, { part: '防冻液（2L）', qty: 300 }, { labour: '更换水泵', qty: 250, price: 8000 }] },
  { v: 7, shop: 1, daysAgo: 18, until: 'reviewed', seizure: 'no_oil', symptoms: '行驶中发动机异响后熄火', lines: [{ labour: '发动机大修（拆检、镗缸、换活塞环及轴瓦）', qty: 100, price: 420000 }, { part: '机油（4L）', qty: 200 }, { part: '机油滤清器', qty: 100 }] },
  { v: 2, shop: 1, daysAgo: 14, until: 'settled', symptoms: '轮胎磨损严重，左前轮鼓包', lines: [{ part: '轮胎', qty: 200, price: 48000 }, { labour: '换胎及动平衡', qty: 100, price: 6000 }], reasons: { 0: '原厂指定型号缺货，换用同规格加强型，价格经询价属实' } },
  { v: 4, shop: 2, daysAgo: 10, until: 'parts_verified', symptoms: '离合器打滑，起步无力', lines: [{ part: '离合器片', qty: 100, price: 61000 }, { part: '变速箱油', qty: 250 }, { labour: '更换离合器', qty: 400, price: 8000 }] },
  { v: 6, shop: 0, daysAgo: 7, until: 'driver_signed', symptoms: '减震异响，过坎颠簸', lines: [{ part: '减震器', qty: 200 }, { part: '球头', qty: 200 }, { labour: '更换前减震', qty: 300, price: 8000 }] },
  { v: 8, shop: 1, daysAgo: 5, until: 'work_entered', symptoms: '空调不制冷，大灯不亮', lines: [{ part: '空调滤清器', qty: 100 }, { part: '大灯灯泡', qty: 200 }, { part: '冷媒（R134a）', qty: 100, price: 12000 }, { labour: '空调检修加注冷媒', qty: 150, price: 8000 }] },
  { v: 9, shop: 0, daysAgo: 1, until: 'at_shop', urgent: true, symptoms: '途中发电机故障灯亮，电瓶无法充电，已拖至修理厂', lines: [] },
  { v: 10, shop: 2, daysAgo: 2, until: 'approved', symptoms: '正时皮带到期更换', lines: [] },
  { v: 1, shop: 1, daysAgo: 1, until: 'reported', symptoms: '刹车踏板偏软', lines: [] },
  { v: 11, shop: 0, daysAgo: 0, until: 'draft', symptoms: '右后尾灯破损', lines: [] },
  { v: 3, shop: 2, daysAgo: 12, until: 'rejected', symptoms: '更换全车座套、脚垫', lines: [] },
];

/** The workflow's steps in order, and who takes each. */
const PATH: { to: RepairStatus; who: keyof DemoPeople | 'driver' }[] = [
  { to: 'reported', who: 'director' },
  { to: 'approved', who: 'office' },
  { to: 'at_shop', who: 'office' },
  { to: 'work_entered', who: 'office' },
  { to: 'driver_signed', who: 'driver' },
  { to: 'parts_verified', who: 'office' },
  { to: 'settled', who: 'captain' },
  { to: 'reviewed', who: 'office' },
  { to: 'approved_for_payment', who: 'manager' },
  { to: 'paid', who: 'finance' },
];

export async function loadDemoMaintenance(ctx: LoggedInCtx, people: DemoPeople, vehicleIds: number[], driverIds: number[]): Promise<void> {
  const realNow = ctx.now;
  try {
    await repairOrders(ctx, people, vehicleIds, driverIds);
    await demoPurchases(ctx, people, vehicleIds, driverIds);
    ctx.now = realNow;
    await routineServices(ctx, people, vehicleIds);
  } finally {
    ctx.now = realNow;
  }
}

async function repairOrders(ctx: LoggedInCtx, people: DemoPeople, vehicleIds: number[], driverIds: number[]) {
  const as = actingAs(ctx);
  const today = dayjs(ctx.now).startOf('day');
  const shops = await ctx.db.selectFrom('repair_shops').select('id').orderBy('id').execute();
  const parts = new Map((await ctx.db.selectFrom('parts').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
  const refPrice = new Map((await ctx.db.selectFrom('parts').select(['name', 'reference_price_fen']).execute()).map((p) => [p.name, p.reference_price_fen]));

  // A vehicle out on the road now cannot go to the shop: such an order takes the next one in.
  const out = new Set((await ctx.db.selectFrom('vehicles').select('id').where('status', '=', 'dispatched').execute()).map((r) => r.id));
  const free = (v: number) => {
    let i = v;
    while (out.has(vehicleIds[i]!)) i = (i + 1) % vehicleIds.length;
    return i;
  };
  for (const order_ of ORDERS) {
    const o = { ...order_, v: free(order_.v) };
    const driver = people.drivers[o.v]!;
    // Each step a little after the one before, from the morning of the order's day.
    let at = today.subtract(o.daysAgo, 'day').hour(8).minute(5);
    const tick = (hours: number) => {
      at = at.add(hours, 'hour');
      ctx.now = at.toDate();
    };
    tick(0);
    const filer = o.v % 2 === 0 ? driver : people.office;
    const order = await as(filer, () => repairs.createOrder(ctx, repairCreateInput.parse({ vehicleId: vehicleIds[o.v], driverId: driverIds[o.v], shopId: shops[o.shop]!.id, symptoms: o.symptoms })));
    const id = order.id;
    if (o.until === 'draft') continue;
    if (o.until === 'rejected') {
      tick(1);
      await as(people.director, () => repairs.simpleStep(ctx, 'report', { id }));
      tick(2);
      await as(people.office, () => repairs.rejectOrder(ctx, { id, reason: '座套脚垫属日常用品，不属于维修范围，请走自行保养采购' }));
      continue;
    }
    for (const step of PATH) {
      if (o.urgent && step.to === 'reported') {
        tick(0.5);
        await as(people.director, () => repairs.phoneApprove(ctx, { id, approvedAt: at.subtract(20, 'minute').format('YYYY-MM-DD HH:mm'), note: '电话报告：途中抛锚，同意直接送厂' }));
        continue;
      }
      if (o.urgent && step.to === 'approved') continue;
      tick(step.to === 'work_entered' || step.to === 'settled' || step.to === 'approved_for_payment' ? 24 : 2);
      const who = step.who === 'driver' ? driver : (people[step.who] as DemoPeople['office']);
      await as(who, async () => {
        switch (step.to) {
          case 'reported':
          case 'approved':
          case 'reviewed':
          case 'approved_for_payment':
          case 'paid': {
            const name = ({ reported: 'report', approved: 'approve', reviewed: 'review', approved_for_payment: 'approvePayment', paid: 'pay' } as const)[step.to];
            return repairs.simpleStep(ctx, name, { id });
          }
          case 'at_shop':
            return repairs.toShop(ctx, { id });
          case 'work_entered': {
            const lines = o.lines.map((l) =>
              'part' in l
                ? parts.has(l.part)
                  ? { kind: 'part', partId: parts.get(l.part), quantity: l.qty, unitPriceFen: l.price ?? refPrice.get(l.part)! }
                  : { kind: 'part', name: l.part, unit: '瓶', quantity: l.qty, unitPriceFen: l.price!, freeTextReason: '目录内无此配件，按修理厂报价' }
                : { kind: 'labour', name: l.labour, quantity: l.qty, unitPriceFen: l.price },
            );
            return repairs.enterWork(ctx, repairEnterWorkInput.parse({ id, lines }));
          }
          case 'driver_signed':
            return repairs.sign(ctx, { id });
          case 'parts_verified': {
            const full = await repairs.getOrder(ctx, id);
            for (const l of full.lines.filter((x) => x.isMajor)) await repairs.checkOldPart(ctx, { lineId: l.id, note: `旧${l.name}已交回，与更换原因相符` });
            return repairs.verifyParts(ctx, { id });
          }
          case 'settled': {
            const full = await repairs.getOrder(ctx, id);
            const reasons = Object.entries(o.reasons ?? {}).map(([pos, reason]) => ({ lineId: full.lines[Number(pos)]!.id, reason }));
            return repairs.settle(ctx, { id, reasons });
          }
          default:
            return null;
        }
      });
      if (o.seizure && step.to === 'work_entered') {
        await as(people.captain, () => repairs.markSeizure(ctx, repairSeizureInput.parse({ id, cause: o.seizure, note: '拆检发现油底壳内几乎无机油，曲轴与轴瓦抱死，属缺机油导致粘缸' })));
      }
      if (step.to === o.until) break;
    }
  }
}

async function demoPurchases(ctx: LoggedInCtx, people: DemoPeople, vehicleIds: number[], driverIds: number[]) {
  const as = actingAs(ctx);
  const today = dayjs(ctx.now).startOf('day');
  const leader = people.drivers[0]!;
  const plans: { v: number; daysAgo: number; until: 'requested' | 'confirmed' | 'approved' | 'rejected' | 'reimbursable' | 'unapproved'; items: { name: string; quantity: number; unit: string; estimatedFen: number }[] }[] = [
    { v: 2, daysAgo: 20, until: 'reimbursable', items: [{ name: '机油 5W-30', quantity: 400, unit: 'L', estimatedFen: 26800 }, { name: '机油滤清器', quantity: 100, unit: '个', estimatedFen: 3500 }] },
    { v: 4, daysAgo: 9, until: 'unapproved', items: [{ name: '雨刮片', quantity: 100, unit: '对', estimatedFen: 6000 }] },
    { v: 5, daysAgo: 6, until: 'rejected', items: [{ name: '香水座', quantity: 100, unit: '个', estimatedFen: 4500 }] },
    { v: 6, daysAgo: 3, until: 'approved', items: [{ name: '玻璃水', quantity: 400, unit: '瓶', estimatedFen: 4000 }] },
    { v: 1, daysAgo: 2, until: 'confirmed', items: [{ name: '防冻液', quantity: 200, unit: '桶', estimatedFen: 13000 }] },
    { v: 3, daysAgo: 0, until: 'requested', items: [{ name: '大灯灯泡', quantity: 200, unit: '个', estimatedFen: 7000 }] },
  ];
  for (const p of plans) {
    const driver = people.drivers[p.v]!;
    let at = today.subtract(p.daysAgo, 'day').hour(9);
    const tick = (hours: number) => {
      at = at.add(hours, 'hour');
      ctx.now = at.toDate();
    };
    tick(0);
    const created = await as(driver, () => purchases.createPurchase(ctx, purchaseCreateInput.parse({ vehicleId: vehicleIds[p.v], driverId: driverIds[p.v], items: p.items })));
    const id = created.id;
    const estimate = created.estimatedFen;
    if (p.until === 'unapproved') {
      tick(3);
      await as(driver, () => purchases.buyPurchase(ctx, purchaseBuyInput.parse({ id, boughtOn: at.format('YYYY-MM-DD'), actualFen: estimate, receiptNo: `FP${at.format('MMDD')}01` })));
      continue;
    }
    if (p.until === 'requested') continue;
    tick(1);
    if (p.until === 'rejected') {
      await as(leader, () => purchases.rejectPurchase(ctx, { id, reason: '非保养用品，不予采购' }));
      continue;
    }
    await as(leader, () => purchases.confirmPurchase(ctx, { id }));
    if (p.until === 'confirmed') continue;
    tick(2);
    await as(people.director, () => purchases.approvePurchase(ctx, { id }));
    if (p.until === 'approved') continue;
    tick(24);
    await as(driver, () => purchases.buyPurchase(ctx, purchaseBuyInput.parse({ id, boughtOn: at.format('YYYY-MM-DD'), actualFen: estimate - 800, receiptNo: `FP${at.format('MMDD')}02` })));
  }
}

/** Km since the last service for each vehicle: two overdue, three due, the rest fine. */
const SINCE_SERVICE_KM = [5200, 4700, 1000, 2500, 4800, 300, 3000, 5600, 2000, 1500, 7200, 2600];

async function routineServices(ctx: LoggedInCtx, people: DemoPeople, vehicleIds: number[]) {
  const as = actingAs(ctx);
  // the odometers now, before the clock moves back to each service's day
  const due = await routine.dueList(ctx, { pageSize: 200, page: 1 });
  const today = dayjs(ctx.now).startOf('day');
  for (const [i, vehicleId] of vehicleIds.entries()) {
    const v = due.items.find((x) => x.vehicleId === vehicleId)!;
    const since = SINCE_SERVICE_KM[i % SINCE_SERVICE_KM.length]!;
    const day = today.subtract(Math.round(since / 120), 'day');
    const doneOn = day.format('YYYY-MM-DD');
    // recorded the evening of the service
    ctx.now = day.hour(17).toDate();
    await as(people.office, () => routine.recordService(ctx, routineRecordInput.parse({ vehicleId, doneOn, odometerKm: v.odometerKm - since, note: '更换机油、机滤，检查轮胎、灯光、制动' })));
  }
}
