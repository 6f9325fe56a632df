// The dispatch screens on the demo depot (three months of trips): the day's board with its
// review list, the list with filters, a flagged ticket, its printout, monthly kilometres,
// a vehicle's trips and odometer, and what a driver sees.
import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import { buttonName } from './pages/app.ts';
import { useServer, shot } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';

const server = useServer({ admin: true, demo: true });

test('the board shows the day by status and the end-of-day review list', async ({ page }) => {
  const shell = await server.loginAs(page, 'bangongshi');
  await shell.open('今日派车');
  await expect(page.getByTestId('column-departed').locator('.ant-list-item').first()).toBeVisible();
  await expect(page.getByTestId('review-list').locator('.ant-table-row').first()).toBeVisible();
  await expect(page.getByTestId('review-list')).toContainText('待收车');
  await page.screenshot({ path: shot('30-dispatch-board'), fullPage: true });
});

test('the list finds flagged tickets, and a flagged ticket shows its flags and timeline', async ({ page }) => {
  const shell = await server.loginAs(page, 'duizhang');
  await shell.open('派车单');
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await page.getByTestId('filter-flag').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('异常未处理', { exact: true }).click();
  const rows = page.locator('.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('.ant-pagination-total-text')).toContainText('共');
  await page.screenshot({ path: shot('31-dispatch-list-unresolved'), fullPage: true });
  await rows.first().getByRole('link').first().click();
  await expect(page.getByText('经过')).toBeVisible();
  await expect(page.locator('[data-testid^="flag-row-"]').first()).toBeVisible();
  await page.screenshot({ path: shot('32-dispatch-ticket-flagged'), fullPage: true });
  await page.getByRole('button', { name: buttonName('打印派车单') }).click();
  await expect(page.getByTestId('print-ticket')).toContainText('车辆派车单');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: 'test-results/screenshots/33-dispatch-ticket.pdf', format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: shot('33-dispatch-print'), fullPage: true });
});

test('monthly kilometres by vehicle and driver, and a vehicle page with its odometer', async ({ page }) => {
  const shell = await server.loginAs(page, 'duizhang');
  await shell.open('月度里程');
  await expect(page.getByText('按收车时间所在月份统计')).toBeVisible();
  // Last month: all of it is in the demo on any day (on the first of a month no trip of this month is back yet).
  const lastMonth = dayjs().startOf('month').subtract(1, 'month').format('YYYY-MM');
  const picker = page.getByLabel('月份', { exact: true });
  await expect(picker).toHaveValue(dayjs().format('YYYY-MM'));
  await picker.click();
  await picker.fill(lastMonth);
  await picker.press('Enter');
  await expect(picker).toHaveValue(lastMonth);
  const km = await (await apiAs(server.url, 'duizhang', DEMO_PASSWORD))('dispatch.monthlyKm', { month: lastMonth });
  expect(km.totalTrips).toBeGreaterThan(0);
  await expect(page.locator('.ant-table-summary').first()).toContainText(`${km.totalTrips}${km.totalKm}`);
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: shot('34-dispatch-monthly-km'), fullPage: true });
  await page.locator('.ant-table-row').first().getByRole('link').click();
  await expect(page.getByRole('tab', { name: '里程记录' })).toBeVisible();
  await page.getByRole('tab', { name: '里程记录' }).click();
  await expect(page.getByText('当前里程')).toBeVisible();
  await page.screenshot({ path: shot('35-vehicle-odometer'), fullPage: true });
});

test('a driver sees only their own tickets', async ({ page }) => {
  const shell = await server.loginAs(page, 'siji03');
  await shell.open('派车单');
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  const drivers = await page.locator('.ant-table-row td:nth-child(4)').allTextContents();
  expect(new Set(drivers)).toEqual(new Set(['张伟']));
  await expect(shell.menuItem('月度里程')).toHaveCount(0);
  await page.screenshot({ path: shot('36-driver-own-tickets'), fullPage: true });
});

test('the dispatch screens in English', async ({ page }) => {
  const shell = await server.loginAs(page, 'zhuren');
  await page.getByText('English').click();
  await shell.menu.getByRole('menuitem', { name: "Today's dispatch" }).click();
  await expect(page.getByText('End-of-day review')).toBeVisible();
  await expect(page.getByTestId('column-requested')).toContainText('Requested');
  await page.screenshot({ path: shot('37-dispatch-board-en'), fullPage: true });
  await page.getByTestId('column-requested').getByRole('link').first().click();
  await expect(page.getByText('Timeline')).toBeVisible();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('dialog').getByText('Record phone approval')).toBeVisible();
  await page.screenshot({ path: shot('38-dispatch-approve-en'), fullPage: true });
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('中文').click();
});
