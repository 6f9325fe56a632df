// The walk-through: first run → administrator created → demo depot loaded → a driver
// sees no admin menu → the administrator adds a vehicle and sees it listed → a duplicate
// plate shows the error next to the field.
import { expect, test } from '@playwright/test';
import { AppShell, LoginPage, MasterPage, buttonName } from './pages/app.ts';
import { shot, useServer } from './fixtures.ts';
import { DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });
const server = useServer({});

test('first run: administrator, demo depot, roles, a new vehicle and a duplicate plate', async ({ page }) => {
  await page.goto(server.url);

  // 1. The wizard asks for the administrator.
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('姓名').fill('系统管理员');
  await page.getByLabel('密码', { exact: true }).fill('admin-pass-1');
  await page.getByLabel('确认密码').fill('admin-pass-1');
  await page.screenshot({ path: shot('01-wizard'), fullPage: true });
  await page.getByRole('button', { name: buttonName('创建管理员') }).click();

  // 2. Then offers the demo depot.
  await page.getByRole('button', { name: buttonName('载入演示车队') }).click();
  const admin = new AppShell(page);
  await expect(admin.root).toBeVisible({ timeout: 30_000 });
  await expect(admin.menuItem('用户管理')).toBeVisible();
  await page.screenshot({ path: shot('02-admin-home'), fullPage: true });

  // 3. A driver logs in and sees no administration.
  let login = await admin.logout();
  const driver = await login.login('siji02', DEMO_PASSWORD);
  await expect(driver.menuItem('车辆')).toBeVisible();
  await expect(driver.menuItem('用户管理')).toHaveCount(0);
  await expect(driver.menuItem('政策设置')).toHaveCount(0);
  await page.screenshot({ path: shot('03-driver-home'), fullPage: true });
  // Typing the address of an admin page does not open it either.
  await page.goto(`${server.url}#/users`);
  await expect(page.getByText('您的岗位无权打开此页面')).toBeVisible();
  await expect(page.locator('.ant-table')).toHaveCount(0);

  // 4. The administrator adds a vehicle and sees it listed.
  login = await driver.logout();
  const shell = await login.login('admin', 'admin-pass-1');
  await shell.open('车辆');
  const vehicles = new MasterPage(page);
  await expect(vehicles.row('苏ED3101')).toBeVisible();
  await vehicles.add();
  await vehicles.field('车牌号').fill('苏E88888');
  await vehicles.choose('车型', '五菱');
  await vehicles.field('指定停放地点').fill('配送中心停车场 9 号位');
  await vehicles.save();
  await expect(vehicles.dialog).toBeHidden();
  await expect(vehicles.row('苏E88888')).toContainText('五菱');
  await expect(page.getByText('共 13 条')).toBeVisible();
  await page.screenshot({ path: shot('04-vehicles') });
  // The search box narrows the list to the new vehicle.
  await page.getByPlaceholder('搜索').fill('88888');
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await expect(vehicles.row('苏E88888')).toBeVisible();
  await page.screenshot({ path: shot('04-vehicle-found'), fullPage: true });

  // 5. The same plate again: the error stands next to the plate field, nothing is saved.
  await page.getByPlaceholder('搜索').fill('');
  await vehicles.add();
  await vehicles.field('车牌号').fill('苏e88888');
  await vehicles.choose('车型', '东南');
  await vehicles.field('指定停放地点').fill('另一个车位');
  await vehicles.save();
  await expect(vehicles.fieldError('车牌号')).toHaveText('车牌号“苏E88888”已存在');
  await expect(vehicles.dialog).toBeVisible();
  await expect(vehicles.field('指定停放地点')).toHaveValue('另一个车位');
  await page.screenshot({ path: shot('05-duplicate-plate'), fullPage: true });
});
