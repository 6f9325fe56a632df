// Violations on the demo depot, as the people do it: the fleet office finds a ticket that came
// back after closing time (an overnight flag), records the violation from the flag (fine 300.00
// under the default policy) and the flag is resolved with its number; the violations page lists
// it with the ticket. Then one recorded from scratch (a refusal first: nothing typed is lost),
// and the director voids it with a reason.
import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import { buttonName, pickOption } from './pages/app.ts';
import { settled, shot, snap, submitDialog, useServer } from './fixtures.ts';
import { ADMIN, apiAs, DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true, demo: true });
const yesterday = dayjs().subtract(1, 'day').format('YYYY-MM-DD');
let ticket = { id: 0, number: '' };
let driverLabel = '';
let manualNumber = '';

test.beforeAll(async () => {
  // A vehicle and driver of their own, so no demo trip stands in the way.
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  const models = (await admin('models.list', { page: 1, pageSize: 10 })) as { items: { id: number }[] };
  const vehicle = await admin('vehicles.create', { plate: '苏EV9001', modelId: models.items[0]!.id, parkingPlace: '客服部车库 9 号位', initialOdometerKm: 30000 });
  const driver = await admin('drivers.create', { name: '周晓峰', employeeNo: 'KF9901', permitNo: 'SZYC990001', permitValidFrom: '2020-01-01', permitValidTo: '2035-12-31' });
  const office = await apiAs(server.url, 'bangongshi', DEMO_PASSWORD);
  const director = await apiAs(server.url, 'zhuren', DEMO_PASSWORD);
  // Yesterday's trip, back at 21:00, after the closing time of 20:00: an overnight flag.
  const t = await office('dispatch.request', {
    vehicleId: vehicle.id,
    driverId: driver.id,
    purposeKind: 'official',
    destination: '市局送文件',
    plannedDeparture: `${yesterday} 08:00`,
    plannedReturn: `${yesterday} 12:00`,
  });
  await director('dispatch.approve', { id: t.id, byPhone: true, approvedAt: `${yesterday} 07:50` });
  await office('dispatch.checkOut', { id: t.id, departedAt: `${yesterday} 08:00`, odometerOutKm: 30000 });
  const back = await office('dispatch.checkIn', { id: t.id, returnedAt: `${yesterday} 21:00`, odometerInKm: 30080, parkedAtPlace: true });
  expect((back.flags as { kind: string }[]).map((f) => f.kind)).toEqual(['overnight']);
  ticket = { id: t.id as number, number: t.number as string };
  // The demo driver 李志强 (siji02), as the driver select names him.
  const drivers = (await admin('drivers.list', { search: '李志强', page: 1, pageSize: 10 })) as { items: { name: string; employeeNo: string }[] };
  const li = drivers.items.find((d) => d.name === '李志强')!;
  driverLabel = `李志强（${li.employeeNo}）`;
});

test('the fleet office records the violation an overnight flag shows; the flag is resolved with it', async ({ page }) => {
  await server.loginAs(page, 'bangongshi');
  await page.goto(`${server.url}#/tickets/${ticket.id}`);
  const flag = page.getByTestId('flag-row-overnight');
  await expect(flag).toBeVisible();
  await flag.getByRole('button', { name: buttonName('登记违规') }).click();
  const dialog = page.getByRole('dialog', { name: /登记违规：将车开回家或在家过夜/ });
  await expect(dialog.getByTestId('flag-violation-policy')).toContainText('驾驶员罚款 300.00 元');
  await expect(dialog.getByTestId('flag-violation-driver')).toContainText('周晓峰');
  // Sent without what happened: refused on the field, the driver kept.
  await dialog.getByRole('button', { name: buttonName('登记违规') }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('必填');
  await dialog.getByLabel('违规经过').fill('收车时间 21:00，驾驶员称送完文件后绕道回家取物，已核实');
  await settled(page);
  await snap(page, '300-flag-violation-modal');
  await submitDialog(dialog, '登记违规');
  await expect(page.locator('.ant-message')).toContainText(/已登记违规 \S+，罚款 300\.00 元/);
  const recorded = flag.getByTestId('flag-violation');
  await expect(recorded).toContainText('罚款 300.00 元');
  await expect(flag.getByRole('button', { name: buttonName('登记违规') })).toHaveCount(0);
  await expect(flag.getByRole('button', { name: buttonName('处理') })).toHaveCount(0);
  await expect(flag).toContainText('许文静（办公室（车队））');
  const number = (await recorded.getByRole('link').textContent())!.trim();
  expect(number).not.toBe('');
  await snap(page, '301-ticket-flag-violation');

  // To the violations page, the drawer on the violation.
  await recorded.getByRole('link').click();
  const drawer = page.getByTestId('violation-drawer');
  await expect(drawer.getByTestId('violation-number')).toHaveText(number);
  await expect(drawer.getByTestId('violation-fine')).toHaveText('300.00');
  await expect(drawer).toContainText(ticket.number);
  await expect(drawer.getByTestId('violation-words')).toContainText('300');
  await settled(page);
  await page.screenshot({ path: shot('302-violation-drawer') });
  await drawer.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  const row = page.getByTestId('violations-table').locator('.ant-table-row').filter({ hasText: number });
  await expect(row).toContainText('周晓峰');
  await expect(row).toContainText('将车开回家或在家过夜');
  await expect(row.getByTestId('row-fine')).toHaveText('300.00');
  await expect(row.getByRole('link', { name: ticket.number })).toBeVisible();
  await expect(page.getByTestId('violation-catalogue')).toContainText('300.00');
  await snap(page, '303-violations-list');
});

test('the fleet office records a violation from scratch; a refusal keeps what was typed', async ({ page }) => {
  const shell = await server.loginAs(page, 'bangongshi');
  await shell.open('违规处罚');
  await page.getByRole('button', { name: /登记违规$/ }).click();
  const dialog = page.getByRole('dialog', { name: '登记违规' });
  await pickOption(dialog, '违规类别', '班中饮酒或酒后驾车');
  await expect(dialog.getByTestId('violation-policy')).toContainText('罚款 200.00 元');
  // typed to narrow the list (the dropdown only renders the options in view)
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await dialog.getByLabel('受罚驾驶员').click();
    await page.keyboard.type('李志强');
    await page.locator('.ant-select-dropdown:visible').getByTitle(driverLabel, { exact: true }).click({ timeout: 2000 });
    await expect(dialog.getByTestId('violation-driver')).toContainText(driverLabel, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(dialog.getByLabel('情节严重')).toBeVisible();
  await dialog.getByRole('button', { name: buttonName('登记') }).click();
  await expect(dialog.locator('.ant-form-item').filter({ hasText: '违规经过' }).locator('.ant-form-item-explain-error')).toHaveText('必填');
  await expect(dialog.getByTestId('violation-driver')).toContainText(driverLabel);
  await dialog.getByLabel('违规经过').fill('午饭时饮酒，下午未出车，已批评教育');
  await settled(page);
  await snap(page, '304-record-violation-modal');
  await submitDialog(dialog, '登记');
  const drawer = page.getByTestId('violation-drawer');
  await expect(drawer.getByTestId('violation-fine')).toHaveText('200.00');
  await expect(drawer).toContainText('直接登记');
  const number = (await drawer.getByTestId('violation-number').textContent())!.trim();
  manualNumber = number;
  await drawer.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  const row = page.getByTestId('violations-table').locator('.ant-table-row').filter({ hasText: number });
  await expect(row).toContainText('李志强');
  await expect(row).toContainText('班中饮酒或酒后驾车');
  await expect(row.getByTestId('row-fine')).toHaveText('200.00');
  await snap(page, '305-violations-two');
});

test('the fleet office fines the deputy director for private use, choosing the post holder', async ({ page }) => {
  const shell = await server.loginAs(page, 'bangongshi');
  await shell.open('违规处罚');
  await page.getByRole('button', { name: /登记违规$/ }).click();
  const dialog = page.getByRole('dialog', { name: '登记违规' });
  await pickOption(dialog, '违规类别', '公车私用');
  await dialog.getByLabel('副主任').check();
  await pickOption(dialog, '受罚人员', '冯副主任');
  await expect(dialog.getByTestId('violation-policy')).toContainText('罚款 200.00 元');
  await dialog.getByLabel('违规经过').fill('周末用公车接送亲属');
  await settled(page);
  await snap(page, '307-record-deputy');
  await submitDialog(dialog, '登记');
  const drawer = page.getByTestId('violation-drawer');
  await expect(drawer.getByTestId('violation-fine')).toHaveText('200.00');
  await expect(drawer).toContainText('冯副主任');
});

test('the director voids a violation recorded in error, with a reason', async ({ page }) => {
  const shell = await server.loginAs(page, 'zhuren');
  await shell.open('违规处罚');
  const row = page.getByTestId('violations-table').locator('.ant-table-row').filter({ hasText: manualNumber });
  await row.getByText(manualNumber).click();
  const drawer = page.getByTestId('violation-drawer');
  await drawer.getByRole('button', { name: buttonName('作废') }).click();
  const dialog = page.getByRole('dialog', { name: /作废违规/ });
  await dialog.getByLabel('作废原因').fill('登记错了驾驶员');
  await dialog.getByRole('button', { name: buttonName('作废') }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('作废') }).click();
  await expect(dialog).toBeHidden();
  await expect(drawer.getByTestId('voided-line')).toContainText('登记错了驾驶员');
  await settled(page);
  await page.screenshot({ path: shot('306-violation-voided') });
  await drawer.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  // Voided ones are hidden unless asked for.
  await expect(row).toHaveCount(0);
  await page.getByLabel('含已作废').check();
  await expect(row.getByTestId('row-voided')).toBeVisible();
});
