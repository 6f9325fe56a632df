// The home dashboard on the demo depot, per role: the director's approvals and flags, the fleet
// captain's closing fuel audit with its over-limit vehicles, finance's settlements to lock and to
// pay (none in the demo until the month before last is prepared, reviewed and approved), and the
// four charts, whose tables must show exactly the backend methods' figures (for the month picked
// too). A driver has no dashboard.
import { expect, test, type Locator, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import { formatFen, formatFixed } from '../../shared/domain/money.ts';
import type { DashboardAccidents, DashboardFuel, DashboardMoney, DashboardOverview, DashboardRepairs } from '../../shared/api/dashboard.ts';
import { buttonName } from './pages/app.ts';
import { snap, useServer } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true, demo: true });
const monthBefore = dayjs().startOf('month').subtract(2, 'month').format('YYYY-MM');
const thisMonth = dayjs().format('YYYY-MM');

/** The backend's answer to a method, as the user would get it. */
async function backend<T>(username: string, method: string, input: unknown = {}): Promise<T> {
  const api = await apiAs(server.url, username, DEMO_PASSWORD);
  return (await api(method, input)) as T;
}

const statValue = (card: Locator) => card.locator('.ant-statistic-content-value');
/** A table's row by its key (the month, the quarter, …) and its cells' texts. */
const cells = (table: Locator, key: string) => table.locator(`tr[data-row-key="${key}"] td`);

test('the director sees the tickets to approve, the repairs to act on, the open flags and the dismissal flags, as the backend counts them', async ({ page }) => {
  await server.loginAs(page, 'zhuren');
  const o = await backend<DashboardOverview>('zhuren', 'dashboard.overview');
  // the counts against the lists they stand for
  const requested = await backend<{ total: number }>('zhuren', 'dispatch.list', { statuses: ['requested'], pageSize: 1 });
  const dismissal = await backend<{ total: number }>('zhuren', 'personnel.flags', { open: true, pageSize: 1 });
  expect(o.ticketsToApprove).toBe(requested.total);
  expect(o.dismissalFlags).toBe(dismissal.total);
  expect(o.ticketsToApprove).toBeGreaterThan(0);
  expect(o.openFlags).toBeGreaterThan(0);

  const todo = page.getByTestId('overview-todo');
  await expect(todo).toContainText('待办事项');
  await expect(statValue(todo.getByTestId('overview-ticketsToApprove'))).toHaveText(String(o.ticketsToApprove));
  await expect(statValue(todo.getByTestId('overview-repairsToAct'))).toHaveText(String(o.repairsToAct));
  await expect(statValue(todo.getByTestId('overview-openFlags'))).toHaveText(String(o.openFlags));
  await expect(statValue(todo.getByTestId('overview-dismissalFlags'))).toHaveText(String(o.dismissalFlags));
  await expect(todo.getByTestId('overview-ticketsToApprove')).toContainText('待审批的派车单');
  // the director has no fuel audit to sign nor settlement to lock
  expect(o.fuel).toBeNull();
  expect(o.settlements).toBeNull();
  await expect(page.getByTestId('overview-fuel')).toHaveCount(0);
  await expect(page.getByTestId('overview-settlements')).toHaveCount(0);
  // the existing lists are still there
  await expect(page.getByTestId('home-flags').locator('.ant-list-item').first()).toBeVisible();
  await expect(page.getByTestId('dashboard-money-chart')).toBeVisible();
  await snap(page, '900-home-director');

  // each count opens where it is dealt with
  await todo.getByTestId('overview-openFlags').click();
  await expect(page).toHaveURL(/#\/tickets\?flag=unresolved$/);
  await page.goBack();
  await page.getByTestId('overview-dismissalFlags').click();
  await expect(page).toHaveURL(/#\/personnel-flags$/);
});

test("the fleet captain sees the closing month's fuel audit and its over-limit vehicles", async ({ page }) => {
  await server.loginAs(page, 'duizhang');
  const o = await backend<DashboardOverview>('duizhang', 'dashboard.overview');
  const fuel = o.fuel!;
  expect(fuel).not.toBeNull();
  expect(fuel.over).toBeGreaterThan(0);
  const card = page.getByTestId('overview-fuel');
  await expect(card).toContainText(`${fuel.month} 油耗核算`);
  await expect(card.getByTestId('overview-fuel-state')).toHaveText(fuel.state === 'signed' ? '已签字' : '未签字');
  await expect(statValue(card.getByTestId('overview-fuel-unresolved'))).toHaveText(String(fuel.unresolved));
  await expect(statValue(card.getByTestId('overview-fuel-over'))).toHaveText(String(fuel.over));
  await expect(card.getByTestId('overview-fuel-excess')).toContainText(formatFen(fuel.excessFen));
  const vehicles = card.getByTestId('overview-fuel-vehicle');
  await expect(vehicles).toHaveCount(fuel.overVehicles.length);
  for (const [i, v] of fuel.overVehicles.entries()) {
    await expect(vehicles.nth(i)).toContainText(v.plate);
    await expect(vehicles.nth(i)).toContainText(`超耗 ${formatFen(v.excessFen)} 元`);
    await expect(vehicles.nth(i)).toContainText(v.resolved ? '已处理' : '待处理');
  }
  // the captain approves no tickets, decides no dismissal
  await expect(page.getByTestId('overview-ticketsToApprove')).toHaveCount(0);
  await expect(page.getByTestId('overview-dismissalFlags')).toHaveCount(0);
  await expect(page.getByTestId('overview-settlements')).toHaveCount(0);
  await snap(page, '901-home-captain');

  await card.getByRole('button', { name: '打开油耗核算' }).click();
  await expect(page).toHaveURL(new RegExp(`#/fuel-audit\\?month=${fuel.month}$`));
});

test('finance sees no settlement to lock in the demo; once the month before last is approved it is there to lock, then to pay', async ({ page }) => {
  await server.loginAs(page, 'caiwu');
  const card = page.getByTestId('overview-settlements');
  await expect(card).toContainText('没有待锁定或待支付的结算');
  expect((await backend<DashboardOverview>('caiwu', 'dashboard.overview')).settlements).toEqual([]);

  // the office prepares the month before last, the captain reviews it, the manager office approves it
  await backend('bangongshi', 'settlement.prepare', { month: monthBefore });
  await backend('duizhang', 'settlement.review', { month: monthBefore });
  await backend('jingli', 'settlement.approve', { month: monthBefore });
  await page.reload();
  let s = (await backend<DashboardOverview>('caiwu', 'dashboard.overview')).settlements!;
  expect(s).toHaveLength(1);
  let item = card.getByTestId('overview-settlement');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(monthBefore);
  await expect(item).toContainText('经理室已批准');
  await expect(item.getByTestId('overview-settlement-todo')).toHaveText('待锁定');
  await expect(item).toContainText(`${s[0]!.rows} 人 · 实发合计 ${formatFen(s[0]!.netFen)} 元`);
  await snap(page, '902-home-finance');

  // locked: now to pay
  await backend('caiwu', 'settlement.lock', { month: monthBefore });
  await page.reload();
  s = (await backend<DashboardOverview>('caiwu', 'dashboard.overview')).settlements!;
  item = card.getByTestId('overview-settlement');
  await expect(item.getByTestId('overview-settlement-todo')).toHaveText('待支付');
  await expect(item).toContainText('已锁定');
  await expect(item).toContainText(`锁定于 ${s[0]!.lockedAt}`);
  await item.getByRole('link', { name: monthBefore }).click();
  await expect(page).toHaveURL(new RegExp(`#/settlement\\?month=${monthBefore}$`));
});

/** Each chart's table against its method's output for the month; each chart drawn. */
async function checkCharts(page: Page, month: string) {
  const money = await backend<DashboardMoney>('jingli', 'dashboard.money', { month });
  const accidents = await backend<DashboardAccidents>('jingli', 'dashboard.accidents', { month });
  const repairs = await backend<DashboardRepairs>('jingli', 'dashboard.repairs', { month });
  const fuel = await backend<DashboardFuel>('jingli', 'dashboard.fuel', { month });

  const moneyTable = page.getByTestId('dashboard-money-table');
  await expect(moneyTable.locator('tbody tr.ant-table-row')).toHaveCount(money.months.length);
  for (const m of money.months) {
    const row = cells(moneyTable, m.month);
    if (m.status === 'none') {
      await expect(row.nth(1)).toHaveText('未制表');
      await expect(row.nth(2)).toHaveText('—');
    } else {
      await expect(row.nth(1)).not.toHaveText('未制表');
      await expect(row.nth(2)).toHaveText(formatFen(m.bonusFen));
      await expect(row.nth(3)).toHaveText(formatFen(m.subsidyFen));
      await expect(row.nth(4)).toHaveText(formatFen(m.deductionFen));
      await expect(row.nth(5)).toHaveText(formatFen(m.adjustmentFen));
      await expect(row.nth(6)).toHaveText(formatFen(m.netFen));
    }
  }

  const accTable = page.getByTestId('dashboard-accidents-table');
  await expect(accTable.locator('tbody tr.ant-table-row')).toHaveCount(accidents.quarters.length);
  for (const q of accidents.quarters) {
    const row = cells(accTable, q.quarter);
    await expect(row.nth(1)).toHaveText(String(q.counts.pending));
    await expect(row.nth(2)).toHaveText(String(q.counts.full));
    await expect(row.nth(3)).toHaveText(String(q.counts.main));
    await expect(row.nth(7)).toHaveText(String(q.total));
  }

  const repTable = page.getByTestId('dashboard-repairs-table');
  await expect(page.getByTestId('dashboard-repairs-summary')).toContainText(`${repairs.orders} 张维修单，合计 ${formatFen(repairs.totalFen)} 元`);
  await page.getByTestId('dashboard-repairs-by').getByText('按车辆').click();
  await expect(repTable.locator('tbody tr.ant-table-row')).toHaveCount(repairs.byVehicle.length);
  for (const [i, v] of repairs.byVehicle.entries()) {
    const row = repTable.locator('tbody tr.ant-table-row').nth(i).locator('td');
    await expect(row.nth(0)).toHaveText(v.vehicleId === null ? '其他车辆' : v.plate);
    await expect(row.nth(1)).toHaveText(String(v.orders));
    await expect(row.nth(2)).toHaveText(formatFen(v.totalFen));
  }
  await page.getByTestId('dashboard-repairs-by').getByText('按修理厂').click();
  await expect(repTable.locator('tbody tr.ant-table-row')).toHaveCount(repairs.byShop.length);
  for (const [i, sh] of repairs.byShop.entries()) {
    const row = repTable.locator('tbody tr.ant-table-row').nth(i).locator('td');
    await expect(row.nth(0)).toHaveText(sh.name);
    await expect(row.nth(2)).toHaveText(formatFen(sh.totalFen));
  }
  await page.getByTestId('dashboard-repairs-by').getByText('按车辆').click();

  const fuelTable = page.getByTestId('dashboard-fuel-table');
  await expect(fuelTable.locator('tbody tr.ant-table-row')).toHaveCount(fuel.months.length);
  for (const m of fuel.months) {
    const row = cells(fuelTable, m.month);
    await expect(row.nth(1)).toHaveText(formatFixed(m.litres, 2));
    await expect(row.nth(2)).toHaveText(formatFixed(m.allowedLitres, 2));
    await expect(row.nth(3)).toHaveText(formatFixed(m.excessLitres, 2));
    await expect(row.nth(4)).toHaveText(formatFen(m.excessFen));
    await expect(row.nth(5)).toHaveText(`${m.over} / ${m.vehicles}`);
  }
  return { money, accidents, repairs, fuel };
}

/** Bars drawn in a chart (the chart is not empty). */
const bars = (page: Page, name: string) => page.getByTestId(`dashboard-${name}-chart`).locator('.recharts-bar-rectangle path, path.recharts-rectangle');

test("the charts' tables show the backend's figures, for this month and for a month picked", async ({ page }) => {
  await server.loginAs(page, 'jingli');
  const picker = page.getByLabel('统计截止月份');
  await expect(picker).toHaveValue(thisMonth);
  const { money, accidents, repairs, fuel } = await checkCharts(page, thisMonth);
  // the demo has figures for each chart (the settlement prepared above for money)
  expect(money.months.some((m) => m.status !== 'none')).toBe(true);
  expect(accidents.quarters.some((q) => q.total > 0)).toBe(true);
  expect(repairs.byVehicle.length).toBeGreaterThan(0);
  expect(fuel.months.some((m) => m.litres > 0)).toBe(true);
  for (const name of ['money', 'accidents', 'repairs', 'fuel']) await expect(bars(page, name).first()).toBeVisible();
  await snap(page, '903-home-charts');

  // the month before last: the address says so and every table follows
  await picker.click();
  await picker.fill(monthBefore);
  await picker.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/home\\?month=${monthBefore}$`));
  await expect(cells(page.getByTestId('dashboard-fuel-table'), thisMonth)).toHaveCount(0);
  await checkCharts(page, monthBefore);
  // a link to the month opens it
  await page.reload();
  await expect(picker).toHaveValue(monthBefore);
  await page.getByRole('button', { name: buttonName('本月') }).click();
  await expect(picker).toHaveValue(thisMonth);
});

test('the home page in English', async ({ page }) => {
  await server.loginAs(page, 'duizhang');
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('overview-fuel')).toContainText('Fuel audit of');
  await expect(page.getByTestId('dashboard-money')).toContainText('Bonuses, subsidies and deductions, last 12 months');
  await expect(page.getByTestId('dashboard-accidents-table')).toContainText('main liability');
  await snap(page, '904-home-captain-en');
  await page.getByText('中文', { exact: true }).click();
});

test('a driver has no dashboard', async ({ page }) => {
  await server.loginAs(page, 'siji02');
  await expect(page.getByText('欢迎')).toBeVisible();
  await expect(page.getByTestId('overview-todo')).toHaveCount(0);
  await expect(page.getByTestId('dashboard-money')).toHaveCount(0);
});
