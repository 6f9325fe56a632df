// The administrator's and the director's work: users and roles, retiring with confirmation,
// a record's history, the policy change from a month onward, the audit chain, own password.
import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import { LoginPage, MasterPage, buttonName, pickOption } from './pages/app.ts';
import { settled, useServer, shot } from './fixtures.ts';
import { ADMIN, DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });
const server = useServer({ admin: true, demo: true });
const loginAs = server.loginAs;

test('the administrator creates a user with two roles who can then log in', async ({ page }) => {
  const shell = await loginAs(page, ADMIN.username, ADMIN.password);
  await shell.open('用户管理');
  await page.getByRole('button', { name: buttonName('新增用户') }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('Lisi');
  await dialog.getByLabel('姓名').fill('李四');
  await dialog.getByLabel('初始密码').fill('short');
  await pickOption(dialog, '岗位', '车队长');
  await pickOption(dialog, '岗位', '财务');
  await dialog.getByText('新增用户').click(); // close the role list
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('密码至少 8 位');
  await dialog.getByLabel('初始密码').fill('lisi-pass-1');
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.ant-table-row').filter({ hasText: 'lisi' });
  await expect(row).toContainText('车队长');
  await expect(row).toContainText('财务');
  await page.screenshot({ path: shot('20-users'), fullPage: true });
  await row.getByRole('button', { name: buttonName('历史') }).click();
  await expect(page.locator('.ant-drawer')).toContainText('新增');
  await expect(page.locator('.ant-drawer')).toContainText('车队长、财务');
  await page.screenshot({ path: shot('20b-user-history'), fullPage: true });
  await page.keyboard.press('Escape');

  await shell.logout();
  const lisi = await new LoginPage(page).login('lisi', 'lisi-pass-1');
  await expect(lisi.root).toContainText('李四');
  await expect(lisi.menuItem('用户管理')).toHaveCount(0);
});

test('retiring a shop asks first, keeps it, and its history shows who did what', async ({ page }) => {
  const shell = await loginAs(page, 'duizhang');
  await shell.open('特约维修单位');
  const shops = new MasterPage(page);
  const row = shops.row('顺达汽车维修中心');
  await row.getByRole('button', { name: buttonName('停用') }).click();
  await expect(page.getByText('确定停用“顺达汽车维修中心”吗？')).toBeVisible();
  await page.getByPlaceholder('停用原因（可选）').fill('合同到期');
  await settled(page); // a click while the confirmation is still opening may be lost
  await page.locator('.ant-popconfirm').getByRole('button', { name: buttonName('停用') }).click();
  await expect(shops.row('顺达汽车维修中心')).toHaveCount(0);
  await page.getByRole('switch').first().click();
  await expect(shops.row('顺达汽车维修中心')).toContainText('已停用');
  await shops.row('顺达汽车维修中心').getByRole('button', { name: buttonName('历史') }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer).toContainText('shops.retire');
  await expect(drawer).toContainText('duizhang');
  await expect(drawer).toContainText('车队长');
  await page.screenshot({ path: shot('21-history'), fullPage: true });
  await page.keyboard.press('Escape');
  // Brought back into use.
  await shops.row('顺达汽车维修中心').getByRole('button', { name: buttonName('恢复') }).click();
  await expect(page.getByText('确定恢复“顺达汽车维修中心”吗？')).toBeVisible();
  await settled(page);
  await page.locator('.ant-popconfirm').getByRole('button', { name: buttonName('恢复') }).click();
  await expect(shops.row('顺达汽车维修中心')).not.toContainText('已停用');
});

test('the director sets the main-liability cap from next month; this month stays as it was', async ({ page }) => {
  const shell = await loginAs(page, 'zhuren');
  await shell.open('政策设置');
  await page.getByRole('button', { name: buttonName('修改政策') }).click();
  const drawer = page.locator('.ant-drawer');
  await drawer.getByLabel('生效月份').fill('2099-01');
  await drawer.getByLabel('生效月份').press('Enter');
  await drawer.getByLabel('主要责任：封顶（元）').fill('2000');
  await drawer.getByLabel('原因').fill('公司补充规定');
  await page.screenshot({ path: shot('22-policy-edit'), fullPage: true });
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText('新政策已保存，自 2099-01 起生效')).toBeVisible();
  // This month still has the cap unset.
  await expect(page.getByText('以下设置尚未设置：主要责任：封顶（元）')).toBeVisible();
  await expect(page.locator('.ant-table-row').filter({ hasText: '公司补充规定' })).toContainText('郑主任');
});

test('a past month may only have its blank filled in: the director sets last month’s main-liability cap', async ({ page }) => {
  const shell = await loginAs(page, 'zhuren');
  await shell.open('政策设置');
  const last = dayjs().subtract(1, 'month').format('YYYY-MM');
  await page.getByLabel('月份', { exact: true }).fill(last);
  await page.getByLabel('月份', { exact: true }).press('Enter');
  await expect(page.getByText(`${last} 执行的政策`)).toBeVisible();
  await page.getByRole('button', { name: buttonName('修改政策') }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByLabel('生效月份')).toHaveValue(last);
  await expect(drawer).toContainText('过去的月份只能补充这些未设置的项目');
  // Changing anything else in a past month is refused, naming why.
  await drawer.getByLabel('安全奖（元/月）', { exact: true }).fill('120');
  await drawer.getByLabel('主要责任：封顶（元）').fill('2000');
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(drawer).toContainText('只可为当时尚未设置的项目补充设置');
  await drawer.getByLabel('安全奖（元/月）', { exact: true }).fill('100');
  await drawer.getByLabel('原因').fill('补充主要责任封顶');
  await page.screenshot({ path: shot('23-policy-backfill'), fullPage: true });
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText(`新政策已保存，自 ${last} 起生效`)).toBeVisible();
  await expect(page.getByText('以下设置尚未设置')).toHaveCount(0);
});

test('the audit chain verifies, and a user changes their own password', async ({ page }) => {
  const shell = await loginAs(page, 'bangongshi');
  await shell.open('审计记录');
  await page.getByRole('button', { name: buttonName('校验审计链') }).click();
  await expect(page.getByText(/审计链完整：共 \d+ 条记录/)).toBeVisible();
  await page.screenshot({ path: shot('23-audit'), fullPage: true });

  await page.getByText('修改密码').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('原密码').fill('wrong-password');
  await dialog.getByLabel('新密码', { exact: true }).fill('office-pass-2');
  await dialog.getByLabel('确认新密码').fill('office-pass-2');
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('原密码不正确');
  await dialog.getByLabel('原密码').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: buttonName('保存') }).click();
  await expect(dialog).toBeHidden();
  await shell.logout();
  await new LoginPage(page).login('bangongshi', 'office-pass-2');
});
