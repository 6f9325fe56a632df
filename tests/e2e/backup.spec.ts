// Backups as the administrator uses them: back up now, choose the folder (a missing one is
// refused next to the field), restore an earlier backup after the confirmation, log in again
// and find the data as it was; and a database whose audit chain was tampered with, or that an
// older copy of it replaced, shows a banner saying what to do, on the login page and in the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { snap } from './fixtures.ts';
import { buttonName, LoginPage } from './pages/app.ts';
import { ADMIN, apiAs, startServer, type TestServer } from './server.ts';

test.describe.configure({ mode: 'serial' });

let server: TestServer;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-usb-'));

test.beforeAll(async () => {
  test.setTimeout(150_000);
  server = await startServer({ admin: true });
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function login(page: Page, url: string) {
  await page.goto(url);
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
}

async function plates(url: string) {
  const admin = await apiAs(url, ADMIN.username, ADMIN.password);
  return ((await admin('vehicles.list', { pageSize: 50 })).items as { plate: string }[]).map((v) => v.plate).sort();
}

test('the administrator backs up, chooses a folder on a USB drive, and restores an earlier backup', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  const model = await admin('models.create', { name: '五菱', fuelStandard: 650, floatOrdinary: 350, tankCapacity: 4000, maintenanceIntervalKm: 5000 });
  await admin('vehicles.create', { plate: '苏EB0001', modelId: model.id, parkingPlace: '车库 1 号位', initialOdometerKm: 1000 });

  await login(page, server.url);
  await page.getByRole('menuitem', { name: '数据备份' }).click();
  const pageRoot = page.getByTestId('backup-page');
  await expect(pageRoot.getByTestId('health-lines')).toContainText('数据库文件完好（quick_check）');
  await expect(pageRoot.getByTestId('health-lines')).toContainText(/审计链完整（\d+ 条记录）/);
  await expect(page.getByText('还没有备份')).toBeVisible();

  // A folder that does not exist (the USB drive not plugged in) is refused next to the field.
  const missing = path.join(folder, '不存在');
  await page.getByTestId('backup-folder').fill(missing);
  await page.getByRole('button', { name: buttonName('保存设置') }).click();
  await expect(page.locator('.ant-form-item-explain-error')).toHaveText(`找不到文件夹 ${missing}，请先插入 U 盘或创建该文件夹`);
  await page.getByTestId('backup-folder').fill(folder);
  await expect(page.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await page.getByTestId('backup-generations').fill('5');
  await page.getByRole('button', { name: buttonName('保存设置') }).click();
  await expect(page.getByText('备份设置已保存')).toBeVisible();
  await expect(page.getByTestId('backup-current-folder')).toHaveText(folder);

  await page.getByTestId('backup-now').click();
  await expect(page.locator('.ant-message').getByText(/已备份：depot-\d{8}-\d{6}-\d{3}-manual\.sqlite/)).toBeVisible();
  const rows = page.getByTestId('backup-table').locator('.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('手动');
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
  expect(files).toHaveLength(1);
  await snap(page, '950-backup-page');

  // Later work, then the restore of the backup: it is gone again, and kept aside.
  await admin('vehicles.create', { plate: '苏EB0002', modelId: model.id, parkingPlace: '车库 2 号位', initialOdometerKm: 2000 });
  expect(await plates(server.url)).toEqual(['苏EB0001', '苏EB0002']);
  await rows.first().getByRole('button', { name: buttonName('恢复') }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('当前数据库不会删除');
  await snap(page, '951-backup-restore-confirm');
  await confirm.getByRole('button', { name: buttonName('确认恢复') }).click();
  // The sessions ended with the restart: the app is back at the login page.
  await expect(page.getByRole('button', { name: buttonName('登录') })).toBeVisible({ timeout: 15_000 });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  expect(await plates(server.url)).toEqual(['苏EB0001']);
  await page.getByRole('menuitem', { name: '数据备份' }).click();
  await expect(page.getByTestId('health-lines')).toContainText(`本次启动已从备份恢复，恢复前的数据库保存在：${server.dbFile}.before-restore-`);
  const aside = fs.readdirSync(path.dirname(server.dbFile)).find((f) => f.startsWith('depot.sqlite.before-restore-') && !/-(wal|shm)$/.test(f))!;
  const old = new SQLite(path.join(path.dirname(server.dbFile), aside), { readonly: true });
  expect(old.prepare('SELECT plate FROM vehicles ORDER BY plate').all()).toEqual([{ plate: '苏EB0001' }, { plate: '苏EB0002' }]);
  old.close();
  await snap(page, '952-backup-restored');
});

test('a database replaced by an older copy of itself says its newest records are missing', async ({ page }) => {
  test.setTimeout(120_000);
  const dbFile = server.dbFile;
  await server.stop({ keep: true });
  const older = `${dbFile}.copy`;
  fs.copyFileSync(dbFile, older);
  server = await startServer({ dbFile });
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  await admin('vehicles.create', { plate: '苏EB0003', modelId: 1, parkingPlace: '车库 3 号位', initialOdometerKm: 100 });
  await server.stop({ keep: true });
  // the copy taken before that vehicle goes back in place of the database
  for (const suffix of ['-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  fs.renameSync(older, dbFile);
  server = await startServer({ dbFile });

  await page.goto(server.url);
  const banner = page.getByTestId('health-banner');
  await expect(banner).toContainText('当前数据库中没有这条记录：数据库被截断或被较早的副本替换，最新的记录可能已丢失');
  await snap(page, '955-health-tail-login');
  await login(page, server.url);
  await page.getByRole('menuitem', { name: '数据备份' }).click();
  await expect(page.getByTestId('health-lines')).toContainText('数据库被截断或被较早的副本替换');
  await snap(page, '956-health-tail-app');
  // checked, and no newer backup: the administrator accepts the database as it is
  await page.getByTestId('accept-tail').click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('确认使用当前数据库？');
  await snap(page, '957-health-tail-accept');
  await confirm.getByRole('button', { name: buttonName('确认使用') }).click();
  await expect(page.getByText('已确认使用当前数据库，此操作已记入审计记录')).toBeVisible();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('accept-tail')).toBeHidden();
});

test('a database whose audit trail was altered outside the app says so before and after login', async ({ page }) => {
  test.setTimeout(120_000);
  const dbFile = server.dbFile;
  await server.stop({ keep: true });
  const raw = new SQLite(dbFile);
  raw.exec('DROP TRIGGER audit_log_no_update');
  const row = raw.prepare("SELECT id FROM audit_log WHERE entity = 'vehicles' ORDER BY id LIMIT 1").get() as { id: number };
  raw.prepare("UPDATE audit_log SET after = replace(after, '苏EB0001', '苏EB9999') WHERE id = ?").run(row.id);
  raw.close();
  server = await startServer({ dbFile });

  await page.goto(server.url);
  const banner = page.getByTestId('health-banner');
  await expect(banner).toContainText(`数据库启动自检未通过：审计链在第 ${row.id} 条记录处校验失败。请暂停录入`);
  await snap(page, '953-health-banner-login');
  await login(page, server.url);
  await expect(banner).toBeVisible();
  await page.getByRole('menuitem', { name: '数据备份' }).click();
  await expect(page.getByTestId('health-lines')).toContainText(`审计链在第 ${row.id} 条记录处校验失败`);
  await snap(page, '954-health-banner-app');
});
