// A trip as the people do it: the driver asks for a vehicle, the director approves, the driver
// checks out 40 km beyond the last reading's tolerance and checks in, and the reviewer finds
// the unlogged-mileage flag, explains it and closes the ticket.
import { expect, test, type Locator, type Page } from '@playwright/test';
import dayjs, { type Dayjs } from 'dayjs';
import { DEFAULT_POLICY } from '../../shared/domain/policy.ts';
import { buttonName, pickOption } from './pages/app.ts';
import { useServer, shot } from './fixtures.ts';
import { ADMIN, apiAs, DEMO_PASSWORD } from './server.ts';

const server = useServer({ admin: true });
let ticketNumber = '';

test.beforeAll(async () => {
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  const model = await admin('models.create', { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000, maintenanceIntervalKm: 5000 });
  await admin('vehicles.create', { plate: '苏EW9001', modelId: model.id, parkingPlace: '客服部车库 1 号位', initialOdometerKm: 12000 });
  const driver = await admin('drivers.create', { name: '李志强', employeeNo: 'KF2001', permitNo: 'SZYC200001', permitValidFrom: '2022-01-01', permitValidTo: '2030-12-31' });
  await admin('users.create', { username: 'siji', displayName: '李志强', password: DEMO_PASSWORD, roles: ['driver'], driverId: driver.id });
  await admin('users.create', { username: 'zhuren', displayName: '郑主任', password: DEMO_PASSWORD, roles: ['director'] });
  await admin('users.create', { username: 'duizhang', displayName: '韩队长', password: DEMO_PASSWORD, roles: ['fleet_captain'] });
});

/** Types a time into an antd date-time picker and presses Enter, which also submits the dialog. */
async function fillTime(input: Locator, at: Dayjs) {
  await input.click();
  await input.fill(at.format('YYYY-MM-DD HH:mm'));
  await input.press('Enter');
}

/**
 * The trip's times, whatever the machine's clock says: all today, none in the future, back
 * before the policy's closing time (else the trip is also flagged overnight), departure
 * half an hour before the return and the phone approval half an hour before that.
 */
async function tripTimes() {
  let now = dayjs();
  // In the first minutes after midnight there is no room for a trip today yet.
  if (now.diff(now.startOf('day'), 'minute') < 2) {
    await new Promise((r) => setTimeout(r, now.startOf('day').add(2, 'minute').diff(now)));
    now = dayjs();
  }
  const [hour, minute] = DEFAULT_POLICY.dispatch.closingTime.split(':').map(Number);
  const closing = now.hour(hour!).minute(minute!).second(0);
  const returned = now.isBefore(closing) ? now : closing.subtract(10, 'minute');
  const midnight = returned.startOf('day');
  const later = (a: Dayjs, b: Dayjs) => (a.isAfter(b) ? a : b);
  const departed = later(midnight.add(1, 'minute'), returned.subtract(30, 'minute'));
  return { approved: later(midnight, departed.subtract(30, 'minute')), departed, returned };
}

async function openTicket(page: Page) {
  await page.getByRole('menuitem', { name: '派车单' }).click();
  await page.getByRole('link', { name: ticketNumber }).click();
  await expect(page.getByText(`派车单 ${ticketNumber}`)).toBeVisible();
}

test('request, approve, check out with unlogged mileage, check in, review', async ({ page }) => {
  test.setTimeout(240_000);
  const times = await tripTimes();
  // The driver asks for a vehicle: only themselves as the driver.
  let shell = await server.loginAs(page, 'siji');
  await shell.open('今日派车');
  await page.getByRole('button', { name: buttonName('申请派车') }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('request-driver')).toContainText('李志强（KF2001）');
  // (retried: a click on the list while it is still opening may be lost)
  await pickOption(dialog, '车辆', '苏EW9001 · 五菱 · 可用');
  await dialog.getByLabel('目的地 / 配送线路').fill('城东线：城东路—南环路');
  await dialog.getByLabel('事由').fill('配送 18 户');
  await page.screenshot({ path: shot('40-dispatch-request'), fullPage: true });
  // Planned for the trip's time today (the form proposes the next full hour: tomorrow, late in
  // the evening, and the ticket would not be on today's board); Enter sends the request.
  await fillTime(dialog.getByLabel('预计出车时间'), times.departed);
  const done = page.locator('.ant-message').getByText(/派车单 PC\d{4}-\d{6} 已提交/);
  await expect(done).toBeVisible();
  ticketNumber = /PC\d{4}-\d{6}/.exec((await done.textContent()) ?? '')![0];
  await expect(page.getByTestId('column-requested')).toContainText(ticketNumber);
  await shell.logout();

  // The director enters the approval he gave by phone an hour ago.
  shell = await server.loginAs(page, 'zhuren');
  await shell.open('今日派车');
  await page.getByTestId('column-requested').getByRole('link', { name: ticketNumber }).click();
  await page.getByRole('button', { name: buttonName('批准') }).click();
  const approve = page.getByRole('dialog');
  await approve.getByText('登记电话批准').click();
  await fillTime(approve.getByLabel('批准时间'), times.approved);
  await expect(approve).toBeHidden();
  await expect(page.getByText('郑主任（客户服务部主任）').first()).toBeVisible();
  await expect(page.getByText('电话批准', { exact: true })).toBeVisible();
  await shell.logout();

  // The driver checks out: first a reading below the last one is refused next to the field.
  shell = await server.loginAs(page, 'siji');
  await openTicket(page);
  await page.getByRole('button', { name: '出车登记' }).click();
  const out = page.getByRole('dialog');
  await expect(out.getByTestId('odometer-out')).toHaveValue('12000');
  await expect(out.getByText('该车上次记录里程：12000 km')).toBeVisible();
  await out.getByTestId('odometer-out').fill('11990');
  await out.getByRole('button', { name: '出车登记' }).click();
  await expect(out.locator('.ant-form-item-explain-error')).toHaveText('里程不能小于该车的初始里程 12000 km');
  await page.screenshot({ path: shot('41-dispatch-checkout-refused'), fullPage: true });
  // 40 km beyond the tolerance of 5 km.
  await out.getByTestId('odometer-out').fill('12045');
  await fillTime(out.getByLabel('出车时间'), times.departed);
  await expect(out).toBeHidden();
  await expect(page.getByTestId('flag-unlogged_mileage').first()).toBeVisible();

  await page.getByRole('button', { name: '收车登记' }).click();
  const back = page.getByRole('dialog');
  await back.getByTestId('odometer-in').fill('12130');
  await fillTime(back.getByLabel('收车时间'), times.returned);
  await expect(back).toBeHidden();
  await expect(page.getByText('已收车').first()).toBeVisible();
  await shell.logout();

  // The reviewer finds it among the unresolved flags, with the gap.
  shell = await server.loginAs(page, 'duizhang');
  await shell.open('派车单');
  await page.getByTestId('filter-flag').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('未登记里程', { exact: true }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: ticketNumber });
  await expect(row).toContainText('未登记里程');
  await page.screenshot({ path: shot('42-dispatch-review-list'), fullPage: true });
  await row.getByRole('link', { name: ticketNumber }).click();
  await expect(page.getByTestId('flag-gap')).toHaveText('与上次记录里程相差 45 km（上次 12000 km）');
  await expect(page.getByRole('button', { name: buttonName('结单') })).toBeDisabled();
  await page.screenshot({ path: shot('43-dispatch-flag-gap'), fullPage: true });
  await page.getByTestId('flag-row-unlogged_mileage').getByRole('button', { name: buttonName('处理') }).click();
  await page.getByRole('dialog').getByLabel('处理说明').fill('驾驶员前一天加油绕行未登记，已批评教育');
  await page.getByRole('dialog').getByRole('button', { name: buttonName('处理') }).click();
  await expect(page.getByText('驾驶员前一天加油绕行未登记，已批评教育').first()).toBeVisible();
  await page.getByRole('button', { name: buttonName('结单') }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: buttonName('结单') }).click();
  await expect(page.getByText('已结单').first()).toBeVisible();
  await expect(page.getByTestId('event-closed')).toContainText('韩队长（车队长）');
  await page.screenshot({ path: shot('44-dispatch-closed'), fullPage: true });
});
