// The home dashboard on the demo depot: every figure checked against the method a person would
// open to see the same thing (the fuel audit, the settlement sheet, the accident list, the
// shops' statements, the lists of what waits), and each role's to-do part shown only to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionableRepairStatuses } from '../../../../shared/api/access.ts';
import { ACCIDENT_FINDINGS } from '../../../../shared/api/dashboard.ts';
import { LINE_KINDS } from '../../../../shared/domain/settlement.ts';
import { openHarness, type Caller, type Harness } from '../../testing/harness.ts';
import { twelveMonths } from '../../../../shared/domain/period.ts';
import { quarterOf } from './charts.ts';

let h: Harness;
let director: Caller;
let office: Caller;
let captain: Caller;
let manager: Caller;
let finance: Caller;
const TODAY = '2026-11-23';
const SETTLED = '2026-09';

beforeAll(async () => {
  h = await openHarness({ demo: true, now: `${TODAY}T09:30:00` });
  director = await h.as('zhuren');
  office = await h.as('bangongshi');
  captain = await h.as('duizhang');
  manager = await h.as('jingli');
  finance = await h.as('caiwu');
});
afterAll(() => h.close());

describe('dashboard.overview', () => {
  it("the director: tickets to approve, open flags and dismissal flags, as the lists show them; no fuel or settlement part", async () => {
    const o = await director.ok('dashboard.overview', {});
    expect(o).toMatchObject({ today: TODAY, closingMonth: '2026-10', fuel: null, settlements: null });
    // drafts wait for the director to report them
    expect(o.repairsToAct).toBe((await director.ok('repairs.list', { statuses: ['draft'], pageSize: 1 })).total);
    expect(o.ticketsToApprove).toBe((await director.ok('dispatch.list', { statuses: ['requested'], pageSize: 1 })).total);
    expect(o.dismissalFlags).toBe((await director.ok('personnel.flags', { open: true, pageSize: 1 })).total);
    // every unresolved flag, counted one by one from the tickets that have them
    const flagged = await director.ok('dispatch.list', { flag: 'unresolved', pageSize: 200 });
    let open = 0;
    for (const t of flagged.items) open += (await director.ok('dispatch.get', { id: t.id })).flagDetails.filter((f) => f.resolvedAt === null).length;
    expect(o.openFlags).toBe(open);
    expect(open).toBeGreaterThan(0);
  });

  it('the fleet captain: the closing month fuel audit as his month page shows it, the most excess first', async () => {
    const o = await captain.ok('dashboard.overview', {});
    expect(o.ticketsToApprove).toBeNull();
    expect(o.dismissalFlags).toBeNull(); // the director decides them
    expect(actionableRepairStatuses(['fleet_captain'])).toEqual(['approved', 'at_shop', 'parts_verified']);
    expect(o.repairsToAct).toBe((await captain.ok('repairs.list', { statuses: ['approved', 'at_shop', 'parts_verified'], pageSize: 1 })).total);
    const month = await captain.ok('fuel.month', { month: '2026-10' });
    const over = month.items.filter((i) => i.fillupId === null);
    expect(over.length).toBeGreaterThan(0);
    expect(o.fuel).toMatchObject({ month: '2026-10', state: month.state, unresolved: month.unresolved, over: over.length, excessFen: over.reduce((s, i) => s + i.amountFen, 0) });
    expect(o.fuel!.overVehicles.map((v) => v.plate).sort()).toEqual(over.map((i) => i.plate).slice(0, 10).sort());
    const fens = o.fuel!.overVehicles.map((v) => v.excessFen);
    expect(fens).toEqual([...fens].sort((a, b) => b - a));
    expect(o.settlements).toBeNull();
  });

  it('finance: approved settlements to lock and locked ones to pay; a draft is not listed', async () => {
    expect((await finance.ok('dashboard.overview', {})).settlements).toEqual([]);
    await office.ok('settlement.prepare', { month: SETTLED });
    expect((await finance.ok('dashboard.overview', {})).settlements).toEqual([]);
    await captain.ok('settlement.review', { month: SETTLED });
    const approved = await manager.ok('settlement.approve', { month: SETTLED });
    const o = await finance.ok('dashboard.overview', {});
    expect(o.settlements).toEqual([{ month: SETTLED, status: 'approved', rows: approved.rows.length, netFen: approved.netFen, lockedAt: null }]);
    expect(o.fuel).toBeNull();
    expect(o.ticketsToApprove).toBeNull();
  });

  it('a driver has no dashboard (FORBIDDEN)', async () => {
    const driver = await h.as('siji02');
    const r = await driver.call('dashboard.overview', {});
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});

describe('charts', () => {
  it('money: twelve months ending with the month asked; the prepared month equals its sheet, kind by kind', async () => {
    const m = await finance.ok('dashboard.money', { month: '2026-11' });
    expect(m.months.map((x) => x.month)).toEqual(twelveMonths('2026-11'));
    expect(m.months[0]!.month).toBe('2025-12');
    const sheet = await finance.ok('settlement.get', { month: SETTLED });
    const total = (k: (typeof LINE_KINDS)[number]) => sheet.rows.reduce((s, r) => s + r.totals[k], 0);
    const row = m.months.find((x) => x.month === SETTLED)!;
    expect(row).toEqual({
      month: SETTLED,
      status: sheet.status,
      bonusFen: total('bonus'),
      subsidyFen: total('subsidy'),
      deductionFen: total('fine') + total('accident') + total('fuel') + total('repair') + total('assessment'),
      adjustmentFen: total('adjustment'),
      netFen: sheet.netFen,
    });
    expect(row.bonusFen).toBeGreaterThan(0);
    expect(row.deductionFen).toBeLessThan(0);
    for (const x of m.months.filter((y) => y.month !== SETTLED)) expect(x).toMatchObject({ status: 'none', bonusFen: 0, netFen: 0 });
    // the current month when none is asked
    expect((await finance.ok('dashboard.money', {})).months.at(-1)!.month).toBe('2026-11');
  });

  it('accidents: eight quarters ending with the month’s, each finding counted as the accident list shows it', async () => {
    const a = await director.ok('dashboard.accidents', { month: '2026-11' });
    expect(a.quarters.map((q) => q.quarter)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const list = await director.ok('accidents.list', { pageSize: 200 });
    expect(list.total).toBeGreaterThan(2);
    for (const q of a.quarters) {
      const inQuarter = list.items.filter((x) => quarterOf(x.occurredAt.slice(0, 7)) === q.quarter);
      expect(q.counts).toEqual(Object.fromEntries(ACCIDENT_FINDINGS.map((f) => [f, inQuarter.filter((x) => x.finding === f).length])));
      expect(q.total).toBe(inQuarter.length);
    }
    expect(a.quarters.reduce((s, q) => s + q.total, 0)).toBe(list.items.filter((x) => x.occurredAt >= '2025-01-01').length);
  });

  it('quarters: a month in the middle or at the end of its quarter', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-12'].map(quarterOf)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q4']);
  });

  it("repairs: by shop equal to the shops' monthly statements over the twelve months; by vehicle adds up to the same", async () => {
    const r = await office.ok('dashboard.repairs', { month: '2026-11' });
    expect(r).toMatchObject({ from: '2025-12', to: '2026-11' });
    const shops = await office.ok('shops.list', { pageSize: 200 });
    let total = 0;
    let orders = 0;
    for (const shop of shops.items) {
      let shopFen = 0;
      let shopOrders = 0;
      for (const month of twelveMonths('2026-11')) {
        const s = await office.ok('repairs.statement', { month, shopId: shop.id });
        shopFen += s.totalFen;
        shopOrders += s.orders.length;
      }
      const row = r.byShop.find((x) => x.shopId === shop.id);
      if (shopOrders === 0) expect(row).toBeUndefined();
      else expect(row).toEqual({ shopId: shop.id, name: shop.name, totalFen: shopFen, orders: shopOrders });
      total += shopFen;
      orders += shopOrders;
    }
    expect(orders).toBeGreaterThan(0);
    expect(r.totalFen).toBe(total);
    expect(r.orders).toBe(orders);
    expect(r.byVehicle.reduce((s, v) => s + v.totalFen, 0)).toBe(total);
    expect(r.byVehicle.length).toBeLessThanOrEqual(11);
  });

  it('fuel: each month equals the sum of that month’s fuel audit', async () => {
    const f = await captain.ok('dashboard.fuel', { month: '2026-11' });
    expect(f.months.map((m) => m.month)).toEqual(twelveMonths('2026-11'));
    let seen = 0;
    for (const m of f.months) {
      const audit = await captain.ok('fuel.audit', { month: m.month });
      expect(m).toEqual({
        month: m.month,
        km: audit.totals.km,
        litres: audit.totals.litres,
        allowedLitres: audit.rows.reduce((s, r) => s + r.allowedLitres, 0),
        excessLitres: audit.totals.excessLitres,
        excessFen: audit.totals.excessFen,
        vehicles: audit.rows.length,
        over: audit.totals.over,
      });
      seen += audit.rows.length;
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('refuses a malformed month naming the field, for every chart', async () => {
    for (const method of ['dashboard.money', 'dashboard.accidents', 'dashboard.repairs', 'dashboard.fuel'] as const) {
      const r = await director.call(method, { month: '2026-13' });
      expect(r.ok ? null : r.error).toMatchObject({ code: 'INVALID_INPUT', fields: { month: expect.any(String) } });
    }
  });
});
