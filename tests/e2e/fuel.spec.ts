// Fuel: a driver records a fill-up through the form (a refused time first, nothing typed lost),
// then the fleet captain audits the month: the Southeast vehicle over its limit, the drawer
// with the computation in words, the drivers' shares by km and the anomalies; and the audit in
// English. The month's trips and other fills are made through the API, as in fuel.test.ts.
import { expect, test, type Locator, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import { buttonName, pickOption } from './pages/app.ts';
import { shot, useServer } from './fixtures.ts';
import { ADMIN, apiAs, DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true });

// The server runs on the real clock: everything happens on the 1st to the 3rd of the current
// month, in the past — or of last month in the first days of a month (the audit's 上月 then).
const inLastMonth = dayjs().date() < 5;
const month = inLastMonth ? dayjs().startOf('month').subtract(1, 'month') : dayjs().startOf('month');
const day = (n: number) => month.date(n).format('YYYY-MM-DD');
// The seasonal float lies half a year away, so the month's limit is the ordinary 14.00 L/100 km.
const otherMonth = ((month.month() + 6) % 12) + 1;

test.beforeAll(async () => {
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  const southeast = await admin('models.create', { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [{ fromMonth: otherMonth, toMonth: otherMonth, float: 650 }], tankCapacity: 5000, maintenanceIntervalKm: 5000 });
  const wuling = await admin('models.create', { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000, maintenanceIntervalKm: 5000 });
  const vehicleId = (await admin('vehicles.create', { plate: '苏ED3101', modelId: southeast.id, parkingPlace: '车库 1 号位', initialOdometerKm: 10000 })).id;
  const wulingId = (await admin('vehicles.create', { plate: '苏EW9002', modelId: wuling.id, parkingPlace: '车库 2 号位', initialOdometerKm: 30000 })).id;
  const driver = (name: string, employeeNo: string) => admin('drivers.create', { name, employeeNo, permitNo: `P-${employeeNo}`, permitValidFrom: '2022-01-01', permitValidTo: '2030-12-31' });
  const driverA = (await driver('李志强', 'KF1002')).id;
  const driverB = (await driver('张伟', 'KF1003')).id;
  const stationId = (await admin('stations.create', { name: '中石化城东加油站' })).id;
  await admin('stations.create', { name: '中石油南环路加油站' });
  const user = (username: string, displayName: string, roles: string[], driverId: unknown = null) => admin('users.create', { username, displayName, password: DEMO_PASSWORD, roles, driverId });
  await user('zhuren', '郑主任', ['director']);
  await user('bangongshi', '许文静', ['fleet_office']);
  await user('duizhang', '韩队长', ['fleet_captain']);
  await user('jingli', '沈经理', ['manager_office']);
  await user('caiwu', '蒋会计', ['finance']);
  await user('siji02', '李志强', ['driver'], driverA);
  await user('siji03', '张伟', ['driver'], driverB);
  const director = await apiAs(server.url, 'zhuren', DEMO_PASSWORD);
  const office = await apiAs(server.url, 'bangongshi', DEMO_PASSWORD);
  const siji02 = await apiAs(server.url, 'siji02', DEMO_PASSWORD);
  const siji03 = await apiAs(server.url, 'siji03', DEMO_PASSWORD);

  // 苏ED3101: A drives 600 km on the 1st, B 400 km on the 3rd; 苏EW9002: B 200 km on the 2nd,
  // leaving 50 km above its last reading (unlogged: the odometer says 250 km for the month).
  const trip = async (vehicle: unknown, driverId: unknown, date: string, from: string, to: string, outKm: number, km: number) => {
    const t = await office('dispatch.request', { vehicleId: vehicle, driverId, purposeKind: 'delivery', destination: '城东线', plannedDeparture: `${date} ${from}`, plannedReturn: `${date} ${to}` });
    await director('dispatch.approve', { id: t.id, byPhone: true, approvedAt: `${date} 07:30` });
    await office('dispatch.checkOut', { id: t.id, departedAt: `${date} ${from}`, odometerOutKm: outKm });
    await office('dispatch.checkIn', { id: t.id, returnedAt: `${date} ${to}`, odometerInKm: outKm + km, parkedAtPlace: true });
  };
  await trip(vehicleId, driverA, day(1), '08:00', '12:00', 10000, 300);
  await trip(vehicleId, driverA, day(1), '13:00', '17:00', 10300, 300);
  await trip(wulingId, driverB, day(2), '08:00', '17:00', 30050, 200);
  await trip(vehicleId, driverB, day(3), '08:00', '17:00', 10600, 400);

  const fill = (over: Record<string, unknown>) => ({ vehicleId, stationId, litres: 5000, unitPriceFen: 750, amountFen: 37500, fullTank: true, ...over });
  await siji02('fuel.create', fill({ driverId: driverA, filledAt: `${day(1)} 10:00`, invoiceNo: 'FP0001', odometerKm: 10150 }));
  // more than the 50 L tank, and 52.00 × 7.50 is 390.00, not 391.00
  await siji03('fuel.create', fill({ driverId: driverB, filledAt: `${day(3)} 12:00`, litres: 5200, amountFen: 39100, invoiceNo: 'FP0003', odometerKm: 10800 }));
  // a station not on the list, a day without a trip, the invoice number again, the odometer going back, a price far from the others
  await office('fuel.create', fill({ driverId: driverB, filledAt: `${day(2)} 18:00`, stationId: undefined, stationName: '路边加油站', litres: 2000, unitPriceFen: 900, amountFen: 18000, invoiceNo: 'FP0003', odometerKm: 10500 }));
  await siji03('fuel.create', fill({ vehicleId: wulingId, driverId: driverB, filledAt: `${day(2)} 12:00`, litres: 1500, amountFen: 11250, invoiceNo: 'FP0004', odometerKm: 30100 }));
});

/** Waits for the dialogs' and drawers' opening animations to finish. */
// (A button's loading icon may stay in its leaving state after a refused submit: not waited for.)
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(':is([class*="-enter-active"], [class*="-appear-active"], [class*="-leave-active"]):not(.ant-btn-loading-icon)'));
}

/** A screenshot once the animations are over (of the window only, where a drawer is open). */
async function snap(page: Page, name: string, fullPage = true) {
  await settled(page);
  await page.screenshot({ path: shot(name), fullPage });
}

/** Types a time into the date-time picker and presses Enter, which also submits the dialog. */
async function typeTime(input: Locator, minute: string) {
  await input.click();
  await input.fill(minute);
  await input.press('Enter');
}

async function openAudit(page: Page, menu: string, lastMonth: string, monthLabel: string) {
  await page.getByRole('menuitem', { name: menu }).click();
  if (inLastMonth) await page.getByRole('button', { name: buttonName(lastMonth) }).click();
  await expect(page.getByLabel(monthLabel)).toHaveValue(month.format('YYYY-MM'));
}

test('a driver records a fill-up: a time in the future is refused, nothing typed is lost', async ({ page }) => {
  const shell = await server.loginAs(page, 'siji02');
  await expect(shell.menuItem('单车耗油核算')).toHaveCount(0);
  await shell.open('加油记录');
  // their own fills only
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await expect(page.locator('.ant-table-row').first()).toContainText('FP0001');
  await page.getByRole('button', { name: '登记加油' }).click();
  const dialog = page.getByRole('dialog');
  await settled(page);
  await expect(dialog.getByTestId('fill-driver')).toContainText('李志强（KF1002）');
  await pickOption(dialog, '车辆', '苏ED3101 · 东南 · 可用');
  await pickOption(dialog, '加油站', '中石化城东加油站');
  await dialog.getByTestId('fill-litres').fill('30');
  await dialog.getByTestId('fill-price').fill('7.50');
  // the amount follows litres × price until typed; a different one is warned about, not refused
  await expect(dialog.getByTestId('fill-amount')).toHaveValue('225.00');
  await dialog.getByTestId('fill-amount').fill('226.00');
  await expect(dialog.getByTestId('amount-warning')).toHaveText('与 升数 × 单价 = 225.00 元 不符，请核对发票');
  await dialog.getByTestId('fill-amount').fill('225.00');
  await expect(dialog.getByTestId('amount-warning')).toHaveCount(0);
  await dialog.getByLabel('发票号').fill('FP0002');
  await dialog.getByTestId('fill-odometer').fill('10450');
  await dialog.getByRole('switch').click();
  await expect(dialog.getByRole('switch')).not.toBeChecked();
  await typeTime(dialog.getByLabel('加油时间'), `${dayjs().add(1, 'day').format('YYYY-MM-DD')} 09:00`);
  await expect(dialog.locator('.ant-form-item-explain-error')).toContainText('时间不能晚于现在');
  await expect(dialog.getByLabel('发票号')).toHaveValue('FP0002');
  await expect(dialog.getByTestId('fill-amount')).toHaveValue('225.00');
  await expect(dialog.getByRole('switch')).not.toBeChecked();
  await snap(page, '90-fuel-fillup-refused');

  await typeTime(dialog.getByLabel('加油时间'), `${day(1)} 15:00`);
  await expect(dialog).toBeHidden();
  await expect(page.locator('.ant-message')).toContainText('已登记 苏ED3101 的加油记录（发票号 FP0002）');
  const row = page.locator('.ant-table-row').filter({ hasText: 'FP0002' });
  await expect(row).toContainText(`${day(1)} 15:00`);
  await expect(row).toContainText('30.00');
  await expect(row).toContainText('225.00');
  await expect(page.locator('.ant-table-row')).toHaveCount(2);
  await snap(page, '91-fuel-fillups-driver');
});

test('the captain audits the month: over the limit, the computation, the shares, the anomalies', async ({ page }) => {
  await server.loginAs(page, 'duizhang');
  await openAudit(page, '单车耗油核算', '上月', '月份');
  // 1 000 km at 14.00 L/100 km allow 140 L; 152 L bought (the driver's 30 L included)
  const rows = page.locator('.ant-table-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('苏ED3101');
  await expect(rows.first()).toContainText('超耗');
  await expect(rows.first()).toContainText('152.00');
  await expect(rows.first()).toContainText('140.00');
  await expect(rows.first()).toContainText('92.45');
  await expect(rows.first().getByTestId('anomaly-count')).toContainText('8');
  await expect(rows.nth(1)).toContainText('苏EW9002');
  await expect(rows.nth(1)).toContainText('未超耗');
  await expect(rows.nth(1).getByTestId('odometer-differs')).toHaveText('里程表 250 km');
  await expect(page.getByTestId('total-over')).toContainText('1');
  await expect(page.getByTestId('total-excess')).toContainText('92.45');
  await snap(page, '92-fuel-audit');

  await rows.first().click();
  const drawer = page.getByTestId('fuel-vehicle');
  await expect(drawer.getByTestId('fuel-steps')).toBeVisible();
  const steps = drawer.getByTestId('fuel-steps').locator('li');
  await expect(steps).toHaveText([
    '本月出车里程（按派车单，收车所在月份计）：1000 km',
    '本月加油 152.00 L，金额 1,171.00 元',
    '东南 油耗限额 = 标准 9.50 + 浮动 4.50 = 14.00 L/100km',
    '允许用油 = 1000 km × 14.00 ÷ 100 = 140.00 L',
    '实际油耗 = 152.00 L ÷ 1000 km × 100 = 15.20 L/100km',
    '超耗 = 152.00 L − 140.00 L = 12.00 L',
    '超耗金额 = 12.00 L × 本月实付均价 7.70 元/L = 92.45 元',
  ]);
  // the excess shared by km: 600 and 400 of 1 000
  const drivers = drawer.getByTestId('fuel-drivers');
  await expect(drivers.locator('.ant-table-row').filter({ hasText: '李志强' })).toContainText('55.47');
  await expect(drivers.locator('.ant-table-row').filter({ hasText: '张伟' })).toContainText('36.98');
  await snap(page, '93-fuel-audit-drawer', false);

  const fills = drawer.getByTestId('fuel-fills');
  await expect(fills.getByTestId('amount-mismatch')).toContainText('应为 390.00');
  await expect(fills.getByTestId('anomaly-over_tank')).toHaveText('加油 52.00 L 超过油箱容量 50.00 L');
  await expect(fills.getByTestId('anomaly-station_not_approved')).toHaveText('加油站“路边加油站”不在指定加油站名单内');
  await expect(fills.getByTestId('anomaly-no_dispatch')).toHaveText(`${day(2)} 该车没有出车记录`);
  await expect(fills.getByTestId('anomaly-duplicate_invoice')).toHaveCount(2);
  await fills.scrollIntoViewIfNeeded();
  await snap(page, '94-fuel-audit-fills', false);

  const trips = drawer.getByTestId('fuel-trips');
  await trips.scrollIntoViewIfNeeded();
  await expect(trips.locator('.ant-table-row')).toHaveCount(3);
  await snap(page, '95-fuel-audit-trips', false);
  const ticket = trips.getByRole('link').first();
  const number = (await ticket.textContent()) ?? '';
  await ticket.click();
  await expect(page.getByText(`派车单 ${number}`)).toBeVisible();
});

test('the fuel audit in English', async ({ page }) => {
  await server.loginAs(page, 'duizhang');
  await page.getByText('English').click();
  await openAudit(page, 'Fuel audit', 'Last month', 'Month');
  const rows = page.locator('.ant-table-row');
  await expect(rows.first()).toContainText('Over the limit');
  await expect(rows.nth(1)).toContainText('Within');
  await expect(page.getByRole('columnheader', { name: /Excess value/ })).toBeVisible();
  await snap(page, '96-fuel-audit-en');
  await rows.first().click();
  const drawer = page.getByTestId('fuel-vehicle');
  await expect(drawer.getByTestId('fuel-steps')).toContainText("Excess value = 12.00 L × the month's average price paid 7.70 yuan/L = 92.45 yuan");
  await expect(drawer.getByTestId('anomaly-over_tank')).toHaveText('Filled 52.00 L, more than the tank (50.00 L)');
  await expect(drawer.getByTestId('amount-mismatch')).toContainText('should be 390.00');
  await snap(page, '97-fuel-audit-drawer-en', false);
  await page.keyboard.press('Escape');
  await page.getByText('中文').click();
});

test('reimbursement: the captain signs and registers invoices, the manager office approves them at once, finance sees them payable', async ({ page }) => {
  let shell = await server.loginAs(page, 'duizhang');
  await shell.open('加油记录');
  const rows = page.locator('.ant-table-row');
  // the four fills made above and the driver's: counted once the list has replaced the home page
  // (whose fuel card lists the closing month's vehicles over their limit: this test's, early in a month)
  const count = 5;
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(`共 ${count} 条`);
  await expect(rows).toHaveCount(count);
  for (let i = 0; i < count; i++) await rows.nth(i).locator('.ant-checkbox-input').check();
  await expect(page.getByTestId('fillups-step')).toContainText(`已选 ${count} 条`);
  await page.getByTestId('fillups-step').click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText(`确认对所选 ${count} 张加油发票签字登记？`);
  await confirm.getByRole('button', { name: buttonName('签字登记') }).click();
  await expect(page.locator('.ant-message')).toContainText(`已签字登记 ${count} 张发票`);
  await expect(page.getByTestId('fillup-state').first()).toHaveText('已签字登记');
  // registered ones cannot be selected again
  await expect(rows.first().locator('.ant-checkbox-input')).toBeDisabled();
  await page.screenshot({ path: shot('98-fuel-registered'), fullPage: true });

  const login = await shell.logout();
  shell = await login.login('jingli', DEMO_PASSWORD);
  await shell.open('加油记录');
  await rows.first().locator('.ant-checkbox-input').check();
  await page.getByTestId('fillups-step').click();
  await confirm.getByRole('button', { name: buttonName('批准报销') }).click();
  await expect(page.locator('.ant-message')).toContainText('已批准 1 张发票报销');
  await expect(rows.first().getByTestId('fillup-state')).toHaveText('已批准可报销');

  await (await shell.logout()).login('caiwu', DEMO_PASSWORD);
  await page.getByRole('menuitem', { name: '加油记录' }).click();
  await page.getByTestId('fillups-state').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('已批准可报销', { exact: true }).click();
  await expect(rows).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(page.getByTestId('fillups-state')).toContainText('已批准可报销');
  await expect(page.getByTestId('fillups-step')).toHaveCount(0);
  await page.screenshot({ path: shot('99-fuel-payable'), fullPage: true });
});
