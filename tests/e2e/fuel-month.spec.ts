// The fuel month on the demo depot, as the people do it: the fleet office imports a GBK fuel-card
// statement (rows with problems shown before saving, the rejected ones downloaded, the same
// file again adds nothing); the captain opens last month's audit, looks at an over-limit
// vehicle's twelve months and computation, penalises it, explains the rest and signs; the
// director reopens the month with a reason.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import iconv from 'iconv-lite';
import { buttonName } from './pages/app.ts';
import { settled, shot, snap, submitDialog, useServer } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';
import type { FuelAudit, FuelMonth } from '../../shared/api/fuel.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true, demo: true });
const lastMonth = dayjs().startOf('month').subtract(1, 'month').format('YYYY-MM');

// Yesterday is always in the past and never in a signed month of the demo.
const yesterday = dayjs().subtract(1, 'day').format('YYYY-MM-DD');
const STATEMENT = [
  '交易时间,车牌号,持卡人,加油站,油品,数量(升),单价,金额,交易流水号',
  `${yesterday} 12:00,苏ED3101,李志强,中石化城东加油站,92号汽油,30.00,7.60,228.00,T90001`,
  `${yesterday} 13:00,苏EX0000,李志强,中石化城东加油站,92#,20.00,7.60,152.00,T90002`,
  `${yesterday} 25:00,苏ED3101,李志强,中石化城东加油站,92#,abc,7.60,,T90003`,
  `${yesterday} 12:00,苏ED3101,李志强,中石化城东加油站,92号汽油,30.00,7.60,228.00,T90001`,
].join('\r\n');
const file = { name: '中石化对账单.csv', mimeType: 'text/csv', buffer: iconv.encode(STATEMENT, 'gbk') };

async function chooseStatement(page: Page) {
  await page.getByLabel('发卡单位 / 加油站').fill('中石化加油卡');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: buttonName('上传并检查') }).click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
}

test('the fleet office imports a fuel-card statement: problems shown first, valid rows saved, the rest downloaded; the same file adds nothing', async ({ page }) => {
  const shell = await server.loginAs(page, 'bangongshi');
  await shell.open('导入对账单');
  await chooseStatement(page);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('总行数4');
  await expect(summary).toContainText('可导入1');
  await expect(summary).toContainText('不能导入3');
  await expect(page.getByText('列对应：按表头自动识别，请核对')).toBeVisible();
  const rows = page.getByTestId('import-rows');
  await expect(rows).toContainText('车牌号：苏EX0000 不在车辆名单内');
  await expect(rows).toContainText('与第 2 行完全相同');
  await expect(rows.locator('.ant-table-row').filter({ hasText: 'abc' })).toContainText('加油时间：');
  await snap(page, '100-import-preview');

  await page.getByRole('button', { name: buttonName('导入 1 条') }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await confirm.getByRole('button', { name: buttonName('导入 1 条') }).click();
  await expect(page.getByText('已导入 1 条加油记录')).toHaveCount(2); // the message and the result
  await expect(page.getByTestId('rejected-list')).toContainText('第 3 行');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载未导入的 3 行/ }).click()]);
  expect(download.suggestedFilename()).toBe('中石化对账单-未导入.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('行号,交易时间,车牌号');
  expect(csv).toContain('苏EX0000');
  expect(csv).toContain('车牌号：苏EX0000 不在车辆名单内');
  await snap(page, '101-import-done');

  // The same statement again: the mapping remembered, nothing to import.
  await page.getByRole('button', { name: buttonName('导入另一个文件') }).click();
  await chooseStatement(page);
  await expect(page.getByTestId('same-file')).toContainText('同一文件已于');
  await expect(page.getByText('列对应：沿用“中石化加油卡”上次的设置')).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('已导入过2');
  await expect(page.getByRole('button', { name: buttonName('导入 0 条') })).toBeDisabled();
  await snap(page, '102-import-again');

  await shell.open('加油记录');
  await expect(page.locator('.ant-table-row').filter({ hasText: 'T90001' })).toHaveCount(1);
});

test("the captain resolves last month's over-limit vehicles and anomaly, and signs", async ({ page }) => {
  // What waits for the captain, as the demo has it: its two thirsty vehicles and the fill at a
  // station not on the list at least. Which other vehicles end the month over their limit
  // depends on the day the demo was made (how the fills fall either side of the month's start);
  // on the first of a month the statement imported above (yesterday's) is last month's too.
  const captain = await apiAs(server.url, 'duizhang', DEMO_PASSWORD);
  const month = (await captain('fuel.month', { month: lastMonth })) as unknown as FuelMonth;
  const audit = (await captain('fuel.audit', { month: lastMonth })) as unknown as FuelAudit;
  const pending = month.items.filter((i) => !i.resolution);
  const over = audit.rows.filter((r) => r.excessFen > 0).length;
  expect(over).toBeGreaterThanOrEqual(2);
  expect(pending.filter((i) => i.anomalyKind === 'station_not_approved')).toHaveLength(1);
  expect(pending.filter((i) => i.anomalyKind === null)).toHaveLength(over);

  const shell = await server.loginAs(page, 'duizhang');
  await shell.open('单车耗油核算');
  await page.getByRole('button', { name: buttonName('上月') }).click();
  const bar = page.getByTestId('signoff-bar');
  await expect(bar).toContainText(`本月还有 ${pending.length} 项超耗或异常待车队长处理`);
  await expect(bar.getByRole('button', { name: buttonName('签字确认') })).toBeDisabled();
  await snap(page, '103-audit-open');

  // The vehicle with the most excess: its twelve months, the computation, then penalised.
  await page.locator('.ant-table-row').first().click();
  const drawer = page.getByTestId('fuel-vehicle');
  await expect(drawer.getByTestId('vehicle-trend-chart').locator('.recharts-line')).toHaveCount(2);
  await expect(drawer.getByTestId('fuel-steps')).toContainText('超耗');
  await settled(page);
  await page.screenshot({ path: shot('104-vehicle-trend') });
  await drawer.getByTestId('fuel-items').getByRole('button', { name: buttonName('处理') }).click();
  let dialog = page.getByRole('dialog', { name: /处理 .* 的超耗或异常/ });
  await dialog.getByLabel(/^处罚：超耗金额/).check();
  await dialog.getByLabel('说明', { exact: true }).fill('超耗明显，按里程分摊');
  await settled(page);
  await snap(page, '104b-resolve-over');
  await submitDialog(dialog, '保存');
  await expect(drawer.getByTestId('fuel-items')).toContainText('处罚');
  await settled(page);
  await page.screenshot({ path: shot('105-vehicle-drawer') });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The rest from the list of items: explained.
  await page.getByRole('tab', { name: /待处理/ }).click();
  const items = page.getByTestId('fuel-items');
  for (let n = pending.length - 1; n > 0; n--) {
    await items.getByRole('button', { name: buttonName('处理') }).first().click();
    dialog = page.getByRole('dialog', { name: /处理 .* 的超耗或异常/ });
    await dialog.getByLabel('已说明').check();
    await dialog.getByLabel('说明', { exact: true }).fill('已核实，情况属实');
    await submitDialog(dialog, '保存');
    await expect(items.getByRole('button', { name: buttonName('处理') })).toHaveCount(n - 1);
  }
  await expect(bar).toContainText('所有超耗和异常均已处理');
  await bar.getByRole('button', { name: buttonName('签字确认') }).click();
  dialog = page.getByRole('dialog', { name: /签字确认 .* 油耗核算/ });
  await expect(dialog.getByTestId('sign-summary')).toContainText('其中 1 项处罚');
  await submitDialog(dialog, '签字确认');
  await expect(bar).toContainText('本月油耗核算已由 韩队长');
  await page.getByRole('tab', { name: '扣款分摊' }).click();
  const penalties = page.getByTestId('fuel-penalties');
  await expect(penalties.locator('.ant-table-row').first()).toContainText('超耗分摊');
  await expect(penalties.getByTestId('penalty-total')).not.toHaveText('0.00');
  await snap(page, '106-signed-penalties');
  await page.getByRole('tab', { name: '超耗排名' }).click();
  await expect(page.getByTestId('fleet-excess-chart').locator('.recharts-bar-rectangle')).toHaveCount(over);
  await snap(page, '107-excess-chart');
});

test('the director reopens the signed month with a reason', async ({ page }) => {
  const shell = await server.loginAs(page, 'zhuren');
  await shell.open('单车耗油核算');
  await page.getByRole('button', { name: buttonName('上月') }).click();
  const bar = page.getByTestId('signoff-bar');
  await bar.getByRole('button', { name: buttonName('撤回签字') }).click();
  const dialog = page.getByRole('dialog', { name: /撤回 .* 油耗核算的签字/ });
  await dialog.getByRole('button', { name: buttonName('撤回签字') }).click();
  await expect(dialog).toContainText('必填');
  await dialog.getByLabel('撤回原因').fill('补录一张漏报的加油发票');
  await submitDialog(dialog, '撤回签字');
  await expect(bar).toContainText('所有超耗和异常均已处理，车队长可以签字');
  await expect(bar.getByRole('button', { name: buttonName('撤回签字') })).toHaveCount(0);
  await expect(page.getByTestId('signoff-history')).toContainText('韩队长 于');
  await expect(page.getByTestId('signoff-history')).toContainText('补录一张漏报的加油发票');
  await snap(page, '108-reopened');
});
