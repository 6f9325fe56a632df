// A shop repair order through the screens, as the depot's people do it on the demo depot: the
// driver's request, the director's report, the fleet office's approval and the shop's list (a
// major part priced above the catalogue, a free-text part, labour), the driver's signature,
// the old part's check, the captain's settlement (refused without a reason, then with it), the
// review, the payment's approval and the payment; its printout; and an engine seizure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buttonName, pickOption, type AppShell } from './pages/app.ts';
import { shot, useServer } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';

const server = useServer({ admin: true, demo: true });
const as = (username: string) => apiAs(server.url, username, DEMO_PASSWORD);

async function switchTo(shell: AppShell, username: string): Promise<AppShell> {
  const login = await shell.logout();
  return login.login(username, DEMO_PASSWORD);
}

/** The list from the menu ("维修单" exactly: "特约维修单位" contains it too). */
async function openList(shell: AppShell): Promise<void> {
  await shell.menu.getByRole('menuitem', { name: '维修单', exact: true }).click();
}

/** From the menu to the list, then the order by its number. */
async function openOrder(shell: AppShell, number: string): Promise<void> {
  await openList(shell);
  await shell.page.getByRole('link', { name: number }).click();
  await expect(shell.page.getByTestId('repair-title')).toHaveText(`维修单 ${number}`);
}

/** Opens a select by its label, types to search, and picks the option (the catalogue is longer than the list shows). */
async function searchAndPick(page: Page, scope: Locator, label: string, typed: string, option: string): Promise<void> {
  await expect(async () => {
    const select = scope.getByLabel(label, { exact: true });
    await select.click();
    await select.fill(typed);
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click({ timeout: 2000 });
  }).toPass({ timeout: 15_000 });
}

/** Opens a step's dialog from the order's header and returns the dialog. */
async function openStep(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: name.length === 2 ? buttonName(name) : name, exact: name.length !== 2 }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Clicks the dialog's main button (buttonName also matches while a loading icon fades out). */
async function okStep(dialog: Locator, name: string): Promise<void> {
  await dialog.getByRole('button', { name: buttonName(name) }).click();
}

const status = (page: Page) => page.getByTestId('repair-status');

test('a repair order from the driver’s request to the payment, through the screens, and its printout', async ({ page }) => {
  test.setTimeout(300_000);
  const office = await as('bangongshi');
  const vehicles = (await office('vehicles.list', { pageSize: 200 })).items as { plate: string; modelName: string; status: string }[];
  const vehicle = vehicles.find((v) => v.status === 'available')!;

  // The driver files the request for their vehicle; the driver is themselves, fixed.
  let shell = await server.loginAs(page, 'siji02');
  await openList(shell);
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await page.getByRole('button', { name: '新建维修单' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('repair-driver')).toContainText('李志强');
  await pickOption(dialog, '车辆', `${vehicle.plate} · ${vehicle.modelName} · 可用`);
  // Refused before sending: no shop, no symptoms; what was chosen stays.
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(dialog.locator('.ant-form-item-explain-error').first()).toHaveText('必填');
  await pickOption(dialog, '特约维修单位', '市汽车修理一厂');
  await dialog.getByLabel('故障现象').fill('制动时方向盘抖动，刹车异响');
  await dialog.getByLabel('申请维修项目（可选）').fill('检查制动系统，必要时更换刹车盘');
  // The messages of the refused try went as the fields were filled in.
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await page.screenshot({ path: shot('60-repair-create'), fullPage: true, animations: 'disabled' });
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByTestId('repair-title')).toHaveText(/维修单 WX\d{4}-\d{6}/);
  const number = /WX\d{4}-\d{6}/.exec((await page.getByTestId('repair-title').textContent()) ?? '')![0];
  const id = Number(/repairs\/(\d+)/.exec(page.url())![1]);
  await expect(status(page)).toHaveText('草稿');
  // The director takes the report: a driver has no button for it.
  await expect(page.getByTestId('action-report')).toHaveCount(0);
  await openList(shell);
  const row = page.locator('.ant-table-row').filter({ hasText: number });
  await expect(row).toContainText('草稿');
  await expect(row).toContainText(vehicle.plate);
  // A driver sees only their own orders.
  expect(new Set(await page.locator('.ant-table-row td:nth-child(3)').allTextContents())).toEqual(new Set(['李志强']));
  await page.screenshot({ path: shot('61-repair-list-driver'), fullPage: true, animations: 'disabled' });

  // The director records that it was reported.
  shell = await switchTo(shell, 'zhuren');
  await openOrder(shell, number);
  let step = await openStep(page, '确认已报告');
  await expect(step).toContainText('李志强 已事先向主任报告');
  await okStep(step, '确认已报告');
  await expect(status(page)).toHaveText('已报告主任');

  // The fleet office approves, the vehicle goes to the shop, and the shop's list is entered.
  shell = await switchTo(shell, 'bangongshi');
  await openList(shell);
  await expect(page.locator('.ant-table-row').filter({ hasText: number })).toBeVisible();
  await expect(page.getByTestId('seizure-tag').first()).toBeVisible();
  await page.screenshot({ path: shot('62-repair-list-office'), fullPage: true, animations: 'disabled' });
  await page.getByTestId('filter-status').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('已报告主任', { exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-table-row')).toHaveCount(2);
  await page.getByRole('link', { name: number }).click();
  step = await openStep(page, '批准');
  await okStep(step, '批准');
  await expect(status(page)).toHaveText('已批准');
  step = await openStep(page, '送厂');
  await expect(step).toContainText('不能派车');
  await okStep(step, '送厂');
  await expect(status(page)).toHaveText('在厂维修');

  step = await openStep(page, '录入清单');
  // 1: the brake disc, a major catalogue part, at 420.00 against a reference of 360.00 (+16.7 %).
  await searchAndPick(page, step, '配件 1', '刹车盘', '刹车盘');
  await expect(step.getByTestId('line-ref-0')).toContainText('参考价 360.00 元/个');
  await expect(step.getByTestId('line-ref-0')).toContainText('大配件');
  await expect(step.getByLabel('单价（元） 1')).toHaveValue('360.00');
  await step.getByLabel('数量 1').fill('2');
  await step.getByLabel('单价（元） 1').fill('420');
  await expect(step.getByTestId('line-ref-0')).toContainText('高于参考价 16.7%');
  // 2: a part not in the catalogue, its reason forgotten for now.
  await step.getByRole('button', { name: '添加一行' }).click();
  await searchAndPick(page, step, '配件 2', '目录外', '目录外配件（手填）');
  await step.getByLabel('配件名称 2').fill('异形固定螺栓');
  await step.getByLabel('数量 2').fill('4');
  await step.getByLabel('单位 2').fill('个');
  await step.getByLabel('单价（元） 2').fill('5.5');
  // 3: labour, by keyboard: the kind chosen by typing.
  await step.getByRole('button', { name: '添加一行' }).click();
  await expect(step.getByLabel('类别 3')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(step.getByTestId('line-row-2')).toContainText('工时');
  await step.getByLabel('工时项目 3').fill('更换刹车盘及调整制动');
  await step.getByLabel('数量 3').fill('1.5');
  await step.getByLabel('单价（元） 3').fill('80');
  await expect(step.getByTestId('line-amount-0')).toHaveText('840.00');
  await expect(step.getByTestId('lines-preview')).toHaveText('配件 862.00 元 · 工时 120.00 元 · 合计 982.00 元');
  // Refused before sending, on the right row; nothing typed is lost.
  await okStep(step, '保存清单');
  await expect(step.getByTestId('line-row-1').locator('.ant-form-item-explain-error')).toHaveText('目录外配件须说明原因');
  await expect(step.getByLabel('单价（元） 2')).toHaveValue('5.5');
  await expect(step.getByLabel('数量 3')).toHaveValue('1.5');
  await page.screenshot({ path: shot('63-repair-lines-dialog'), fullPage: true, animations: 'disabled' });
  await step.getByLabel('目录外原因 2').fill('原厂专用规格，配件目录内没有');
  await okStep(step, '保存清单');
  await expect(status(page)).toHaveText('已录入清单');
  await expect(page.getByTestId('parts-fen')).toHaveText('862.00');
  await expect(page.getByTestId('labour-fen')).toHaveText('120.00');
  await expect(page.getByTestId('order-total')).toHaveText('982.00');
  const lines = page.getByTestId('repair-lines').locator('.ant-table-row');
  await expect(lines.nth(0)).toContainText('大配件');
  await expect(lines.nth(0)).toContainText('2.00');
  await expect(lines.nth(0)).toContainText('高于参考价');
  await expect(lines.nth(1)).toContainText('目录外原因：原厂专用规格，配件目录内没有');
  await expect(lines.nth(2)).toContainText('1.50');
  await expect(page.getByTestId('signed')).toHaveText('待 李志强 签字');
  await page.screenshot({ path: shot('64-repair-order-lines'), fullPage: true, animations: 'disabled' });

  // The driver signs the list as it is.
  shell = await switchTo(shell, 'siji02');
  await openOrder(shell, number);
  await expect(page.getByTestId('action-enterWork')).toHaveCount(0);
  step = await openStep(page, '签字');
  await expect(step.getByTestId('sign-statement')).toHaveText('我确认以上清单所列 3 项配件及工时与实际维修情况相符，合计 982.00 元。');
  await page.screenshot({ path: shot('65-repair-sign'), fullPage: true, animations: 'disabled' });
  await okStep(step, '签字确认');
  await expect(status(page)).toHaveText('驾驶员已签字');
  await expect(page.getByTestId('signed')).toHaveText('李志强 已签字（与当前清单一致）');

  // The fleet office checks the returned old brake discs, then confirms every major part checked.
  shell = await switchTo(shell, 'bangongshi');
  await openOrder(shell, number);
  await expect(page.getByTestId('old-part-0')).toContainText('旧件待验收');
  await page.getByTestId('check-old-part-0').click();
  step = page.getByRole('dialog');
  await step.getByLabel('验收情况').fill('旧刹车盘两片已交回，磨损严重，属实');
  await step.getByLabel('验收情况').press('Enter');
  await expect(page.getByTestId('old-part-0')).toContainText('已验收（许文静');
  step = await openStep(page, '确认旧件验收');
  await expect(step.getByTestId('verify-list')).toContainText('刹车盘 × 2.00个：已验收');
  await okStep(step, '确认旧件验收');
  await expect(status(page)).toHaveText('旧件已验收');

  // The captain settles: refused without the reason for the brake disc's price, then with it.
  shell = await switchTo(shell, 'duizhang');
  await openOrder(shell, number);
  step = await openStep(page, '结算');
  await expect(step.getByTestId('settle-line-0')).toContainText('第 1 行 刹车盘：2.00个 × 420.00 元（参考价 360.00 元）');
  await okStep(step, '结算');
  await expect(step.getByTestId('action-error')).toHaveText('“刹车盘”的单价高于参考价 10% 以上，须写明原因');
  await expect(step.getByTestId('settle-line-0').locator('.ant-form-item-explain-error')).toHaveText('“刹车盘”的单价高于参考价 10% 以上，须写明原因');
  await page.screenshot({ path: shot('66-repair-settle-refused'), fullPage: true, animations: 'disabled' });
  await step.getByLabel('价格说明 1').fill('原厂件缺货，改用同规格加厚型，经询价属实');
  await okStep(step, '结算');
  await expect(status(page)).toHaveText('车队长已结算');
  await expect(lines.nth(0)).toContainText('价格说明：原厂件缺货，改用同规格加厚型，经询价属实');

  // The fleet office reviews, the manager office approves the payment, finance pays.
  shell = await switchTo(shell, 'bangongshi');
  await openOrder(shell, number);
  await okStep(await openStep(page, '复核'), '复核');
  await expect(status(page)).toHaveText('办公室已复核');
  shell = await switchTo(shell, 'jingli');
  await openOrder(shell, number);
  await expect(page.getByTestId('action-pay')).toHaveCount(0);
  await okStep(await openStep(page, '批准付款'), '批准付款');
  await expect(status(page)).toHaveText('经理室已批准');
  shell = await switchTo(shell, 'caiwu');
  await openOrder(shell, number);
  step = await openStep(page, '付款');
  await expect(step.getByTestId('total-fen')).toHaveText('982.00');
  await okStep(step, '付款');
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('确认已向 市汽车修理一厂 付款 982.00 元？');
  await confirm.getByRole('button', { name: buttonName('付款') }).click();
  await expect(status(page)).toHaveText('已付款');
  const steps = page.locator('[data-testid^="event-"]');
  await expect(steps).toHaveCount(12);
  await expect(page.getByTestId('event-pay')).toContainText('财务 蒋会计（财务）');
  await expect(page.getByTestId('event-checkOldPart')).toContainText('刹车盘：旧刹车盘两片已交回');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: shot('67-repair-paid-timeline'), fullPage: true, animations: 'disabled' });

  // The printout: A4 with the lines, the totals, the steps and blank signature lines.
  await page.getByRole('button', { name: buttonName('打印') }).click();
  const sheet = page.getByTestId('print-repair');
  await expect(sheet).toContainText('维修单');
  await expect(sheet).toContainText(number);
  await expect(sheet.getByTestId('print-total')).toHaveText('982.00');
  await expect(sheet).toContainText('流程签字');
  await expect(sheet).toContainText('经理室审批');
  expect(page.url()).toContain(`/print/repair/${id}`);
  await page.screenshot({ path: shot('68-repair-print'), fullPage: true, animations: 'disabled' });
  await page.emulateMedia({ media: 'print' });
  const pdf = 'test-results/screenshots/68-repair-print.pdf';
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(fs.statSync(pdf).size).toBeGreaterThan(10_000);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, 'test-results/screenshots/68-repair-print-pdf']);
  } catch {
    // pdftoppm (poppler-utils) is only for looking at the page; the PDF is the check.
  }
});

test('an urgent order approved by phone, then an engine seizure from neglect marked by the captain', async ({ page }) => {
  // The demo's order at the shop was approved by phone; the shop's list is entered for it.
  const office = await as('bangongshi');
  const atShop = ((await office('repairs.list', { statuses: ['at_shop'] })).items as { id: number; number: string; urgent: boolean; driverName: string }[])[0]!;
  expect(atShop.urgent).toBe(true);
  await office('repairs.enterWork', { id: atShop.id, lines: [{ kind: 'labour', name: '发动机大修（拆检、镗缸、换活塞环）', quantity: 100, unitPriceFen: 480000 }] });

  const shell = await server.loginAs(page, 'duizhang');
  await openList(shell);
  await expect(page.locator('.ant-table-row').filter({ hasText: atShop.number }).getByTestId('urgent-tag')).toHaveText('电话批准/补办');
  await page.getByRole('link', { name: atShop.number }).click();
  await expect(page.getByTestId('urgent-note')).toHaveText(/^补办（电话批准：郑主任 \d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
  const step = await openStep(page, '标记粘缸');
  await pickOption(step, '原因', '缺机油');
  await step.getByLabel('拆检情况').fill('拆检：油底壳无机油，曲轴抱死');
  await okStep(step, '标记粘缸');
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText(`本单全部费用（目前 4,800.00 元）将由驾驶员 ${atShop.driverName} 承担`);
  await page.screenshot({ path: shot('69-repair-seizure-confirm'), fullPage: true, animations: 'disabled' });
  await confirm.getByRole('button', { name: '标记粘缸' }).click();
  const box = page.getByTestId('seizure-box');
  await expect(box).toContainText('发动机粘缸（缺机油）');
  await expect(box).toContainText('拆检：油底壳无机油，曲轴抱死');
  await expect(box).toContainText('由驾驶员承担 4,800.00 元');
  await expect(page.getByTestId('seizure-tag')).toBeVisible();
  await expect(page.getByTestId('action-markSeizure')).toHaveCount(0);
  await expect(page.getByTestId('event-markSeizure')).toContainText('韩队长（车队长）');
  await page.screenshot({ path: shot('69-repair-seizure'), fullPage: true, animations: 'disabled' });
  // The printout says it too.
  await page.getByRole('button', { name: buttonName('打印') }).click();
  await expect(page.getByTestId('print-urgent')).toHaveText(/^补办（电话批准：郑主任 /);
  await expect(page.getByTestId('print-seizure')).toContainText('由驾驶员承担 4,800.00 元');
  await page.screenshot({ path: shot('69-repair-seizure-print'), fullPage: true, animations: 'disabled' });
  await page.getByRole('button', { name: buttonName('返回') }).click();
  await expect(page.getByTestId('seizure-box')).toBeVisible();

  // The same order in English.
  await page.getByText('English').click();
  await expect(page.getByTestId('seizure-box')).toContainText('Borne by the driver: 4,800.00 CNY');
  await expect(page.getByTestId('urgent-note')).toContainText('approved by phone');
  await page.screenshot({ path: shot('69-repair-seizure-en'), fullPage: true, animations: 'disabled' });
  await page.getByText('中文').click();
});

test('the captain corrects a line: kept with its reason, and the driver must sign again', async ({ page }) => {
  const [office, director, driver] = await Promise.all([as('bangongshi'), as('zhuren'), as('siji02')]);
  const vehicles = (await office('vehicles.list', { pageSize: 200 })).items as { id: number; status: string }[];
  const shops = (await office('shops.list', {})).items as { id: number; name: string }[];
  const filter = ((await office('parts.list', { pageSize: 200 })).items as { id: number; name: string }[]).find((p) => p.name === '机油滤清器')!;
  const driverId = (await driver('auth.me', {})).driverId;
  const o = await office('repairs.create', { vehicleId: vehicles.filter((v) => v.status === 'available').at(-1)!.id, driverId, shopId: shops[1]!.id, symptoms: '机油灯常亮' });
  const id = o.id as number;
  await director('repairs.report', { id });
  await office('repairs.approve', { id });
  await office('repairs.toShop', { id });
  await office('repairs.enterWork', { id, lines: [{ kind: 'part', partId: filter.id, quantity: 100, unitPriceFen: 4000 }, { kind: 'labour', name: '检修润滑系统', quantity: 100, unitPriceFen: 6000 }] });
  await driver('repairs.sign', { id });
  await office('repairs.verifyParts', { id });

  const shell = await server.loginAs(page, 'duizhang');
  await openOrder(shell, String(o.number));
  await expect(page.getByTestId('order-total')).toHaveText('100.00');
  await page.getByTestId('correct-0').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('现为 1.00个 × 40.00 元（参考价 35.00 元）');
  await dialog.getByLabel('单价（元）').fill('38.005');
  await dialog.getByLabel('更正原因').fill('按市场价核减');
  await dialog.getByLabel('更正原因').press('Enter');
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('最多两位小数');
  await dialog.getByLabel('单价（元）').fill('38');
  await dialog.getByLabel('更正原因').press('Enter');
  await expect(page.getByTestId('correction-0')).toContainText('原 1.00个 × 40.00 → 现 1.00个 × 38.00，原因：按市场价核减');
  await expect(status(page)).toHaveText('已录入清单');
  await expect(page.getByTestId('order-total')).toHaveText('98.00');
  await expect(page.getByTestId('signed')).toHaveText('清单在签字后有改动，须 李志强 重新签字');
  await expect(page.getByTestId('action-settle')).toHaveCount(0);
  await expect(page.getByTestId('event-correct')).toContainText('机油滤清器：按市场价核减');
  await page.screenshot({ path: shot('69-repair-corrected'), fullPage: true, animations: 'disabled' });
});

test('the director records an approval given by phone: the order is marked as filed afterwards', async ({ page }) => {
  const office = await as('bangongshi');
  const vehicles = (await office('vehicles.list', { pageSize: 200 })).items as { id: number; status: string }[];
  const drivers = (await office('drivers.list', { pageSize: 200 })).items as { id: number; name: string }[];
  const shops = (await office('shops.list', {})).items as { id: number }[];
  const o = await office('repairs.create', { vehicleId: vehicles.find((v) => v.status === 'available')!.id, driverId: drivers.find((d) => d.name === '张伟')!.id, shopId: shops[0]!.id, symptoms: '水温过高，途中抛锚' });

  const shell = await server.loginAs(page, 'zhuren');
  await openOrder(shell, String(o.number));
  const step = await openStep(page, '电话批准');
  // A time in the future is refused by the backend on the field; the note typed stays.
  await step.getByLabel('备注（可选）').fill('途中抛锚，电话同意直接送厂');
  await step.getByLabel('电话批准时间').fill('2099-01-01 08:00');
  // Enter takes the typed time and sends the dialog.
  await step.getByLabel('电话批准时间').press('Enter');
  await expect(step.locator('.ant-form-item-explain-error')).toContainText('时间不能晚于现在');
  await expect(step.getByLabel('备注（可选）')).toHaveValue('途中抛锚，电话同意直接送厂');
  await step.getByLabel('电话批准时间').fill('2026-01-05 07:40');
  await step.getByLabel('电话批准时间').press('Enter');
  await expect(step).toHaveCount(0);
  await expect(status(page)).toHaveText('已批准');
  await expect(page.getByTestId('urgent-note')).toHaveText('补办（电话批准：郑主任 2026-01-05 07:40）');
  await expect(page.getByTestId('urgent-tag')).toHaveText('电话批准/补办');
  await expect(page.getByTestId('event-phoneApprove')).toContainText('2026-01-05 07:40 郑主任（客户服务部主任） · 登记于');
  await expect(page.getByTestId('event-phoneApprove')).toContainText('途中抛锚，电话同意直接送厂');
});
