// Master data, policy and language as the administrator and the fleet captain see them.
import { expect, test } from '@playwright/test';
import { MasterPage } from './pages/app.ts';
import { settled, useServer, shot } from './fixtures.ts';
import { ADMIN } from './server.ts';

const server = useServer({ admin: true, demo: true });
const loginAs = server.loginAs;

test('drivers show their permit state', async ({ page }) => {
  const shell = await loginAs(page, 'duizhang');
  await shell.open('驾驶员');
  const drivers = new MasterPage(page);
  await expect(drivers.row('胡亮')).toContainText('已过期');
  await expect(drivers.row('朱峰')).toContainText('即将到期');
  await page.screenshot({ path: shot('10-drivers'), fullPage: true });
});

test('a model with a negative float is refused next to the field, and nothing is saved', async ({ page }) => {
  const shell = await loginAs(page, ADMIN.username, ADMIN.password);
  await shell.open('车型');
  const models = new MasterPage(page);
  await models.add();
  await models.field('名称').fill('测试车型');
  await models.field('油耗标准（L/100km）').fill('9.5');
  await models.field('允许浮动（L/100km）').fill('-1');
  await models.field('油箱容量（L）').fill('50');
  await models.field('例保间隔（km）').fill('5000');
  await models.save();
  await expect(models.fieldError('允许浮动（L/100km）')).toHaveText('浮动不能为负数：限额不能低于标准');
  await expect(models.dialog).toBeVisible();
  await page.screenshot({ path: shot('11-model-refused'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(models.row('测试车型')).toHaveCount(0);
});

test('the policy page shows every figure and that the main-liability cap is unset', async ({ page }) => {
  const shell = await loginAs(page, 'zhuren');
  await shell.open('政策设置');
  await expect(page.getByText('主要责任：封顶（元）').first()).toBeVisible();
  await expect(page.getByText('未设置').first()).toBeVisible();
  await expect(page.getByText('单日最大合理里程（km）')).toBeVisible();
  await page.screenshot({ path: shot('12-policy'), fullPage: true });
});

test('the screens switch to English and back', async ({ page }) => {
  const shell = await loginAs(page, ADMIN.username, ADMIN.password);
  await page.getByText('English').click();
  await expect(shell.menu.getByRole('menuitem', { name: 'Vehicles' })).toBeVisible();
  await shell.menu.getByRole('menuitem', { name: 'Vehicles' }).click();
  await page.getByRole('button', { name: /Add/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await settled(page); // a click while the dialog is still opening may be lost
  await page.getByRole('dialog').getByRole('button', { name: /Save/ }).click();
  await expect(page.getByRole('dialog').locator('.ant-form-item-explain-error').first()).toHaveText('Required');
  await page.screenshot({ path: shot('13-english'), fullPage: true });
  await page.keyboard.press('Escape');
  await page.getByText('中文').click();
  await expect(shell.menuItem('车辆')).toBeVisible();
});
